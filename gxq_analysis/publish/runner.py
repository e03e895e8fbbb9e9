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
interrupted build leaves whole files only and the next build resumes where it stopped.  Only
chapters whose inputs changed run again (:mod:`gxq_analysis.publish.cache`); deciding that needs
json and hashlib only, so a no-change build answers in well under a second or two.

Every value that ends up in a path is checked against its allowed set (review, language,
registered zone id, registered chapter id), and every output path is checked to resolve inside
the reports directory.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from .._version import __version__
from ..errors import DataError, GxqError, OptionError
from ..options import REVIEWS, check_choice, review_years
from ..vcs import git_commit
from . import cache, export
from .executors import SCHEDULER_RE, make_executor
from .registry import LANGS, Chapter, Job, chapters as find_chapters, registered_zone_ids, select

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock
    fcntl = None

# Lazy imports (``# lazy``): a no-change build answers in 0.2 s from the manifests, with the
# standard library only, and must not load pandas, numpy, nbformat, papermill or jupyter_client
# (tested in tests/publish/test_build_incremental.py). Their import, measured after this
# module: plan.zones (pandas) 0.35 s; the review documents (report.strings with pandas,
# python-docx) 0.4-0.6 s; the chapter execution (jupyter_client, nbclient) 0.15-0.24 s.

