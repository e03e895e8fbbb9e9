"""The state of one load: what was read so far, and how each sheet was read.

:class:`Context` gathers the records (zone, year) of every sheet, the units, unknown columns,
skipped rows and notes, and words the load's warnings; :class:`Reading` records the decisions
taken on one sheet (``attrs["readings"]``, printed by ``gxq validate``). Every function of the
yearbook rules that can fail takes the context and raises ``ctx.error(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import DataError
from .cells import Record


@dataclass
class Reading:
    """How one sheet was read (``attrs["readings"]``, printed by ``gxq validate``)."""

    sheet: str | None
    layout: str = ""
    header_rows: list[int] = field(default_factory=list)
    units: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # row, reason, text
    totals: list[tuple[int, str, str, str]] = field(default_factory=list)
    year_from: tuple[str, int] | None = None
    zone_from: tuple[str, str] | None = None
    indicator_from: tuple[str, str] | None = None
    year_col: int | None = None
    pending_totals: list = field(default_factory=list)
    member_rows: list = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "layout": self.layout,
            "header_rows": list(self.header_rows),
            "units": [{"source": s, "row": r, "unit": u} for s, r, u in dict.fromkeys(self.units)],
            "skipped": [{"row": r, "reason": why, "text": t} for r, why, t in sorted(self.skipped)],
            "totals": [
                {"row": r, "label": lab, "status": st, "columns": n}
                for r, lab, st, n in self.totals
            ],
            "year_from": self.year_from,
            "zone_from": self.zone_from,
            "indicator_from": self.indicator_from,
        }


@dataclass
class Context:
    file: str
    kind: str = "csv"  # "csv" or "xlsx"
    records: dict[tuple[str, int], Record] = field(default_factory=dict)
    # indicator code -> unit as written -> sheets where it was read in that unit
    units: dict[str, dict[str, list[str | None]]] = field(default_factory=dict)
    unknown: dict[str, list[str | None]] = field(default_factory=dict)  # header -> sheets
    ratio_headers: set[str] = field(default_factory=set)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    no_indicators: list[str | None] = field(default_factory=list)
    seen: list[str | None] = field(default_factory=list)
    used: dict[str | None, str] = field(default_factory=dict)  # sheet -> "long" | "year sheet"
    # code -> (codebook unit assumed, {header as written: sheets}) for unitless money columns
    assumed: dict[str, tuple[str, dict[str, list[str | None]]]] = field(default_factory=dict)
    hidden: list[str | None] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)

    def error(self, message: str, sheet: str | None, row: int | None = None, column=None):
        return DataError(message, file=self.file, sheet=sheet, row=row, column=column)

    def warning_messages(self) -> list[str]:
        out = []
        if self.unknown:
            parts = []
            for h, sheets in self.unknown.items():
                names = [s for s in dict.fromkeys(sheets) if s is not None]
                where = f" (sheets {', '.join(map(repr, names))})" if names else ""
                note = (
                    " — a derived ratio, recomputed by add_ratios()"
                    if (h in self.ratio_headers)
                    else ""
                )
                parts.append(f"{h!r}{where}{note}")
            out.append(
                "columns the codebook does not know were not loaded: "
                + "; ".join(parts)
                + " (known indicators: `gxq codebook`; they are listed in attrs['unknown_columns'])"
            )
        if self.assumed:
            by_unit: dict[str, list[str]] = {}
            for code, (unit, headers) in self.assumed.items():
                for h, sheets in headers.items():
                    names = [s for s in dict.fromkeys(sheets) if s is not None]
                    where = f"; sheets {', '.join(map(repr, names))}" if names else ""
                    by_unit.setdefault(unit, []).append(f"{h!r} ({code}{where})")
            out.append(
                "money columns without a unit were read in the codebook's unit: "
                + "; ".join(f"{', '.join(hs)} — assumed {u}" for u, hs in by_unit.items())
                + ". The Torch statistics report money in 千元 or 万元: check the source and "
                "write the unit in the header, e.g. 营业收入（万元）, or in a title row, "
                "单位：万元 (listed in attrs['assumed_units'])"
            )
        if self.skipped:
            out.append(
                "total rows were not loaded: "
                + ", ".join(
                    (f"sheet {s['sheet']!r} " if s["sheet"] is not None else "")
                    + f"row {s['row']} ({s['zone']!r})"
                    for s in self.skipped
                )
            )
        if self.ignored_sheets:
            out.append(
                "sheets without a zone column or indicators were not read: "
                + ", ".join(map(repr, self.ignored_sheets))
            )
        if self.hidden:
            out.append(
                "hidden sheets were loaded: "
                + ", ".join(map(repr, self.hidden))
                + " (Excel does not show them: check that they hold current data, not an old "
                "copy; listed in attrs['hidden_sheets'])"
            )
        if self.no_indicators:
            out.append(
                "no indicator columns recognized in "
                + ", ".join("the file" if s is None else f"sheet {s!r}" for s in self.no_indicators)
            )
        return out


def units_read(by_unit: dict[str, list[str | None]]) -> str:
    """The unit an indicator was read in, with the sheets when they differ.

    ``万元``, or ``万元 (sheets '2016'); 亿元 (sheets '2017')``.
    """
    if len(by_unit) == 1:
        return next(iter(by_unit))
    return "; ".join(
        f"{u} (sheets {', '.join(repr(s) for s in sheets)})" for u, sheets in by_unit.items()
    )


LAYOUT_NAMES = {
    "long": "long",
    "year sheet": "sheet_per_year",
    "per_indicator": "sheet_per_indicator",
    "per_zone": "sheet_per_zone",
}


def layout_name(ctx: Context) -> str:
    """The panel's layout (``attrs["layout"]``): the one all sheets share, else ``mixed``."""
    kinds = set(ctx.used.values())
    return LAYOUT_NAMES[kinds.pop()] if len(kinds) == 1 else "mixed"
