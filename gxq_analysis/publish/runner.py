"""``gxq build``: run every chapter of the requested reviews and languages into ``reports/``.

Layout of the reports directory (``--output``, default :func:`gxq_analysis.config.reports_dir`)::

    <reports>/<review>/<lang>/<stem>.ipynb         executed chapter (normalized, deterministic)
    <reports>/<review>/<lang>/<stem>.html          the chapter with all code hidden, offline
    <reports>/<review>/<lang>/<stem>.pdf           with --pdf
    <reports>/<review>/<lang>/<stem>.failed.ipynb  the last failed run, beside the last good one
    <reports>/<review>/<lang>/index.html           links to the chapters, in order
    <reports>/<review>/<lang>/review.html          the whole review as one offline page
    <reports>/<review>/<lang>/review.docx          the whole review as a Word document
    <reports>/<review>/<lang>/review.pdf           with --pdf, printed from review.html
    <reports>/<review>/<lang>/manifest.json        parameters, input hashes, outputs, status,
                                                    duration of every chapter

Every file is replaced atomically and the manifest is rewritten after each chapter, so an
interrupted build leaves whole files only and the next build resumes where it stopped.
Each analysis is computed once per build and read by every chapter and language that needs it
(the analysis store, ``<reports>/.cache/analyses``: :mod:`gxq_analysis.memo`); the analyses
many chapters share run first (:mod:`~gxq_analysis.publish.shared`).  Only
chapters whose inputs changed run again (:mod:`gxq_analysis.publish.cache`); deciding that needs
json and hashlib only, so a no-change build answers in well under a second or two.  This module
plans and runs; a chapter's outputs are written by :mod:`~gxq_analysis.publish.outputs`, the
index and review documents by :mod:`~gxq_analysis.publish.documents`, under the lock of
:mod:`~gxq_analysis.publish.lock`.

Every value that ends up in a path is checked against its allowed set (review, language,
registered zone id, registered chapter id), and every output path is checked to resolve inside
the reports directory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from .._version import __version__
from ..catalogue import STRINGS
from ..errors import DataError, OptionError
from ..options import REVIEWS, check_choice
from ..vcs import git_commit
from . import cache, data_summary, export
from .documents import DocumentWriter, write_documents, write_index
from .executors import SCHEDULER_RE, make_executor
from .lock import BuildLock
from .outputs import Planned, describe_failure, job_title, print_pdfs, store
from .registry import (
    LANGS,
    Chapter,
    Job,
    chapters as find_chapters,
    registered_zone_ids,
    registered_zone_names,
    select,
)

# Lazy imports (``# lazy``): a no-change build answers in 0.2 s from the manifests, with the
# standard library only, and must not load pandas, numpy, nbformat, papermill or jupyter_client
# (tested in tests/publish/test_build_incremental.py). Their import, measured after this
# module: plan.zones (pandas) 0.35 s; the chapter execution (jupyter_client, nbclient)
# 0.15-0.24 s. The review documents (pandas, python-docx) are lazy in documents.py.

ALL = "all"
DEFAULT_TIMEOUT = 600
#: The build log, in the reports directory the chapters point to (``GXQ_LOG_FILE`` overrides).
BUILD_LOG = "build.log"


def _msg(key: str, lang: str, /, **fields: Any) -> str:
    """A progress line from the catalogue (``build.*``), in the build's language.

    The catalogue's dict directly rather than :func:`gxq_analysis.report.strings.t`, which
    loads pandas: the no-change build prints its line without it (the ``build.*`` texts take
    plain fields, no number specs).
    """
    return STRINGS[key][0 if lang == "zh" else 1].format(**fields)


def _failure_lines(f: dict[str, Any], lang: str, gaps: list[dict[str, Any]]) -> list[str]:
    """The failure summary of one chapter in ``lang``: where and what, the data's reason when
    the data cannot support the chapter, and where the failed notebook is. The exception's own
    message (English) is printed in English builds and always written to the build log."""
    where = ""
    if f["cell"] is not None:
        count = f["execution_count"] if f.get("execution_count") is not None else "?"
        where = _msg("build.failed_cell", lang, cell=f["cell"], count=count)
    line = _msg("build.failed_line", lang, key=f["key"], where=where, ename=f["ename"])
    if lang == "en" and f["evalue"]:
        line += f": {str(f['evalue']).splitlines()[0]}"
    lines = [line]
    blocking = [g for g in gaps if g["chapter"] == f["chapter"] and g["blocking"]]
    if blocking:
        from ..report.views.support import gap_text  # lazy: pandas, only after a failure

        lines += [_msg("build.failed_reason", lang, reason=gap_text(g, lang)) for g in blocking]
    if f["kept"]:
        lines.append(_msg("build.failed_kept", lang, path=f["kept"]))
    return lines


@dataclass
class BuildReport:
    """Outcome of :func:`build`.

    Attributes
    ----------
    reports_dir : Path
        Where the build wrote.
    ran : list of (Job, JobResult)
        Chapters executed, in completion order.
    up_to_date : list of Job
        Chapters skipped because nothing they depend on changed.
    to_run : list of Job
        Chapters that were out of date (run, or only listed with ``dry_run``).
    to_print : list of Job
        Up-to-date chapters only printed to PDF (``pdf=True``, never printed before).
    failures : list of dict
        ``key``, ``chapter``, ``cell``, ``execution_count``, ``ename``, ``evalue`` and
        ``kept`` (path of the failed notebook, or None) of each failed chapter.
    shared : list of (TaskSpec, TaskResult)
        The shared analyses computed before the chapters that read them, in completion order
        (:mod:`gxq_analysis.publish.shared`; a failed one is computed by its chapters).
    seconds : float
        Wall time.
    """

    reports_dir: Path
    ran: list[tuple[Job, Any]] = field(default_factory=list)
    up_to_date: list[Job] = field(default_factory=list)
    to_run: list[Job] = field(default_factory=list)
    to_print: list[Job] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    shared: list[tuple[Any, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


# --------------------------------------------------------------------------- validation


def _expand(name: str, value: str, choices: Sequence[str]) -> list[str]:
    check_choice(name, value, (*choices, ALL))
    return list(choices) if value == ALL else [value]


def _check_positive(name: str, value: Any, *, whole: bool) -> Any:
    """``value`` if it is a number > 0 (a whole number if ``whole``), else OptionError."""
    kinds = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not value > 0:
        what = "a whole number >= 1" if whole else "a number of seconds > 0"
        raise OptionError(f"{name}={value!r} is not allowed; give {what}")
    return value


def _resolve_zones(zones: Sequence[str] | None) -> list[str]:
    """Zone ids for ``zones`` (None: all); any registered spelling is accepted."""
    ids = registered_zone_ids()
    if zones is None:
        return list(ids)
    if isinstance(zones, str):
        zones = [zones]
    out: list[str] = []
    for z in zones:
        if z in ids:
            zid = z  # the common case needs no pandas (plan.zones imports it)
        else:
            from ..plan.zones import resolve_zone  # lazy: pandas (see the top)

            # ZoneError lists the ids: nothing unregistered reaches a path
            zid = resolve_zone(z)
        if zid not in out:
            out.append(zid)
    if not out:
        raise OptionError("zones: give at least one zone, or leave --zones out for all 15")
    return out


def _inside(root: Path, path: Path) -> Path:
    """``path`` resolved, if inside ``root``; otherwise OptionError (defence in depth)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise OptionError(f"output path {path} would be outside the reports directory {root}")
    return resolved


