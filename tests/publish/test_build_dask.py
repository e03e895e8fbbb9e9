"""The Dask executor: the chapters built on a LocalCluster's workers are the local ones."""

from __future__ import annotations

import shutil

import pytest
from buildkit import BASE, CHAPTERS, FAILING, outputs

from gxq_analysis.errors import OptionError
from gxq_analysis.publish.runner import build


def test_dask_cluster_builds_the_same_chapters(warm_build, tmp_path):
    distributed = pytest.importorskip("distributed")
    nbdir = tmp_path / "notebooks"
    shutil.copytree(CHAPTERS, nbdir)
    shutil.copy(FAILING / "broken.ipynb", nbdir)  # failure handling is the same too
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        report = build(
            **BASE,
            output=tmp_path / "reports",
            notebooks_dir=nbdir,
            scheduler=cluster.scheduler_address,
            quiet=True,
        )
    assert report.exit_code == 1
    assert sorted(f["key"] for f in report.failures) == ["midterm/en/broken", "midterm/zh/broken"]
    assert {f["ename"] for f in report.failures} == {"ZeroDivisionError"}
    assert all(f["cell"] == 2 for f in report.failures)
    assert (tmp_path / "reports" / "midterm" / "zh" / "broken.failed.ipynb").is_file()
    local = outputs(warm_build[0])
    dask = outputs(tmp_path / "reports")
    chapters_only = {
        k: v for k, v in local.items() if not k.endswith(("index.html", "review.html"))
    }
    assert {k: dask[k] for k in chapters_only} == chapters_only
    assert len(chapters_only) == 16
    assert all(r.kernel.startswith("warm:") for _, r in report.ran)


def test_unreachable_scheduler_is_an_option_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from gxq_analysis.publish import executors

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 2)
    with pytest.raises(OptionError, match="cannot connect"):
        build(
            **BASE,
            output=tmp_path / "reports",
            notebooks_dir=CHAPTERS,
            scheduler="tcp://127.0.0.1:9",
            quiet=True,
        )
