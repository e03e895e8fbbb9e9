"""The zone registry: the 15 zones of the plan, their tiers and the names spreadsheets use."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import pandas as pd

from .. import config
from ..errors import ZoneError
from ..options import check_choice

LEVELS = ("national", "provincial")
TIERS = ("first_class", "innovative", "distinctive")

#: The Shenyang–Dalian National Independent Innovation Demonstration Zone (沈大国家自主创新
#: 示范区), approved in 2016: the plan's main policy event (DESIGN §2). The demo generator's
#: treatment and the DiD's default design both come from here.
DEMONSTRATION_ZONES: tuple[str, ...] = ("shenyang", "dalian")
DEMONSTRATION_START = 2016
TIER_NAMES = {
    "first_class": ("国家一流科技园区", "world-class science parks"),
    "innovative": ("创新型科技园区", "innovative science parks"),
    "distinctive": ("创新型特色园区", "distinctive innovative parks"),
}

# Suffixes stripped before matching, longest first so that e.g. 高新技术产业开发区 goes whole.
_SUFFIXES_ZH = (
    "国家高新技术产业开发区",
    "省级高新技术产业开发区",
    "高新技术产业开发区",
    "高新技术产业园区",
    "高新技术开发区",
    "国家高新区",
    "省级高新区",
    "高新区",
    "开发区",
    "园区",
    "市",
    "县",
)
_SUFFIXES_EN = (
    "nationalhitechindustrialdevelopmentzone",
    "hitechindustrialdevelopmentzone",
    "hightechindustrialdevelopmentzone",
    "hitechindustrialzone",
    "hightechindustrialzone",
    "industrialdevelopmentzone",
    "hitechzone",
    "hightechzone",
    "gaoxinqu",
    "national",
    "zone",
    "city",
    "county",
)
# Real-world names that look like a zone but are something else; resolving them would be wrong.
# name -> catalogue key of the reason (gxq_analysis.catalogue.data, ``data.zone.why.*``)
_FALSE_FRIENDS = {
    "金州": "data.zone.why.jinzhou_district",
    "金州区": "data.zone.why.jinzhou_district",
    "金普新区": "data.zone.why.jinpu",
}


# Footnote markers yearbooks print after a name (本溪高新区①, 营口高新区*): not part of it.
_MARKERS = re.compile(r"[\u2460-\u2473\u2776-\u277f*＊※△▲☆★†‡#⁰¹²³⁴⁵⁶⁷⁸⁹]+$")
# Level prefixes of official long names (国家级沈阳高新技术产业开发区, 省级抚顺...).
_PREFIXES_ZH = ("辽宁省", "辽宁", "国家级", "省级")


def normalize_name(name: str) -> str:
    """Canonical form of a zone name for matching.

    NFKC (full-width letters, digits and spaces become ASCII), lower case, no white space
    (``沈　　阳`` as yearbooks space out short names), hyphens, dots or brackets, trailing
    footnote markers (``①``, ``*``, ``※``), the level prefix of official names (国家级, 省级)
    and the usual suffixes (高新区, 高新技术产业开发区, Hi-tech Zone, 市, ...) removed.
    """
    s = _MARKERS.sub("", str(name).strip())
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"[\s\-_.·・'’()\[\]（）【】]+", "", s)
    for pre in _PREFIXES_ZH:
        if s.startswith(pre) and len(s) > len(pre):
            s = s[len(pre) :]
    for suf in (*_SUFFIXES_ZH, *_SUFFIXES_EN):
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
    return s


@cache
def load_zones() -> pd.DataFrame:
    """The registry as a DataFrame indexed by zone id, in the plan's order."""
    df = pd.read_csv(config.ZONES_CSV, dtype=str, keep_default_na=False)
    df["aliases"] = df["aliases"].map(lambda s: tuple(a for a in s.split("|") if a))
    return df.set_index("zone")


def zone_ids() -> tuple[str, ...]:
    """All zone ids, in the plan's order (national first)."""
    return tuple(load_zones().index)


@cache
def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for zone, row in load_zones().iterrows():
        for name in (zone, row["name_zh"], row["name_en"], *row["aliases"]):
            key = normalize_name(name)
            other = table.setdefault(key, zone)
            if other != zone:
                raise RuntimeError(f"alias {name!r} is ambiguous: {other} and {zone}")
    return table


def false_friend(name: str) -> str | None:
    """The catalogue key saying why a name that looks like a zone is not one (金州 is a
    district of Dalian, not 锦州), or None."""
    raw = unicodedata.normalize("NFKC", str(name)).strip()
    return _FALSE_FRIENDS.get(raw) or _FALSE_FRIENDS.get(normalize_name(name))


def resolve_zone(name: str) -> str:
    """Return the zone id for any registered spelling of a zone.

    Raises
    ------
    ZoneError
        With the closest registered names when ``name`` matches none.
    """
    key = normalize_name(name)
    table = _alias_table()
    if key in table:
        return table[key]
    hint = false_friend(name)
    spellings = {}
    for zone, row in load_zones().iterrows():
        for n in (zone, row["name_zh"], row["name_en"], *row["aliases"]):
            spellings.setdefault(normalize_name(n), n)
    close = difflib.get_close_matches(key, list(spellings), n=5, cutoff=0.5)
    raise ZoneError(
        name,
        reason=hint,
        suggestions=[(spellings[c], table[c]) for c in close],
        zones=zone_ids(),
    )


def zones_named_in(text: str) -> list[tuple[str, str]]:
    """Zones whose Chinese name or alias occurs in ``text`` (a title), as ``(zone, name)``.

    Names are matched longest first and a matched span is not matched again, so
    ``葫芦岛市绥中县`` names only Suizhong. Spaces are ignored (``沈　阳高新区``). Used to find
    the zone of a city-yearbook page named only in its title; the caller refuses a title that
    names several zones.
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    names: list[tuple[str, str]] = []
    for zone, row in load_zones().iterrows():
        for n in (row["name_zh"], *row["aliases"]):
            if re.search(r"[\u4e00-\u9fff]", n):
                names.append((n, zone))
    names.sort(key=lambda t: len(t[0]), reverse=True)
    found: list[tuple[str, str]] = []
    taken = [False] * len(s)
    for n, zone in names:
        start = s.find(n)
        while start >= 0:
            if not any(taken[start : start + len(n)]):
                taken[start : start + len(n)] = [True] * len(n)
                if zone not in (z for z, _ in found):
                    found.append((zone, n))
            start = s.find(n, start + 1)
    return found


def zones_in_tier(tier: str) -> tuple[str, ...]:
    check_choice("tier", tier, TIERS)
    z = load_zones()
    return tuple(z.index[z["tier"] == tier])


def zones_in_level(level: str) -> tuple[str, ...]:
    check_choice("level", level, LEVELS)
    z = load_zones()
    return tuple(z.index[z["level"] == level])


def zone_label(zone: str, lang: str = "zh") -> str:
    """Display name of a zone in Chinese or English."""
    row = load_zones().loc[zone]
    return row["name_zh"] if lang == "zh" else row["name_en"]
