"""Stage 6, the front doors: what people run.

Owns the command line, ``watch``, previews, the download site, where-used,
diff and the generated data reference.  Only this stage turns domain errors
into messages, pages and exit codes.

May import: every other stage and the shared modules.
"""
