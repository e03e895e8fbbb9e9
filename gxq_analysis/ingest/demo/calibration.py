"""Calibration of the synthetic demo panel to the plan's 2015 figures, and the check of it.

The demo generator (:mod:`gxq_analysis.ingest.demo`) draws plausible 2015 levels for every zone,
then :func:`calibrate_levels` overwrites them so that each figure of ``data/plan_facts.csv`` that a
zone panel can express holds at the plan's printed precision:

* **sums** over a scope (``all_zones``, ``national_zones``, ``provincial_zones``,
  ``provincial_zones_ex_dandong``) are allocated to the zones in integer units of the printed
  precision (largest-remainder rounding of the drawn levels used as weights), nested scopes
  first, so counts are exact integers and every stated total and sub-total holds;
* zone **values** of a derived ratio are met by solving one side of the ratio (see
  :data:`SOLVE_SIDE`); for an integer side the nearest integer that prints the plan's figure;
* **ratios of sums** over a scope rescale the numerators of the scope's zones;
* a **difference** between two scopes' ratios of sums (the plan's "2.75 percentage points below
  the national zones") fixes the other scope's ratio of sums, which is then rescaled likewise.

:func:`fact_value` computes any fact from a 2015 cross-section, and :func:`calibration_report`
lists every fact with the value achieved, or why a zone panel cannot express it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ...plan.codebook import RATIOS, load_codebook
from ...plan.facts import load_plan_facts, printed_decimals
from ...plan.zones import load_zones, zone_ids

CALIBRATION_YEAR = 2015

#: Decimals kept in the shipped CSV per canonical unit: 亿元 and 万平方米 to 4 decimals (1 万元,
#: 1 平方米), persons and counts as integers.
UNIT_DECIMALS = {"亿元": 4, "万平方米": 4, "人": 0, "个": 0, "件": 0}

#: Which side of a derived ratio the calibration solves for a zone's stated value: the side that
#: is not itself an output of the production process (revenue and GDP come from the process).
SOLVE_SIDE = {
    "hitech_firm_share": "denominator",  # firms, an integer
    "export_share": "numerator",  # exports
    "service_share": "numerator",  # service revenue
    "rd_intensity": "numerator",  # R&D spending (an input, set before the outputs)
    "city_gdp_share": "denominator",  # the host city's GDP
    "fiscal_st_share": "numerator",  # fiscal S&T spending
}

#: Columns that belong to the host city rather than the zone: zones sharing a city share them.
CITY_COLUMNS = ("city_gdp",)

_GAP = re.compile(r"^(?P<ratio>[a-z_]+?)_gap_to_(?P<other>[a-z_]+)$")

#: Scopes that are not zones of the panel, with why a zone panel cannot express their facts.
_OUTSIDE_SCOPES = {
    "liaoning_province": "a total of Liaoning province as a whole: the province is not a zone "
    "and no zone indicator holds its figures",
    "national_average": "a benchmark: the average over all of China's national high-tech zones "
    "(2015), not a figure of Liaoning's 15 zones; the chapters compare against it",
}
_PROVINCE_SHARE = (
    "a share of a Liaoning province total: its denominator (the province's {what}) is not a "
    "zone indicator, so the zone panel can only supply the numerator"
)


def decimals(code: str) -> int:
    """Decimals the demo CSV keeps for an indicator (from its canonical unit)."""
    unit = load_codebook().loc[code, "unit"]
    if unit not in UNIT_DECIMALS:  # a codebook change the generator does not know yet
        raise RuntimeError(f"no storage precision for unit {unit!r} of {code!r}")
    return UNIT_DECIMALS[unit]


def store(code: str, values: np.ndarray) -> np.ndarray:
    """Round values to the precision the demo CSV keeps for ``code``."""
    return np.round(np.asarray(values, dtype=float), decimals(code))


def scope_zones(scope: str) -> tuple[str, ...] | None:
    """Zone ids a fact's scope covers, in registry order; None for scopes that are no zones."""
    z = load_zones()
    if scope in z.index:
        return (scope,)
    groups = {
        "all_zones": tuple(z.index),
        "national_zones": tuple(z.index[z["level"] == "national"]),
        "provincial_zones": tuple(z.index[z["level"] == "provincial"]),
        "provincial_zones_ex_dandong": tuple(
            i for i in z.index[z["level"] == "provincial"] if i != "dandong"
        ),
    }
    if scope in groups:
        return groups[scope]
    if scope in _OUTSIDE_SCOPES:
        return None
    raise RuntimeError(f"plan fact scope {scope!r} is unknown to the demo calibration")


def uncalibratable_reason(fact: pd.Series) -> str | None:
    """Why a zone panel cannot express ``fact``, or None if it can."""
    if fact["scope"] in _OUTSIDE_SCOPES:
        return _OUTSIDE_SCOPES[fact["scope"]]
    if str(fact["indicator"]).endswith("_share_of_province"):
        what = str(fact["indicator"]).removesuffix("_share_of_province")
        return _PROVINCE_SHARE.format(what=what)
    return None


