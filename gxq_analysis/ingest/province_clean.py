"""Cleaning the raw long province table into the wide panel, by the rules of :mod:`.province`.

The repair tables (:data:`OCR_NAME_FIXES`, :data:`UNIT_LABEL_FIXES`), the duplicated R&D
totals and their tolerances, the report of what was done to every row
(:class:`ProvinceCleaningReport`) and :func:`clean_province_long` itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .province_codebook import (
    CANONICAL_NAMES,
    NATIONAL,
    PROVINCE_CODEBOOK,
    SOURCE_NAME,
    WAN_TO_YI,
    YEARS,
)

#: OCR misreadings of province names in the raw file (after whitespace is removed).
OCR_NAME_FIXES: dict[str, str] = {
    "两藏": "西藏",  # 两 read for 西
    "内蒙占": "内蒙古",  # 占 read for 古
    "山两": "山西",  # 两 read for 西
}

#: Unit labels the source gets wrong: (table, variable, label in file) -> correct unit. The
#: values are counts (persons-years, institutions, projects, patents) whose series runs on
#: unbroken through the correctly labelled years, so only the label is replaced (factor 1).
UNIT_LABEL_FIXES: dict[tuple[str, str, str], str] = {
    ("IndustryRD", "v4_cy_RDhd_qsdl", "万元"): "人年",  # 2020 only
    ("IndustryRD", "v4_cy_RDhd_yfjgs", "万元"): "个",  # 2020 only
    ("IndustryRD", "v4_cy_xcp_kfxm", "万元"): "项",  # 2020 only
    ("IndustryRD", "v4_cy_qyzl_fms", "万元"): "件",  # all years but 2021
}

#: Tolerances of the R&D-total reconciliation (see the module docstring), in 亿元.
RD_TOTAL_TOL_SOURCE = 1.0 / 10_000  # 1 万元
RD_TOTAL_TOL_INTENSE = 0.05  # half of the 0.1 亿元 RDIntense publishes
_FLOAT_SLACK = 1e-9  # binary floating point: 907.9 - 907.85 is 0.05000000000007

#: Raw rows carrying the R&D total a second (and third) time, reconciled with RDActivity.
DUPLICATE_RD_TOTALS: dict[tuple[str, str], dict[str, Any]] = {
    ("RDSource", "v4_zh_nbzc_hj"): {
        "item_zh": "合计", "raw_unit": "万元", "factor": WAN_TO_YI, "tol": RD_TOTAL_TOL_SOURCE,
    },
    ("RDIntense", "v4_ztr_jf_RD"): {
        "item_zh": "RD经费", "raw_unit": "亿元", "factor": 1.0, "tol": RD_TOTAL_TOL_INTENSE,
    },
}  # fmt: skip


@dataclass
class ProvinceCleaningReport:
    """What :func:`clean_province_long` did to every row it read.

    ``rows_read == rows_outside_years + rows_missing_value + rows_duplicate_reconciled +
    rows_used`` (checked by :meth:`accounted`). Counts by kind are in the ``*_by`` fields.
    """

    rows_read: int = 0
    rows_outside_years: int = 0
    rows_missing_value: int = 0
    rows_duplicate_reconciled: int = 0
    rows_used: int = 0
    years: tuple[int, int] = YEARS
    #: rows per (table, year) outside :data:`YEARS`
    outside_years_by: dict[tuple[str, int], int] = field(default_factory=dict)
    #: rows with an empty value per (table, variable) inside :data:`YEARS`
    missing_value_by: dict[tuple[str, str], int] = field(default_factory=dict)
    #: rows whose name was repaired: (raw name, canonical name) -> rows
    names_fixed: dict[tuple[str, str], int] = field(default_factory=dict)
    #: rows whose unit label was repaired: (table, variable, raw label) -> rows
    unit_labels_fixed: dict[tuple[str, str, str], int] = field(default_factory=dict)
    #: panel rows whose value was converted: (code, "raw unit -> unit", factor) -> rows
    conversions: dict[tuple[str, str, float], int] = field(default_factory=dict)
    #: R&D-total reconciliation: per duplicate table, rows compared, largest absolute
    #: difference in 亿元 and the tolerance; plus cells where RDActivity was missing and a
    #: duplicate was used
    rd_total_check: dict[str, dict[str, float]] = field(default_factory=dict)
    rd_total_fallbacks: int = 0
    #: shape of the wide panel returned
    panel_shape: tuple[int, int] = (0, 0)

    @property
    def rows_accounted(self) -> int:
        return (
            self.rows_outside_years
            + self.rows_missing_value
            + self.rows_duplicate_reconciled
            + self.rows_used
        )

    def accounted(self) -> bool:
        """Whether every row read is in exactly one category."""
        return self.rows_read == self.rows_accounted

    @property
    def names_fixed_total(self) -> int:
        return sum(self.names_fixed.values())

    def name_fixes_table(self) -> pd.DataFrame:
        """Repaired names: raw, canonical, the rule that mapped it, rows."""
        rows = [(raw, canon, _name_rule(raw), n) for (raw, canon), n in self.names_fixed.items()]
        return pd.DataFrame(rows, columns=["raw", "canonical", "rule", "rows"])

    def summary(self) -> pd.DataFrame:
        """The row accounting as a two-column table (item, rows)."""
        items = [
            ("rows read", self.rows_read),
            (f"outside {self.years[0]}-{self.years[1]}", self.rows_outside_years),
            ("missing value", self.rows_missing_value),
            ("duplicate R&D total reconciled", self.rows_duplicate_reconciled),
            ("used in panel", self.rows_used),
            ("province names repaired", self.names_fixed_total),
            ("unit labels repaired", sum(self.unit_labels_fixed.values())),
            ("values converted 万元 -> 亿元", sum(self.conversions.values())),
        ]
        return pd.DataFrame(items, columns=["item", "rows"])


def _name_rule(raw: str) -> str:
    spaced = re.search(r"\s", raw) is not None
    ocr = re.sub(r"\s+", "", raw) in OCR_NAME_FIXES
    return "+".join(r for r, on in (("whitespace", spaced), ("ocr", ocr)) if on) or "none"


def canonical_province(name: str) -> str | None:
    """The canonical name of a raw province name, or None when no rule maps it.

    Whitespace (ASCII or full-width) is removed, then :data:`OCR_NAME_FIXES` applies.
    """
    s = re.sub(r"\s+", "", str(name))
    s = OCR_NAME_FIXES.get(s, s)
    return s if s in CANONICAL_NAMES else None


def clean_province_long(
    raw: pd.DataFrame, *, file: str = SOURCE_NAME
) -> tuple[pd.DataFrame, ProvinceCleaningReport]:
    """Clean the raw long table into the wide ``(province, year)`` panel (rules: module doc).

    Parameters
    ----------
    raw
        The file's rows as strings, columns :data:`RAW_COLUMNS`, in file order (row ``i`` of the
        frame is line ``i + 2`` of the file, which error messages quote).
    file
        Name used in error messages.

    Returns
    -------
    panel, report
        ``panel`` indexed by ``(province, year)``, sorted, every province-year of :data:`YEARS`,
        one float64 column per :data:`PROVINCE_CODEBOOK` code in codebook order.

    Raises
    ------
    DataError
        Unmapped province name, non-integer year, non-numeric value, unknown table/variable,
        item label or unit, a negative value where impossible, two rows for one cell, or an
        R&D total that disagrees between tables beyond tolerance.
    """
    rep = ProvinceCleaningReport(rows_read=len(raw))
    df = raw.reset_index(drop=True).copy()
    df["line"] = np.arange(len(df)) + 2  # header is line 1

    # 1. names --------------------------------------------------------------------------
    raw_names = df["province"].astype(str)
    mapping = {n: canonical_province(n) for n in raw_names.unique()}
    bad = [n for n, c in mapping.items() if c is None]
    if bad:
        first = int(df.loc[raw_names == bad[0], "line"].iloc[0])
        raise DataError(
            f"province name {bad[0]!r} is neither one of the 31 provinces nor {NATIONAL} and no "
            f"repair rule maps it (unmapped names: {bad})",
            file=file,
            row=first,
            column="province",
        )
    df["province"] = raw_names.map(mapping)
    fixed = Counter((r, mapping[r]) for r in raw_names[raw_names.map(lambda n: mapping[n] != n)])
    rep.names_fixed = dict(sorted(fixed.items()))

    # years -------------------------------------------------------------------------------
    year = pd.to_numeric(df["year"].str.strip(), errors="coerce")
    bad_year = year.isna() | (year != year.round())
    if bad_year.any():
        i = int(np.flatnonzero(bad_year.to_numpy())[0])
        raise DataError(
            f"year {df['year'].iloc[i]!r} is not an integer",
            file=file,
            row=int(df["line"].iloc[i]),
            column="year",
        )
    df["year"] = year.astype("int64")

    # 2. years outside the window ---------------------------------------------------------
    outside = ~df["year"].between(*YEARS)
    rep.rows_outside_years = int(outside.sum())
    rep.outside_years_by = {
        (str(t), int(y)): int(n)
        for (t, y), n in df[outside].groupby(["table", "year"]).size().items()
    }
    df = df[~outside]

    # known variables, labels and units ---------------------------------------------------
    df = _check_variables(df, rep, file)

    # 3. values ---------------------------------------------------------------------------
    text = df["value"].str.strip()
    empty = text.eq("")
    value = pd.to_numeric(text.where(~empty), errors="coerce")
    not_num = ~empty & (value.isna() | ~np.isfinite(value.fillna(0.0)))
    if not_num.any():
        i = int(np.flatnonzero(not_num.to_numpy())[0])
        raise DataError(
            f"value {df['value'].iloc[i]!r} is not a number",
            file=file,
            row=int(df["line"].iloc[i]),
            column="value",
        )
    rep.rows_missing_value = int(empty.sum())
    rep.missing_value_by = {
        (str(t), str(v)): int(n)
        for (t, v), n in df[empty].groupby(["table", "variable"]).size().items()
    }
    df = df[~empty].assign(value=value[~empty].astype("float64"))

    # one row per cell --------------------------------------------------------------------
    key = ["table", "variable", "province", "year"]
    dup = df.duplicated(key, keep=False)
    if dup.any():
        d = df[dup].sort_values([*key, "line"])
        lines = d["line"].head(2).tolist()
        r = d.iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} has more than one row for {r['province']} {r['year']} "
            f"(lines {lines}), e.g. a spaced and an unspaced spelling of the name",
            file=file,
            row=int(lines[1]),
            column="province",
        )

    # 4. units: raw -> canonical ----------------------------------------------------------
    df = df.assign(value=df["value"] * df["factor"])

    neg = df["nonnegative"] & (df["value"] < 0)
    if neg.any():
        r = df[neg].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} is negative ({r['value']:g}) for {r['province']} "
            f"{r['year']}; it cannot be",
            file=file,
            row=int(r["line"]),
            column="value",
        )

    # 5. the duplicated R&D total ---------------------------------------------------------
    df = _reconcile_rd_total(df, rep, file)

    # wide panel --------------------------------------------------------------------------
    rep.rows_used = len(df)
    conv = df[df["factor"] != 1.0]
    rep.conversions = {
        (str(c), f"{ru} -> {u}", float(f)): int(n)
        for (c, ru, u, f), n in conv.groupby(["code", "raw_unit", "unit", "factor"]).size().items()
    }
    wide = df.pivot(index=["province", "year"], columns="code", values="value")
    grid = pd.MultiIndex.from_product(
        [sorted(CANONICAL_NAMES), range(YEARS[0], YEARS[1] + 1)], names=["province", "year"]
    )
    panel = wide.reindex(index=grid, columns=list(PROVINCE_CODEBOOK["code"])).astype("float64")
    panel.columns.name = None
    panel = panel.sort_index()
    rep.panel_shape = panel.shape
    if not rep.accounted():  # a bug, not a data problem
        raise RuntimeError(f"row accounting broken: {rep.rows_read} read, {rep.rows_accounted}")
    return panel, rep


def _variable_specs() -> pd.DataFrame:
    """Codebook rows plus the duplicate R&D totals, keyed by (table, variable)."""
    cb = PROVINCE_CODEBOOK.assign(duplicate=False)
    dups = pd.DataFrame(
        [
            {
                "code": "rd_expenditure",
                "table": t,
                "variable": v,
                "item_zh": d["item_zh"],
                "raw_unit": d["raw_unit"],
                "unit": "亿元",
                "factor": d["factor"],
                "nonnegative": True,
                "duplicate": True,
            }
            for (t, v), d in DUPLICATE_RD_TOTALS.items()
        ]
    )
    cols = ["table", "variable", "code", "item_zh", "raw_unit", "unit", "factor", "nonnegative"]
    spec = pd.concat([cb[cols], dups[[*cols, "duplicate"]]], ignore_index=True)
    spec["duplicate"] = spec["duplicate"].fillna(False).astype(bool)
    return spec.rename(columns={"item_zh": "item_expected"})


def _check_variables(df: pd.DataFrame, rep: ProvinceCleaningReport, file: str) -> pd.DataFrame:
    """Attach each row's codebook entry; repair known unit labels; stop on anything unknown."""
    df = df.rename(columns={"unit": "unit_label"})
    out = df.merge(_variable_specs(), on=["table", "variable"], how="left", validate="m:1")
    out.index = df.index

    unknown = out["code"].isna()
    if unknown.any():
        r = out[unknown].iloc[0]
        raise DataError(
            f"unknown table/variable {r['table']}/{r['variable']}; PROVINCE_CODEBOOK lists "
            "every variable the panel reads",
            file=file,
            row=int(r["line"]),
            column="variable",
        )
    bad_item = out["item_zh"].str.strip() != out["item_expected"]
    if bad_item.any():
        r = out[bad_item].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} has item label {r['item_zh']!r}, expected "
            f"{r['item_expected']!r}",
            file=file,
            row=int(r["line"]),
            column="item_zh",
        )

    label = out["unit_label"].str.strip()
    wrong = label != out["raw_unit"]
    fixable = pd.Series(
        [
            UNIT_LABEL_FIXES.get((t, v, u)) == ru
            for t, v, u, ru in zip(
                out["table"], out["variable"], label, out["raw_unit"], strict=True
            )
        ],
        index=out.index,
        dtype=bool,
    )
    bad_unit = wrong & ~fixable
    if bad_unit.any():
        r = out[bad_unit].iloc[0]
        raise DataError(
            f"{r['table']}/{r['variable']} is in {r['unit_label']!r}; expected "
            f"{r['raw_unit']!r} (no conversion or label repair is known for this unit)",
            file=file,
            row=int(r["line"]),
            column="unit",
        )
    rep.unit_labels_fixed = {
        (str(t), str(v), str(u)): int(n)
        for (t, v, u), n in out[wrong]
        .assign(unit_label=label[wrong])
        .groupby(["table", "variable", "unit_label"])
        .size()
        .items()
    }
    return out


