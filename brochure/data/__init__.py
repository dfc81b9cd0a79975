"""Stage 1, data: reading and validating the project's files.

Owns the YAML loader (every value keeps its file:line), the schema and the
validated model, the checks of single values (phone numbers, postal codes,
hours), contact resolution, editions and their snapshots, the fold catalogue
(sheet, panel widths, reading order: the facts a brochure's ``fold:`` names),
wareki, and the synthetic municipalities.

May import: the shared modules at the top of the package (project, errors,
i18n, files) and nothing else of ``brochure``.
"""
