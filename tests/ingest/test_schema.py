"""The canonical panel schema: what passes, what fails and how the failure reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxq_analysis import DataError, OptionError
from gxq_analysis.ingest.schema import (
    PANEL_INDEX,
    attach_provenance,
    canonical_frame,
    validate_panel,
)
from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import zone_ids

CODES = list(load_codebook().index)


def make(rows: list[tuple[str, int]], **cols) -> pd.DataFrame:
    """A canonical frame built by hand (not by canonical_frame) for the given index rows."""
    idx = pd.MultiIndex.from_tuples(rows, names=["zone", "year"])
    data = {c: np.full(len(rows), np.nan) for c in CODES}
    for c, v in cols.items():
        data[c] = np.asarray(v, dtype="float64")
    return pd.DataFrame(data, index=idx)


def good() -> pd.DataFrame:
    return make(
        [("dalian", 2015), ("dalian", 2016), ("shenyang", 2015)],
        gdp=[300.0, 310.5, np.nan],
        patents=[10, 0, 7],
    )


def test_panel_index_constant():
    assert PANEL_INDEX == ("zone", "year")


def test_valid_panel_passes_unchanged_with_attrs():
    df = good()
    df.attrs = {"source": "x", "synthetic": False, "nested": {"a": 1}}
    out = validate_panel(df, source="x.csv")
    pd.testing.assert_frame_equal(out, df)
    assert out.attrs == df.attrs
    assert list(out.columns) == CODES


def test_empty_panel_is_valid():
    out = validate_panel(canonical_frame(make([])), source="empty")
    assert len(out) == 0


def _error(df: pd.DataFrame, source: str = "src.xlsx") -> DataError:
    with pytest.raises(DataError) as info:
        validate_panel(df, source=source)
    err = info.value
    assert err.file == source
    assert str(err).startswith(f"file {source!r}: ")
    assert "SchemaError" not in str(err) and "failure_case" not in str(err)
    return err


def test_unknown_zone_named_with_its_index():
    err = _error(make([("dalian", 2016), ("jinzhou_district", 2016)]).sort_index())
    assert "index level 'zone'" in str(err)
    assert "'jinzhou_district' at ('jinzhou_district', 2016)" in str(err)
    assert "shenyang" in str(err)  # lists the registry ids


@pytest.mark.parametrize("year", [1989, 2036])
def test_year_out_of_range(year):
    err = _error(make([("dalian", year)]))
    assert "index level 'year'" in str(err) and f"{year} at ('dalian', {year})" in str(err)
    assert "between 1990 and 2035" in str(err)


@pytest.mark.parametrize("year", [1990, 2035])
def test_year_bounds_inclusive(year):
    validate_panel(make([("dalian", year)]), source="s")


def test_duplicate_index_named():
    err = _error(make([("dalian", 2016), ("dalian", 2016)]))
    assert "duplicate (zone, year): ('dalian', 2016)" in str(err)


def test_unsorted_index():
    err = _error(make([("shenyang", 2016), ("dalian", 2016)]))
    assert "not sorted" in str(err)


def test_missing_extra_and_reordered_columns():
    df = good()
    err = _error(df.drop(columns=["gdp", "city_gdp"]))
    assert "codebook columns missing: 'gdp', 'city_gdp'" in str(err)
    err = _error(df.assign(foo=1.0))
    assert "columns not in the codebook: 'foo'" in str(err)
    err = _error(df[CODES[::-1]])
    assert "codebook order" in str(err)


def test_wrong_dtypes():
    err = _error(good().astype({"patents": "int64"}))
    assert "column 'patents' has dtype int64" in str(err)
    df = good()
    df.index = df.index.set_levels(df.index.levels[1].astype("float64"), level="year")
    err = _error(df)
    assert "index level 'year' has dtype float64, expected int64" in str(err)
    err = _error(make([]))  # from_tuples([]) gives object levels
    assert "index level 'zone' has dtype object, expected str" in str(err)


@pytest.mark.parametrize("code", [c for c in CODES if load_codebook().loc[c, "nonnegative"]])
def test_every_nonnegative_indicator_rejects_negatives(code):
    err = _error(make([("anshan", 2018)], **{code: [-0.5]}))
    assert f"column {code!r}" in str(err) and "-0.5 at ('anshan', 2018)" in str(err)


def test_infinite_values_rejected():
    err = _error(make([("anshan", 2018)], gdp=[np.inf]))
    assert "column 'gdp'" in str(err) and "finite" in str(err)


def test_wrong_index_names_or_not_a_frame():
    df = good().reset_index()
    with pytest.raises(DataError, match="MultiIndex"):
        validate_panel(df, source="s")
    with pytest.raises(DataError, match="DataFrame"):
        validate_panel([1, 2], source="s")


def test_many_failures_are_summarised():
    rows = [("dalian", y) for y in range(2000, 2012)]
    err = _error(make(rows, gdp=[-1.0] * len(rows)))
    assert "and 7 more" in str(err)  # five shown, the rest counted


# ---------------------------------------------------------------------------- canonical_frame
def test_canonical_frame_fills_orders_sorts_and_casts():
    idx = pd.MultiIndex.from_tuples([("shenyang", 2016), ("dalian", 2017)], names=PANEL_INDEX)
    raw = pd.DataFrame(
        {"patents": [3, 4], "gdp": pd.array([1.5, pd.NA], dtype="Float64")}, index=idx
    )
    raw.attrs["source"] = "hand"
    out = canonical_frame(raw)
    assert list(out.columns) == CODES
    assert (out.dtypes == "float64").all()
    assert list(out.index) == [("dalian", 2017), ("shenyang", 2016)]
    assert out.index.get_level_values("year").dtype == "int64"
    assert out.loc[("shenyang", 2016), "patents"] == 3.0
    assert np.isnan(out.loc[("dalian", 2017), "gdp"])
    assert out[[c for c in CODES if c not in ("gdp", "patents")]].isna().all().all()
    assert out.attrs == {"source": "hand"}
    validate_panel(out, source="hand")


def test_canonical_frame_from_columns_and_unknowns():
    raw = pd.DataFrame({"zone": ["dalian"], "year": [2016], "gdp": [1.0], "foo": [2.0]})
    with pytest.raises(DataError, match="columns not in the codebook: 'foo'"):
        canonical_frame(raw)
    out = canonical_frame(raw, unknown="drop")
    assert "foo" not in out.columns and out.loc[("dalian", 2016), "gdp"] == 1.0
    with pytest.raises(OptionError, match=r"unknown='keep'.*'raise', 'drop'"):
        canonical_frame(raw, unknown="keep")


def test_canonical_frame_rejects_text_values():
    idx = pd.MultiIndex.from_tuples([("dalian", 2016)], names=PANEL_INDEX)
    with pytest.raises(DataError) as info:
        canonical_frame(pd.DataFrame({"gdp": ["abc"]}, index=idx))
    assert info.value.column == "gdp"


# -------------------------------------------------------------------------- attach_provenance
def test_attach_provenance_sets_keys_without_touching_input():
    df = good()
    df.attrs["kept"] = 1
    out = attach_provenance(df, source="data/x.csv", sha256="ab" * 32, synthetic=False, seed=7)
    assert df.attrs == {"kept": 1}
    a = out.attrs
    assert a["source"] == "data/x.csv" and a["sha256"] == "ab" * 32
    assert a["synthetic"] is False and a["seed"] == 7 and a["kept"] == 1
    expected_missing = [c for c in CODES if c not in ("gdp", "patents")]
    assert a["missing_indicators"] == expected_missing
    pd.testing.assert_frame_equal(out, df)


def test_attach_provenance_requires_bool_synthetic():
    with pytest.raises(TypeError):
        attach_provenance(good(), source="x", sha256=None, synthetic="yes")


def test_registry_zones_all_accepted():
    rows = sorted((z, 2016) for z in zone_ids())
    validate_panel(make(rows), source="all zones")
