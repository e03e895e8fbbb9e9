"""The codebook (indicator codes, names, units, blocks) and the derived ratios of the plan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from .. import config
from ..options import check_choice

BLOCKS = ("output", "rd", "financing", "talent", "platform", "context")


@cache
def load_codebook() -> pd.DataFrame:
    """The codebook indexed by indicator code, in file order."""
    df = pd.read_csv(config.CODEBOOK_CSV, dtype=str, keep_default_na=False)
    df["nonnegative"] = df["nonnegative"].str.lower().eq("true")
    df["aliases"] = df["aliases"].map(lambda s: tuple(a for a in s.split("|") if a))
    return df.set_index("code")


def indicator_codes(block: str | None = None) -> tuple[str, ...]:
    """Codes of all indicators, or of one block."""
    cb = load_codebook()
    if block is not None:
        check_choice("block", block, BLOCKS)
        cb = cb[cb["block"] == block]
    return tuple(cb.index)


@dataclass(frozen=True)
class Ratio:
    """A derived indicator: ``scale * numerator / denominator``."""

    code: str
    numerator: str
    denominator: str
    name_zh: str
    name_en: str
    plan_term: str
    scale: float = 100.0
    unit: str = "%"

    @property
    def formula(self) -> str:
        return f"{self.code} = {self.scale:g} × {self.numerator} / {self.denominator}"

    def compute(self, panel: pd.DataFrame) -> pd.Series:
        """The ratio for every row of ``panel``; NaN where the denominator is 0 or missing."""
        den = panel[self.denominator].astype(float).replace(0.0, np.nan)
        return (self.scale * panel[self.numerator].astype(float) / den).rename(self.code)


# The plan's ratios (§二(二)), defined once; chapters and benchmarks use these and nothing else.
RATIOS: dict[str, Ratio] = {
    r.code: r
    for r in (
        Ratio(
            "hitech_firm_share",
            "hitech_firms",
            "firms",
            "高新技术企业占企业总数比例",
            "High-tech enterprise share of firms",
            "经认定的高新技术企业占企业总数的比例",
        ),
        Ratio(
            "export_share",
            "exports",
            "revenue",
            "出口额占营业收入比例",
            "Exports as share of revenue",
            "出口额占营业收入比例",
        ),
        Ratio(
            "service_share",
            "service_revenue",
            "revenue",
            "服务收入占营业收入比例",
            "Service revenue as share of revenue",
            "服务收入占营业收入比例",
        ),
        Ratio(
            "rd_intensity",
            "rd_expenditure",
            "revenue",
            "研发投入占销售收入比例",
            "R&D spending as share of revenue",
            "企业研发投入占销售收入比例",
        ),
        Ratio(
            "city_gdp_share",
            "gdp",
            "city_gdp",
            "高新区GDP占所在市GDP比例",
            "Zone GDP as share of city GDP",
            "高新区GDP占所在市GDP比例",
        ),
        Ratio(
            "fiscal_st_share",
            "fiscal_st",
            "fiscal_total",
            "财政科技资金投入比重",
            "Fiscal S&T share of expenditure",
            "财政科技资金投入比重",
        ),
    )
}


def add_ratios(panel: pd.DataFrame, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return a copy of ``panel`` with the derived ratios whose inputs it holds."""
    out = panel.copy()
    for code in codes or tuple(RATIOS):
        r = RATIOS[code]
        if r.numerator in out and r.denominator in out:
            out[code] = r.compute(out)
    return out


def indicator_label(code: str, lang: str = "zh", *, unit: bool = True) -> str:
    """Display label of an indicator or ratio, e.g. ``地区生产总值（亿元）``."""
    if code in RATIOS:
        r = RATIOS[code]
        name, u = (r.name_zh if lang == "zh" else r.name_en), r.unit
    else:
        cb = load_codebook()
        if code not in cb.index:
            return code
        row = cb.loc[code]
        name, u = (row["name_zh"] if lang == "zh" else row["name_en"]), row["unit"]
    if not unit:
        return name
    return f"{name}（{u}）" if lang == "zh" else f"{name} ({u})"


def normalize_header(header: str) -> tuple[str, str | None]:
    """Split a spreadsheet header into (normalized name, unit or None).

    ``R&D经费内部支出（万元）`` -> ``("r&d经费内部支出", "万元")``.
    """
    s = unicodedata.normalize("NFKC", str(header)).strip()
    m = re.match(r"^(.*?)\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$", s)
    name, unit = (m.group(1), m.group(2)) if m else (s, None)
    name = re.sub(r"\s+", "", name).lower()
    return name, unit


@cache
def header_table() -> dict[str, str]:
    """Normalized header spelling -> indicator code, from the codebook's names and aliases."""
    table: dict[str, str] = {}
    for code, row in load_codebook().iterrows():
        for name in (code, row["name_zh"], row["name_en"], *row["aliases"]):
            # a name may end in brackets of its own ("R&D institutions (provincial level and
            # above)"): register it whole as well as with the bracket read as a unit
            whole = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
            for key in dict.fromkeys((normalize_header(name)[0], whole)):
                other = table.setdefault(key, code)
                if other != code:
                    raise RuntimeError(f"codebook alias {name!r} is ambiguous: {other} and {code}")
    return table
