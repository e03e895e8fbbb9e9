"""Values from several tables and files assembled into one panel, conflicts settled or refused.

The same zone, year and indicator may be given by two tables (a Torch yearbook table and a city
yearbook page, a summary sheet and a detail sheet). Two values that agree within the rounding of
the coarser of them (half a unit of the last digit printed, in the codebook's unit) are one
value, kept once (the finer-printed one) with both places remembered. Two that disagree are
refused, both places and values named, unless the manifest gives their files different
priorities: then the higher priority's value is kept and the choice reported. Every value keeps
the file, sheet and cell it came from (:attr:`Assembled.provenance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...catalogue import Quoted, Words
from ...errors import DataError
from ..table.cells import named_code
from ..table.labels import named_zone
from ..table.reading import Value

PROVENANCE_COLUMNS = (
    "zone",
    "year",
    "indicator",
    "value",
    "file",
    "sheet",
    "cell",
    "written",
    "unit",
    "also",
)


@dataclass
class Conflict:
    """Two sources that disagree on one value, and which was kept (by priority)."""

    zone: str
    year: int
    code: str
    kept: Value
    dropped: list[Value]

    def as_dict(self) -> dict[str, Any]:
        return {
            "zone": self.zone,
            "year": self.year,
            "indicator": self.code,
            "kept": {"place": f"{self.kept.file}:{self.kept.place}", "value": self.kept.value},
            "dropped": [{"place": f"{v.file}:{v.place}", "value": v.value} for v in self.dropped],
        }


@dataclass
class Assembled:
    """The values of a load, one per (zone, year, indicator), with their places."""

    values: dict[tuple[str, int, str], Value] = field(default_factory=dict)
    also: dict[tuple[str, int, str], list[Value]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def provenance(self) -> pd.DataFrame:
        """One row per value: where it came from (file, sheet, cell), as written, and the
        other places that gave the same value."""
        rows = []
        for key in sorted(self.values):
            v = self.values[key]
            rows.append(
                (
                    v.zone,
                    v.year,
                    v.code,
                    v.value,
                    v.file,
                    v.sheet if v.sheet is not None else "",
                    v.cell,
                    _written(v.written),
                    v.unit,
                    "; ".join(f"{o.file}:{o.place}" for o in self.also.get(key, [])),
                )
            )
        return pd.DataFrame(rows, columns=list(PROVENANCE_COLUMNS))


def _written(v: Any) -> str:
    return "" if v is None else str(v)


def agree(a: Value, b: Value) -> bool:
    """Equal within the rounding of the coarser of the two printed figures."""
    if a.value != a.value or b.value != b.value:  # NaN: a missing value agrees with nothing
        return a.value != a.value and b.value != b.value
    slack = 1e-9 * max(abs(a.value), abs(b.value))
    return abs(a.value - b.value) <= max(a.tolerance, b.tolerance) + slack


def assemble(values: list[Value], priority: dict[str, int], errors: list[DataError]) -> Assembled:
    """One value per (zone, year, indicator); problems are appended to ``errors``.

    A missing value (NaN) never overrides a value given elsewhere, and two missing values are
    one. ``priority`` maps a file (as named in the values) to its manifest priority.
    """
    out = Assembled()
    by_key: dict[tuple[str, int, str], list[Value]] = {}
    for v in values:
        by_key.setdefault((v.zone, v.year, v.code), []).append(v)
    for key, vals in by_key.items():
        given = [v for v in vals if v.value == v.value]
        if not given:
            out.values[key] = vals[0]
            continue
        first = given[0]
        if all(agree(first, v) for v in given[1:]):
            kept = min(given, key=lambda v: (v.tolerance, given.index(v)))
            out.values[key] = kept
            others = [v for v in given if v is not kept]
            if others:
                out.also[key] = others
            continue
        top = max(priority.get(v.file, 0) for v in given)
        best = [v for v in given if priority.get(v.file, 0) == top]
        if all(agree(best[0], v) for v in best[1:]) and len(best) < len(given):
            kept = min(best, key=lambda v: v.tolerance)
            out.values[key] = kept
            out.conflicts.append(Conflict(*key, kept, [v for v in given if v not in best]))
            others = [v for v in best if v is not kept]
            if others:
                out.also[key] = others
            continue
        a, b = next((x, y) for x in given for y in given if not agree(x, y))
        errors.append(
            DataError(
                "data.conflict",
                file=b.file,
                sheet=b.sheet,
                row=None,
                column=None,
                fields={
                    "code": named_code(key[2]),
                    "zone": named_zone(key[0]),
                    "year": key[1],
                    "first": Quoted(f"{a.file}: {a.place}"),
                    "first_value": _show(a),
                    "second": Quoted(f"{b.file}: {b.place}"),
                    "second_value": _show(b),
                    "places": Words(Quoted(f"{v.file}: {v.place}") for v in given),
                },
            )
        )
    return out


def _show(v: Value) -> str:
    return f"{v.written} {v.unit}".strip() if v.written is not None else f"{v.value:g}"
