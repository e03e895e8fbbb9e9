"""Writing evaluators' tables by hand, cell by cell, for the ingest tests.

Nothing here comes from the package: workbooks are written with openpyxl (xlsx), xlwt (xls) or
the csv module, merged ranges in A1 notation, and the expected values are written out in the
tests, converted by hand to the codebook's units (亿元 for money, 人 for persons).
"""

from __future__ import annotations

import csv
import math
import warnings

import openpyxl
import pytest
import xlwt

from gxq_analysis import DataError, load_panel

WAN = 1e-4  # 万元 -> 亿元
QIAN = 1e-5  # 千元 -> 亿元


def xlsx(path, sheets, merges=None, hidden=()):
    """``sheets``: name -> rows (lists; None = empty cell); ``merges``: name -> ["A1:E1"]."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows, 1):
            for j, v in enumerate(row, 1):
                if v is not None:
                    ws.cell(row=i, column=j, value=v)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _a1(ref):
    col = "".join(ch for ch in ref if ch.isalpha())
    row = int(ref[len(col) :])
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return row - 1, n - 1


def xls(path, sheets, merges=None):
    """The same as :func:`xlsx` in a legacy BIFF8 workbook."""
    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        covered = set()
        for rng in (merges or {}).get(name, []):
            (r1, c1), (r2, c2) = (_a1(x) for x in rng.split(":"))
            ws.write_merge(r1, r2, c1, c2, rows[r1][c1] if c1 < len(rows[r1]) else None)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None and (i, j) not in covered:
                    ws.write(i, j, v)
    wb.save(str(path))
    return path


def write(tmp_path, ext, sheets, merges=None, name="t"):
    path = tmp_path / f"{name}.{ext}"
    return (xlsx if ext == "xlsx" else xls)(path, sheets, merges)


def csv_file(path, rows, encoding="utf-8"):
    """A CSV as Excel's 'CSV (逗号分隔)' export writes it (GBK on Chinese Windows)."""
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def quiet(path, **kw):
    """Load, returning the panel and the warnings' text."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_panel(path, **kw)
    return df, " | ".join(str(w.message) for w in caught)


def same(df, expect):
    """Each (zone, year, code) equals the expected value; None expects missing."""
    for (zone, year, code), want in expect.items():
        got = df.loc[(zone, year), code]
        if want is None:
            assert math.isnan(got), (zone, year, code, got)
        else:
            assert math.isclose(got, want, rel_tol=1e-12), (zone, year, code, got, want)


def refused(path, sheet, row, column, reason, **kw):
    with pytest.raises(DataError) as exc:
        load_panel(path, **kw)
    err = exc.value
    assert (err.sheet, err.row, err.column) == (sheet, row, column), str(err)
    assert reason in str(err), str(err)
    return err


def reading(df, sheet, table=1):
    return next(r for r in df.attrs["readings"] if r["sheet"] == sheet and r["table"] == table)
