"""``brochure contacts``: the contact registry out to and in from Excel, CSV and open data.

``files.py`` reads and writes the files (xlsx with openpyxl, CSV in UTF-8 with
a BOM out, UTF-8 or CP932 in; a large sheet's rows are written and read as XML
by ``sheetrows.py`` and ``xlsxread.py``), ``export.py`` writes the registry,
``plan.py`` compares an edited sheet with the registry and applies it,
``places.py`` says where each contact is printed, ``opendata.py`` writes and
reads the 自治体標準オープンデータセット 公共施設一覧, ``hsds.py`` writes Open
Referral HSDS 3.0; ``brochure/data/schedules.py`` gives a schedule's days and
times (a record's ``recurrence:``, else its printed text read).
The column layout and the cell conversions are in ``brochure/data/table.py``.
"""
