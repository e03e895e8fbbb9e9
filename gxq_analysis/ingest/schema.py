"""The canonical zone panel and its pandera schema.

A canonical panel is a DataFrame indexed by the MultiIndex ``(zone, year)`` (zone ids of the
registry, int64 years), sorted and unique, with one float64 column per codebook code in codebook
order, values in the codebook's canonical unit and NaN for missing. ``df.attrs`` carries the
provenance (:func:`attach_provenance`). Every loader of the package returns a frame that passed
:func:`validate_panel`.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .. import config
from ..errors import DataError
from ..options import check_choice
from ..plan.codebook import load_codebook
from ..plan.zones import zone_ids

PANEL_INDEX = ("zone", "year")
#: Plausible years of a zone panel (inclusive): Torch statistics start in the 1990s and the
#: evaluation horizon ends with the 15th Five-Year period's outlook.
YEAR_MIN, YEAR_MAX = 1990, 2035
_SHOW = 5  # failure cases quoted per problem in an error message


@cache
def panel_schema() -> pa.DataFrameSchema:
    """The pandera schema of a canonical zone panel (built once from codebook and registry)."""
    cb = load_codebook()
    columns = {}
    for code, row in cb.iterrows():
        checks = [pa.Check(lambda s: ~np.isinf(s), name="finite", ignore_na=True)]
        if row["nonnegative"]:
            checks.append(pa.Check.ge(0))
        columns[code] = pa.Column("float64", checks=checks, nullable=True, coerce=False)
    index = pa.MultiIndex(
        [
            pa.Index(str, name="zone", checks=pa.Check.isin(zone_ids())),
            pa.Index(
                "int64",
                name="year",
                checks=pa.Check.in_range(YEAR_MIN, YEAR_MAX),
            ),
        ],
        # uniqueness is reported by _duplicate_labels, which names the repeated (zone, year)
        strict=True,
        ordered=True,
    )
    return pa.DataFrameSchema(
        columns,
        index=index,
        strict=True,
        ordered=True,
        checks=[
            pa.Check(lambda d: bool(d.index.is_unique), name="index_unique"),
            pa.Check(lambda d: bool(d.index.is_monotonic_increasing), name="index_sorted"),
        ],
        name="canonical zone panel",
    )


def _fmt_cases(cases: pd.DataFrame) -> str:
    parts = []
    for _, r in cases.head(_SHOW).iterrows():
        where = r["index"]
        if where is None or (isinstance(where, float) and np.isnan(where)):
            parts.append(f"{r['failure_case']!r}")
        else:
            parts.append(f"{r['failure_case']!r} at {where}")
    more = len(cases) - _SHOW
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


# pandera reports built-in checks by their own names (isin, in_range, ...), custom ones by name.
_EXPECT = {
    "isin": "a zone id of the registry (" + ", ".join(zone_ids()) + ")",
    "in_range": f"a year between {YEAR_MIN} and {YEAR_MAX}",
    "greater_than_or_equal_to": "a value >= 0 (the codebook marks it nonnegative)",
    "finite": "a finite number (not ±inf)",
}


def _readable(err: SchemaErrors, df: pd.DataFrame) -> str:
    """Turn pandera's failure table into one line per problem, naming column and index values."""
    fc = err.failure_cases.copy()
    fc["check"] = fc["check"].astype(str)
    lines: list[str] = []
    for (ctx, col, check), cases in fc.groupby(
        ["schema_context", "column", "check"], dropna=False, sort=False
    ):
        col = None if col is None or (isinstance(col, float) and np.isnan(col)) else col
        what = (
            f"index level {col!r}"
            if ctx == "MultiIndex" or ctx == "Index"
            else (f"column {col!r}" if col is not None else "the panel")
        )
        name = check.split("(")[0]
        if name == "index_unique":
            lines.append("duplicate (zone, year): " + ", ".join(_duplicate_labels(df)))
        elif name == "index_sorted":
            lines.append("the (zone, year) index is not sorted; use canonical_frame()")
        elif name == "column_in_schema":
            lines.append(
                "columns not in the codebook: " + ", ".join(map(repr, cases["failure_case"]))
            )
        elif name == "column_in_dataframe":
            absent = set(cases["failure_case"])
            lines.append(
                "codebook columns missing: "
                + ", ".join(repr(c) for c in load_codebook().index if c in absent)
            )
        elif name == "column_ordered":
            lines.append("columns are not in codebook order; use canonical_frame()")
        elif name in ("dtype", "column_in_dataframe_dtype") or check.startswith("dtype("):
            lines.append(f"{what} has dtype {cases['failure_case'].iloc[0]}, expected {check}")
        elif name in _EXPECT:
            lines.append(f"{what}: expected {_EXPECT[name]}; found {_fmt_cases(cases)}")
        else:
            lines.append(f"{what} fails {check}: {_fmt_cases(cases)}")
    return "; ".join(dict.fromkeys(lines))


def _duplicate_labels(df: pd.DataFrame) -> list[str]:
    dup = df.index[df.index.duplicated(keep="first")].unique()
    return [str(tuple(x) if isinstance(x, tuple) else x) for x in dup[:_SHOW]] + (
        [f"and {len(dup) - _SHOW} more"] if len(dup) > _SHOW else []
    )


