"""Stage 4, checks: preflight of laid-out and rendered brochures, and its reports.

Owns the registry of preflight checks (overflow, minimum type size, image
resolution, fonts, stale contacts) and the ``brochure check`` report.

May import: render, layout, data and the shared modules.
"""