def _ratio_of_sums(cs: pd.DataFrame, ratio: str, zones: Sequence[str]) -> float:
    r = RATIOS[ratio]
    sub = cs.loc[list(zones)]
    return r.scale * float(sub[r.numerator].sum()) / float(sub[r.denominator].sum())


def fact_value(cs: pd.DataFrame, fact: pd.Series) -> float:
    """A plan fact computed from a one-year cross-section indexed by zone.

    ``count`` counts the scope's zones present; ``sum`` adds the indicator over them; ``value``
    is one zone's indicator or derived ratio; ``ratio_of_sums`` is ``scale * sum(numerator) /
    sum(denominator)`` over the scope; ``difference`` (indicator ``<ratio>_gap_to_<scope2>``) is
    the ratio of sums over ``scope2`` minus that over the fact's scope.
    """
    zones = scope_zones(fact["scope"])
    agg, ind = fact["aggregation"], fact["indicator"]
    if zones is None or uncalibratable_reason(fact) is not None:
        raise ValueError(f"fact {fact.name} cannot be computed from a zone panel")
    if agg == "count":
        return float(sum(z in cs.index for z in zones))
    if agg == "sum":
        return float(cs.loc[list(zones), ind].sum(skipna=False))
    if agg == "value":
        if ind in RATIOS:
            return float(RATIOS[ind].compute(cs.loc[list(zones)]).iloc[0])
        return float(cs.loc[zones[0], ind])
    if agg == "ratio_of_sums":
        return _ratio_of_sums(cs, ind, zones)
    if agg == "difference":
        m = _GAP.match(ind)
        other = scope_zones(m.group("other")) if m else None
        if m is None or other is None or m.group("ratio") not in RATIOS:
            raise RuntimeError(f"fact {fact.name}: cannot read difference indicator {ind!r}")
        return _ratio_of_sums(cs, m.group("ratio"), other) - _ratio_of_sums(
            cs, m.group("ratio"), zones
        )
    raise RuntimeError(f"fact {fact.name}: aggregation {agg!r} is unknown to the calibration")


def calibration_report(
    panel: pd.DataFrame, year: int = CALIBRATION_YEAR
) -> tuple[list[dict], list[dict]]:
    """Every plan fact of ``year``: achieved values, and the facts a zone panel cannot express.

    Returns
    -------
    targets
        One dict per expressible fact: ``fact_id``, ``scope``, ``indicator``, ``aggregation``,
        ``unit``, ``decimals``, ``target`` (the plan's printed figure), ``achieved`` (full
        precision), ``achieved_printed`` (at the plan's decimals) and ``matches``.
    not_calibrated
        One dict per other fact: ``fact_id``, ``scope``, ``indicator``, ``value``, ``reason``.
    """
    cs = panel.xs(year, level="year")
    targets, skipped = [], []
    for fid, fact in load_plan_facts().iterrows():
        if fact["year"] != year:
            continue
        reason = uncalibratable_reason(fact)
        if reason is not None:
            skipped.append(
                {
                    "fact_id": fid,
                    "scope": fact["scope"],
                    "indicator": fact["indicator"],
                    "value": fact["value_printed"],
                    "reason": reason,
                }
            )
            continue
        d = printed_decimals(fid)
        achieved = fact_value(cs, fact)
        printed = f"{achieved:.{d}f}"
        targets.append(
            {
                "fact_id": fid,
                "scope": fact["scope"],
                "indicator": fact["indicator"],
                "aggregation": fact["aggregation"],
                "unit": fact["unit"],
                "decimals": d,
                "target": fact["value_printed"],
                "achieved": achieved,
                "achieved_printed": printed,
                "matches": printed == fact["value_printed"],
            }
        )
    return targets, skipped


# --------------------------------------------------------------------------------------------
# allocation and calibration of the 2015 levels


def allocate(total: int, weights: np.ndarray, minimum: np.ndarray) -> np.ndarray:
    """Split an integer ``total`` into integers >= ``minimum``, proportional to ``weights``.

    The remainder after the minimums is shared by the largest-remainder (Hamilton) method;
    ties go to the earlier zone, so the result is deterministic.
    """
    minimum = np.asarray(minimum, dtype=np.int64)
    rest = int(total) - int(minimum.sum())
    if rest < 0:
        raise RuntimeError(f"cannot allocate {total}: the minimums add up to {minimum.sum()}")
    w = np.asarray(weights, dtype=float)
    quota = rest * w / w.sum()
    base = np.floor(quota).astype(np.int64)
    left = rest - int(base.sum())
    order = np.argsort(-(quota - base), kind="stable")
    base[order[:left]] += 1
    return minimum + base


