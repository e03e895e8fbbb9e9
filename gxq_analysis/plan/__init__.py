"""The plan as data: zone registry, codebook and derived ratios, plan facts."""

from .codebook import RATIOS, add_ratios, indicator_codes, indicator_label, load_codebook
from .facts import load_plan_facts, plan_text
from .zones import TIERS, load_zones, resolve_zone, zone_ids, zone_label

__all__ = [
    "RATIOS",
    "TIERS",
    "add_ratios",
    "indicator_codes",
    "indicator_label",
    "load_codebook",
    "load_plan_facts",
    "load_zones",
    "plan_text",
    "resolve_zone",
    "zone_ids",
    "zone_label",
]
