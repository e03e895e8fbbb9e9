"""Where a table's three axes lie: on its rows, on its columns, or around it.

Every value needs a zone, a year and an indicator. Each comes from exactly one place: the row's
label columns (:attr:`Header.label`), the column's labels, or — for an axis on neither — the
table's surroundings, in this order: the layout file, the sheet name, the titles above the table.
From these places the layout follows: zones × indicators with the year in the title (a table per
year), zones × years with the indicator in the sheet name (a table per indicator), indicators ×
years for one zone (a city-yearbook page), indicators × zones (transposed), zone blocks of
indicator rows × years, years × indicators, a long table (zone and year on the rows), and so on.
An axis found in two places that disagree, or in none, is refused with what would settle it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...catalogue import Key, Quoted, Words
from ...errors import ZoneError
from ...plan.zones import resolve_zone
from ..schema import YEAR_MAX, YEAR_MIN
from . import text as S
from .cells import CellError, col_letter, match_indicator, named_code
from .header import Header
from .labels import AXIS_WORDS, Mentions, mentions, named_zone
from .layoutfile import SheetLayout
from .reading import FileReading, NotATable, TableReading

AXES = ("zone", "year", "indicator")

#: Layout names of the common arrangements (rows, columns, around) -> name used in
#: ``attrs["layout"]``, ``gxq validate`` and the layout file's ``layout`` key.
LAYOUTS = {
    (("year", "zone"), ("indicator",), ()): "long",
    (("zone",), ("indicator",), ("year",)): "per_year",
    (("zone",), ("year",), ("indicator",)): "per_indicator",
    (("indicator",), ("year",), ("zone",)): "per_zone",
    (("indicator",), ("zone",), ("year",)): "transposed",
    (("indicator", "zone"), ("year",), ()): "zone_blocks",
    (("year",), ("indicator",), ("zone",)): "years_by_indicator",
    (("year",), ("zone",), ("indicator",)): "years_by_zone",
    (("zone",), ("indicator", "year"), ()): "zones_by_year_indicator",
    (("indicator", "year", "zone"), (), ()): "fully_long",
    (("indicator", "year"), ("zone",), ()): "indicator_years_by_zone",
}


@dataclass
class Surroundings:
    """What lies around a table: the sheet's name, the titles above it, the layout file."""

    sheet: str | None
    titles: list[tuple[int, str]]
    spec: SheetLayout
    kind: str = "xlsx"

    def sheet_mentions(self) -> Mentions:
        if self.sheet is None:
            return Mentions()
        try:
            return mentions(self.sheet, sheet_name=True)
        except CellError:
            return Mentions()


@dataclass
class Arrangement:
    """Where each axis of a table lies."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    context: dict[str, tuple[str, Any]] = field(default_factory=dict)  # axis -> (source, value)
    context_unit: str | None = None  # unit of an indicator named by the sheet or title
    context_qualifier: str | None = None  # qualifier of a year named by the sheet or title
    sheet_year: int | None = None  # the year a sheet is named for, checked against the rows

    @property
    def layout(self) -> str:
        key = (tuple(sorted(self.rows)), tuple(sorted(self.columns)), tuple(sorted(self.context)))
        return LAYOUTS.get(key, "other")


def arrange(
    hdr: Header, around: Surroundings, reading: TableReading, fr: FileReading
) -> Arrangement:
    """Where the zone, year and indicator of the table's values come from."""
    sheet, row = around.sheet, hdr.rows[0]
    rows = tuple(a for a in AXES if a in hdr.label or (a == "zone" and hdr.zone_headings))
    if "zone" in rows:
        for c in hdr.columns.values():
            if c.role == "total":  # a 合计 column beside zone rows sums the columns: not read
                c.role = "column_total"
    data = [c for c in hdr.columns.values() if c.role == "data"]
    totals = [c for c in hdr.columns.values() if c.role == "total"]
    kinds: dict[frozenset[str], list] = {}
    for c in data:
        kinds.setdefault(c.axes, []).append(c)
    if len(kinds) > 1:
        raise fr.stop(_mixed(kinds, fr, sheet, row))
    columns = tuple(sorted(next(iter(kinds)))) if kinds else ()
    if totals and "zone" not in columns:
        if not data:
            columns = ("zone",)
        elif "zone" not in rows:
            columns = tuple(sorted({*columns, "zone"}))
    both = [a for a in rows if a in columns]
    if both:
        c = next(c for c in data + totals if both[0] in c.axes or c.role == "total")
        raise fr.stop(
            fr.error(
                "data.axis.both",
                sheet,
                row,
                c.header,
                axis=Key(f"data.axis.{both[0]}"),
                label=Quoted(hdr.columns[hdr.label[both[0]]].header),
            )
        )
    arr = Arrangement(rows, columns)
    need = [a for a in AXES if a not in rows and a not in columns]
    if not data and not totals and not any(c.role == "value" for c in hdr.columns.values()):
        if not {"zone", "year"} <= set(rows):
            raise NotATable()
        need = []  # no values: the zone-year rows alone are kept
    for axis in need:
        _from_context(axis, arr, hdr, around, reading, fr)
    exact = S.year_label(S.table_number_free(sheet)) if sheet is not None else None
    if "year" in rows and exact is not None:
        arr.sheet_year = exact[0]
    if around.spec.layout is not None and around.spec.layout != arr.layout:
        raise fr.stop(
            fr.error(
                "data.axis.layout_mismatch",
                sheet,
                row,
                declared=Quoted(around.spec.layout),
                found=Key(f"data.layout.{arr.layout}"),
            )
        )
    reading.rows_axes, reading.columns_axes = list(rows), list(columns)
    reading.context = dict(arr.context)
    reading.layout = arr.layout
    return arr


