"""The chapter registry: which notebooks make up a review, and the jobs that build them.

Contract with the chapter notebooks
-----------------------------------
Chapters are the notebooks matched by ``<notebooks_dir>/*.ipynb`` (default
:data:`gxq_analysis.config.NOTEBOOKS_DIR`).  Every one of them must satisfy all of this, or
:func:`chapters` raises :class:`~gxq_analysis.errors.DataError` naming the file:

* ``metadata.kernelspec.name == "python3"``, nbformat 4.5 or later with an ``id`` on every cell
  (papermill and nbconvert otherwise invent random ids, and two builds would differ).
* ``metadata.gxq`` is an object with

  ``chapter``
      id, lower-case letters, digits, ``_`` and ``-``; it names the output files.
  ``order``
      integer, unique; chapters are listed and built in this order.
  ``title``
      ``{"zh": ..., "en": ...}``, the chapter's title in each language (index page, HTML title).
  ``per_zone``
      true for a chapter built once per zone (parameter ``zone``); its output stem is
      ``<chapter>-<zone>``, e.g. ``zone-shenyang``; other chapters' stem is the id.
  ``functions``
      the library functions the chapter calls (documentation: README's list of outputs).
  ``outputs``
      the tables and figures the chapter shows (documentation).

  and optionally, for the incremental build (see :mod:`gxq_analysis.publish.cache`):

  ``panel``
      false if the chapter never reads the zone panel given by ``data`` (then a change of
      that file does not rerun it); default true.
  ``data_files``
      the bundled data files the chapter reads, as globs relative to
      :data:`gxq_analysis.config.DATA_DIR` (e.g. ``["province-st/*.csv"]``); default: every
      file there.

* Exactly one code cell is tagged ``parameters``.  It assigns at least ``review = "midterm"``,
  ``lang = "zh"`` and ``data = None`` (None means the bundled demo panel, otherwise the path of
  an evaluator's file), plus ``zone = "shenyang"`` in a per-zone chapter, as plain literals.
  No cell may be tagged ``injected-parameters`` (that is an executed copy, not a chapter).

In the HTML every code input is hidden; a cell tagged ``remove-cell`` is left out entirely and a
cell tagged ``remove-output`` shows nothing (the jupyter-book conventions).

The build passes exactly the parameters a user would pass to papermill by hand, in this order:
``review``, ``lang``, then ``zone`` (per-zone chapters) and ``data`` (only when given), so that
``papermill notebooks/<file>.ipynb out.ipynb -p review midterm -p lang zh`` gives the chapter
the build gives.

With ``--data PATH`` the build passes ``data`` as the file's *name* and starts the kernel in
the file's directory, so that no absolute path enters a chapter; a chapter hands ``data`` to the
library's loader and depends on the working directory for nothing else.

Chapters run several to a kernel, with the kernel reset in between (see
:mod:`gxq_analysis.publish._kernel` for what is reset); the build is byte-identical to a fresh
kernel per chapter as long as a chapter does not rely on state that survives the reset
(module-level state it mutates in third-party libraries, warnings emitted only on first import).
``gxq build --fresh-kernels`` (``fresh_kernels=True``) checks that for real chapters.

This module reads notebooks with :mod:`json` and :mod:`ast` only (no nbformat): it is on the
path of the no-change rebuild, which must answer in about a second.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import config
from ..errors import DataError, OptionError
from ..options import REVIEWS, Lang, allowed, check_choice

#: Chapter ids are file-name safe by construction: no separators, no dots, no ``..``.
CHAPTER_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$")
CHAPTER_ID_MAX = 64
KERNEL_NAME = "python3"
LANGS: tuple[str, ...] = allowed(Lang)
_REQUIRED_PARAMS = ("review", "lang", "data")
_REQUIRED_KEYS = ("chapter", "order", "title", "per_zone", "functions", "outputs")
_OPTIONAL_KEYS = ("panel", "data_files")


@dataclass(frozen=True)
class Job:
    """One chapter to build: a notebook, its parameters and where its outputs go.

    Attributes
    ----------
    chapter : str
        Chapter id.
    notebook : Path
        The chapter notebook.
    parameters : dict
        Papermill parameters, in the order a user passes them by hand.
    stem : str
        Output file stem inside ``<reports>/<review>/<lang>/``: ``overview``, ``zone-shenyang``.
    """

    chapter: str
    notebook: Path
    parameters: dict[str, Any] = field(hash=False)
    stem: str

    @property
    def review(self) -> str:
        return self.parameters["review"]

    @property
    def lang(self) -> str:
        return self.parameters["lang"]

    @property
    def zone(self) -> str | None:
        return self.parameters.get("zone")

    @property
    def subdir(self) -> str:
        """``<review>/<lang>``, relative to the reports directory."""
        return f"{self.review}/{self.lang}"

    @property
    def key(self) -> str:
        """``<review>/<lang>/<stem>``: unique within a build, used in progress lines."""
        return f"{self.subdir}/{self.stem}"


@dataclass(frozen=True)
class Chapter:
    """A chapter notebook and its ``gxq`` metadata (see the module docstring)."""

    id: str
    order: int
    title: dict[str, str] = field(hash=False)
    per_zone: bool
    functions: tuple[str, ...]
    outputs: tuple[str, ...]
    path: Path
    defaults: dict[str, Any] = field(hash=False, repr=False)
    panel: bool = True
    data_files: tuple[str, ...] | None = None

    def stem(self, zone: str | None = None) -> str:
        """Output file stem: the id, or ``<id>-<zone>`` for a per-zone chapter."""
        if self.per_zone:
            if zone is None:
                raise OptionError(f"chapter {self.id!r} is built per zone: give a zone")
            return f"{self.id}-{zone}"
        return self.id

    def jobs(
        self,
        reviews: Iterable[str],
        langs: Iterable[str],
        zones: Iterable[str] | None = None,
        *,
        data: str | None = None,
        layout: str | None = None,
    ) -> list[Job]:
        """The jobs building this chapter for every review x language (x zone).

        Parameters
        ----------
        reviews, langs : iterable of str
            Review ids (``midterm``, ``final``) and languages (``zh``, ``en``).
        zones : iterable of str, optional
            Zone ids (exact registry ids; use :func:`~gxq_analysis.plan.zones.resolve_zone`
            first).  Ignored unless the chapter is per-zone; None means all 15 zones.
        data : str, optional
            Value of the ``data`` parameter; omitted from the parameters when None, as a user
            running papermill by hand would omit it.
        layout : str, optional
            Value of the ``layout`` parameter (a layout file for the data); omitted when None.
        """
        reviews = [check_choice("review", r, tuple(REVIEWS)) for r in reviews]
        langs = [check_choice("lang", g, LANGS) for g in langs]
        zone_list: list[str | None] = [None]
        if self.per_zone:
            ids = registered_zone_ids()
            zone_list = [check_choice("zone", z, ids) for z in (ids if zones is None else zones)]
        out = []
        for review in reviews:
            for lang in langs:
                for zone in zone_list:
                    params: dict[str, Any] = {"review": review, "lang": lang}
                    if zone is not None:
                        params["zone"] = zone
                    if data is not None:
                        params["data"] = data
                    if layout is not None:
                        params["layout"] = layout
                    out.append(Job(self.id, self.path, params, self.stem(zone)))
        return out


@cache
def registered_zone_ids() -> tuple[str, ...]:
    """The zone ids of ``zones.csv`` in file order, read with :mod:`csv`.

    Same as :func:`gxq_analysis.plan.zones.zone_ids` (a test checks it), without importing
    pandas, which the no-change build cannot afford.
    """
    with open(config.ZONES_CSV, encoding="utf-8", newline="") as f:
        return tuple(row["zone"] for row in csv.DictReader(f))


@cache
def registered_zone_names(lang: str) -> dict[str, str]:
    """Zone id -> its name in ``lang`` (``沈阳高新区`` / ``Shenyang Hi-tech Zone``), read with
    :mod:`csv` like :func:`registered_zone_ids`, for the build's messages."""
    column = "name_zh" if check_choice("lang", lang, LANGS) == "zh" else "name_en"
    with open(config.ZONES_CSV, encoding="utf-8", newline="") as f:
        return {row["zone"]: row[column] for row in csv.DictReader(f)}


