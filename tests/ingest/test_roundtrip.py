"""Property: a canonical panel written as an evaluator would, in any supported layout, encoding
and unit, loads back equal.

Reference: the generated panel itself. Tolerance: ``rtol=1e-12`` on values (a unit conversion
is one multiplication by the writer and one division by the loader, each correctly rounded,
so the error is a few ulp); index and NaN positions must match exactly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from gxq_analysis import load_panel
from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import zone_ids

CB = load_codebook()
CODES = list(CB.index)
RTOL = 1e-12

values = st.one_of(
    st.just(np.nan),
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=100_000).map(float),
    st.decimals(min_value=0, max_value=10_000, places=2).map(float),
)


@st.composite
def panels(draw) -> pd.DataFrame:
    zones = draw(st.lists(st.sampled_from(zone_ids()), min_size=1, max_size=5, unique=True))
    years = draw(st.lists(st.integers(1995, 2030), min_size=1, max_size=4, unique=True))
    cells = [(z, y) for z in zones for y in years]
    keep = draw(st.lists(st.booleans(), min_size=len(cells), max_size=len(cells)))
    rows = sorted(c for c, k in zip(cells, keep, strict=True) if k) or [cells[0]]
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=6, unique=True))
    codes = [c for c in CODES if c in codes]
    data = {c: draw(st.lists(values, min_size=len(rows), max_size=len(rows))) for c in codes}
    return pd.DataFrame(data, index=pd.MultiIndex.from_tuples(rows, names=["zone", "year"]))


@st.composite
def unit_choices(draw, codes, factors) -> dict[str, str]:
    return {c: draw(st.sampled_from(sorted(factors[CB.loc[c, "unit"]]))) for c in codes}


def check_equal(loaded: pd.DataFrame, panel: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(loaded[list(panel.columns)], panel, rtol=RTOL)
    others = [c for c in CODES if c not in panel.columns]
    assert loaded[others].isna().all().all()


# the writers fixture is stateless, so sharing it across a test's examples is safe
common = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@common
@given(
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    lang=st.sampled_from(["zh", "en"]),
    zone_style=st.sampled_from(["zh", "en", "id", "alias"]),
    missing=st.sampled_from(["", "—", "n.a.", "-", "…"]),
)
def test_csv_round_trip(writers, data, encoding, lang, zone_style, missing):
    panel = data.draw(panels())
    units = data.draw(unit_choices(list(panel.columns), writers.unit_factors))
    with tempfile.TemporaryDirectory() as d:
        path = writers.csv(
            Path(d) / "p.csv",
            panel,
            encoding=encoding,
            units=units,
            lang=lang,
            zone_style=zone_style,
            missing=missing,
        )
        loaded = load_panel(path)
    check_equal(loaded, panel)


@common
@given(
    data=st.data(),
    layout=st.sampled_from(["long", "per_year"]),
    suffix=st.sampled_from(["", "年"]),
    lang=st.sampled_from(["zh", "en"]),
    zone_style=st.sampled_from(["zh", "en", "alias"]),
)
def test_xlsx_round_trip(writers, data, layout, suffix, lang, zone_style):
    panel = data.draw(panels())
    units = data.draw(unit_choices(list(panel.columns), writers.unit_factors))
    with tempfile.TemporaryDirectory() as d:
        path = writers.xlsx(
            Path(d) / "p.xlsx",
            panel,
            layout=layout,
            units=units,
            lang=lang,
            zone_style=zone_style,
            sheet_suffix=suffix,
        )
        loaded = load_panel(path)
    check_equal(loaded, panel)
    assert loaded.attrs["layout"] == ("long" if layout == "long" else "sheet_per_year")


def test_writer_really_converts_units(tmp_path, writers, small_panel):
    """Guard for the property tests: a 万元 file holds different numbers than an 亿元 one."""
    a = writers.csv(tmp_path / "a.csv", small_panel, units={"revenue": "亿元"}).read_text()
    b = writers.csv(tmp_path / "b.csv", small_panel, units={"revenue": "万元"}).read_text()
    assert "1234.5" in a and "12345000.0" in b
    check_equal(load_panel(tmp_path / "b.csv"), small_panel)