def validate_panel(df: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Check ``df`` against the canonical panel schema and return it (attrs preserved).

    Parameters
    ----------
    df
        A frame in canonical form (see :func:`canonical_frame`).
    source
        File name or description of where ``df`` came from; it heads every error message.

    Raises
    ------
    DataError
        Listing each problem: the failing column or index level and the offending values with
        their ``(zone, year)`` labels.
    """
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame, got {type(df).__name__}", file=source)
    if list(df.index.names) != list(PANEL_INDEX):
        raise DataError(
            f"the index must be the MultiIndex {PANEL_INDEX}, found {list(df.index.names)}",
            file=source,
        )
    zone_dtype, year_dtype = (df.index.get_level_values(n).dtype for n in PANEL_INDEX)
    # checked here because pandera reports a MultiIndex level's dtype without naming the level
    bad = [
        f"index level {n!r} has dtype {d}, expected {want}"
        for n, d, ok, want in (
            ("zone", zone_dtype, isinstance(zone_dtype, pd.StringDtype), "str"),
            ("year", year_dtype, year_dtype == np.dtype("int64"), "int64"),
        )
        if not ok
    ]
    if bad:
        raise DataError("; ".join(bad) + "; use canonical_frame()", file=source)
    attrs = dict(df.attrs)
    try:
        out = panel_schema().validate(df, lazy=True)
    except SchemaErrors as err:
        raise DataError(_readable(err, df), file=source) from None
    except SchemaError as err:  # pragma: no cover - lazy=True collects; kept for safety
        raise DataError(str(err).splitlines()[0], file=source) from None
    out.attrs.update(attrs)
    return out


def canonical_frame(df: pd.DataFrame, *, unknown: str = "raise") -> pd.DataFrame:
    """Put a (zone, year)-indexed frame into canonical form.

    Columns are reindexed to every codebook code in codebook order (absent codes become all-NaN
    columns), values cast to float64 (nullable ``Float64``/``pd.NA`` become NaN), the zone level
    to ``str``, the year level to int64, and the index sorted. ``attrs`` are kept.

    Parameters
    ----------
    df
        Frame indexed by ``(zone, year)`` (index or two leading columns of those names).
    unknown : {"raise", "drop"}
        What to do with columns that are not codebook codes. ``"drop"`` is for callers that
        have already reported them (the spreadsheet loader warns and lists them in
        ``attrs["unknown_columns"]``); nothing is dropped silently by default.

    Raises
    ------
    DataError
        For unknown columns (with ``unknown="raise"``) or values that are not numbers.
    """
    check_choice("unknown", unknown, ("raise", "drop"))
    attrs = dict(df.attrs)
    if list(df.index.names) != list(PANEL_INDEX):
        if set(PANEL_INDEX) <= set(df.columns):
            df = df.set_index(list(PANEL_INDEX))
        else:
            raise DataError(
                f"expected a (zone, year) index or columns, found index {list(df.index.names)}"
            )
    codes = list(load_codebook().index)
    extra = [c for c in df.columns if c not in codes]
    if extra and unknown == "raise":
        raise DataError(
            "columns not in the codebook: "
            + ", ".join(map(repr, extra))
            + "; known codes: "
            + ", ".join(codes)
        )
    out = df.reindex(columns=codes)
    for c in codes:
        try:
            out[c] = out[c].astype("float64")
        except (TypeError, ValueError) as exc:
            raise DataError(f"values are not numbers ({exc})", column=c) from None
    zone = out.index.get_level_values("zone").astype(str)
    try:
        year = out.index.get_level_values("year").astype("int64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"years are not integers ({exc})", column="year") from None
    out.index = pd.MultiIndex.from_arrays([zone, year], names=PANEL_INDEX)
    out = out.sort_index()
    out.attrs = attrs
    return out


def missing_indicators(df: pd.DataFrame) -> list[str]:
    """Codebook codes in ``df`` whose column is entirely NaN, in codebook order."""
    return [c for c in load_codebook().index if c in df.columns and df[c].isna().all()]


@cache
def _demo_meta() -> dict[str, Any] | None:
    """The synthetic demo panel's metadata (its sha256 identifies the file wherever it is)."""
    try:
        return json.loads(config.DEMO_META_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def attach_provenance(
    df: pd.DataFrame,
    *,
    source: str,
    sha256: str | None,
    synthetic: bool,
    **extra: Any,
) -> pd.DataFrame:
    """Return ``df`` (a shallow copy) with provenance in ``attrs``.

    Sets ``source`` (path or name as given), ``sha256`` (of the file bytes read, or None),
    ``synthetic``, ``missing_indicators`` (codes whose column is all NaN) and any ``extra`` keys.
    """
    if not isinstance(synthetic, bool):
        raise TypeError(f"synthetic must be True or False, got {synthetic!r}")
    demo = _demo_meta()
    if sha256 is not None and demo is not None and sha256 == demo.get("sha256"):
        # the bundled synthetic panel read through any path is still synthetic
        synthetic = True
        extra = {"label": demo.get("label"), **extra}
    out = df.copy(deep=False)
    out.attrs = {
        **df.attrs,
        "source": str(source),
        "sha256": sha256,
        "synthetic": synthetic,
        "missing_indicators": missing_indicators(df),
        **extra,
    }
    return out
