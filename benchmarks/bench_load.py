"""Time ``load_panel`` on a yearbook workbook of 15 zones x 10 years x 20 indicators.

The workbook has one sheet per indicator (zones as rows, years as columns, a title and a unit
line above the header, a 合计 row and a footnote), as the Torch and Liaoning yearbooks print
it. The baseline is what a user would otherwise run: ``pandas.read_excel(path, sheet_name=None,
header=2)`` on the same file, which reads the cells but neither converts units, resolves zone
names, checks totals nor returns a panel. Median of several runs of each; results go to
``benchmarks/results/load.json``.

Run from the top of the checkout: ``PYTHONPATH=. python benchmarks/bench_load.py``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from gxq_analysis import __version__, load_panel
from gxq_analysis.plan.codebook import load_codebook
from gxq_analysis.plan.zones import load_zones

RUNS = 7
YEARS = list(range(2011, 2021))
OUT = Path(__file__).parent / "results" / "load.json"


def write_workbook(path: Path) -> Path:
    rng = np.random.default_rng(2016)
    cb = load_codebook()
    zones = load_zones()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for code in cb.index[:20]:
        unit = {"亿元": "万元"}.get(cb.loc[code, "unit"], cb.loc[code, "unit"])
        ws = wb.create_sheet(f"{cb.loc[code, 'name_zh']}（{unit}）"[:31])
        ws.append([f"表3-{len(wb.sheetnames)} 2011-2020年辽宁省高新区{cb.loc[code, 'name_zh']}"])
        ws.append([f"单位：{unit}"])
        ws.append(["地区", *(f"{y}年" for y in YEARS)])
        block = rng.integers(1, 100_000, size=(len(zones), len(YEARS)))
        for z, vals in zip(zones["name_zh"], block, strict=True):
            ws.append([z, *map(int, vals)])
        ws.append(["合计", *map(int, block.sum(axis=0))])
        ws.append(["注：数据为快报数。"])
    wb.save(path)
    return path


def median_time(fn) -> tuple[float, list[float]]:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        path = write_workbook(Path(d) / "yearbook.xlsx")

        def ours():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                df = load_panel(path)
            assert df.shape == (150, 20), df.shape

        def baseline():
            pd.read_excel(path, sheet_name=None, header=2, engine="openpyxl")

        ours()  # warm caches (codebook, zone registry) as a session would
        t_ours, runs_ours = median_time(ours)
        t_pd, runs_pd = median_time(baseline)
        size = path.stat().st_size
    result = {
        "workbook": "15 zones x 10 years x 20 indicators, one sheet per indicator (xlsx)",
        "bytes": size,
        "runs": RUNS,
        "load_panel_median_s": round(t_ours, 4),
        "pandas_read_excel_median_s": round(t_pd, 4),
        "ratio": round(t_ours / t_pd, 2),
        "load_panel_runs_s": [round(t, 4) for t in runs_ours],
        "pandas_read_excel_runs_s": [round(t, 4) for t in runs_pd],
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": {
            "gxq-analysis": __version__,
            "pandas": pd.__version__,
            "openpyxl": openpyxl.__version__,
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
