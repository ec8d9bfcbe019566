#!/usr/bin/env python3
"""The workbooks of `kadenz workload|whatif --format xlsx` and `whatif --changes FILE.xlsx`, read
back with a real reader (Debian's python3-openpyxl) and compared with the JSON report of the same
command and with the changes CSV: every number of the JSON is in the workbook, at full
precision; the overview holds every figure outside a list under its JSON path; every list is a
sheet with a row per element and a column per field; header rows are frozen; numbers carry
German Excel's formats. Run by ctest (tests/CMakeLists.txt) as: xlsx_readback.py KADENZ SOURCE_DIR;
and by tests/test_excel.cpp as xlsx_readback.py --json REPORT.json BOOK.xlsx for a workbook it wrote
from a hand-filled document with every section of the schema (groups, decomposition, capacity, …).
"""
import collections
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import openpyxl

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def key(x):
    """A number as the workbook may hold it: libxlsxwriter writes 15 significant digits."""
    return 0.0 if x == 0 else float(f"{x:.12g}")


def json_numbers(doc, out):
    """Every number of the document that the workbook keeps as a number (lists of plain values
    are joined into one text cell, so their numbers are not counted)."""
    if isinstance(doc, dict):
        for v in doc.values():
            json_numbers(v, out)
    elif isinstance(doc, list):
        if doc and all(isinstance(e, (dict, list)) for e in doc):
            for e in doc:
                json_numbers(e, out)
    elif isinstance(doc, (int, float)) and not isinstance(doc, bool):
        out[key(doc)] += 1


