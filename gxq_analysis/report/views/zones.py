"""One zone's facts and peers, for its profile."""

from __future__ import annotations

from ...plan.zones import load_zones
from ..strings import city_label, inline, t, tier_label, zone_label

__all__ = ["tier_peers", "zone_facts"]


def zone_facts(zone: str, lang: str) -> dict[str, str]:
    """Name, city, level and tier of a zone in the chapter language (level and tier as they
    read inside a sentence)."""
    row = load_zones().loc[zone]
    return {
        "zone": zone_label(zone, lang),
        "city": city_label(row["city"], lang),
        "level": inline(t(f"level.{row['level']}", lang), lang),
        "tier": inline(tier_label(row["tier"], lang), lang),
    }


def tier_peers(zone: str) -> tuple[str, ...]:
    """The zones of a zone's tier (itself included)."""
    z = load_zones()
    return tuple(z.index[z["tier"] == z.loc[zone, "tier"]])
