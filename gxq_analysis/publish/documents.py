"""The pages of one ``<review>/<lang>`` directory made from its chapters: ``index.html`` and
the whole review as one document (``review.html``, ``review.docx``, ``review.pdf`` with
``--pdf``).

Both are made from the directory's manifest, in the registry's chapter order.  Whether the
review documents are up to date is decided from the manifest (json and hashlib only), so a
no-change build imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .._version import __version__
from ..options import review_years
from . import cache, export
from .registry import Chapter, registered_zone_ids

# Lazy imports (``# lazy``): making the review documents loads report.strings (pandas) and
# python-docx, 0.4-0.6 s of import that a no-change build must not pay (tested in
# tests/publish/test_build_incremental.py).


def _of_this_data(entry: dict[str, Any], data: dict[str, Any] | None) -> bool:
    """Whether a manifest entry was built from the data of the last build: a review describes
    one data set, so chapters left from a build on other data (a zone profile of a zone these
    data do not hold) are not part of it."""
    if not data:
        return True
    sha = (entry.get("inputs") or {}).get("data_sha256")
    if sha is not None and sha != data.get("sha256"):
        return False
    zone = (entry.get("parameters") or {}).get("zone")
    return zone is None or zone in data.get("zones", ())


def _ordered_entries(manifest: dict[str, Any], registry: Sequence[Chapter]) -> list[dict]:
    """Manifest entries of registered chapters built from the build's data, in display order
    (chapters, then zones)."""
    order = {c.id: c.order for c in registry}
    data = manifest.get("data")
    entries = [
        e
        for e in manifest["chapters"].values()
        if e.get("chapter") in order and _of_this_data(e, data)
    ]
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


def _documents_key(
    directory: Path, entries: list[dict], pdf: bool
) -> tuple[str, list[Path | dict[str, Any]]]:
    """What the review documents are made of: the good chapter notebooks in order, and the
    manifest entry of each chapter that failed in its last build (shown with its reason)."""
    parts, chapters = [__version__, cache.library_sha256(), str(pdf)], []
    for e in entries:
        nb = directory / f"{e['stem']}.ipynb"
        record = (e.get("outputs") or {}).get(nb.name)
        if e.get("status") == "ok" and record and nb.is_file():
            parts.append(f"{nb.name}:{record['sha256']}")
            chapters.append(nb)
        elif e.get("status") != "ok":
            error = e.get("error") or {}
            parts.append(f"failed:{e['stem']}:{error.get('ename', '')}:{e.get('key', '')}")
            chapters.append(e)
    return cache.sha256_bytes("\n".join(parts).encode()), chapters


def _failed_chapter(entry: dict[str, Any], gaps: list[dict[str, Any]], lang: str):
    """A chapter that could not be built, as the review shows it: its heading, that it could
    not be built, what the data do not allow in it and what data would, and where to look."""
    from ..report.strings import t  # lazy: pandas (see the top)
    from ..report.views.support import gap_text  # lazy: pandas (see the top)
    from .review import Block, ChapterDoc  # lazy: pandas (see the top)

    blocks = [Block("para", text=t("doc.failed", lang))]
    reasons = [gap_text(g, lang) for g in gaps if g["chapter"] == entry["chapter"]]
    if reasons:
        blocks.append(Block("bullets", lines=tuple(reasons)))
    error = entry.get("error") or {}
    blocks.append(
        Block(
            "para",
            text=t(
                "doc.failed_error",
                lang,
                error=error.get("ename") or "?",
                log="build.log",
                kept=f"{entry['stem']}.failed.ipynb",
            ),
        )
    )
    return ChapterDoc(title=entry["title"], blocks=blocks, failed=True)


def write_documents(
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
    key, parts = _documents_key(directory, _ordered_entries(manifest, registry), pdf)
    old = manifest.get("documents") or {}
    names = [*DOCUMENTS, *(["review.pdf"] if pdf else [])]
    outputs = old.get("outputs") or {}
    if (
        old.get("key") == key
        and all(n in outputs for n in names)
        and all(cache.output_intact(directory / n, outputs[n]) for n in names)
    ):
        return False
    if not any(isinstance(p, Path) for p in parts):
        return False
    from ..report.strings import t  # lazy: pandas (see the top)
    from .review import read_review  # lazy: pandas (see the top)
    from .review_html import review_html  # lazy: pandas (see the top)
    from .word import review_docx  # lazy: pandas, python-docx (see the top)

    review, lang = manifest["review"], manifest["lang"]
    baseline, end = review_years(review)
    gaps = (manifest.get("data") or {}).get("support") or []
    doc = read_review(
        [p if isinstance(p, Path) else _failed_chapter(p, gaps, lang) for p in parts],
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


def write_index(directory: Path, manifest: dict[str, Any], registry: Sequence[Chapter]) -> None:
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


def _documents_job(
    directory: Path,
    manifest: dict[str, Any],
    registry: Sequence[Chapter],
    pdf: bool,
    chromium: str | None,
) -> dict[str, Any] | None:
    """:func:`write_documents` in a worker process; returns the manifest's new record."""
    write_documents(directory, manifest, registry, pdf=pdf, chromium=chromium)
    return manifest.get("documents")


class DocumentWriter:
    """Writes each directory's review documents as soon as its chapters are done.

    With more than one job, each directory's documents are made in a worker process while the
    chapters of other directories still run (python-docx and the HTML page are pure Python:
    threads would wait for each other), so a build of several reviews or languages does not
    end with their documents made one after the other. The workers start here, before the
    chapters' pool and its threads exist (a process is forked only while it has one thread),
    with the platform's default start method, as the chapters' pool does.
    """

    def __init__(
        self,
        registry: Sequence[Chapter],
        *,
        pdf: bool,
        chromium: str | None,
        jobs: int,
        directories: int,
    ) -> None:
        self._args = (registry, pdf, chromium)
        self._pending: dict[Path, tuple[dict[str, Any], Any]] = {}
        self._pool: Any = None
        workers = min(jobs, directories)
        if workers > 1:
            # lazy: a build of one directory writes its documents itself, no pool
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(workers)
            self._pool.submit(int).result()  # start the workers now

    def submit(self, directory: Path, manifest: dict[str, Any]) -> None:
        """Make ``directory``'s documents from ``manifest`` (now, or in a worker)."""
        if directory in self._pending:
            return
        registry, pdf, chromium = self._args
        if self._pool is None:
            write_documents(directory, manifest, registry, pdf=pdf, chromium=chromium)
            self._pending[directory] = (manifest, None)
            return
        future = self._pool.submit(_documents_job, directory, manifest, *self._args)
        self._pending[directory] = (manifest, future)

    def finish(self) -> None:
        """Wait for every directory's documents; a worker's error is raised here."""
        try:
            for manifest, future in self._pending.values():
                if future is not None:
                    record = future.result()
                    if record is not None:
                        manifest["documents"] = record
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
