"""The header of a table: which rows it spans, which columns hold labels, what each column holds.

A header is one to four rows: the first row that reads as labels (an axis word such as 高新区 or
指标, several years, or indicator names, and no values), the rows its label cells are merged
down, and the rows under it that are labels too (a units row, ``本年（亿元）`` under 营业收入,
``2016年`` over indicators). Each column's labels, top to bottom, are its *stack*:

- a stack with an axis word (高新区, 年份, 指标, 单位, 序号, 备注), or a blank stack over zone
  names, years or indicator names, makes a *label column*, whose cells label the rows;
- every other stack says what the column's values are: the lowest label that names something
  decides (an indicator, a year, a zone, a total; a derived measure or unknown text makes the
  column one that is reported and not read); the labels above it add the axes they name (a
  year over indicators), group labels above are ignored; units and value qualifiers (本年,
  绝对额) give the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...catalogue import Key, Quoted, Words
from . import text as S
from .cells import CellError, blank, col_letter, factor, is_missing, is_number, kind_of, one_line
from .grid import Grid
from .labels import Label, classify
from .layoutfile import SheetLayout
from .reading import FileReading, TableReading

#: A header is looked for among this many rows after the previous table (or the sheet's top).
HEADER_SEARCH_ROWS = 10
#: A label cell merged down more rows than this does not make a header band.
MAX_HEADER_ROWS = 3
#: Rows under the first header row that may still be header (a units row, sub-labels).
MAX_BAND = 4
#: Label columns found from the cells below a blank header: rows sampled.
SAMPLE_ROWS = 40

ROW_AXES = ("zone", "year", "indicator", "unit", "serial", "remark")


@dataclass
class Column:
    """What one column of a table holds."""

    j: int
    header: str  # as written, for messages: its label, or ``column C``
    role: str  # a label column: zone, year, indicator, unit, serial, remark; or value (the
    # values of a fully long table), data, derived, target, unknown, total, blank
    zone: str | None = None
    year: int | None = None
    qualifier: str | None = None
    code: str | None = None
    unit: str | None = None  # unit as written for the column
    unit_source: str | None = None  # header, units_row
    group: str | None = None  # a total column's group
    label_text: str = ""
    units_written: list[tuple[str, str]] = field(default_factory=list)  # unit, where

    @property
    def axes(self) -> frozenset[str]:
        out = set()
        if self.zone is not None or self.role == "total":
            out.add("zone")
        if self.year is not None:
            out.add("year")
        if self.code is not None:
            out.add("indicator")
        return frozenset(out)

    @property
    def where(self) -> str:
        """How error messages name the column."""
        return self.header


@dataclass
class Header:
    """The header of one table."""

    rows: list[int]
    columns: dict[int, Column] = field(default_factory=dict)
    width: int = 0
    label: dict[str, int] = field(default_factory=dict)  # row axis -> label column
    units_row: int | None = None
    first_key: tuple[str, ...] = ()  # the first header row, flattened (repeat detection)
    units_key: tuple[str, ...] = ()
    #: zone headings among the indicator rows (a row holding only a zone's name, the rows
    #: under it that zone's indicators): the zone axis lies on the rows, printed as headings
    zone_headings: bool = False

    def data_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if c.role in ("data", "total", "value")]


def row_labels(grid: Grid, r: int, *, header: bool = False) -> list[Label]:
    n = grid.width(r)
    get = grid.header_cell if header else grid.raw
    return [classify(get(r, j)) for j in range(n)]


def header_like(labels: list[Label]) -> bool:
    """A row that reads as a header: labels only (no values), with an axis word and another
    label, or several years, indicators or zones."""
    kinds = [lab.kind for lab in labels if lab.kind != "blank"]
    if not kinds or any(k in ("number", "missing") for k in kinds):
        return False
    n = {k: kinds.count(k) for k in set(kinds)}
    axis = n.get("axis", 0) + n.get("corner", 0)
    labelled = sum(
        n.get(k, 0)
        for k in (
            "year",
            "indicator",
            "zone",
            "derived",
            "unit",
            "qualifier",
            "span",
            "total",
            "year_words",
        )
    )
    if axis and (axis + labelled) >= 2:
        return True
    if (
        axis
        and len(kinds) >= 2
        and any(
            lab.kind == "corner" or (lab.kind == "axis" and lab.value in ("zone", "indicator"))
            for lab in labels
        )
    ):
        return True  # 地区 | 一级: a zone or indicator column over group labels
    return (
        n.get("year", 0) + n.get("span", 0) >= 2
        or n.get("indicator", 0) >= 2
        or (n.get("indicator", 0) >= 1 and labelled >= 2 and n.get("zone", 0) == 0)
        or n.get("zone", 0) + n.get("total", 0) >= 3
    )


def _is_label_row(labels: list[Label]) -> bool:
    return any(lab.kind != "blank" for lab in labels) and all(
        lab.kind not in ("number", "missing") for lab in labels
    )


def band(grid: Grid, rows: list[int], pos: int, spec: SheetLayout, fr: FileReading) -> list[int]:
    """The spreadsheet rows of the header that starts at ``rows[pos]``."""
    sheet = grid.name
    h0 = rows[pos]
    if spec.header_rows:
        return list(spec.header_rows)
    first = row_labels(grid, h0, header=True)
    label_js = {j for j, lab in enumerate(first) if lab.kind in ("axis", "corner")}
    left_blank = set()
    for j, lab in enumerate(first):
        if lab.kind != "blank":
            break
        left_blank.add(j)
    out = [h0]
    # a label cell merged down makes the header that tall
    spans = [
        m[2] - h0 + 1
        for j in label_js
        if (m := grid.merge_starting(h0, j)) is not None and m[2] > h0 and m[1] == m[3]
    ]
    if spans:
        tall = max(spans)
        if tall > MAX_HEADER_ROWS:
            j = next(j for j in sorted(label_js) if grid.merge_starting(h0, j))
            raise fr.stop(
                fr.error(
                    "data.header.too_tall",
                    sheet,
                    h0,
                    f"column {col_letter(j)}",
                    rows=tall,
                    last=h0 + tall - 1,
                    most=MAX_HEADER_ROWS,
                )
            )
        out = list(range(h0, h0 + tall))
    k = rows.index(out[-1]) + 1 if out[-1] in rows else pos + 1
    while len(out) < MAX_BAND and k < len(rows) and rows[k] == out[-1] + 1:
        r = rows[k]
        labels = row_labels(grid, r, header=True)
        if not _is_label_row(labels):
            break
        if any(S.is_note(lab.text) or S.is_continued(lab.text) for lab in labels):
            break
        # a row label under a label column, or in the blank columns at the left, is data
        ok = True
        for j, lab in enumerate(labels):
            if lab.kind == "blank":
                continue
            under_label = j in label_js or j in left_blank
            if (
                under_label
                and lab.kind not in ("axis", "corner", "unit")
                and not (grid.raw(r, j) is None or grid.merged_down(r, j))
            ):
                ok = False
                break
        if not ok:
            break
        out.append(r)
        k += 1
    return out


def _sample(grid: Grid, rows: list[int], after: int) -> list[int]:
    """Rows below the header to judge what a column holds (stops at a footer)."""
    out = []
    for r in rows:
        if r <= after:
            continue
        first = next((c for c in grid.by_row.get(r, ()) if not blank(c)), None)
        if isinstance(first, str) and (S.is_note(first) or S.is_continued(first)):
            break
        out.append(r)
        if len(out) >= SAMPLE_ROWS:
            break
    return out


def _column_kind(grid: Grid, sample: list[int], j: int) -> str:
    """What the cells of a column hold: zone, year, indicator, unit, number, text or blank."""
    counts: dict[str, int] = {}
    for r in sample:
        v = grid.label_cell(r, j)
        if blank(v):
            continue
        lab = classify(v)
        k = lab.kind
        if k in ("zone", "total", "bad_zone"):
            k = "zone"
        elif k == "derived":
            k = "indicator"
        elif k in ("number", "missing"):
            k = "number"
        counts[k] = counts.get(k, 0) + 1
    if not counts:
        return "blank"
    best = max(counts, key=lambda k: (counts[k], k))
    if best == "year" and counts.get("number", 0) == 0:
        return "year"
    if best == "year":
        return "number"
    return best


def analyse(
    grid: Grid,
    rows: list[int],
    band_rows: list[int],
    spec: SheetLayout,
    reading: TableReading,
    fr: FileReading,
) -> Header:
    """Label columns and what each other column holds."""
    sheet = grid.name
    hdr = Header(rows=list(band_rows))
    width = max(grid.width(r) for r in band_rows)
    stacks = {j: [classify(grid.header_cell(r, j)) for r in band_rows] for j in range(width)}
    last = max(
        (j for j, st in stacks.items() if any(lab.kind != "blank" for lab in st)), default=-1
    )
    hdr.width = last + 1
    first = band_rows[0]
    hdr.first_key = tuple(S.flat(c) if not blank(c) else "" for c in grid.by_row.get(first, ()))
    hdr.first_key = _trim(hdr.first_key[: hdr.width])
    sample = _sample(grid, rows, band_rows[-1])
    # a units row at the bottom of the band: units (or nothing) under every column but the
    # label columns, whose merged cells reach down into it
    bottom = [(j, st[-1]) for j, st in stacks.items()]
    label_js = {j for j, st in stacks.items() if any(lab.kind in ("axis", "corner") for lab in st)}
    if (
        len(band_rows) > 1
        and all(lab.kind in ("unit", "blank") or j in label_js for j, lab in bottom)
        and any(lab.kind == "unit" for _, lab in bottom)
    ):
        hdr.units_row = band_rows[-1]
        hdr.units_key = _trim(
            tuple(S.flat(c) if not blank(c) else "" for c in grid.by_row.get(band_rows[-1], ()))[
                : hdr.width
            ]
        )
        reading.units.append(("units_row", band_rows[-1], None))
    data_seen = False
    for j in range(hdr.width):
        st = stacks[j]
        col = _label_column(grid, sample, j, st, data_seen)
        if col is None:
            try:
                col = _data_column(j, st)
            except CellError as exc:
                where = f"column {col_letter(j)}"
                raise fr.stop(fr.cell_error(exc, sheet, first, where)) from None
            if col.role == "blank" and any(not blank(grid.raw(r, j)) for r in sample):
                col.header = f"column {col_letter(j)} (no header)"
                col.role = "unknown"
        if col.role in ROW_AXES:
            if col.role in hdr.label and col.role in ("zone", "year", "indicator", "unit"):
                other = hdr.columns[hdr.label[col.role]]
                raise fr.stop(
                    fr.error(
                        "data.header.two_label_columns",
                        sheet,
                        first,
                        col.header,
                        axis=Key(f"data.axis.one.{col.role}"),
                        columns=Words([Quoted(other.header), Quoted(col.header)]),
                    )
                )
            hdr.label.setdefault(col.role, j)
        else:
            data_seen = data_seen or col.role in ("data", "value", "total")
        hdr.columns[j] = col
    _check_units(hdr, fr, sheet, first)
    if "indicator" in hdr.label and "zone" not in hdr.label:
        hdr.zone_headings = _has_zone_headings(grid, sample, hdr)
    return hdr


def _has_zone_headings(grid: Grid, sample: list[int], hdr: Header) -> bool:
    """Rows of the indicator column that hold a zone's name and no value, over rows of values.

    A zone name followed by a repeated header instead is the title of a stacked table (one
    page per zone), not a heading inside this one.
    """
    j = hdr.label["indicator"]
    values = [c.j for c in hdr.columns.values() if c.role in ("data", "value")]
    rows = grid.rows()
    after = {r: rows[i + 1] for i, r in enumerate(rows[:-1])}
    for r in sample:
        if classify(grid.raw(r, j)).kind != "zone" or not all(
            blank(grid.raw(r, k)) for k in values
        ):
            continue
        nxt = after.get(r)
        if nxt is not None and any(is_number(grid.raw(nxt, k)) for k in values):
            return True
    return False


def _trim(key: tuple[str, ...]) -> tuple[str, ...]:
    out = list(key)
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def _label_column(grid: Grid, sample, j: int, stack: list[Label], data_seen: bool):
    """A label column (zone, year, indicator, unit, row numbers, remarks), or None."""
    words = [lab for lab in stack if lab.kind in ("axis", "corner")]
    texts = [lab.text for lab in stack if lab.kind != "blank"]
    header = texts[-1] if texts else f"column {col_letter(j)}"
    if words:
        lab = words[-1]
        axis = lab.value[0] if lab.kind == "corner" else lab.value
        if axis == "value":
            return Column(j, header, "value", label_text=header)
        if axis in ("serial", "remark"):
            return Column(j, header, axis, label_text=header)
        kind = _column_kind(grid, sample, j)
        if axis == "year":
            return Column(j, header, "year", label_text=header)  # a bad year is refused per row
        if axis == "unit" and kind == "zone":
            # 单位 is also "the reporting unit": a column of zone names under it holds zones
            return Column(j, header, "zone", label_text=header)
        if axis in ("zone", "indicator", "unit") and kind != "number":
            return Column(j, header, axis, label_text=header)
        if axis == "zone" and kind == "number":
            return Column(j, header, "zone", label_text=header)  # refused per row, with its place
        return None  # a group label such as 主要指标 over values
    if texts or data_seen:
        return None
    kind = _column_kind(grid, sample, j)
    if kind in ("zone", "indicator", "unit", "year"):
        return Column(j, f"column {col_letter(j)}", kind, label_text="")
    return None


def _data_column(j: int, stack: list[Label]) -> Column:
    """What a value column holds, from its labels top to bottom (module docstring)."""
    levels: list[Label] = []
    for lab in stack:
        if lab.kind == "blank":
            continue
        if levels and S.flat(levels[-1].text) == S.flat(lab.text):
            continue  # a label merged down, or repeated
        levels.append(lab)
    if not levels:
        return Column(j, f"column {col_letter(j)}", "blank")
    units = [(lab.value, "units_row") for lab in levels if lab.kind == "unit"]
    units += [(lab.unit, "header") for lab in levels if lab.kind == "qualifier" and lab.unit]
    named = [lab for lab in levels if lab.kind not in ("unit", "qualifier")]
    if not named:
        return Column(j, one_line(levels[-1].text), "unknown")
    low = named[-1]
    parent = next((lab for lab in reversed(named[:-1]) if lab.kind == "indicator"), None)
    header = low.text
    qual = [lab for lab in levels if lab.kind == "qualifier"]
    if qual and low.kind == "indicator" and levels[-1].kind == "qualifier":
        header = low.text + (f"（{qual[-1].unit}）" if qual[-1].unit else "")
    if any(lab.kind == "derived" for lab in named):
        text = f"{parent.text} / {low.text}" if parent is not None and parent is not low else header
        return Column(j, text, "derived")
    if low.kind in ("year_words",) or S.is_target(low.text):
        return Column(j, header, "target")
    if low.kind == "other" or low.kind == "number":
        text = f"{parent.text} / {low.text}" if parent is not None else header
        return Column(j, one_line(text), "unknown")
    if low.kind == "span":
        raise CellError("data.header.two_years", span=Quoted(low.value))
    if low.kind == "bad_zone":
        raise low.error
    if low.kind == "indicator" and low.error is not None:
        raise low.error
    if low.kind in ("axis", "corner"):
        return Column(j, header, "unknown")
    col = Column(j, one_line(header), "data", label_text=low.text)
    if low.kind == "total":
        col.role, col.group = "total", low.value
    for lab in reversed(named):
        if lab.kind == "zone" and col.zone is None and col.role != "total":
            col.zone = lab.value
        elif lab.kind == "year" and col.year is None:
            col.year, col.qualifier = lab.value, lab.qualifier
            if lab.unit is not None:
                units.append((lab.unit, "header"))
        elif lab.kind == "indicator" and col.code is None and lab.error is None:
            col.code = lab.value
            if lab.unit is not None:
                units.insert(0, (lab.unit, "header"))
        elif lab.kind == "span":
            raise CellError("data.header.two_years", span=Quoted(lab.value))
    if units:
        col.unit, col.unit_source = units[0]
        col.units_written = units  # checked against each other (_check_units)
    return col


def _check_units(hdr: Header, fr: FileReading, sheet, row) -> None:
    """Two units for one column (in its header and in the units row) are refused."""
    for col in hdr.columns.values():
        written = col.units_written
        if len(written) < 2:
            continue
        kind = kind_of(col.code) if col.code else None
        facs = {factor(u, kind) if kind else factor(u, "元") for u, _ in written}
        if len(facs) > 1:
            u1 = written[0][0]
            u2 = next(u for u, _ in written[1:] if u != u1)
            raise fr.stop(
                fr.error(
                    "data.header.column_two_units",
                    sheet,
                    row,
                    col.header,
                    first=Quoted(u1),
                    second=Quoted(u2),
                )
            )


def repeated(grid: Grid, r: int, key: tuple[str, ...]) -> bool:
    """A row equal to a header row (a header repeated after 续表 or a page break)."""
    if not key:
        return False
    cells = _trim(tuple(S.flat(c) if not blank(c) else "" for c in grid.by_row.get(r, ())))
    return cells == key


def missing_cell(v: Any) -> bool:
    return is_missing(v)
