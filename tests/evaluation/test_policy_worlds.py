"""The simulated worlds the policy tests are judged on (synthetic data)."""

from __future__ import annotations

import numpy as np
import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.evaluation.policy_worlds import WORLDS, simulate_world
from gxq_analysis.ingest.demo.process import OUTPUTS


@pytest.mark.parametrize("world", WORLDS)
def test_worlds_are_shaped_like_the_data_and_seeded(world):
    panel, treated = simulate_world(world, 5)
    again, treated_again = simulate_world(world, 5)
    assert panel.equals(again) and treated == treated_again
    zones = sorted(set(panel.index.get_level_values(0)))
    years = sorted(set(panel.index.get_level_values(1)))
    assert len(zones) == 15 and years == list(range(2011, 2021))
    assert list(panel.columns) == list(OUTPUTS) and (panel > 0).all().all()
    assert len(treated) == 2 and set(treated) <= set(zones)
    assert not panel.equals(simulate_world(world, 6)[0])


def test_exchangeable_world_draws_the_treated_at_random():
    pairs = {simulate_world("exchangeable", s)[1] for s in range(30)}
    assert len(pairs) > 10  # not a fixed pair
    # and never the two zones whose trends the generator forces
    assert not any({"sim0001", "sim0002"} & set(p) for p in pairs)
    panel, _ = simulate_world("exchangeable", 0)
    assert not {"sim0001", "sim0002"} & set(panel.index.get_level_values(0))


def test_factor_world_treats_the_largest_zones_and_is_heteroskedastic():
    panel, treated = simulate_world("factor", 2)
    level = np.log(panel["revenue"]).groupby(level=0).mean()
    assert set(level.nlargest(2).index) == set(treated)
    resid = np.log(panel["revenue"]).unstack().diff(axis=1).std(axis=1)
    assert resid.max() / resid.min() > 1.5  # zones differ in their noise


def test_unknown_world_is_refused_with_the_choices():
    with pytest.raises(OptionError, match="generator"):
        simulate_world("placebo", 0)
