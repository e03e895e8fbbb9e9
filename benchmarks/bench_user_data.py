"""A build from an evaluator's workbook vs a build from the bundled demo panel (issue 19).

One command: ``python benchmarks/bench_user_data.py`` (about 2 × 2 builds of one review in one
language; ``--review``, ``--lang`` and ``--repeats`` choose).

The evaluator's workbook is the demo panel printed as the Torch yearbook prints it: one sheet
per year, a title, ``单位：万元`` (money in 万元, persons in 人), a 合计 row under the zones and a
source line, written with openpyxl. Both builds run ``gxq build --output <fresh dir>`` as a
subprocess from an empty reports directory, alternating (demo, workbook, demo, workbook, ...)
so that machine load hits both alike; the median of ``--repeats`` runs is compared. The
workbook build also reads, validates and assembles the tables once and writes the canonical
panel to ``<reports>/data/`` (what a build from the demo panel does not do): that is the cost
this measures. Writes ``benchmarks/results/user_data.json`` and prints a Markdown line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}

sys.path.insert(0, str(HERE))
from bench_fit import machine_info, versions  # noqa: E402


def torch_workbook(path: Path) -> Path:
    """The demo panel as a Torch-style workbook: a sheet per year, 万元, 合计, source line."""
    import openpyxl

    from gxq_analysis import load_demo_panel
    from gxq_analysis.plan.codebook import load_codebook
    from gxq_analysis.plan.zones import load_zones

    panel, cb, zones = load_demo_panel(), load_codebook(), load_zones()
    money = [c for c in cb.index if cb.loc[c, "unit"] == "亿元"]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year in sorted(panel.index.get_level_values("year").unique()):
        ws = wb.create_sheet(str(year))
        ws.append([f"表3-12 {year}年辽宁省高新区主要指标"])
        ws.append([None] * len(cb) + ["单位：万元"])
        ws.append(
            [
                "地区",
                *(
                    f"{cb.loc[c, 'name_zh']}" + ("" if c in money else f"（{cb.loc[c, 'unit']}）")
                    for c in cb.index
                ),
            ]
        )
        rows = panel.xs(year, level="year")
        for zone in zones.index:
            if zone not in rows.index:
                continue
            values = [rows.loc[zone, c] * (1e4 if c in money else 1) for c in cb.index]
            ws.append(
                [
                    zones.loc[zone, "name_zh"],
                    *(None if math.isnan(v) else round(v, 4) for v in values),
                ]
            )
        ws.append(["资料来源：据合成演示数据排印（SYNTHETIC，仅用于计时）。"])
    wb.save(path)
    return path


def _build(output: Path, args, data: Path | None) -> float:
    cmd = [
        str(BIN / "gxq"),
        "build",
        "--output",
        str(output),
        "--review",
        args.review,
        "--lang",
        args.lang,
        "--jobs",
        str(args.jobs),
    ]
    if data is not None:
        cmd += ["--data", str(data)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--review", default="final", choices=("midterm", "final", "all"))
    ap.add_argument("--lang", default="zh", choices=("zh", "en", "all"))
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    start = datetime.now(UTC).isoformat(timespec="seconds")
    load_start = os.getloadavg()
    demo_s, user_s = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = torch_workbook(tmp / "torch_demo.xlsx")
        _build(tmp / "warm", args, None)  # untimed: bytecode and font caches
        for k in range(args.repeats):
            demo_s.append(_build(tmp / f"demo{k}", args, None))
            user_s.append(_build(tmp / f"user{k}", args, book))
        chapters = len(list((tmp / "user0").rglob("*.html"))) - 1  # less the index
        failed = list((tmp / "user0").rglob("*.failed.ipynb"))
    result = {
        "date": start,
        "review": args.review,
        "lang": args.lang,
        "jobs": args.jobs,
        "repeats": args.repeats,
        "demo_build_s": demo_s,
        "workbook_build_s": user_s,
        "demo_median_s": statistics.median(demo_s),
        "workbook_median_s": statistics.median(user_s),
        "ratio": statistics.median(user_s) / statistics.median(demo_s),
        "chapters": chapters,
        "failed_chapters": len(failed),
        "machine": {
            **machine_info(),
            "load_avg_at_start": load_start,
            "load_avg_at_end": os.getloadavg(),
        },
        "versions": versions("pandas", "openpyxl", "python-calamine", "papermill", "nbclient"),
        "command": "python benchmarks/bench_user_data.py " + " ".join(argv or sys.argv[1:]),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "user_data.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(
        f"| {args.review} / {args.lang} | {result['demo_median_s']:.1f} s | "
        f"{result['workbook_median_s']:.1f} s | {result['ratio']:.3f} | {chapters} chapters, "
        f"{len(failed)} failed |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
