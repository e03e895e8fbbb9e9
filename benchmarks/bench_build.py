"""The batch build vs the papermill command line run once per chapter, and the no-change rebuild.

One command: ``python benchmarks/bench_build.py`` (the full default build: both reviews, both
languages, every zone profile; about 20 minutes on 2 cores, most of it in the papermill-by-hand
baseline).  ``--quick`` measures one review, one language and two zone profiles instead.

What is measured, on the chapter notebooks in ``notebooks/``, in a fixed environment
(``MPLBACKEND=Agg``, ``PYTHONHASHSEED=0``; chapters display their figures explicitly, so the
backend does not change their content):

build
    ``gxq build --output <fresh dir> ...`` as a subprocess, from an empty reports directory:
    executed notebooks, HTML, index and manifest (warm kernels, ``--jobs`` = cores).
papermill by hand
    ``papermill <chapter>.ipynb <out>.ipynb -p review R -p lang L [-p zone Z]`` run once per
    chapter, one after the other, as the issue defines the alternative.  It writes executed
    notebooks only (no HTML), so the comparison favours it.
no-change rebuild
    the same ``gxq build`` command again on the finished reports directory.

Warm-up: one untimed papermill run of the first chapter (bytecode and font caches), and for
the build one untimed small build.  Repeats: the build and the no-change rebuild ``--repeats``
times (median); the papermill baseline once (each chapter once; its total is the sum).  Every
chapter of the build is compared with the papermill output after the same normalization
(:func:`gxq_analysis.publish.export.normalize_notebook`): they must be byte-identical.

Writes ``benchmarks/results/build.json`` (or ``build-quick.json``) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
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


def _run(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def _gxq_build(output: Path, scope: list[str], jobs: int) -> list[str]:
    return [str(BIN / "gxq"), "build", "--output", str(output), "--jobs", str(jobs), *scope]


def _papermill(job, out: Path) -> list[str]:
    cmd = [str(BIN / "papermill"), str(job.notebook), str(out), "--no-progress-bar"]
    for name, value in job.parameters.items():
        cmd += ["-p", name, str(value)]
    return cmd


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="midterm, zh, two zones")
    ap.add_argument("--repeats", type=int, default=3, help="builds and no-change rebuilds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)

    import nbformat

    from gxq_analysis.publish import export
    from gxq_analysis.publish.runner import build

    scope = (
        ["--review", "midterm", "--lang", "zh", "--zones", "shenyang", "dalian"]
        if args.quick
        else []
    )
    scope_kw = (
        {"review": "midterm", "lang": "zh", "zones": ["shenyang", "dalian"]} if args.quick else {}
    )
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="gxq-bench-build-") as tmp:
        tmp = Path(tmp)
        jobs = build(**scope_kw, output=tmp / "plan", dry_run=True, quiet=True).to_run
        print(f"{len(jobs)} chapters; {args.jobs} workers; repeats {args.repeats}", flush=True)

        # warm-up: caches on disk (bytecode, matplotlib's font list), not timed
        _run(_papermill(jobs[0], tmp / "warmup.ipynb"), stderr=subprocess.DEVNULL, cwd=tmp)
        _run(
            _gxq_build(
                tmp / "warmup",
                [
                    "--review",
                    "midterm",
                    "--lang",
                    "zh",
                    "--zones",
                    "shenyang",
                    "--chapters",
                    jobs[0].chapter,
                ],
                1,
            ),
            cwd=tmp,
        )

        builds, rebuilds = [], []
        for r in range(args.repeats):
            out = tmp / f"build-{r}"
            builds.append(_run(_gxq_build(out, scope, args.jobs), cwd=tmp))
            print(f"build {r + 1}: {builds[-1]:.1f} s", flush=True)
        final = tmp / f"build-{args.repeats - 1}"
        for _ in range(max(args.repeats, 5)):
            rebuilds.append(_run(_gxq_build(final, scope, args.jobs), cwd=tmp))
        print(f"no-change rebuild: median {statistics.median(rebuilds):.2f} s", flush=True)

        by_hand = tmp / "by-hand"
        by_hand.mkdir()
        per_chapter = {}
        identical = []
        for i, job in enumerate(jobs, start=1):
            out = by_hand / f"{job.review}-{job.lang}-{job.stem}.ipynb"
            per_chapter[job.key] = _run(
                _papermill(job, out), stderr=subprocess.DEVNULL, cwd=by_hand
            )
            nb = nbformat.read(out, as_version=4)
            export.normalize_notebook(
                nb,
                input_name=job.notebook.name,
                output_name=f"{job.stem}.ipynb",
                cwd=str(by_hand),
            )
            built = final / job.review / job.lang / f"{job.stem}.ipynb"
            identical.append(export.notebook_bytes(nb) == built.read_bytes())
            print(f"papermill {i}/{len(jobs)} {job.key}: {per_chapter[job.key]:.1f} s", flush=True)
        cli_total = sum(per_chapter.values())

    build_median = statistics.median(builds)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**info, "load_avg_at_end": list(os.getloadavg())},
        "versions": versions(
            "gxq-analysis",
            "papermill",
            "nbclient",
            "nbconvert",
            "ipykernel",
            "pandas",
            "matplotlib",
            "linearmodels",
        ),
        "scope": "quick: midterm, zh, 2 zones" if args.quick else "full default build",
        "chapters": len(jobs),
        "jobs": args.jobs,
        "repeats": args.repeats,
        "build_s": builds,
        "build_median_s": build_median,
        "no_change_s": rebuilds,
        "no_change_median_s": statistics.median(rebuilds),
        "papermill_by_hand_s": per_chapter,
        "papermill_by_hand_total_s": cli_total,
        "papermill_per_chapter_median_s": statistics.median(per_chapter.values()),
        "ratio_build_to_papermill": build_median / cli_total,
        "identical_chapters": sum(identical),
        "compared_chapters": len(identical),
    }
    RESULTS.mkdir(exist_ok=True)
    name = "build-quick.json" if args.quick else "build.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")

    print()
    print("| measure | time (s) |")
    print("|---|---:|")
    print(f"| build from scratch, median of {args.repeats} | {build_median:.1f} |")
    print(f"| papermill CLI once per chapter ({len(jobs)} runs), total | {cli_total:.1f} |")
    print(f"| papermill CLI, median per chapter | {result['papermill_per_chapter_median_s']:.2f} |")
    print(f"| no-change rebuild, median of {len(rebuilds)} | {result['no_change_median_s']:.2f} |")
    print(f"\nratio build / papermill by hand: {result['ratio_build_to_papermill']:.3f}")
    print(f"chapters identical to papermill by hand: {sum(identical)} of {len(identical)}")
    return 0 if all(identical) else 1


if __name__ == "__main__":
    sys.exit(main())