def _mixed(kinds, fr: FileReading, sheet, row):
    parts = []
    for axes, cols in sorted(kinds.items(), key=lambda kv: kv[1][0].j):
        names = Words(Quoted(c.header) for c in cols[:3])
        what = Words(Key(f"data.axis.{a}") for a in AXES if a in axes) or Key("data.axis.nothing")
        parts.append(Key("data.axis.columns_naming", columns=names, axes=what))
    return fr.error("data.axis.mixed", sheet, row, None, parts=Words(parts))


def _from_context(
    axis: str,
    arr: Arrangement,
    hdr: Header,
    around: Surroundings,
    reading: TableReading,
    fr: FileReading,
) -> None:
    """The value of an axis that is on neither the rows nor the columns."""
    spec, sheet, row = around.spec, around.sheet, hdr.rows[0]
    titles = [t for _, t in around.titles]
    if axis == "year":
        _year(arr, spec, sheet, titles, around, hdr, fr)
    elif axis == "zone":
        _zone(arr, spec, sheet, titles, around, hdr, fr)
    else:
        _indicator(arr, spec, sheet, titles, around, hdr, fr)
    src, _ = arr.context[axis]
    if axis == "indicator" and arr.context_unit is not None and src in ("sheet_name", "title"):
        reading.units.append((src, None, arr.context_unit))
    del row


def _title_mentions(titles: list[str], fr: FileReading, sheet, row, *, raise_errors: bool):
    out = []
    for t in titles:
        try:
            out.append(mentions(t))
        except CellError as exc:
            if raise_errors:
                raise fr.stop(fr.cell_error(exc, sheet)) from None
    return out


def _year(arr, spec, sheet, titles, around, hdr, fr) -> None:
    if spec.year is not None:
        arr.context["year"] = ("mapping", spec.year)
        return
    exact = S.year_label(S.table_number_free(sheet)) if sheet is not None else None
    in_name, name_span = S.title_years([sheet]) if sheet is not None else (set(), None)
    years, span = S.title_years(titles)
    if exact is not None and not YEAR_MIN <= exact[0] <= YEAR_MAX:
        raise fr.stop(
            fr.error(
                "data.year.sheet_out_of_range",
                sheet,
                None,
                None,
                year=exact[0],
                low=YEAR_MIN,
                high=YEAR_MAX,
            )
        )
    if exact is not None:
        if years and years != {exact[0]}:
            raise fr.stop(
                fr.error(
                    "data.year.sheet_vs_title",
                    sheet,
                    None,
                    None,
                    sheet_year=exact[0],
                    title_years=Words(sorted(years)),
                )
            )
        arr.context["year"] = ("sheet_name", exact[0])
        arr.context_qualifier = exact[1]
        return
    if span is not None or len(years) > 1:
        what = (
            Key("data.year.title_span", span=Quoted(span))
            if span
            else Key("data.year.title_several", years=Words(sorted(years)))
        )
        raise fr.stop(fr.error("data.year.title_ambiguous", sheet, None, None, what=what))
    if years:
        arr.context["year"] = ("title", next(iter(years)))
        return
    if len(in_name) == 1 and name_span is None:
        arr.context["year"] = ("sheet_name", next(iter(in_name)))
        return
    hint = Key("data.year.hint_csv") if around.kind == "csv" else Key("data.year.hint_sheet")
    raise fr.stop(
        fr.error(
            "data.year.missing",
            sheet,
            hdr.rows[0],
            None,
            headers=Words(AXIS_WORDS["year"]),
            hint=hint,
        )
    )


