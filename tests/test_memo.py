"""The analysis store: a result is computed once and read back unchanged, never served for
other inputs or other code, and a damaged entry is computed again."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_architecture import LAYERS

from gxq_analysis import config, memo
from gxq_analysis.evaluation.benchmarks import benchmark_progress
from gxq_analysis.ingest.demo import load_demo_panel
from gxq_analysis.store import Store

# --------------------------------------------------------------------------- fingerprints


def _frame() -> pd.DataFrame:
    idx = pd.MultiIndex.from_product([["dalian", "shenyang"], [2016, 2017]], names=["zone", "year"])
    df = pd.DataFrame({"va": [1.0, 2.0, 3.0, 4.0], "name": ["a", "b", "c", "d"]}, index=idx)
    df.attrs["source"] = "synthetic"
    return df


def test_equal_values_give_equal_fingerprints_whatever_their_history():
    a = _frame()
    b = _frame().sort_index(ascending=False).sort_index()  # rebuilt, same content
    assert a is not b
    assert memo.fingerprint(a) == memo.fingerprint(b)
    assert memo.fingerprint({"x": 1, "y": (2, 3)}) == memo.fingerprint({"y": (2, 3), "x": 1})


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.iloc.__setitem__((2, 0), 3.0000000000000004), id="one value"),
        pytest.param(lambda d: d.iloc.__setitem__((0, 1), "A"), id="one label"),
        pytest.param(lambda d: d.attrs.__setitem__("source", "real"), id="attrs"),
        pytest.param(lambda d: setattr(d, "columns", ["vb", "name"]), id="column name"),
        pytest.param(lambda d: d.index.set_names(["zone", "yr"], inplace=True), id="index name"),
        pytest.param(lambda d: d.__setitem__("va", d["va"].astype("float32")), id="dtype"),
    ],
)
def test_any_change_of_a_frame_changes_its_fingerprint(change):
    a, b = _frame(), _frame()
    change(b)
    assert memo.fingerprint(a) != memo.fingerprint(b)


def test_scalars_are_told_apart_by_type_and_bits():
    values = [1, 1.0, True, "1", b"1", np.float64(1.0), np.int64(1), 0.0, -0.0, None, (1,), [1]]
    prints = [memo.fingerprint(v) for v in values]
    assert len(set(prints)) == len(values)


def test_a_value_that_cannot_be_encoded_is_said():
    with pytest.raises(memo.Unfingerprintable, match="function"):
        memo.fingerprint(lambda: 1)


# --------------------------------------------------------------------------- the decorator


@dataclass
class Calls:
    n: int = 0


def _counted(calls: Calls, *, sleep: float = 0.0):
    @memo.analysis
    def total(frame: pd.DataFrame, scale: float = 1.0) -> pd.Series:
        calls.n += 1
        time.sleep(sleep)
        return frame["va"] * scale

    return total


def test_without_a_store_every_call_computes_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(memo.ENV, raising=False)
    calls = Calls()
    total = _counted(calls)
    total(_frame())
    total(_frame())
    assert calls.n == 2
    with memo.using(tmp_path / "store"), memo.using(None):
        total(_frame())
    assert calls.n == 3
    assert not (tmp_path / "store").exists()


def test_a_result_is_computed_once_and_read_back_equal(tmp_path):
    calls = Calls()
    total = _counted(calls)
    with memo.using(tmp_path):
        first = total(_frame(), 2.0)
        again = total(_frame(), scale=2.0)  # the same call, spelled otherwise
    assert calls.n == 1
    pd.testing.assert_series_equal(first, again)
    assert first is not again


def test_changing_one_data_value_computes_again(tmp_path):
    calls = Calls()
    total = _counted(calls)
    changed = _frame()
    changed.iloc[3, 0] = 4.5
    with memo.using(tmp_path):
        a = total(_frame())
        b = total(changed)
        c = total(_frame(), 3.0)  # another option
    assert calls.n == 3
    assert b.iloc[3] == 4.5 and a.iloc[3] == 4.0 and c.iloc[3] == 12.0


def test_a_damaged_entry_is_computed_again_not_trusted(tmp_path):
    calls = Calls()
    total = _counted(calls)
    with memo.using(tmp_path):
        total(_frame())
        (entry,) = tmp_path.rglob("*.pkl")
        raw = bytearray(entry.read_bytes())
        raw[-5] ^= 0xFF  # one byte of the pickled result
        entry.write_bytes(bytes(raw))
        again = total(_frame())
        assert calls.n == 2
        pd.testing.assert_series_equal(again, _frame()["va"])
        total(_frame())  # the entry was written again, whole
    assert calls.n == 2


def test_a_result_that_changed_its_argument_is_not_kept(tmp_path):
    calls = Calls()

    @memo.analysis
    def sneaky(frame: pd.DataFrame) -> float:
        calls.n += 1
        frame["va"] = 0.0
        return 1.0

    with memo.using(tmp_path):
        sneaky(_frame())
        sneaky(_frame())
    assert calls.n == 2
    assert memo.stats()[f"{__name__}.{sneaky.__qualname__}"]["unkept"] == 2


def test_an_argument_that_cannot_be_encoded_computes(tmp_path):
    calls = Calls()

    @memo.analysis
    def apply(fn) -> int:
        calls.n += 1
        return fn()

    with memo.using(tmp_path):
        assert apply(lambda: 1) == 1
        assert apply(lambda: 2) == 2  # never the other lambda's result
    assert calls.n == 2


def test_a_named_file_is_read_into_the_key(tmp_path):
    calls = Calls()

    @memo.analysis(paths=("path",))
    def read(path: str) -> str:
        calls.n += 1
        return Path(path).read_text()

    f = tmp_path / "bench.csv"
    f.write_text("a")
    with memo.using(tmp_path / "store"):
        assert read(str(f)) == "a"
        f.write_text("b")
        assert read(str(f)) == "b"
        assert read(str(f)) == "b"
    assert calls.n == 2


def test_paths_must_name_parameters():
    with pytest.raises(ValueError, match="paths names no parameter"):
        memo.analysis(lambda x: x, paths=("y",))


def test_concurrent_callers_compute_once(tmp_path):
    calls = Calls()
    total = _counted(calls, sleep=0.3)
    got = []

    def call() -> None:
        with memo.using(tmp_path):
            got.append(total(_frame()))

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls.n == 1
    assert len(got) == 3
    for g in got:
        pd.testing.assert_series_equal(g, _frame()["va"])


def test_a_real_analysis_is_the_same_from_the_store(tmp_path):
    panel = load_demo_panel()
    plain = benchmark_progress(panel, "midterm")
    with memo.using(tmp_path):
        computed = benchmark_progress(panel, "midterm")
        read = benchmark_progress(panel, "midterm")
    assert len(list(tmp_path.rglob("*.pkl"))) == 1
    for got in (computed, read):
        pd.testing.assert_frame_equal(got, plain, check_exact=True)
        assert got.attrs == plain.attrs
    # a changed value of the panel is another key: the result follows the data
    changed = panel.copy()
    changed.iloc[0, changed.columns.get_indexer(changed.select_dtypes("number").columns)[0]] += 1
    with memo.using(tmp_path):
        benchmark_progress(changed, "midterm")
    assert len(list(tmp_path.rglob("*.pkl"))) == 2


# --------------------------------------------------------------------------- the code


def test_the_layers_left_out_of_the_code_fingerprint_are_those_above_the_analyses():
    above = LAYERS[LAYERS.index("evaluation") + 1 :]
    assert sorted(a.removesuffix(".py") for a in memo.ABOVE_ANALYSES) == sorted(above)


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    pkg = tmp_path / "pkg"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__", "data"))
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "table.csv").write_text("a,b\n1,2\n")
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "DATA_DIR", data)
    return pkg, data


def test_code_and_bundled_data_change_the_fingerprint_wording_does_not(package_copy):
    pkg, data = package_copy
    before = memo.code_fingerprint()
    assert memo.code_fingerprint() == before
    # the build and the report layer cannot change a number
    with (pkg / "publish" / "runner.py").open("a") as f:
        f.write("\n# an edit of the build\n")
    with (pkg / "report" / "catalogue.py").open("a") as f:
        f.write("\n# an edit of the wording\n")
    assert memo.code_fingerprint() == before
    # the evaluation, the models and the bundled data can
    for changed in (pkg / "evaluation" / "policy.py", pkg / "models" / "__init__.py"):
        with changed.open("a") as f:
            f.write("\n# an edit of an analysis\n")
        after = memo.code_fingerprint()
        assert after != before
        before = after
    (data / "sub" / "table.csv").write_text("a,b\n1,3\n")
    assert memo.code_fingerprint() != before


def test_a_code_change_is_another_directory_and_prune_drops_the_old(tmp_path):
    for name in ("a" * 24, "b" * 24):
        Store(tmp_path / name / "f", b"gxq-analysis-1").put("k", 1)
    assert memo.prune(tmp_path, "b" * 64) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["b" * 24]
