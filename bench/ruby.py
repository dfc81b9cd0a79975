"""Bench of furigana (やさしい日本語): figures, not a test.

1. The analyser's start-up: importing SudachiPy and loading its core dictionary, wall time and the
   resident memory it adds, measured first in a fresh process; then that it loads once per process
   (data/kana.py ``_tokenizer`` is an lru_cache: one miss after composing and checking the edition).
2. Laying out each panel of the Yamaguchi leaflet's ja-easy edition (35 to 104 ruby pairs a panel) against
   the same panel in Japanese, and against the same ja-easy text without ruby: the least CPU time of
   ``--repeat`` WeasyPrint layouts after one warm-up.
   Target (issue 23): ruby ≤ 1.5 × the Japanese panel.

    .venv/bin/python bench/ruby.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1.5


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_up() -> tuple[float, float]:
    """Seconds and MB of resident memory to import SudachiPy and load the dictionary (first use)."""
    from brochure.data.kana import _tokenizer
    before, start = rss_mb(), time.perf_counter()
    _tokenizer()
    return time.perf_counter() - start, rss_mb() - before


def best(repeat: int, work) -> float:
    """The least CPU time of ``repeat`` runs after one warm-up (fonts, stylesheets, WeasyPrint's caches):
    the layout is single-threaded, and CPU time varies less than wall time on a shared machine."""
    work()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seconds, megabytes = start_up()
    print(f"{'analyser start-up (import + dictionary)':<44} {seconds:6.2f} s   +{megabytes:5.0f} MB resident")

    from brochure.builder.languages import language_targets
    from brochure.checks.easy import easy_problems
    from brochure.data.editions import load_brochure
    from brochure.data.kana import _tokenizer
    from brochure.data.model import load_registry
    from brochure.layout.compose import Composer
    from brochure.layout.ruby import readings_of
    from brochure.project import Project
    from brochure.render.engine import Engine
    from brochure.render.variants import pages_html

    project = Project(ROOT)
    registry = load_registry(project)
    source = load_brochure(project, "yamaguchi", registry)
    source = replace(source, brochure=source.brochure.model_copy(update={"languages": ["ja", "ja-easy"]}))
    (easy,), _notes = language_targets(project, source, allow_missing=True)
    composer = Composer(project, registry)
    japanese = composer.compose(source)
    compose_ja = best(args.repeat, lambda: composer.compose(source))
    ruby = composer.compose(easy["source"], language="ja-easy", readings=easy["readings"])
    compose_easy = best(args.repeat, lambda: composer.compose(easy["source"], language="ja-easy",
                                                              readings=easy["readings"]))
    plain = composer.compose(easy["source"])   # the ja-easy sentences, no ruby
    problems = easy_problems(project.root, source, registry)
    loads = _tokenizer.cache_info().misses
    print(f"{'compose the leaflet, Japanese':<44} {compose_ja * 1000:6.0f} ms")
    print(f"{'compose the leaflet, ja-easy with furigana':<44} {compose_easy * 1000:6.0f} ms")
    print(f"{'easy-Japanese check of ja-easy.po':<44} {len(problems):6d} warnings")
    print(f"{'dictionary loads in this process':<44} {loads:6d}   (peak resident {rss_mb('VmHWM'):.0f} MB)")

    names = ("Japanese", "ja-easy, no ruby", "ja-easy, ruby")
    print(f"\nlayout of one panel, CPU ms, best of {args.repeat}:")
    print(f"{'panel':<14} {'pairs':>5} " + " ".join(f"{n:>16}" for n in names) + "   ruby/Japanese")
    totals = dict.fromkeys(names, 0.0)
    with Engine(project) as engine:
        for index, panel in enumerate(ruby.panels):
            times = {}
            for name, comp in zip(names, (japanese, plain, ruby)):
                one = replace(comp, panels=[comp.panels[index]])
                html, sheets = pages_html(composer, one, proof=False, linked=False), composer.stylesheet_files(one)
                times[name] = best(args.repeat, lambda: engine.layout(html, sheets))
                totals[name] += times[name]
            ratio = times["ja-easy, ruby"] / times["Japanese"]
            print(f"{panel.position} {panel.id:<12} {len(readings_of(panel.html)):5d} "
                  + " ".join(f"{t * 1000:16.0f}" for t in times.values()) + f"   {ratio:5.2f} ×")
    ratio = totals["ja-easy, ruby"] / totals["Japanese"]
    print(f"{'all panels':<20} " + " ".join(f"{t * 1000:16.0f}" for t in totals.values()) + f"   {ratio:5.2f} ×")
    print(f"target ruby/Japanese ≤ {TARGET} ×: {'met' if ratio <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
