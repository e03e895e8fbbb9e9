"""Size of the headline randomization tests on the project's simulator (slow tier).

The full study with every test, effect sizes and 500 seeds is ``benchmarks/bench_policy.py``;
this test re-measures the size of the DiD's randomization test and of its pre-trend test on
300 fresh seeds (10,000 onwards, not the benchmark's) so that a change that breaks them fails
here. With 105 assignments a p-value is a multiple of 1/105, so the exact size at 5% is
5/105 = 4.76% when the zones are exchangeable; the Monte Carlo standard deviation of a rate
near 5% over 300 seeds is 1.2 points, and the test allows 3.5 of them either side.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gxq_analysis.ingest.demo import simulate_zone_panel
from gxq_analysis.models.randomization import did_randomization, event_randomization
from gxq_analysis.models.within import level_codes

pytestmark = pytest.mark.slow

SEEDS = range(10_000, 10_300)
EXACT = 5 / 105


def _arrays(panel):
    y = np.log(panel["revenue"].to_numpy())
    unit, _ = level_codes(panel.index, 0)
    time, _ = level_codes(panel.index, 1)
    years = panel.index.get_level_values(1).to_numpy()
    return y, unit, time, years


def test_randomization_size_within_monte_carlo_bounds():
    rejections, pre_rejections = [], []
    for seed in SEEDS:
        panel = simulate_zone_panel(15, n_treated=2, seed=seed, did_effect=0.0)
        y, unit, time, years = _arrays(panel)
        r = did_randomization(y, unit, time, years >= 2016, np.array([0, 1]))
        rejections.append(r.pvalue <= 0.05)
        rel = np.where(years == 2015, -1, years - 2011 - (years > 2015))
        joint, _ = event_randomization(y, unit, time, rel, np.array([0, 1]), leads=np.arange(4))
        pre_rejections.append(joint.pvalue <= 0.05)
    sd = math.sqrt(EXACT * (1 - EXACT) / len(SEEDS))
    for rate in (np.mean(rejections), np.mean(pre_rejections)):
        assert EXACT - 3.5 * sd <= rate <= EXACT + 3.5 * sd, rate


def test_randomization_size_on_the_exchangeable_world():
    """The issue's check, re-measured on fresh seeds (20,000 onwards): with the treated pair
    drawn at random (policy_worlds' exchangeable world) and no effect, the randomization test
    rejects at most 5% + 2 Monte Carlo s.e. — and, being exact there, about 5/105."""
    from gxq_analysis.evaluation.policy_worlds import simulate_world

    rejections = []
    for seed in range(20_000, 20_300):
        panel, treated = simulate_world("exchangeable", seed)
        y, unit, time, years = _arrays(panel)
        zones = sorted(set(panel.index.get_level_values(0)))
        tr = np.array([zones.index(z) for z in treated])
        rejections.append(did_randomization(y, unit, time, years >= 2016, tr).pvalue <= 0.05)
    rate = float(np.mean(rejections))
    sd = math.sqrt(0.05 * 0.95 / len(rejections))
    assert rate <= 0.05 + 2 * sd
    assert abs(rate - EXACT) <= 3.5 * math.sqrt(EXACT * (1 - EXACT) / len(rejections))