def sheet_rows(ws):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def compare_workbook(path, doc, what):
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    check(names[0] == "Übersicht" and names[-1] == "Inhalt", f"{what}: sheets {names}")
    # the contents: every sheet with its JSON path and rows
    header, contents = sheet_rows(wb["Inhalt"])
    check(header == ["Blatt", "JSON", "Zeilen"], f"{what}: contents header {header}")
    paths = {}
    for name, p, n in contents:
        check(name in names, f"{what}: contents names {name}")
        check(wb[name].max_row - 1 == n, f"{what}: {name} has {wb[name].max_row - 1} rows, contents say {n}")
        paths[name] = p or ""
    # frozen header rows and bold headers
    for name in names:
        ws = wb[name]
        check(ws.freeze_panes in ("A2", "B2"), f"{what}: {name} frozen at {ws.freeze_panes}")
    # the overview: every figure outside a list, under its path
    _, overview = sheet_rows(wb["Übersicht"])
    flat = {}

    def walk(d, prefix):
        for k, v in d.items():
            p = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                walk(v, p)
            elif isinstance(v, list):
                if not v or not all(isinstance(e, (dict, list)) for e in v):
                    flat[p] = ", ".join(e if isinstance(e, str) else json.dumps(e) for e in v) if v else None
            else:
                flat[p] = v

    walk(doc, "")
    shown = {f: v for f, v in overview}
    for p, v in flat.items():
        if p not in shown and v is None:
            continue  # an empty list is an empty cell (openpyxl may drop the row's value)
        check(p in shown, f"{what}: overview lacks {p}")
        got = shown.get(p)
        if p.endswith("generated_at"):
            # the time of a run: the JSON and the workbook come from two runs, maybe seconds apart
            check(isinstance(got, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", got),
                  f"{what}: {p} is {got!r}")
            continue
        if isinstance(v, bool) or v is None or isinstance(v, str):
            check(got == v or (v in ("", None) and got is None), f"{what}: {p} is {got!r}, JSON {v!r}")
        else:
            check(got is not None and math.isclose(got, v, rel_tol=1e-12, abs_tol=1e-12), f"{what}: {p} is {got}, JSON {v}")
    # a list of objects at the top: a row per element, a column per field, the same values
    for name, p in paths.items():
        if not p:
            continue
        node = doc
        for part in p.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not (isinstance(node, list) and node and all(isinstance(e, dict) for e in node)):
            continue
        header, rows = sheet_rows(wb[name])
        check(len(rows) == len(node), f"{what}: {name} has {len(rows)} rows, JSON {p} {len(node)}")
        for row, element in zip(rows, node):
            for field, v in element.items():
                if isinstance(v, (dict, list)):
                    continue
                check(field in header, f"{what}: {name} lacks column {field}")
                if field not in header:
                    continue
                got = row[header.index(field)]
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    check(got is not None and math.isclose(got, v, rel_tol=1e-12, abs_tol=1e-12),
                          f"{what}: {name}.{field} is {got}, JSON {v}")
                else:  # an empty text is an empty cell
                    check(got == v or (v in ("", None) and got is None), f"{what}: {name}.{field} is {got!r}, JSON {v!r}")
    # every number of the document is in the workbook (as many times), outside the contents
    want = collections.Counter()
    json_numbers(doc, want)
    have = collections.Counter()
    formats = set()
    for name in names:
        if name == "Inhalt":
            continue
        for row in wb[name].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    have[key(cell.value)] += 1
                    formats.add(cell.number_format)
    missing = want - have
    check(not missing, f"{what}: numbers of the JSON not in the workbook: {dict(list(missing.items())[:10])}")
    check("#,##0" in formats and "#,##0.0" in formats, f"{what}: number formats {formats}")
    return wb, paths


def report_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main_json(report, book):
    """A workbook written from a given document: every number and figure of it read back."""
    wb, paths = compare_workbook(book, report_json(report), "given")
    for p in sorted(set(paths.values())):
        print("sheet for", p or "(overview)")


def main_commands(KADENZ, SOURCE):
    POLICY = os.path.join(SOURCE, "policies/coburg-land-2017.kadenz")
    VARIANT = os.path.join(SOURCE, "examples/whatif/marktnah-monatlich.kadenz")
    CASELOAD = os.path.join(SOURCE, "examples/whatif/caseload.csv")
    AS_OF = ["--as-of", "2017-03-01"]

    def run(args):
        r = subprocess.run([KADENZ] + args, capture_output=True)
        if r.returncode not in (0, 1):
            sys.exit(f"kadenz {' '.join(args)} failed ({r.returncode}): {r.stderr.decode()}")
        return r.stdout

    with tempfile.TemporaryDirectory() as tmp:
        # workload
        doc = json.loads(run(["workload", "--format", "json", POLICY, CASELOAD] + AS_OF))
        book = os.path.join(tmp, "workload.xlsx")
        check(run(["workload", "--format", "xlsx", "-o", book, POLICY, CASELOAD] + AS_OF) == b"", "workload: stdout")
        wb, paths = compare_workbook(book, doc, "workload")
        check("workload.forecast" in paths.values() and "workload.categories" in paths.values(),
              f"workload: sheets for {sorted(paths.values())}")

        # whatif, with the changes as a workbook and as CSV
        doc = json.loads(run(["whatif", "--format", "json", POLICY, VARIANT, CASELOAD] + AS_OF))
        book = os.path.join(tmp, "whatif.xlsx")
        changes_xlsx = os.path.join(tmp, "changes.xlsx")
        changes_csv = os.path.join(tmp, "changes.csv")
        run(["whatif", "--format", "xlsx", "-o", book, "--changes", changes_xlsx, POLICY, VARIANT, CASELOAD] + AS_OF)
        run(["whatif", "--changes", changes_csv, POLICY, VARIANT, CASELOAD] + AS_OF)
        wb, paths = compare_workbook(book, doc, "whatif")
        check("moves" in paths.values() and "matrix.counts" in paths.values(), f"whatif: sheets for {sorted(paths.values())}")
        # the matrix: labelled with the categories, the counts as in the JSON
        matrix_sheet = [n for n, p in paths.items() if p == "matrix.counts"][0]
        header, rows = sheet_rows(wb[matrix_sheet])
        cats = doc["matrix"]["categories"]
        check(header == ["from \\ to"] + cats, f"whatif: matrix header {header}")
        check([r[0] for r in rows] == cats and [r[1:] for r in rows] == doc["matrix"]["counts"], "whatif: matrix counts")

        # the changes workbook: the CSV's rows, numbers as numbers, the key column as text
        with open(changes_csv, newline="", encoding="utf-8") as f:
            expected = list(csv.reader(f))
        cw = openpyxl.load_workbook(changes_xlsx)
        check(cw.sheetnames == ["Änderungen"], f"changes: sheets {cw.sheetnames}")
        ws = cw["Änderungen"]
        check(ws.freeze_panes == "B2", f"changes: frozen at {ws.freeze_panes}")
        got = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        check(len(got) == len(expected), f"changes: {len(got)} rows, CSV {len(expected)}")
        for g, e in zip(got, expected):
            g = g + [""] * (len(e) - len(g))
            for a, b in zip(g, e):
                if isinstance(a, (int, float)):
                    check(math.isclose(a, float(b.lstrip("'"))), f"changes: {a} against {b}")
                else:
                    check(a == b, f"changes: {a!r} against {b!r}")
        check(all(isinstance(r[0], str) for r in got), "changes: the key column is text")


if sys.argv[1] == "--json":
    main_json(sys.argv[2], sys.argv[3])
else:
    main_commands(sys.argv[1], sys.argv[2])
for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
