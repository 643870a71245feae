"""Builds a scenario workbook with openpyxl from a scenario JSON file, following the
"Workbook form" of scenario-format.md on its own (not our writer): the scenario sheet of
field/value rows, one sheet per table with field-name headers, nested fields by path,
per-period fields as one column when constant and field[PERIOD] columns otherwise, comma
lists, id:perUnit pairs; numbers as number cells, booleans as boolean cells. An extra
"Notes" sheet must be ignored by the reader.

usage: python3 build_workbook.py SCENARIO.json OUT.xlsx
"""
import json
import sys

import openpyxl

scenario = json.load(open(sys.argv[1]))
periods = scenario["periods"]
book = openpyxl.Workbook()
notes = book.active
notes.title = "Notes"
notes["A1"] = "Written by openpyxl from a scenario JSON; the reader ignores this sheet."

PER_PERIOD = {"demand", "unitCost", "capacity"}
PAIRS = {"consumes": "item", "members": "source"}


def flatten(obj, prefix=""):
    out = []
    for key, value in obj.items():
        path = prefix + key
        if isinstance(value, dict):
            out += flatten(value, path + ".")
        else:
            out.append((path, value))
    return out


def cell(path, value):
    if isinstance(value, list):
        if path in PAIRS:
            return ", ".join(
                f"{entry[PAIRS[path]]}:{entry['perUnit']}" if "perUnit" in entry else entry[PAIRS[path]]
                for entry in value)
        return ", ".join(str(v) for v in value) if value else None
    if value == "":
        return None
    return value


top = book.create_sheet("scenario")
top.append(["field", "value"])
for path, value in flatten({k: v for k, v in scenario.items() if k not in ("countries", "items", "sources", "capacityPools")}):
    if path == "policy.budget" and isinstance(value, list) and len(set(value)) == 1:
        value = value[0]
    top.append([path, cell(path, value)])

for table in ("countries", "items", "sources", "capacityPools"):
    if table not in scenario:
        continue
    rows = [dict(flatten(entry)) for entry in scenario[table]]
    columns = []
    for row in rows:
        for path in row:
            if path not in columns:
                columns.append(path)
    header = []
    for path in columns:
        varies = path.split(".")[-1] in PER_PERIOD and any(
            isinstance(row.get(path), list) and len(set(row[path])) > 1 for row in rows)
        if varies:
            header += [(path, t, f"{path}[{label}]") for t, label in enumerate(periods)]
        else:
            header.append((path, None, path))
    sheet = book.create_sheet(table)
    sheet.append([title for _, _, title in header])
    for row in rows:
        values = []
        for path, t, _ in header:
            value = row.get(path)
            if path.split(".")[-1] in PER_PERIOD and isinstance(value, list):
                value = value[t] if t is not None else value[0]
            values.append(cell(path, value))
        sheet.append(values)

book.save(sys.argv[2])
