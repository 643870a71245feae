"""Prints every non-empty cell of a workbook as openpyxl reads it, as JSON:
{"sheets": [{"name": ..., "cells": [[ref, type, value], ...]}]}, type one of n, s, b.

usage: python3 dump_workbook.py IN.xlsx
"""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = []
for sheet in book.worksheets:
    cells = []
    for row in sheet.iter_rows():
        for c in row:
            if c.value is None:
                continue
            kind = "b" if isinstance(c.value, bool) else "n" if isinstance(c.value, (int, float)) else "s"
            cells.append([c.coordinate, kind, c.value])
    out.append({"name": sheet.title, "frozen": sheet.freeze_panes, "cells": cells})
print(json.dumps({"sheets": out}))
