"""Opens a workbook with openpyxl, sets one cell, and saves it under another name.

usage: python3 edit_cell.py IN.xlsx OUT.xlsx SHEET CELL VALUE
VALUE is written as a number when it reads as one, as a date for "date:YYYY-MM-DD",
as a formula when it starts with "=", else as text.
"""
import datetime
import sys

import openpyxl

source, target, sheet, ref, value = sys.argv[1:6]
book = openpyxl.load_workbook(source)
if value.startswith("date:"):
    book[sheet][ref] = datetime.date.fromisoformat(value[5:])
elif value.startswith("="):
    book[sheet][ref] = value
else:
    try:
        book[sheet][ref] = float(value) if "." in value or "e" in value.lower() else int(value)
    except ValueError:
        book[sheet][ref] = value
book.save(target)
