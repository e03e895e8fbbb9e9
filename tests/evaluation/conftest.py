"""A small hand-made canonical panel whose numbers the tests can recompute by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import zone_ids


@pytest.fixture
def toy_panel() -> pd.DataFrame:
    """15 zones x 2015-2020; every input grows at a zone-specific rate; city GDP drops in 2016."""
    codes = list(load_codebook().index)
    rows = []
    for i, z in enumerate(zone_ids()):
        for year in range(2015, 2021):
            t = year - 2015
            g = 1 + 0.02 * (i + 1)
            row = {c: 10.0 * (i + 1) * g**t for c in codes}
            row.update(
                firms=100.0 + 10 * i,
                hitech_firms=(10.0 + i + 2 * t),
                revenue=1000.0 * (i + 1) * g**t,
                exports=100.0 * (i + 1) * g**t * (1 + 0.01 * t),
                rd_expenditure=20.0 * (i + 1) * g**t * (1 + 0.05 * t),
                gdp=50.0 * (i + 1) * g**t,
                city_gdp=1000.0 * (i + 1) * (0.7 if year >= 2016 else 1.0),
            )
            rows.append({"zone": z, "year": year, **row})
    df = pd.DataFrame(rows).set_index(["zone", "year"]).sort_index()
    df = df.reindex(columns=codes).astype(float)
    df.attrs.update(source="toy", synthetic=True)
    return df


@pytest.fixture
def rng():
    return np.random.default_rng(7)