# --------------------------------------------------------------------------- the build log


def _log_path(root: Path) -> Path:
    env = os.environ.get("GXQ_LOG_FILE")
    return Path(env) if env else root / BUILD_LOG


def _log_notes(root: Path, notes: Sequence[str]) -> None:
    """Append lines to the build log (the loader's notes, failures with their message)."""
    path = _log_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        for note in notes:
            f.write(f"gxq build: {note}\n")


def _analysis_store(root: Path) -> tuple[Path | None, bool]:
    """The analysis store of the build: ``$GXQ_ANALYSIS_STORE`` if set (shared with whatever
    else uses it; ``off``: none, every chapter computes its analyses), else
    ``<reports>/.cache/analyses`` (the build's own); and whether it is the build's own."""
    env = os.environ.get(config.ANALYSIS_STORE_ENV)
    if env == config.ANALYSIS_STORE_OFF:
        return None, False
    if env:
        return Path(env).expanduser().resolve(), False
    return root / ".cache" / "analyses", True


def _set_env(values: dict[str, str]):
    """Set environment variables for the chapters' kernels (the local pool's workers start
    after this and inherit them); returns the function that restores the environment."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)

    def restore() -> None:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    return restore


def _route_log(root: Path):
    """Point the chapters' kernels at ``<root>/build.log`` (unless ``GXQ_LOG_FILE`` is set):
    the local pool's worker processes start after this and inherit the variable, and their
    kernels with them. Returns the function that restores the environment."""
    if os.environ.get("GXQ_LOG_FILE"):
        return lambda: None
    os.environ["GXQ_LOG_FILE"] = str(root / BUILD_LOG)
    return lambda: os.environ.pop("GXQ_LOG_FILE", None)


# --------------------------------------------------------------------------- the build


def build(
    *,
    review: str = ALL,
    lang: str = ALL,
    data: str | Path | None = None,
    layout: str | Path | None = None,
    zones: Sequence[str] | None = None,
    chapters: Sequence[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    pdf: bool = False,
    scheduler: str | None = None,
    output: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    fresh_kernels: bool = False,
    dry_run: bool = False,
    quiet: bool = False,
) -> BuildReport:
    """Build the review chapters (see the module docstring for what is written where).

    Parameters
    ----------
    review : {"midterm", "final", "all"}
    lang : {"zh", "en", "all"}
    data : path, optional
        The evaluator's tables: a file, a folder of them or a manifest (``.toml``), passed to
        every chapter; None uses the bundled demo panel. They are read once, here (problems
        stop the build before anything runs); the chapters find that reading in the load store
        (``<reports>/.cache/loads``), and the canonical panel with the place of every value is
        written to ``<reports>/data/``.
    layout : path, optional
        A layout file for ``data`` (what no rule can find), passed to every chapter.
    zones : sequence of str, optional
        Zone profiles to build (any registered spelling); None builds all 15.
    chapters : sequence of str, optional
        Chapter ids to build; None builds all.
    jobs : int, optional
        Parallel workers of the local pool (default: number of CPUs; with ``scheduler`` the
        cluster's workers decide).
    force : bool
        Rerun chapters that are up to date.
    timeout : float
        Seconds allowed per chapter, from its first cell (a fresh kernel's start-up counts, a
        warm kernel's does not: that is the worker's).  A chapter over time fails with
        ``CellTimeoutError`` and its kernel is replaced.
    pdf : bool
        Also print each chapter to PDF with headless Chromium.
    scheduler : str, optional
        Dask scheduler address (``tcp://host:port``): run the chapters on that cluster.
    output : path, optional
        Reports directory (default :func:`gxq_analysis.config.reports_dir`).
    notebooks_dir : path, optional
        Where the chapter notebooks are (default ``config.NOTEBOOKS_DIR``).
    fresh_kernels : bool
        Start a new kernel for every chapter instead of reusing a warm one per worker
        (slower; the chapters are identical either way).
    dry_run : bool
        Only work out which chapters are out of date (``to_run``); run and write nothing.
    quiet : bool
        No progress lines (the failure summary is still printed).

    Returns
    -------
    BuildReport
        ``exit_code`` is 1 if a chapter failed.

    Raises
    ------
    OptionError, ZoneError, DataError
        For a bad option, zone, data file or chapter notebook, before anything runs.
    """
    options = dict(locals())
    # the build points its chapters at its load store for its own duration only: a later
    # build (another reports directory) in this process must not inherit it
    saved = os.environ.get(config.LOAD_STORE_ENV)
    try:
        return _build(**options)
    finally:
        if saved is None:
            os.environ.pop(config.LOAD_STORE_ENV, None)
        else:
            os.environ[config.LOAD_STORE_ENV] = saved


def _build(
    *,
    review: str = ALL,
    lang: str = ALL,
    data: str | Path | None = None,
    layout: str | Path | None = None,
    zones: Sequence[str] | None = None,
    chapters: Sequence[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    pdf: bool = False,
    scheduler: str | None = None,
    output: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    fresh_kernels: bool = False,
    dry_run: bool = False,
    quiet: bool = False,
) -> BuildReport:
    """:func:`build` without restoring the environment."""
    t0 = time.perf_counter()
    say = (lambda *a: None) if quiet else (lambda msg: print(msg, flush=True))
    # progress lines in the language built; English when both are
    ui = lang if lang in LANGS else "en"

    # 1. options: every value that becomes part of a path is checked against its allowed set
    reviews = _expand("review", review, tuple(REVIEWS))
    langs = _expand("lang", lang, LANGS)
    n_jobs = (os.cpu_count() or 1) if jobs is None else _check_positive("jobs", jobs, whole=True)
    _check_positive("timeout", timeout, whole=False)
    if scheduler is not None and (
        not isinstance(scheduler, str) or not SCHEDULER_RE.match(scheduler)
    ):
        raise OptionError(
            f"scheduler={scheduler!r} is not a Dask scheduler address; give tcp://host:port"
        )
    data_path: Path | None = None
    if data is not None:
        data_path = Path(data).expanduser().resolve()
        if not data_path.exists():
            raise DataError("data.path.missing", file=str(data), fields={})
    layout_path: Path | None = None
    if layout is not None:
        if data_path is None:
            raise OptionError("layout= applies to data= (the evaluator's tables); give data too")
        layout_path = Path(layout).expanduser().resolve()
        if not layout_path.is_file():
            raise DataError("data.layout.no_file", file=str(layout), fields={})
    chromium = None
    if pdf:
        chromium = export.find_chromium()
        if chromium is None:
            raise OptionError(
                "pdf=True needs Chromium: install it (Debian: apt-get install chromium) or "
                "set GXQ_CHROMIUM to its path"
            )
    root = (config.reports_dir() if output is None else Path(output).expanduser()).resolve()
    if root.exists() and not root.is_dir():
        raise OptionError(f"output={str(output)!r} is not a directory")

    zone_ids = _resolve_zones(zones)

    # 2. chapters and jobs
    registry = find_chapters(notebooks_dir)
    if not registry:
        raise DataError("no chapter notebooks (*.ipynb) found", file=str(notebooks_dir or ""))
    selected = select(registry, chapters)
    # what the data hold: profiles only for zones with data (read once, cached by hash)
    library = cache.library_sha256()
    data_sha = cache.data_sha256(data_path, layout_path)
    if data_path is not None:
        # the chapters' kernels find the build's reading of the tables in the load store
        os.environ.setdefault(config.LOAD_STORE_ENV, str(root / ".cache" / "loads"))
    summary = data_summary.summarize(
        data_path,
        layout=layout_path,
        data_sha256=data_sha,
        library_sha256=library,
        cache_dir=root,
        write_to=None if dry_run else root,
        panel_chapters=notebooks_dir is None,
    )
    no_data = [z for z in zone_ids if z not in summary["zones"]]
    zone_ids = [z for z in zone_ids if z in summary["zones"]]
    if no_data and zones is not None and any(c.per_zone for c in selected):
        names = registered_zone_names(ui)
        sep = "、" if ui == "zh" else ", "
        say(_msg("build.no_profile", ui, zones=sep.join(names[z] for z in no_data)))
    param_data = data_path.name if data_path is not None else None
    # the chapters run in the data's folder: the layout file is named relative to it
    param_layout = (
        os.path.relpath(layout_path, data_path.parent) if layout_path is not None else None
    )
    planned_jobs: list[tuple[Chapter, Job]] = [
        (ch, job)
        for r in reviews
        for g in langs
        for ch in selected
        for job in ch.jobs([r], [g], zone_ids, data=param_data, layout=param_layout)
    ]
    seen: set[str] = set()
    for _, job in planned_jobs:
        if job.key in seen:
            raise DataError(f"two chapters write the same output {job.key!r}")
        seen.add(job.key)

    report = BuildReport(reports_dir=root)
    if dry_run and not root.is_dir():
        report.to_run = [job for _, job in planned_jobs]
        return report
    root.mkdir(parents=True, exist_ok=True)
    with BuildLock(root):
        data_summary.save(root, summary)
        if summary["notes"] and not dry_run:
            _log_notes(root, summary["notes"])
            say(_msg("build.notes", ui, n=len(summary["notes"]), log=_log_path(root)))
        # 3. what is up to date (json + hashlib only)
        env = cache.environment()
        commit = git_commit()
        nb_text: dict[Path, str] = {}
        nb_sha: dict[Path, str] = {}
        bundled: dict[tuple[str, ...] | None, str] = {}
        manifests: dict[Path, dict[str, Any]] = {}
        stale: list[Planned] = []
        to_print: list[Planned] = []
        for ch, job in planned_jobs:
            out_dir = _inside(root, root / job.review / job.lang)
            for suffix in (".ipynb", ".html", ".pdf", ".failed.ipynb"):
                _inside(root, out_dir / f"{job.stem}{suffix}")
            if ch.path not in nb_sha:
                raw = ch.path.read_bytes()
                nb_sha[ch.path] = cache.sha256_bytes(raw)
                nb_text[ch.path] = raw.decode("utf-8")
            if ch.data_files not in bundled:
                bundled[ch.data_files] = cache.bundled_data_sha256(ch.data_files)
            inputs = {
                "notebook_sha256": nb_sha[ch.path],
                "data_sha256": data_sha if ch.panel else None,
                "bundled_data_sha256": bundled[ch.data_files],
                "package_version": __version__,
                "library_sha256": library,
                "environment": env,
                # chapters print the commit in their provenance: a new commit reruns them
                "git_commit": commit,
            }
            key = cache.inputs_key(inputs, job.parameters)
            if out_dir not in manifests:
                manifests[out_dir] = cache.load_manifest(out_dir, review=job.review, lang=job.lang)
                # the data this build describes: the review documents and the index show only
                # chapters built from them, and name a failed chapter's reason
                manifests[out_dir]["data"] = {
                    "sha256": data_sha,
                    "zones": summary["zones"],
                    "support": summary["support"].get(job.review, []),
                }
            entry = manifests[out_dir]["chapters"].get(job.stem)
            planned = Planned(job, ch, out_dir, key, inputs)
            if force or not cache.is_up_to_date(entry, out_dir, key):
                stale.append(planned)
            elif pdf and f"{job.stem}.pdf" not in entry["outputs"]:
                to_print.append(planned)  # up to date, only never printed
            else:
                report.up_to_date.append(job)

        dirs = sorted(manifests)
        report.to_run = [p.job for p in stale]
        report.to_print = [p.job for p in to_print]
        if dry_run:
            report.seconds = time.perf_counter() - t0
            return report
        if not stale and not to_print:
            for d in dirs:
                if not (d / "index.html").is_file():
                    write_index(d, manifests[d], registry)
                write_documents(d, manifests[d], registry, pdf=pdf, chromium=chromium)
            report.seconds = time.perf_counter() - t0
            say(_msg("build.up_to_date", ui, n=len(report.up_to_date), root=root))
            return report
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
            cache.remove_stale_temporaries(d)
        if to_print:
            print_pdfs(to_print, manifests, chromium, n_jobs, say)
            for d in dirs:
                write_documents(d, manifests[d], registry, pdf=pdf, chromium=chromium)
        if not stale:
            report.seconds = time.perf_counter() - t0
            return report

        # 4. run what is stale: the shared analyses first, then the chapters that read them
        from .. import memo  # lazy: numpy, pandas (see the top)
        from .execute import JobSpec, TaskResult, TaskSpec, run  # lazy: jupyter_client, nbclient
        from .shared import SHARED, priority  # lazy: with the execution (see the top)

        analyses, own_store = _analysis_store(root)
        if own_store:
            # entries of other code can never be read again (the code is in every key)
            memo.prune(analyses, memo.code_fingerprint())
        store_env = str(analyses) if analyses is not None else config.ANALYSIS_STORE_OFF
        kernel_env = {
            config.ANALYSIS_STORE_ENV: store_env,
            "GXQ_LOG_FILE": str(_log_path(root)),
        }
        if os.environ.get(config.LOAD_STORE_ENV):
            kernel_env[config.LOAD_STORE_ENV] = os.environ[config.LOAD_STORE_ENV]
        cwd = str(data_path.parent) if data_path is not None else None
        tasks: dict[str, TaskSpec] = {}
        # fresh kernels: each chapter computes (the store still shares); no store: nothing to
        # share
        if not fresh_kernels and analyses is not None:
            for r in reviews:
                ids = {p.chapter.id: p.chapter for p in stale if p.job.review == r}
                wanted = [s for s in SHARED if set(s.chapters) & set(ids)]
                for s in wanted:
                    reader = ids[next(c for c in s.chapters if c in ids)]
                    meta = json.loads(nb_text[reader.path])["metadata"]
                    tasks[f"{r}/shared/{s.name}"] = TaskSpec(
                        key=f"{r}/shared/{s.name}",
                        name=s.name,
                        review=r,
                        data=param_data,
                        layout=param_layout,
                        cwd=cwd,
                        kernel_name=meta["kernelspec"]["name"],
                        timeout=float(timeout),
                        library_sha256=library,
                        env=kernel_env,
                        after=tuple(f"{r}/shared/{n}" for n in s.needs),
                        priority=s.cost,
                    )
        specs = list(tasks.values())
        by_key: dict[str, Planned] = {}
        for p in stale:
            title, _ = job_title(p.chapter, p.job)
            reads = tuple(
                k
                for s in SHARED
                if p.chapter.id in s.chapters and (k := f"{p.job.review}/shared/{s.name}") in tasks
            )
            specs.append(
                JobSpec(
                    key=p.job.key,
                    stem=p.job.stem,
                    notebook_name=p.chapter.path.name,
                    notebook_text=nb_text[p.chapter.path],
                    parameters=dict(p.job.parameters),
                    cwd=cwd,
                    title=title,
                    lang=p.job.lang,
                    timeout=float(timeout),
                    fresh_kernel=fresh_kernels,
                    library_sha256=library,
                    pdf=pdf,
                    chromium=chromium,
                    env=kernel_env,
                    after=reads,
                    priority=priority(p.chapter.id),
                )
            )
            by_key[p.job.key] = p
        n_chapters = len(stale)
        executor = make_executor(scheduler, min(n_jobs, len(specs)))
        workers = (
            _msg("build.workers.dask", ui, address=scheduler)
            if scheduler
            else _msg("build.workers.local", ui, n=min(n_jobs, len(specs)))
        )
        kernels = _msg(f"build.kernels.{'fresh' if fresh_kernels else 'warm'}", ui)
        say(
            _msg(
                "build.start",
                ui,
                n=n_chapters,
                m=len(report.up_to_date),
                workers=workers,
                kernels=kernels,
            )
        )
        width = len(str(n_chapters))
        # the chapters' kernels write their log beside the reports they point to, and find
        # the analysis store (the local pool's workers inherit both)
        restore_log = _route_log(root)
        restore_env = _set_env({config.ANALYSIS_STORE_ENV: store_env})
        # a directory's review documents are made once its last chapter is in
        writer = DocumentWriter(
            registry, pdf=pdf, chromium=chromium, jobs=n_jobs, directories=len(dirs)
        )
        left = Counter(p.out_dir for p in stale)
        try:
            results = executor.run(run, specs)
            i = 0
            try:
                for spec, result in results:
                    if isinstance(result, TaskResult):
                        report.shared.append((spec, result))
                        status = _msg(f"build.status.{'shared' if result.ok else 'failed'}", ui)
                        say(f"[{status}] {spec.key}  {result.duration:.1f} s")
                        _log_notes(
                            root,
                            [
                                f"shared analysis {spec.key}: "
                                + (f"{result.duration:.1f} s" if result.ok else result.error)
                            ],
                        )
                        continue
                    i += 1
                    p = by_key[spec.key]
                    manifest = manifests[p.out_dir]
                    failure = store(p, result, manifest, data_path)
                    cache.atomic_write(p.out_dir / cache.MANIFEST, cache.manifest_bytes(manifest))
                    report.ran.append((p.job, result))
                    status = _msg(f"build.status.{'ok' if result.ok else 'failed'}", ui)
                    line = (
                        f"[{i:>{width}}/{n_chapters}] {status:<6} {p.job.key}  "
                        f"{result.duration:.1f} s"
                    )
                    if failure is not None:
                        report.failures.append(failure)
                        line += f"  {describe_failure(failure)}" if ui == "en" else ""
                        _log_notes(root, [f"{failure['key']}: {describe_failure(failure)}"])
                    say(line)
                    left[p.out_dir] -= 1
                    if not left[p.out_dir]:
                        writer.submit(p.out_dir, manifest)
            finally:
                results.close()  # stops the pool now, also when an exception ends the loop
                executor.close()
                for d in dirs:
                    write_index(d, manifests[d], registry)
                    writer.submit(d, manifests[d])  # those not made yet (a stopped build)
                writer.finish()
        finally:
            restore_env()
            restore_log()

    report.seconds = time.perf_counter() - t0
    say(
        _msg(
            "build.done",
            ui,
            built=len(report.ran) - len(report.failures),
            failed=len(report.failures),
            up=len(report.up_to_date),
            seconds=f"{report.seconds:.1f}",
            root=root,
        )
    )
    if report.failures:
        lines = [_msg("build.failed_head", ui, n=len(report.failures))]
        for f in report.failures:
            review = f["key"].split("/", 1)[0]
            lines += _failure_lines(f, ui, summary["support"].get(review, []))
        print("\n".join(lines), file=sys.stderr, flush=True)
    return report
