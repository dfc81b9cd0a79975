"""brochure: fold-ready, print-ready Japanese leaflets from structured data.

The package reads top to bottom as the pipeline does:

    project  → where data/, layouts/, fonts/ and build/ are
    loader   → YAML read safely, every value with its file:line
    model    → validated contacts and brochures (schema.py defines them)
    contacts → contact ids resolved into printable cards
    folds    → fold geometry: sheet, panel widths, reading order, fold lines
    html     → HTML from the Jinja2 layouts (figures/ draws the graphics)
    pdf      → WeasyPrint renders; print sheets get marks and page boxes
    preflight→ checks a rendered leaflet before anything is written
    output   → atomic writes and build/manifest.json
    build    → runs the pipeline for every brochure
    editions → frozen editions (snapshots under data/editions/), new editions; diff compares two
    cli      → the only place that turns errors into messages and exit codes
"""

__version__ = "0.1.0"