def _fail(path: Path, message: str) -> DataError:
    return DataError(f"not a valid chapter notebook: {message}", file=str(path))


def _parameters_of(path: Path, source: str) -> dict[str, Any]:
    """Literal assignments of a parameters cell (``name = <literal>`` or annotated)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise _fail(
            path, f"the parameters cell is not valid Python ({exc.msg}, line {exc.lineno})"
        ) from None
    values: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError:
                raise _fail(
                    path, f"parameter {target.id!r} must be assigned a literal value"
                ) from None
    return values


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def read_chapter(path: Path) -> Chapter:
    """Read and validate one chapter notebook (see the module docstring for the contract).

    Raises
    ------
    DataError
        Naming the file and what is wrong with it.
    """
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, f"cannot read it as JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise _fail(path, "no cell list")
    meta = nb.get("metadata") or {}
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        raise _fail(path, "nbformat must be 4.5 or later (cells need ids)")
    if any(not isinstance(c, dict) or not c.get("id") for c in nb["cells"]):
        raise _fail(path, "every cell needs an id (save it with Jupyter 3 or later)")
    kernel = (meta.get("kernelspec") or {}).get("name")
    if kernel != KERNEL_NAME:
        raise _fail(path, f"kernelspec name is {kernel!r}, not {KERNEL_NAME!r}")
    gxq = meta.get("gxq")
    if not isinstance(gxq, dict):
        raise _fail(path, "no 'gxq' object in the notebook metadata")
    missing = [k for k in _REQUIRED_KEYS if k not in gxq]
    if missing:
        raise _fail(path, "metadata.gxq lacks " + ", ".join(missing))
    unknown = sorted(set(gxq) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        raise _fail(
            path,
            f"metadata.gxq has unknown keys {unknown}; allowed: "
            + ", ".join(_REQUIRED_KEYS + _OPTIONAL_KEYS),
        )
    cid = gxq["chapter"]
    if not isinstance(cid, str) or not CHAPTER_ID_RE.match(cid) or len(cid) > CHAPTER_ID_MAX:
        raise _fail(
            path,
            f"chapter id {cid!r} must be lower-case letters, digits, '_' and '-' "
            f"(starting with a letter, at most {CHAPTER_ID_MAX} characters)",
        )
    order = gxq["order"]
    if not isinstance(order, int) or isinstance(order, bool):
        raise _fail(path, f"metadata.gxq.order must be an integer, not {order!r}")
    title = gxq["title"]
    if not (
        isinstance(title, dict)
        and all(isinstance(title.get(g), str) and title[g].strip() for g in LANGS)
    ):
        raise _fail(path, "metadata.gxq.title must give a non-empty title for 'zh' and 'en'")
    per_zone = gxq["per_zone"]
    if not isinstance(per_zone, bool):
        raise _fail(path, "metadata.gxq.per_zone must be true or false")
    lists = {}
    for key in ("functions", "outputs", "data_files"):
        value = gxq.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            raise _fail(path, f"metadata.gxq.{key} must be a list of non-empty strings")
        lists[key] = tuple(value)
    for pattern in lists["data_files"]:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise _fail(path, f"data_files entry {pattern!r} must be relative to the data dir")
    panel = gxq.get("panel", True)
    if not isinstance(panel, bool):
        raise _fail(path, "metadata.gxq.panel must be true or false")

    tagged = [
        c for c in nb["cells"] if "parameters" in ((c.get("metadata") or {}).get("tags") or [])
    ]
    if any(
        "injected-parameters" in ((c.get("metadata") or {}).get("tags") or []) for c in nb["cells"]
    ):
        raise _fail(path, "it has an 'injected-parameters' cell (an executed copy?)")
    if len(tagged) != 1:
        raise _fail(path, f"{len(tagged)} cells are tagged 'parameters'; exactly one must be")
    if tagged[0].get("cell_type") != "code":
        raise _fail(path, "the cell tagged 'parameters' must be a code cell")
    defaults = _parameters_of(path, _source(tagged[0]))
    required = _REQUIRED_PARAMS + (("zone",) if per_zone else ())
    lacking = [p for p in required if p not in defaults]
    if lacking:
        raise _fail(path, "the parameters cell does not assign " + ", ".join(lacking))
    if defaults["review"] not in REVIEWS or defaults["lang"] not in LANGS:
        raise _fail(path, "the parameters cell's review/lang defaults are not allowed values")
    if defaults["data"] is not None:
        raise _fail(path, "the parameters cell must default to data = None (bundled data)")
    return Chapter(
        id=cid,
        order=order,
        title={g: title[g] for g in LANGS},
        per_zone=per_zone,
        functions=lists["functions"],
        outputs=lists["outputs"],
        path=path,
        defaults=defaults,
        panel=panel,
        data_files=lists["data_files"] if "data_files" in gxq else None,
    )


def chapters(notebooks_dir: str | Path | None = None) -> tuple[Chapter, ...]:
    """Every chapter in ``notebooks_dir`` (default ``config.NOTEBOOKS_DIR``), sorted by order.

    Raises
    ------
    DataError
        If a notebook breaks the contract, or two notebooks share a chapter id or an order.
    """
    if notebooks_dir is None:
        notebooks_dir = config.NOTEBOOKS_DIR
    root = Path(notebooks_dir)
    if not root.is_dir():
        raise DataError("the notebooks directory does not exist", file=str(root))
    found = [read_chapter(p) for p in sorted(root.glob("*.ipynb"))]
    for attr in ("id", "order"):
        seen: dict[Any, Path] = {}
        for ch in found:
            other = seen.setdefault(getattr(ch, attr), ch.path)
            if other != ch.path:
                raise DataError(
                    f"chapter {attr} {getattr(ch, attr)!r} is used twice, also in {other.name}",
                    file=str(ch.path),
                )
    return tuple(sorted(found, key=lambda c: c.order))


def select(all_chapters: Sequence[Chapter], ids: Iterable[str] | None) -> tuple[Chapter, ...]:
    """The chapters with the given ids (in registry order); None selects all.

    Raises
    ------
    OptionError
        For an unknown id, listing the known ones.
    """
    if ids is None:
        return tuple(all_chapters)
    known = tuple(c.id for c in all_chapters)
    wanted = {check_choice("chapter", i, known) for i in ids}
    return tuple(c for c in all_chapters if c.id in wanted)
