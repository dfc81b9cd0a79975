"""Stage 3, render: HTML to PDF bytes.

Owns the WeasyPrint engine (and the prebuilt cffi declarations that make it
start fast), the output variants (download, print, proof, and the HTML page
made from the same composition), imposition on the
press sheet, trim, fold and centre marks, PDF/X for the print shop, the office
proof, and reading the laid-out boxes back for the checks.

May import: layout, data and the shared modules.
"""
