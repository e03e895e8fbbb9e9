"""A chapter's outputs in the reports directory: its files and its manifest entry.

:func:`store` writes what a worker sent back for one chapter (the executed notebook, its HTML
and PDF, or the failed notebook beside the last good version) and records it in the manifest of
its ``<review>/<lang>`` directory; :func:`print_pdfs` prints up-to-date chapters to PDF.  Every
file is replaced atomically (:func:`gxq_analysis.publish.cache.atomic_write`).
"""

from __future__ import annotations

import functools
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import config
from . import cache, export
from .registry import Chapter, Job

# Lazy import (``# lazy``): plan.zones loads pandas (0.35 s), which a no-change build, deciding
# from the manifests alone, must not (tested in tests/publish/test_build_incremental.py).


@dataclass
class Planned:
    """One chapter job of the build: where its outputs go and the key of its inputs."""

    job: Job
    chapter: Chapter
    out_dir: Path
    key: str
    inputs: dict[str, Any]


def job_title(ch: Chapter, job: Job) -> tuple[str, str | None]:
    """(title of this output, title of its group for per-zone chapters)."""
    title = ch.title[job.lang]
    if job.zone is None:
        return title, None
    from ..plan.zones import zone_label  # lazy: pandas (see the top)

    sep = "：" if job.lang == "zh" else ": "
    return f"{title}{sep}{zone_label(job.zone, job.lang)}", title


def print_pdfs(planned, manifests, chromium, n_jobs, say) -> None:
    """Print up-to-date chapters' existing HTML to PDF (no execution needed)."""

    def one(p: Planned):
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


def describe_failure(f: dict[str, Any]) -> str:
    """One line for a failure record of :func:`store`: where, then the error's first line."""
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
    if not data_path.is_file():  # a folder or manifest of the evaluator's tables
        return False
    try:
        meta = json.loads(config.DEMO_META_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return cache.sha256_file(data_path) == meta.get("sha256")


def store(p: Planned, result, manifest: dict[str, Any], data_path: Path | None):
    """Write a job's outputs atomically and update its manifest entry; return the failure."""
    stem, d = p.job.stem, p.out_dir
    old = manifest["chapters"].get(stem) or {}
    title, group = job_title(p.chapter, p.job)
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