def _sum_facts(indicator: str) -> list[tuple[str, float, int]]:
    f = load_plan_facts()
    rows = f[
        (f["year"] == CALIBRATION_YEAR)
        & (f["aggregation"] == "sum")
        & (f["indicator"] == indicator)
    ]
    return [
        (r["scope"], r["value"], printed_decimals(fid))
        for fid, r in rows.iterrows()
        if uncalibratable_reason(r) is None
    ]


def allocate_sums(
    indicator: str,
    values: np.ndarray,
    *,
    minimum: np.ndarray | float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Make the plan's sums of ``indicator`` hold by re-allocating ``values`` (one per zone).

    Scopes must be nested or disjoint (a laminar family, as the plan's are): the smallest are
    allocated first and each larger scope gets its total less its sub-scopes' totals.  Zones in
    no scope keep their value.  Returns the new values and a mask of the allocated zones.
    """
    ids = zone_ids()
    facts = _sum_facts(indicator)
    out = np.asarray(values, dtype=float).copy()
    done = np.zeros(len(ids), dtype=bool)
    if not facts:
        return out, done
    unit = 10.0 ** max(d for _, _, d in facts)
    mins = np.broadcast_to(np.ceil(np.asarray(minimum, dtype=float) * unit), out.shape)
    sets = [(frozenset(scope_zones(s)), round(v * unit), s) for s, v, _ in facts]
    sets.sort(key=lambda t: len(t[0]))
    for a, _, sa in sets:
        for b, _, sb in sets:
            if not (a <= b or b <= a or not (a & b)):
                raise RuntimeError(f"{indicator}: scopes {sa} and {sb} overlap without nesting")
    processed: list[tuple[frozenset, int]] = []
    for members, total, scope in sets:
        inner = [p for p in processed if p[0] < members]
        children = [p for p in inner if not any(p[0] < q[0] for q in inner)]
        covered = frozenset().union(*(c[0] for c in children)) if children else frozenset()
        free = [i for i, z in enumerate(ids) if z in members and z not in covered]
        free_total = total - sum(c[1] for c in children)
        if not free:
            if free_total != 0:
                raise RuntimeError(
                    f"{indicator}: the plan's {scope} total does not equal its parts' totals"
                )
        else:
            w = np.maximum(out[free], 1e-9)
            out[free] = allocate(free_total, w, mins[free]) / unit
            done[free] = True
        processed.append((members, total))
    return out, done


def _solve_integer(target: str, scale: float, fixed: float, side: str) -> float:
    """The integer for the free side of a ratio whose value prints as ``target``."""
    v = float(target)
    d = len(target.split(".")[1]) if "." in target else 0
    guess = fixed * scale / v if side == "denominator" else v * fixed / scale
    for step in range(200):  # widen around the guess until an integer prints the target
        hits = []
        for cand in (math.floor(guess) - step, math.ceil(guess) + step):
            if cand <= 0:
                continue
            num, den = (fixed, cand) if side == "denominator" else (cand, fixed)
            ratio = scale * num / den
            if f"{ratio:.{d}f}" == target:
                hits.append((abs(ratio - v), cand))
        if hits:  # the one whose ratio is closest to the plan's figure
            return float(min(hits)[1])
    raise RuntimeError(f"no integer gives a ratio printing as {target}")


def fixed_shares() -> dict[str, np.ndarray]:
    """Zone-level ratios the plan states, as fractions per zone (NaN where it states none).

    The level drawer uses them so that the levels derived from a ratio (R&D spending from R&D
    intensity, and so on) start from the plan's figure.
    """
    ids = zone_ids()
    out = {code: np.full(len(ids), np.nan) for code in RATIOS}
    f = load_plan_facts()
    rows = f[(f["year"] == CALIBRATION_YEAR) & (f["aggregation"] == "value")]
    for _, r in rows.iterrows():
        if r["indicator"] in RATIOS and r["scope"] in ids:
            out[r["indicator"]][ids.index(r["scope"])] = r["value"] / RATIOS[r["indicator"]].scale
    return out


def calibrate_levels(
    levels: Mapping[str, np.ndarray],
    aux: Mapping[str, np.ndarray],
    city: np.ndarray,
) -> dict[str, np.ndarray]:
    """Overwrite drawn 2015 levels so that every expressible 2015 plan fact holds.

    Parameters
    ----------
    levels
        Drawn 2015 level per zone (registry order) for every codebook code, already rounded to
        the CSV's precision.
    aux
        The drawn firm structure: ``hitech_firm_share`` and ``above_scale_share`` (fractions of
        all firms) per zone, used to rebuild firm counts around the allocated ones.
    city
        Integer city code per zone; zones with the same code share :data:`CITY_COLUMNS`.
    """
    ids = zone_ids()
    lv = {k: np.asarray(v, dtype=float).copy() for k, v in levels.items()}
    facts = load_plan_facts()
    facts = facts[facts["year"] == CALIBRATION_YEAR]
    known = {"count", "sum", "value", "ratio_of_sums", "difference", "benchmark"}
    unknown = set(facts["aggregation"]) - known
    if unknown:
        raise RuntimeError(f"plan facts use aggregations the calibration cannot meet: {unknown}")

    # 1. Firm counts: high-tech firms first, then above-scale firms (which contain them, as the
    # plan's "其中" says), then all firms around both, using the drawn firm structure.
    lv["hitech_firms"], _ = allocate_sums("hitech_firms", lv["hitech_firms"], minimum=1)
    above, above_done = allocate_sums(
        "firms_above_scale", lv["firms_above_scale"], minimum=lv["hitech_firms"]
    )
    firms = np.round(lv["hitech_firms"] / aux["hitech_firm_share"])
    firms = np.where(
        above_done, np.maximum(firms, np.ceil(above / aux["above_scale_share"])), firms
    )
    lv["firms"] = np.maximum(firms, lv["hitech_firms"])
    lv["firms_above_scale"] = above

    # 2. Every other sum the plan states (platforms: incubated firms, R&D institutions, area).
    others = sorted(
        set(facts.loc[facts["aggregation"] == "sum", "indicator"])
        - {"hitech_firms", "firms_above_scale"}
    )
    for code in others:
        if code not in lv:
            raise RuntimeError(f"plan sum fact on {code!r}, which is not a codebook code")
        minimum = 1.0 if decimals(code) == 0 else 0.2
        lv[code], _ = allocate_sums(code, lv[code], minimum=minimum)

    # 3. Zone values of derived ratios (and of plain indicators, set directly).
    for fid, r in facts[facts["aggregation"] == "value"].iterrows():
        i = ids.index(r["scope"])
        code = r["indicator"]
        if code not in RATIOS:
            lv[code][i] = float(r["value"])
            continue
        ratio, side = RATIOS[code], SOLVE_SIDE[code]
        free = ratio.numerator if side == "numerator" else ratio.denominator
        fixed = lv[ratio.denominator if side == "numerator" else ratio.numerator][i]
        if decimals(free) == 0:
            new = _solve_integer(r["value_printed"], ratio.scale, fixed, side)
        elif side == "numerator":
            new = float(store(free, r["value"] / ratio.scale * fixed))
        else:
            new = float(store(free, fixed * ratio.scale / r["value"]))
        if free in CITY_COLUMNS:
            peers = np.flatnonzero(city == city[i])
            clash = [ids[j] for j in peers if j != i and _has_value_fact(facts, ids[j], code)]
            if clash:
                raise RuntimeError(f"{fid}: {ids[i]} shares its city with {clash}")
            lv[free][peers] = new
        else:
            lv[free][i] = new

    # 4. Above-scale firms of zones no sum covers follow the (possibly re-solved) firm count.
    lv["firms_above_scale"] = np.where(
        above_done,
        lv["firms_above_scale"],
        np.clip(np.round(lv["firms"] * aux["above_scale_share"]), 1, lv["firms"]),
    )

    # 5. Ratios of sums, then differences between two scopes' ratios of sums.
    ros_targets: dict[tuple[str, frozenset], float] = {}
    for _, r in facts[facts["aggregation"] == "ratio_of_sums"].iterrows():
        if uncalibratable_reason(r) is None:
            ros_targets[(r["indicator"], frozenset(scope_zones(r["scope"])))] = r["value"]
    for _, r in facts[facts["aggregation"] == "difference"].iterrows():
        m = _GAP.match(r["indicator"])
        base = (m.group("ratio"), frozenset(scope_zones(r["scope"])))
        if base not in ros_targets:
            raise RuntimeError(f"difference fact {r.name} needs a ratio of sums for its scope")
        other = (m.group("ratio"), frozenset(scope_zones(m.group("other"))))
        ros_targets[other] = ros_targets[base] + r["value"]
    for (code, members), target in ros_targets.items():
        ratio = RATIOS[code]
        if decimals(ratio.numerator) == 0:  # rescaling would break integer counts
            raise RuntimeError(f"ratio of sums of {code}: its numerator is a count")
        idx = np.array([i for i, z in enumerate(ids) if z in members])
        num, den = lv[ratio.numerator], lv[ratio.denominator]
        factor = target / ratio.scale * den[idx].sum() / num[idx].sum()
        num[idx] = store(ratio.numerator, num[idx] * factor)
    return lv


def _has_value_fact(facts: pd.DataFrame, zone: str, indicator: str) -> bool:
    return bool(
        (
            (facts["scope"] == zone)
            & (facts["indicator"] == indicator)
            & (facts["aggregation"] == "value")
        ).any()
    )