ALL = "all"
DEFAULT_TIMEOUT = 600
LOCK_FILE = ".gxq-build.lock"


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
    seconds : float
        Wall time.
    """

    reports_dir: Path
    ran: list[tuple[Job, Any]] = field(default_factory=list)
    up_to_date: list[Job] = field(default_factory=list)
    to_run: list[Job] = field(default_factory=list)
    to_print: list[Job] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
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


def _job_title(ch: Chapter, job: Job) -> tuple[str, str | None]:
    """(title of this output, title of its group for per-zone chapters)."""
    title = ch.title[job.lang]
    if job.zone is None:
        return title, None
    from ..plan.zones import zone_label  # lazy: pandas (see the top)

    sep = "：" if job.lang == "zh" else ": "
    return f"{title}{sep}{zone_label(job.zone, job.lang)}", title


class _Lock:
    """An exclusive advisory lock on the reports directory (two builds must not interleave)."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> _Lock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is None:  # pragma: no cover - Windows
            return self
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise GxqError(f"another gxq build is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock


# --------------------------------------------------------------------------- the build


@dataclass
class _Planned:
    job: Job
    chapter: Chapter
    out_dir: Path
    key: str
    inputs: dict[str, Any]


def build(
    *,
    review: str = ALL,
    lang: str = ALL,
    data: str | Path | None = None,
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
        Zone panel file passed to every chapter; None uses the bundled demo panel.
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
    t0 = time.perf_counter()
    say = (lambda *a: None) if quiet else (lambda msg: print(msg, flush=True))

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
        if not data_path.is_file():
            raise DataError("the data file does not exist or is not a file", file=str(data))
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
    param_data = data_path.name if data_path is not None else None
    planned_jobs: list[tuple[Chapter, Job]] = [
        (ch, job)
        for r in reviews
        for g in langs
        for ch in selected
        for job in ch.jobs([r], [g], zone_ids, data=param_data)
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
    with _Lock(root):
        # 3. what is up to date (json + hashlib only)
        library = cache.library_sha256()
        env = cache.environment()
        commit = git_commit()
        data_sha = cache.data_sha256(data_path)
        nb_text: dict[Path, str] = {}
        nb_sha: dict[Path, str] = {}
        bundled: dict[tuple[str, ...] | None, str] = {}
        manifests: dict[Path, dict[str, Any]] = {}
        stale: list[_Planned] = []
        to_print: list[_Planned] = []
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
            entry = manifests[out_dir]["chapters"].get(job.stem)
            planned = _Planned(job, ch, out_dir, key, inputs)
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
                    _write_index(d, manifests[d], registry)
                _write_documents(d, manifests[d], registry, pdf=pdf, chromium=chromium)
            report.seconds = time.perf_counter() - t0
            say(f"gxq build: all {len(report.up_to_date)} chapters up to date in {root}")
            return report
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
            cache.remove_stale_temporaries(d)
        if to_print:
            _print_pdfs(to_print, manifests, chromium, n_jobs, report, say)
            for d in dirs:
                _write_documents(d, manifests[d], registry, pdf=pdf, chromium=chromium)
        if not stale:
            report.seconds = time.perf_counter() - t0
            return report

        # 4. run what is stale
        from .execute import JobSpec, run_job  # lazy: jupyter_client, nbclient (see the top)

        specs = []
        by_key: dict[str, _Planned] = {}
        for p in stale:
            title, _ = _job_title(p.chapter, p.job)
            specs.append(
                JobSpec(
                    key=p.job.key,
                    stem=p.job.stem,
                    notebook_name=p.chapter.path.name,
                    notebook_text=nb_text[p.chapter.path],
                    parameters=dict(p.job.parameters),
                    cwd=str(data_path.parent) if data_path is not None else None,
                    title=title,
                    lang=p.job.lang,
                    timeout=float(timeout),
                    fresh_kernel=fresh_kernels,
                    library_sha256=library,
                    pdf=pdf,
                    chromium=chromium,
                )
            )
            by_key[p.job.key] = p
        executor = make_executor(scheduler, min(n_jobs, len(specs)))
        say(
            f"gxq build: {len(specs)} chapters to run, {len(report.up_to_date)} up to date; "
            f"{executor.describe()}, {'fresh' if fresh_kernels else 'warm'} kernels"
        )
        width = len(str(len(specs)))
        results = executor.run(run_job, specs)
        try:
            for i, (spec, result) in enumerate(results, start=1):
                p = by_key[spec.key]
                manifest = manifests[p.out_dir]
                failure = _store(p, result, manifest, data_path)
                cache.atomic_write(p.out_dir / cache.MANIFEST, cache.manifest_bytes(manifest))
                report.ran.append((p.job, result))
                status = "ok" if result.ok else "FAILED"
                line = (
                    f"[{i:>{width}}/{len(specs)}] {status:<6} {p.job.key}  {result.duration:.1f} s"
                )
                if failure is not None:
                    report.failures.append(failure)
                    line += f"  {_describe_failure(failure)}"
                say(line)
        finally:
            results.close()  # stops the pool now, also when an exception ends the loop
            executor.close()
            for d in dirs:
                _write_index(d, manifests[d], registry)
                _write_documents(d, manifests[d], registry, pdf=pdf, chromium=chromium)

    report.seconds = time.perf_counter() - t0
    say(
        f"gxq build: {len(report.ran) - len(report.failures)} built, "
        f"{len(report.failures)} failed, {len(report.up_to_date)} up to date "
        f"in {report.seconds:.1f} s -> {root}"
    )
    if report.failures:
        lines = [f"gxq build: {len(report.failures)} chapter(s) failed:"]
        for f in report.failures:
            lines.append(f"  {f['key']}: {_describe_failure(f)}")
            if f["kept"]:
                lines.append(f"    failed notebook kept at {f['kept']}")
        print("\n".join(lines), file=sys.stderr, flush=True)
    return report


def _print_pdfs(planned, manifests, chromium, n_jobs, report, say) -> None:
    """Print up-to-date chapters' existing HTML to PDF (no execution needed)."""

    def one(p: _Planned):
        html = (p.out_dir / f"{p.job.stem}.html").read_bytes()
        return p, export.print_pdf(html, chromium=chromium)

    # Chromium is a separate process: threads are enough to run several at once
    with ThreadPoolExecutor(max_workers=min(n_jobs, len(planned))) as pool:
        for i, (p, pdf) in enumerate(pool.map(one, planned), start=1):
            manifest = manifests[p.out_dir]
            record = cache.atomic_write(p.out_dir / f"{p.job.stem}.pdf", pdf)
            manifest["chapters"][p.job.stem]["outputs"][f"{p.job.stem}.pdf"] = record
            cache.atomic_write(p.out_dir / cache.MANIFEST, cache.manifest_bytes(manifest))
            say(f"[{i}/{len(planned)}] pdf    {p.job.key}")


def _describe_failure(f: dict[str, Any]) -> str:
    where = "" if f["cell"] is None else f"cell {f['cell']}"
    if f.get("execution_count") is not None:
        where += f" (In [{f['execution_count']}])"
    msg = f"{f['ename']}: {f['evalue']}".strip().rstrip(":")
    first = msg.splitlines()[0] if msg else ""
    return f"{where}: {first}" if where else first


@functools.cache
def _is_synthetic(data_path: Path | None) -> bool:
    """Chapters read the bundled synthetic panel: no --data, or a copy of the demo file."""
    if data_path is None:
        return True
    try:
        meta = json.loads(config.DEMO_META_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return cache.sha256_file(data_path) == meta.get("sha256")


def _store(p: _Planned, result, manifest: dict[str, Any], data_path: Path | None):
    """Write a job's outputs atomically and update its manifest entry; return the failure."""
    stem, d = p.job.stem, p.out_dir
    old = manifest["chapters"].get(stem) or {}
    title, group = _job_title(p.chapter, p.job)
    entry: dict[str, Any] = {
        "stem": stem,
        "chapter": p.chapter.id,
        "notebook": p.chapter.path.name,
        "title": title,
        "group": group,
        "parameters": dict(p.job.parameters),
        "data_file": data_path.name if data_path is not None else None,
        "synthetic_data": _is_synthetic(data_path),
        "inputs": p.inputs,
        "key": p.key,
        "status": result.status,
        "duration_s": round(result.duration, 3),
        "kernel": result.kernel,
    }
    failed_nb = d / f"{stem}.failed.ipynb"
    if result.ok:
        outputs = {
            f"{stem}.ipynb": cache.atomic_write(d / f"{stem}.ipynb", result.notebook),
            f"{stem}.html": cache.atomic_write(d / f"{stem}.html", result.html),
        }
        stale_pdf = d / f"{stem}.pdf"
        if result.pdf is not None:
            outputs[f"{stem}.pdf"] = cache.atomic_write(stale_pdf, result.pdf)
        elif stale_pdf.exists():
            stale_pdf.unlink()  # printed from an older version of the chapter
        if failed_nb.exists():
            failed_nb.unlink()
        entry["outputs"] = outputs
        manifest["chapters"][stem] = entry
        return None
    kept = None
    if result.notebook is not None:
        cache.atomic_write(failed_nb, result.notebook)
        kept = str(failed_nb)
    elif failed_nb.exists():
        failed_nb.unlink()  # from an older failure; it would mislead
    entry["error"] = dict(result.error or {})
    entry["outputs"] = {}
    previous = old if old.get("status") == "ok" else old.get("previous")
    if previous:
        entry["previous"] = {k: previous[k] for k in ("key", "outputs") if k in previous}
    manifest["chapters"][stem] = entry
    error = result.error or {}
    return {
        "key": p.job.key,
        "chapter": p.chapter.id,
        "cell": error.get("cell"),
        "execution_count": error.get("execution_count"),
        "ename": error.get("ename", "Error"),
        "evalue": error.get("evalue", ""),
        "kept": kept,
    }


def _ordered_entries(manifest: dict[str, Any], registry: Sequence[Chapter]) -> list[dict]:
    """Manifest entries of registered chapters in display order (chapters, then zones)."""
    order = {c.id: c.order for c in registry}
    entries = [e for e in manifest["chapters"].values() if e.get("chapter") in order]
    zone_rank = {z: i for i, z in enumerate(registered_zone_ids())}
    entries.sort(
        key=lambda e: (
            order[e["chapter"]],
            zone_rank.get(e["parameters"].get("zone"), -1),
            e["stem"],
        )
    )
    return entries


#: The whole review in one file, beside the chapter pages (``review.pdf`` with ``--pdf``).
DOCUMENTS = ("review.html", "review.docx")


def _documents_key(directory: Path, entries: list[dict], pdf: bool) -> tuple[str, list[Path]]:
    """What the review documents are made of: the good chapter notebooks, in order."""
    parts, notebooks = [__version__, cache.library_sha256(), str(pdf)], []
    for e in entries:
        nb = directory / f"{e['stem']}.ipynb"
        record = (e.get("outputs") or {}).get(nb.name) or (
            (e.get("previous") or {}).get("outputs") or {}
        ).get(nb.name)
        if record and nb.is_file():
            parts.append(f"{nb.name}:{record['sha256']}")
            notebooks.append(nb)
    return cache.sha256_bytes("\n".join(parts).encode()), notebooks


def _write_documents(
    directory: Path,
    manifest: dict[str, Any],
    registry: Sequence[Chapter],
    *,
    pdf: bool = False,
    chromium: str | None = None,
) -> bool:
    """Write ``review.html`` and ``review.docx`` (and ``review.pdf``) when their chapters
    changed; returns whether anything was written. Decided from the manifest (json and
    hashlib only), so a no-change build imports nothing heavy."""
    key, notebooks = _documents_key(directory, _ordered_entries(manifest, registry), pdf)
    old = manifest.get("documents") or {}
    names = [*DOCUMENTS, *(["review.pdf"] if pdf else [])]
    outputs = old.get("outputs") or {}
    if (
        old.get("key") == key
        and all(n in outputs for n in names)
        and all(cache.output_intact(directory / n, outputs[n]) for n in names)
    ):
        return False
    if not notebooks:
        return False
    from ..report.strings import t  # lazy: pandas (see the top)
    from .review import read_review  # lazy: pandas (see the top)
    from .review_html import review_html  # lazy: pandas (see the top)
    from .word import review_docx  # lazy: pandas, python-docx (see the top)

    review, lang = manifest["review"], manifest["lang"]
    baseline, end = review_years(review)
    doc = read_review(
        notebooks,
        review=review,
        lang=lang,
        title=t("doc.title", lang, review=t(f"review.{review}", lang)),
        subtitle=t("doc.subtitle", lang, start=baseline + 1, end=end, baseline=baseline),
    )
    html = review_html(doc)
    records = {
        "review.html": cache.atomic_write(directory / "review.html", html),
        "review.docx": cache.atomic_write(directory / "review.docx", review_docx(doc)),
    }
    if pdf:
        records["review.pdf"] = cache.atomic_write(
            directory / "review.pdf", export.print_pdf(html, chromium=chromium)
        )
    manifest["documents"] = {"key": key, "outputs": records}
    cache.atomic_write(directory / cache.MANIFEST, cache.manifest_bytes(manifest))
    return True


def _write_index(directory: Path, manifest: dict[str, Any], registry: Sequence[Chapter]) -> None:
    entries = _ordered_entries(manifest, registry)
    rows = []
    for e in entries:
        html = directory / f"{e['stem']}.html"
        good = e["status"] == "ok" or bool(e.get("previous"))
        rows.append(
            {
                "stem": e["stem"],
                "title": e["title"],
                "group": e.get("group"),
                "href": html.name if good and html.is_file() else None,
                "failed": e["status"] != "ok",
            }
        )
    # chapters that read the zone panel were built from the synthetic demo when no data was given
    reads_panel = {c.id for c in registry if c.panel}
    synthetic = any(e.get("synthetic_data") and e["chapter"] in reads_panel for e in entries)
    page = export.index_html(
        rows,
        review=manifest["review"],
        lang=manifest["lang"],
        version=__version__,
        synthetic=synthetic,
    )
    target = directory / "index.html"
    if not target.is_file() or target.read_bytes() != page:
        cache.atomic_write(target, page)