def _reconcile_rd_total(df: pd.DataFrame, rep: ProvinceCleaningReport, file: str) -> pd.DataFrame:
    """Keep RDActivity's R&D total; check the duplicates against it; fill its gaps from them."""
    key = ["province", "year"]
    primary = df[(df["code"] == "rd_expenditure") & ~df["duplicate"]].set_index(key)["value"]
    keep = ~df["duplicate"]
    fills = []
    rep.rd_total_check = {}
    # RDSource first: it has RDActivity's precision; RDIntense is rounded to 0.1 亿元
    for (table, _), spec in DUPLICATE_RD_TOTALS.items():
        rows = df[df["duplicate"] & (df["table"] == table)]
        other = rows.set_index(key)
        both = other.index.intersection(primary.index)
        diff = (other.loc[both, "value"] - primary.loc[both]).abs()
        too_far = diff > spec["tol"] + _FLOAT_SLACK
        if too_far.any():
            (prov, yr) = diff[too_far].index[0]
            line = int(other.loc[(prov, yr), "line"])
            raise DataError(
                f"R&D total of {prov} {yr}: {table} gives {other.loc[(prov, yr), 'value']:.4f} "
                f"亿元 but RDActivity {primary.loc[(prov, yr)]:.4f} 亿元; they may differ by "
                f"rounding only (tolerance {spec['tol']:g} 亿元)",
                file=file,
                row=line,
                column="value",
            )
        rep.rd_total_check[table] = {
            "rows_compared": len(both),
            "max_abs_diff_yi": float(diff.max()) if len(diff) else 0.0,
            "tolerance_yi": spec["tol"],
        }
        # where RDActivity has no value (and no earlier duplicate filled it), use this one
        gap = other.index.difference(primary.index)
        if len(gap):
            fills.append(other.loc[gap, "line"])
            primary = pd.concat([primary, other.loc[gap, "value"]])
    fill_lines = set(pd.concat(fills).tolist()) if fills else set()
    rep.rd_total_fallbacks = len(fill_lines)
    keep = keep | df["line"].isin(fill_lines)
    rep.rows_duplicate_reconciled = int((~keep).sum())
    return df[keep]
