"""The report ``brochure check`` prints: every problem, then one line per output."""

from __future__ import annotations

import json

from ..errors import Problem


def check_report(result, errors: list[Problem], as_json: bool = False) -> str:
    """Plain text for people, or JSON (``--json``) for machines; ``result`` is None when nothing loaded."""
    warnings = result.warnings if result is not None else []
    outputs = result.outputs if result is not None else []
    if as_json:
        return json.dumps({
            "ok": not errors,
            "errors": [p.as_dict() for p in errors],
            "warnings": [p.as_dict() for p in warnings],
            "checked": [{"brochure": o.brochure, "edition": o.edition, "variant": o.variant, "pages": o.pages}
                        for o in outputs],
        }, ensure_ascii=False, indent=2)
    lines = [str(p) for p in errors] + [str(p) for p in warnings]
    lines += [f"{o.brochure} {o.edition} {o.variant}: checked ({o.pages} pages)" for o in outputs]
    counts = f"{len(errors)} error{'s' if len(errors) != 1 else ''}, " \
             f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} or note{'s' if len(warnings) != 1 else ''}"
    lines.append(f"{counts}; no PDF was written." if errors else f"all checks passed ({counts}); no PDF was written.")
    return "\n".join(lines)
