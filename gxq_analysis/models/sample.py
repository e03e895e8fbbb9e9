"""The estimation sample of a panel regression: index checks, lags, logs and dropped rows.

Holds :func:`prepare`, which turns ``data`` and a :class:`~gxq_analysis.models.spec.PanelSpec`
into the estimation sample (lags formed first on the raw columns, then the used values checked
for missing values and for values <= 0 before a log, then logged), and :class:`Dropped`, the
count of rows left out and why. The conventions (order, lags, logs, drops) are stated in
:mod:`gxq_analysis.models.panel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .spec import PanelSpec


@dataclass(frozen=True)
class Dropped:
    """Rows of the input that are not in the estimation sample, by reason.

    Each row is counted once, under its first cause: ``lags`` (the entity has no row at
    :math:`t-L` for a lagged regressor), then ``missing`` (a value the row uses is NaN), then
    ``nonpositive`` (a value the row uses is :math:`\\le 0` before a log, with
    ``nonpositive="drop"``). ``total`` is ``len(data) - nobs``.
    """

    nonpositive: int = 0
    lags: int = 0
    missing: int = 0
    details: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.nonpositive + self.lags + self.missing

    def __int__(self) -> int:
        return self.total

    def __str__(self) -> str:
        if not self.total:
            return "no rows dropped"
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.nonpositive, "with a value <= 0 before a log"),
                (self.lags, "without the lagged value"),
                (self.missing, "with missing values"),
            )
            if n
        ]
        return f"{self.total} rows dropped: " + "; ".join(parts)


def _check_index(data: pd.DataFrame) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    idx = data.index
    if not isinstance(idx, pd.MultiIndex) or idx.nlevels != 2:
        raise DataError(
            "data must have a two-level (entity, time) MultiIndex, e.g. "
            "df.set_index(['zone', 'year'])"
        )
    time = idx.levels[1]
    if not (pd.api.types.is_integer_dtype(time) or pd.api.types.is_datetime64_any_dtype(time)):
        raise DataError(
            f"the time level {idx.names[1]!r} must hold integers (years) or dates, "
            f"got dtype {time.dtype}"
        )
    codes = np.asarray(idx.codes)
    if (codes < 0).any():
        raise DataError("the (entity, time) index has missing entries")
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0]
        raise DataError(f"the (entity, time) index is not unique: {dup!r} occurs more than once")


def _numeric(data: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    for c in cols:
        if c not in data.columns:
            raise DataError("column not found in data", column=c)
    out = {}
    for c in cols:
        s = data[c]
        if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
            raise DataError(f"column is not numeric (dtype {s.dtype})", column=c)
        out[c] = s.astype("float64")
    return pd.DataFrame(out, index=data.index)


def _lag_source(index: pd.MultiIndex, lag: int, periods: pd.Index | None) -> np.ndarray:
    """Row position of the same entity's row at time t-lag, for every row (-1: no such row).

    Integer times lag by value; dates (``periods`` = every period of the panel, sorted) by
    position among the panel's periods, so that a period is never skipped because some rows
    were dropped.
    """
    ent = index.get_level_values(0)
    time = index.get_level_values(1)
    if periods is None:
        valid = None
        src_time = time - lag
    else:
        pos = periods.get_indexer(time) - lag
        valid = pos >= 0
        src_time = periods.take(np.where(valid, pos, 0))
    src = index.get_indexer(pd.MultiIndex.from_arrays([ent, src_time]))
    if valid is not None:
        src[~valid] = -1
    return src


def _scalar(v: Any) -> Any:
    """A NumPy scalar as the Python scalar (readable in messages: 2015, not np.int64(2015))."""
    return v.item() if isinstance(v, np.generic) else v


def prepare(
    data: pd.DataFrame, spec: PanelSpec
) -> tuple[pd.DataFrame, Dropped, tuple[str, ...], tuple[str, ...]]:
    """Estimation sample (y then x, transformed), what was dropped, notes, shifted variables.

    Order matters: the lags are formed first, on the raw columns, so that every row carries the
    values it uses (``y`` and unlagged ``x`` at ``t``, lagged ``x`` at ``t-L``); only those
    values are then checked for missing values and for values <= 0 before a log, and logged.
    Dropping rows for a value <= 0 before forming the lags would also throw away the rows that
    use that row's *other* values as lags, and would reject values no row uses.
    """
    _check_index(data)
    cols = [spec.y, *spec.x]
    raw = _numeric(data, cols).sort_index()
    index = raw.index
    n = len(raw)
    time = index.get_level_values(1)
    periods = None if pd.api.types.is_integer_dtype(time) else time.unique().sort_values()
    lag_of = {spec.y: 0, **spec.lag_of}
    used: dict[str, np.ndarray] = {}  # the value of each variable that each row uses
    source: dict[str, np.ndarray] = {}  # lagged variables: row position of that value
    no_lag = np.zeros(n, dtype=bool)
    for var in cols:
        values = raw[var].to_numpy(dtype=np.float64)
        if lag_of[var]:
            src = _lag_source(index, lag_of[var], periods)
            absent = src < 0
            no_lag |= absent
            values = np.where(absent, np.nan, values[src])
            source[var] = src
        used[var] = values
    has_nan = np.zeros(n, dtype=bool)
    for values in used.values():
        has_nan |= np.isnan(values)
    # each dropped row is counted once, under its first cause: no lagged period, then a missing
    # value, then a value <= 0 before a log
    n_lags = int(no_lag.sum())
    n_missing = int((has_nan & ~no_lag).sum())
    keep = ~(no_lag | has_nan)
    notes: list[str] = []
    shifted_vars: list[str] = []
    details: list[str] = []
    n_nonpos = 0
    if spec.log:
        bad = {var: keep & (used[var] <= 0) for var in spec.log}
        bad_rows = np.logical_or.reduce(list(bad.values()))
        if bad_rows.any():
            listing = [
                _describe_value(index, i, var, used[var][i], lag_of[var], source.get(var))
                for i in np.flatnonzero(bad_rows)
                for var in spec.log
                if bad[var][i]
            ]
            if spec.nonpositive == "error":
                more = f" (and {len(listing) - 10} more)" if len(listing) > 10 else ""
                raise DataError(
                    f"{len(listing)} value(s) <= 0 cannot be logged: entity, time, variable = "
                    + "; ".join(listing[:10])
                    + more
                    + ". Choose nonpositive='drop' or nonpositive='shift' to treat them."
                )
            if spec.nonpositive == "drop":
                n_nonpos = int(bad_rows.sum())
                details.extend(f"dropped (<= 0 before log): {s}" for s in listing)
                keep &= ~bad_rows
            else:  # shift
                for var in spec.log:
                    if bad[var].any():
                        shifted = used[var] + spec.shift
                        if (shifted[keep] <= 0).any():
                            raise DataError(
                                f"shifting by {spec.shift:g} leaves values <= 0; use a larger "
                                "shift or nonpositive='drop'",
                                column=var,
                            )
                        used[var] = shifted
                        shifted_vars.append(var)
                        notes.append(
                            f"log({var} + {spec.shift:g}): {int(bad[var].sum())} value(s) <= 0"
                        )
    if not keep.any():
        raise DataError("no complete rows remain after logs, lags and missing values")
    complete = bool(keep.all())
    columns = {}
    for var in cols:
        values = used[var] if complete else used[var][keep]
        columns[var] = np.log(values) if var in spec.log else values
    sample = pd.DataFrame(columns, index=index if complete else index[keep], copy=False)
    dropped = Dropped(n_nonpos, n_lags, n_missing, tuple(details))
    return sample, dropped, tuple(notes), tuple(shifted_vars)


def _describe_value(
    index: pd.MultiIndex, row: int, var: str, value: float, lag: int, source: np.ndarray | None
) -> str:
    """``'entity' time var=value`` of the data cell a row uses (and, if lagged, for which row)."""
    if source is None:
        ent, t = index[row]
        return f"{_scalar(ent)!r} {_scalar(t)!r} {var}={value:g}"
    ent, t = index[source[row]]
    used_at = _scalar(index[row][1])
    return f"{_scalar(ent)!r} {_scalar(t)!r} {var}={value:g} (as L{lag}.{var} at {used_at!r})"