def _zone(arr, spec, sheet, titles, around, hdr, fr) -> None:
    if spec.zone is not None:
        try:
            arr.context["zone"] = ("mapping", resolve_zone(spec.zone))
        except ZoneError as exc:
            raise fr.stop(
                fr.error("data.layout.bad_zone", sheet, None, None, **exc.fields())
            ) from None
        return
    sm = around.sheet_mentions()
    from_name = sm.zones[0] if len(sm.zones) == 1 else None
    tm = _title_mentions(titles, fr, sheet, hdr.rows[0], raise_errors=from_name is None)
    in_title = list(dict.fromkeys(z for m in tm for z in m.zones))
    if from_name is not None:
        if in_title and in_title != [from_name]:
            raise fr.stop(
                fr.error(
                    "data.zone.sheet_vs_title",
                    sheet,
                    None,
                    None,
                    sheet_zone=named_zone(from_name),
                    title_zones=Words(named_zone(z) for z in in_title),
                )
            )
        arr.context["zone"] = ("sheet_name", from_name)
        return
    if len(in_title) == 1:
        arr.context["zone"] = ("title", in_title[0])
        return
    if len(in_title) > 1:
        raise fr.stop(
            fr.error(
                "data.zone.title_several",
                sheet,
                None,
                None,
                zones=Words(named_zone(z) for z in in_title),
            )
        )
    raise fr.stop(
        fr.error(
            "data.zone.missing",
            sheet,
            hdr.rows[0],
            None,
            headers=Words(AXIS_WORDS["zone"]),
            rows=Key(f"data.axis.{'indicator' if 'indicator' in arr.rows else 'rows'}"),
        )
    )


def _indicator(arr, spec, sheet, titles, around, hdr, fr) -> None:
    if spec.indicator is not None:
        code, unit = match_indicator(spec.indicator)
        if code is None:
            raise fr.stop(
                fr.error(
                    "data.layout.bad_indicator", sheet, None, None, indicator=Quoted(spec.indicator)
                )
            )
        arr.context["indicator"] = ("mapping", code)
        arr.context_unit = unit
        return
    found: list[tuple[str, str, str | None]] = []
    sm = around.sheet_mentions()
    if sheet is not None and len(sm.indicators) == 1 and not sm.years and not sm.zones:
        code, unit = sm.indicators[0]
        found.append(("sheet_name", code, unit))
    for m in _title_mentions(titles, fr, sheet, hdr.rows[0], raise_errors=False):
        for code, unit in m.indicators:
            found.append(("title", code, unit))
    codes = list(dict.fromkeys(c for _, c, _ in found))
    if len(codes) > 1:
        raise fr.stop(
            fr.error(
                "data.indicator.several",
                sheet,
                None,
                None,
                codes=Words(named_code(c) for c in codes),
            )
        )
    if not codes:
        raise fr.stop(
            fr.error(
                "data.indicator.missing",
                sheet,
                hdr.rows[0],
                None,
                rows=Key(f"data.axis.{arr.rows[0] if arr.rows else 'rows'}"),
                columns=Key(f"data.axis.{arr.columns[0] if arr.columns else 'rows'}"),
            )
        )
    src, code, unit = found[0]
    arr.context["indicator"] = (src, code)
    arr.context_unit = next((u for _, c, u in found if u is not None), unit)


def column_name(j: int) -> str:
    return f"column {col_letter(j)}"
