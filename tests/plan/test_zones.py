"""Zone registry and resolver."""

from __future__ import annotations

import pytest

from gxq_analysis.errors import ZoneError
from gxq_analysis.plan.zones import (
    TIERS,
    load_zones,
    normalize_name,
    resolve_zone,
    zone_ids,
    zones_in_level,
    zones_in_tier,
)

DESIGN_IDS = {
    "national": [
        "shenyang",
        "dalian",
        "anshan",
        "benxi",
        "jinzhou",
        "yingkou",
        "fuxin",
        "liaoyang",
    ],
    "provincial": ["fushun", "dandong", "tieling", "panjin", "chaoyang", "huludao", "suizhong"],
}


def test_fifteen_zones_with_the_fixed_ids():
    assert list(zone_ids()) == DESIGN_IDS["national"] + DESIGN_IDS["provincial"]
    assert list(zones_in_level("national")) == DESIGN_IDS["national"]
    assert list(zones_in_level("provincial")) == DESIGN_IDS["provincial"]


def test_tiers_follow_plan_section_three():
    assert zones_in_tier("first_class") == ("shenyang", "dalian")
    assert zones_in_tier("innovative") == tuple(DESIGN_IDS["national"][2:])
    assert zones_in_tier("distinctive") == tuple(DESIGN_IDS["provincial"])
    assert set(load_zones()["tier"]) == set(TIERS)


@pytest.mark.parametrize("zone", list(load_zones().index))
def test_every_alias_resolves_to_its_zone(zone):
    row = load_zones().loc[zone]
    for name in (zone, row["name_zh"], row["name_en"], *row["aliases"]):
        assert resolve_zone(name) == zone, name


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("  沈阳高新技术产业开发区 ", "shenyang"),
        ("沈阳 高新区", "shenyang"),
        ("ＳＨＥＮＹＡＮＧ", "shenyang"),  # full-width letters
        ("Shenyang  Hi-Tech  Zone", "shenyang"),
        ("dalian high tech industrial zone", "dalian"),
        ("锦州市", "jinzhou"),
        ("葫芦岛市绥中县", "suizhong"),
        ("绥中", "suizhong"),
        ("葫芦岛", "huludao"),
        ("（本溪）高新区", "benxi"),
    ],
)
def test_normalization(name, zone):
    assert resolve_zone(name) == zone


@pytest.mark.parametrize("name", ["金州", "金州区", "金州高新区"])
def test_jinzhou_district_of_dalian_is_not_jinzhou_city(name):
    with pytest.raises(ZoneError) as exc:
        resolve_zone(name)
    assert "unknown zone" in str(exc.value)


def test_false_friend_explained():
    with pytest.raises(ZoneError, match="part of Dalian"):
        resolve_zone("金州")


def test_unknown_name_lists_close_matches():
    with pytest.raises(ZoneError) as exc:
        resolve_zone("沈杨高新区")  # typo: 杨 for 阳
    msg = str(exc.value)
    assert "did you mean" in msg and "(shenyang)" in msg
    assert "zone ids:" in msg and "suizhong" in msg
    assert isinstance(exc.value, ValueError)


def test_no_alias_is_shared_between_zones():
    seen: dict[str, str] = {}
    for zone, row in load_zones().iterrows():
        for name in (zone, row["name_zh"], row["name_en"], *row["aliases"]):
            key = normalize_name(name)
            assert seen.setdefault(key, zone) == zone, name


def test_bad_tier_lists_allowed():
    with pytest.raises(ValueError, match="first_class"):
        zones_in_tier("national")
