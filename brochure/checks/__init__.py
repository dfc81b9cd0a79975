"""Stage 4, checks: preflight of laid-out and rendered brochures, and its reports.

Owns the registry of preflight checks (overflow, minimum type size, image
resolution, fonts, stale contacts), the ``brochure check`` report and its
やさしい日本語 check of ``ja-easy`` catalogues (easy.py).

May import: render, layout, data and the shared modules.
"""
