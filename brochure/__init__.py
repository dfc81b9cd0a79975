"""brochure: fold-ready, print-ready Japanese leaflets from structured data.

The folders are the pipeline's stages; imports go one way, down this list
(tests/test_architecture.py keeps it so):

    app/     front doors: the command line, watch, previews, the site, where-used, diff
    builder/ the build: what is stale, workers, outputs and the manifest, the change report
    checks/  preflight of the laid-out and rendered leaflet, and its reports
    render/  WeasyPrint, variants (download, print, proof), imposition, marks, PDF/X
    layout/  HTML from the Jinja2 layouts, figures, typesetting, shrink-to-fit
    data/    YAML read safely, the schema, validation, contacts, editions, the fold catalogue

    project, files, errors, i18n: shared by every stage (where the project's folders
    are, atomic writes, domain errors, messages in the user's language).
"""

__version__ = "0.1.0"
