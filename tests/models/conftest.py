"""Data shared by the models tests: Baltagi's Grunfeld panel, balanced and unbalanced."""

from __future__ import annotations

import pandas as pd
import pytest
from statsmodels.datasets import grunfeld

# firm-years dropped for the unbalanced checks (the same rows as in the R plm check quoted in
# test_spectests)
UNBALANCED_DROP = [
    ("General Motors", 1938),
    ("General Electric", 1945),
    ("General Electric", 1946),
    ("Union Oil", 1935),
]


@pytest.fixture(scope="session")
def grun() -> pd.DataFrame:
    """Baltagi's Grunfeld data (10 firms × 1935–1954).

    statsmodels ships Grunfeld's 11 firms; Baltagi (and Stata's webuse grunfeld, R plm's
    Grunfeld) leave out American Steel. The remaining 200 rows equal plm::Grunfeld exactly
    (checked with R: max |diff| = 0).
    """
    d = grunfeld.load_pandas().data
    d = d[d["firm"] != "American Steel"].copy()
    d["year"] = d["year"].astype(int)
    return d.set_index(["firm", "year"]).sort_index()


@pytest.fixture(scope="session")
def grun_unbalanced(grun: pd.DataFrame) -> pd.DataFrame:
    return grun.drop(UNBALANCED_DROP)
