"""The batch build vs papermill by hand, both languages vs one, rebuilds, Dask vs local.

One command: ``nice -n 10 python benchmarks/bench_build.py`` (the full default build: both
reviews, both languages, every zone profile, 88 chapters; about 30 minutes on 2 shared cores,
most of it in the papermill-by-hand baseline).  ``--quick`` measures the mid-term review with
two zone profiles instead; ``--papermill-every K`` runs papermill by hand on every K-th chapter
only and extrapolates its total by chapter kind (said in the results).

What is measured, on the chapter notebooks in ``notebooks/``, in a fixed environment
(``MPLBACKEND=Agg``, ``PYTHONHASHSEED=0``; chapters display their figures explicitly, so the
backend does not change their content), every ``gxq build`` a subprocess with its own empty
reports directory (so its own empty analysis and load stores) unless said otherwise:

full build
    ``gxq build --output <empty dir> --jobs <cores>`` of the whole scope: executed notebooks,
    HTML, index, review documents (HTML, Word), manifest.
papermill by hand
    ``papermill <chapter>.ipynb <out>.ipynb -p review R -p lang L [-p zone Z]`` run once per
    chapter, one after the other, without any store (as a user runs it); notebooks only, no
    HTML or Word (the comparison favours it).  Every built chapter is compared with it after
    the same normalization: they must be byte-identical.
no-change rebuild
    the full build's command again on its finished reports directory (median of 5).
both languages vs one
    the mid-term review (every chapter, the scope's zones) with ``--lang all`` and with
    ``--lang zh``, each from empty.
one changed data value
    the mid-term review in both languages built from a CSV of the demo panel (``--data``);
    then one value (Dalian's R&D expenditure in 2018) is changed and the same command run
    again on the same reports directory: what depends on the panel is rebuilt, the rest
    (the province chapter: bundled data only) is not.
Dask
    the both-languages mid-term build on a local Dask cluster of 2 single-threaded worker
    processes (``--scheduler``) vs the local executor with 2 workers (the measure above);
    skipped, and said so, when ``dask.distributed`` is not installed.
profile
    the both-languages mid-term build once more in this process, to see where the time goes:
    each chapter's phases (kernel reset and execution, normalization, HTML export), the shared
    analyses, and the review documents (index, HTML and Word) written at the end.

Warm-up (not timed): one papermill run of the first chapter and one one-chapter build
(bytecode and font caches).

Writes ``benchmarks/results/build.json`` (or ``build-quick.json``) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
# a user's environment: no store of an earlier build
ENV = {
    **{
        k: v
        for k, v in os.environ.items()
        if k not in ("GXQ_ANALYSIS_STORE", "GXQ_LOAD_STORE", "GXQ_LOG_FILE")
    },
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
}
# the build's last line (the catalogue's build.done or build.up_to_date), in either language
DONE_RE = (
    re.compile(r"(\d+) built, (\d+) failed, (\d+) up to date"),
    re.compile(r"构建(\d+)个，失败(\d+)个，(\d+)个为最新"),
)
UP_TO_DATE_RE = (
    re.compile(r"all (\d+) chapters up to date"),
    re.compile(r"全部(\d+)个章节均为最新"),
)

sys.path.insert(0, str(HERE))
from bench_fit import machine_info, versions  # noqa: E402


def _run(cmd: list[str], **kw) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, check=True, env=ENV, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, done.stdout


def _gxq(output: Path, scope: list[str], jobs: int, *extra: str) -> list[str]:
    cmd = [str(BIN / "gxq"), "build", "--output", str(output), "--jobs", str(jobs), *scope]
    return cmd + list(extra)


def _counts(stdout: str) -> dict[str, int]:
    for pattern in DONE_RE:
        if m := pattern.search(stdout):
            return dict(zip(("built", "failed", "up_to_date"), map(int, m.groups()), strict=True))
    for pattern in UP_TO_DATE_RE:
        if m := pattern.search(stdout):
            return {"built": 0, "failed": 0, "up_to_date": int(m.group(1))}
    raise RuntimeError(f"no summary line in the build's output:\n{stdout[-2000:]}")


def _papermill(job, out: Path) -> list[str]:
    cmd = [str(BIN / "papermill"), str(job.notebook), str(out), "--no-progress-bar"]
    for name, value in job.parameters.items():
        cmd += ["-p", name, str(value)]
    return cmd


def _timed_build(label: str, cmd: list[str], cwd: Path) -> dict[str, object]:
    seconds, stdout = _run(cmd, cwd=cwd)
    counts = _counts(stdout)
    print(f"{label}: {seconds:.1f} s {counts}", flush=True)
    if counts["failed"]:
        raise RuntimeError(f"{label}: {counts['failed']} chapters failed")
    return {"s": seconds, **counts}


def _papermill_by_hand(jobs, every: int, built: Path, tmp: Path) -> dict[str, object]:
    """papermill on each (or every ``every``-th) chapter; the total extrapolated by kind."""
    import nbformat

    from gxq_analysis.publish import export

    by_hand = tmp / "by-hand"
    by_hand.mkdir()
    per_chapter: dict[str, float] = {}
    identical = []
    for i, job in enumerate(jobs):
        if i % every:
            continue
        out = by_hand / f"{job.review}-{job.lang}-{job.stem}.ipynb"
        per_chapter[job.key], _ = _run(_papermill(job, out), cwd=by_hand)
        nb = nbformat.read(out, as_version=4)
        export.normalize_notebook(
            nb, input_name=job.notebook.name, output_name=f"{job.stem}.ipynb", cwd=str(by_hand)
        )
        target = built / job.review / job.lang / f"{job.stem}.ipynb"
        identical.append(export.notebook_bytes(nb) == target.read_bytes())
        print(f"papermill {job.key}: {per_chapter[job.key]:.1f} s", flush=True)
    measured = sum(per_chapter.values())
    # each kind's mean time times its number of chapters (the zone profiles are one kind)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for job in jobs:
        if job.key in per_chapter:
            by_kind[job.chapter].append(per_chapter[job.key])
    kinds = {job.chapter for job in jobs}
    missing = kinds - set(by_kind)
    if missing:
        raise RuntimeError(f"--papermill-every leaves out whole chapter kinds: {sorted(missing)}")
    total = sum(statistics.fmean(by_kind[job.chapter]) for job in jobs)
    return {
        "per_chapter_s": per_chapter,
        "measured_chapters": len(per_chapter),
        "measured_total_s": measured,
        "total_s": total if every > 1 else measured,
        "extrapolated": every > 1,
        "median_per_chapter_s": statistics.median(per_chapter.values()),
        "identical_chapters": sum(identical),
        "compared_chapters": len(identical),
    }


def _profile(scope_kw: dict, output: Path, jobs: int) -> dict[str, object]:
    """One build in this process: the phases of its chapters and its review documents."""
    from gxq_analysis.publish import runner

    spent = defaultdict(float)
    writer_class, write_index = runner.DocumentWriter, runner.write_index

    def timed(name, fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] += time.perf_counter() - t0

        return wrapper

    class TimedWriter(writer_class):
        # the review documents: main-process time handing them out, and the wait for them
        # after the last chapter (the build's tail)
        submit = timed("review_documents_submit", writer_class.submit)
        finish = timed("review_documents_wait", writer_class.finish)

    runner.DocumentWriter = TimedWriter
    runner.write_index = timed("index", write_index)
    os.environ.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"})
    try:
        report = runner.build(**scope_kw, output=output, jobs=jobs, quiet=True)
    finally:
        runner.DocumentWriter, runner.write_index = writer_class, write_index
        os.environ.pop("GXQ_LOAD_STORE", None)
    phases: dict[str, float] = defaultdict(float)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for job, result in report.ran:
        for name, s in result.phases.items():
            phases[name] += s
        by_kind[job.chapter].append(result.duration)
    return {
        "wall_s": report.seconds,
        "chapters": len(report.ran),
        "chapter_phases_sum_s": dict(phases),
        "chapter_seconds_by_kind_sum_s": {k: sum(v) for k, v in sorted(by_kind.items())},
        "chapter_seconds_by_kind_median_s": {
            k: statistics.median(v) for k, v in sorted(by_kind.items())
        },
        "shared_analyses_s": {spec.key: r.duration for spec, r in report.shared},
        "main_process_s": dict(spent),
    }


def _dask(scope: list[str], tmp: Path) -> dict[str, object] | str:
    try:
        from distributed import LocalCluster
    except ImportError:
        return "dask.distributed is not installed: not measured"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        # the workers inherit this process's environment: the fixed one of the benchmark
        return _timed_build(
            "dask, 2 workers",
            _gxq(tmp / "dask", scope, 2, "--scheduler", cluster.scheduler_address),
            tmp,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="midterm, two zones")
    ap.add_argument("--repeats", type=int, default=1, help="full builds from scratch")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--papermill-every", type=int, default=1, help="papermill by hand on every K-th chapter"
    )
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args(argv)
    os.environ.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"})
    for k in ("GXQ_ANALYSIS_STORE", "GXQ_LOAD_STORE", "GXQ_LOG_FILE"):
        os.environ.pop(k, None)

    from gxq_analysis import load_panel
    from gxq_analysis.publish.runner import build

    zones = ["shenyang", "dalian"] if args.quick else None
    scope = ["--review", "midterm", "--zones", *zones] if args.quick else []
    scope_kw = {"review": "midterm", "zones": zones} if args.quick else {}
    mid = ["--review", "midterm", *(["--zones", *zones] if zones else [])]
    mid_kw = {"review": "midterm", "zones": zones}
    info = machine_info()
    out: dict[str, object] = {}
    partial = RESULTS / ("build-quick.partial.json" if args.quick else "build.partial.json")
    RESULTS.mkdir(exist_ok=True)

    def save() -> None:  # what is measured so far, should the run be stopped
        partial.write_text(json.dumps(out, indent=2, sort_keys=True, default=str) + "\n")

    with tempfile.TemporaryDirectory(prefix="gxq-bench-build-") as tmp:
        tmp = Path(tmp)
        jobs = build(**scope_kw, output=tmp / "plan", dry_run=True, quiet=True).to_run
        print(f"{len(jobs)} chapters; {args.jobs} workers", flush=True)

        # warm-up: caches on disk (bytecode, matplotlib's font list), not timed
        _run(_papermill(jobs[0], tmp / "warmup.ipynb"), cwd=tmp)
        warm_scope = ["--review", "midterm", "--lang", "zh", "--zones", "shenyang"]
        _run(_gxq(tmp / "warmup", [*warm_scope, "--chapters", jobs[0].chapter], 1), cwd=tmp)

        full = [
            _timed_build(f"full build {r + 1}", _gxq(tmp / f"full-{r}", scope, args.jobs), tmp)
            for r in range(args.repeats)
        ]
        final = tmp / f"full-{args.repeats - 1}"
        no_change = [
            _timed_build("no-change rebuild", _gxq(final, scope, args.jobs), tmp) for _ in range(5)
        ]
        out["full_build"] = full
        out["full_build_median_s"] = statistics.median(b["s"] for b in full)
        out["no_change"] = no_change
        out["no_change_median_s"] = statistics.median(b["s"] for b in no_change)
        save()

        both = _timed_build("midterm, both languages", _gxq(tmp / "both", mid, args.jobs), tmp)
        one = _timed_build("midterm, zh", _gxq(tmp / "one", [*mid, "--lang", "zh"], args.jobs), tmp)
        out["midterm_both_languages"] = both
        out["midterm_one_language"] = one
        out["ratio_both_to_one_language"] = both["s"] / one["s"]
        save()

        data = tmp / "data" / "zones.csv"
        data.parent.mkdir()
        panel = load_panel()
        panel.reset_index().to_csv(data, index=False)
        with_data = [*mid, "--data", str(data)]
        first = _timed_build(
            "midterm from --data", _gxq(tmp / "data-run", with_data, args.jobs), tmp
        )
        changed = panel.copy()
        changed.loc[("dalian", 2018), "rd_expenditure"] *= 1.5
        changed.reset_index().to_csv(data, index=False)
        after = _timed_build(
            "after one changed value", _gxq(tmp / "data-run", with_data, args.jobs), tmp
        )
        out["data_build"] = first
        out["data_one_value_changed"] = after
        save()

        if args.skip_dask:
            out["dask"] = "skipped (--skip-dask)"
        else:
            out["dask"] = _dask(mid, tmp)
        if isinstance(out["dask"], dict):
            out["ratio_dask_to_local"] = out["dask"]["s"] / both["s"]
        save()

        out["profile_midterm_both_languages"] = _profile(mid_kw, tmp / "profile", args.jobs)
        print("profile:", json.dumps(out["profile_midterm_both_languages"], indent=1), flush=True)
        save()

        pm = _papermill_by_hand(jobs, args.papermill_every, final, tmp)
        out["papermill_by_hand"] = pm
        out["ratio_full_build_to_papermill"] = out["full_build_median_s"] / pm["total_s"]

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
            "distributed",
        ),
        "scope": "quick: midterm, both languages, 2 zones" if args.quick else "full default",
        "chapters": len(jobs),
        "jobs": args.jobs,
        "papermill_every": args.papermill_every,
        **out,
    }
    RESULTS.mkdir(exist_ok=True)
    name = "build-quick.json" if args.quick else "build.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    partial.unlink(missing_ok=True)

    pm = result["papermill_by_hand"]
    print()
    print("| measure | time (s) | ratio |")
    print("|---|---:|---:|")
    print(
        f"| full build ({len(jobs)} chapters) | {result['full_build_median_s']:.1f} | "
        f"{result['ratio_full_build_to_papermill']:.3f} of papermill |"
    )
    print(
        f"| papermill by hand ({pm['measured_chapters']} run"
        f"{', extrapolated' if pm['extrapolated'] else ''}) | {pm['total_s']:.1f} | 1 |"
    )
    print(
        f"| mid-term, both languages / zh | {both['s']:.1f} / {one['s']:.1f} | "
        f"{result['ratio_both_to_one_language']:.2f} |"
    )
    print(f"| no-change rebuild, median of 5 | {result['no_change_median_s']:.2f} | |")
    print(
        f"| mid-term from --data / after one changed value | {first['s']:.1f} / "
        f"{after['s']:.1f} ({after['built']} rebuilt, {after['up_to_date']} kept) | |"
    )
    if isinstance(result["dask"], dict):
        print(
            f"| Dask 2 workers / local 2 workers | {result['dask']['s']:.1f} / {both['s']:.1f} | "
            f"{result['ratio_dask_to_local']:.2f} |"
        )
    else:
        print(f"| Dask | {result['dask']} | |")
    print(f"\nchapters identical to papermill by hand: {pm['identical_chapters']} of "
          f"{pm['compared_chapters']}")  # fmt: skip
    return 0 if pm["identical_chapters"] == pm["compared_chapters"] else 1


if __name__ == "__main__":
    sys.exit(main())
