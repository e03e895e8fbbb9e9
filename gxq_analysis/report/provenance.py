"""The provenance block that ends every chapter: which data, parameters, code and environment.

Everything here is deterministic: no timestamps, no host or user names, no absolute paths, and
every mapping is sorted. Two builds from the same checkout, data and environment give the same
block.

Git commit
    ``git rev-parse HEAD`` of the checkout the package runs from (``config.REPO_ROOT``), with
    ``+dirty`` appended when the files that determine a chapter's content (``gxq_analysis/``,
    ``data/``, ``notebooks/``, ``pyproject.toml``) differ from that commit, untracked files
    included. A build from modified code then says so, since it cannot be reproduced from the
    commit alone; two builds from the same tree still agree with each other. Installed from a
    wheel: ``unknown (installed package)``. The hash necessarily changes with every commit, so a
    stored notebook's block is volatile: :data:`NBVAL_SANITIZE` gives the pattern to mask.
"""

from __future__ import annotations

import functools
import html
import json
import os
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from .. import __version__, config
from ..errors import DataError
from ..files import sha256_file
from ..options import check_choice, check_lang
from ..vcs import git_commit
from .rich import Rich, md_escape
from .strings import t

__all__ = [
    "KNOWN_INPUTS",
    "LIBRARIES",
    "NBVAL_SANITIZE",
    "REFERENCE_INPUTS",
    "citation",
    "data_info",
    "display_path",
    "file_sha256",
    "git_commit",
    "library_versions",
    "provenance",
    "provenance_block",
    "render_provenance",
]

#: Distributions whose versions the block reports.
LIBRARIES: tuple[str, ...] = (
    "linearmodels",
    "matplotlib",
    "numpy",
    "pandas",
    "pandera",
    "papermill",
    "scipy",
    "seaborn",
    "statsmodels",
)

#: Input files a chapter may name without a path (notebooks hold no paths).
KNOWN_INPUTS: dict[str, Path] = {
    "codebook": config.CODEBOOK_CSV,
    "demo_meta": config.DEMO_META_JSON,
    "plan_facts": config.PLAN_FACTS_CSV,
    "plan_text": config.PLAN_TEXT,
    "policy_inference": config.POLICY_INFERENCE_JSON,
    "province_panel": config.PROVINCE_CSV,
    "zones": config.ZONES_CSV,
}
#: Reference tables every chapter depends on (labels, registry, benchmarks): always listed.
REFERENCE_INPUTS: tuple[str, ...] = ("codebook", "plan_facts", "zones")

#: Paths (relative to the checkout) whose changes make the git commit ``+dirty``.

#: (regex, replacement) pairs for an nbval sanitize file: the commit hash is volatile by nature.
NBVAL_SANITIZE: tuple[tuple[str, str], ...] = ((r"\b[0-9a-f]{40}(\+dirty)?\b", "GIT-COMMIT"),)

SHORT_SHA = 12


# ------------------------------------------------------------------------------------------
# files


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as a chapter may print it: never absolute.

    Package data -> ``data/<relative path>`` (the same whether installed or from a checkout);
    other files of the checkout -> relative to it; anything else (an evaluator's file) -> its
    file name only. A name that is not a path (e.g. ``"demo"``) is returned unchanged.
    """
    raw = os.fspath(path)
    p = Path(raw)
    if not p.is_absolute() and not p.exists():
        return PurePath(raw).as_posix()
    p = p.resolve()
    data_dir = config.DATA_DIR.resolve()
    if _inside(p, data_dir):
        return "data/" + p.relative_to(data_dir).as_posix()
    if config.REPO_ROOT is not None and _inside(p, config.REPO_ROOT.resolve()):
        return p.relative_to(config.REPO_ROOT.resolve()).as_posix()
    return p.name


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 (hex) of a file's bytes, read in chunks.

    Raises
    ------
    DataError
        If the file cannot be read (the message names it by :func:`display_path`).
    """
    try:
        return sha256_file(path)
    except OSError as err:
        raise DataError(
            f"cannot read input file: {err.strerror}", file=display_path(path)
        ) from None


def _attrs(panel_or_attrs: pd.DataFrame | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(panel_or_attrs, pd.DataFrame | pd.Series):
        return panel_or_attrs.attrs
    if isinstance(panel_or_attrs, Mapping):
        return panel_or_attrs
    raise TypeError(
        "expected a panel (DataFrame with provenance in .attrs) or its attrs dict, got "
        + type(panel_or_attrs).__name__
    )


def data_info(panel_or_attrs: pd.DataFrame | Mapping[str, Any]) -> dict[str, Any]:
    """What a chapter says about its data: ``file``, ``sha256``, ``synthetic``, ``citation``,
    ``citation_zh``.

    Reads the provenance the loaders put in ``DataFrame.attrs`` (``source``, ``sha256``,
    ``synthetic``, optional ``citation`` and its Chinese form ``citation_zh``). A missing
    ``sha256`` is computed from ``source`` when that is a readable file.

    Raises
    ------
    DataError
        If the attrs do not say whether the data are synthetic: a chapter must never present
        data of unknown origin as real.
    """
    attrs = _attrs(panel_or_attrs)
    source = attrs.get("source")
    synthetic = attrs.get("synthetic")
    if not isinstance(synthetic, bool):
        raise DataError(
            "the data carry no provenance (attrs['synthetic'] must be True or False); "
            "load them with gxq_analysis.load_panel or load_province_panel",
            file=display_path(source) if source else None,
        )
    sha = attrs.get("sha256")
    if sha is None and source is not None and Path(os.fspath(source)).is_file():
        sha = file_sha256(source)
    citation, citation_zh = attrs.get("citation"), attrs.get("citation_zh")
    return {
        "citation": str(citation) if citation else None,
        "citation_zh": str(citation_zh) if citation_zh else None,
        "file": display_path(source) if source is not None else None,
        "sha256": sha,
        "synthetic": synthetic,
    }


def _input_info(name: str, path: str | os.PathLike[str] | None) -> dict[str, Any]:
    if path is None:
        path = KNOWN_INPUTS[check_choice("extra_inputs", name, tuple(sorted(KNOWN_INPUTS)))]
    return {"file": display_path(path), "sha256": file_sha256(path)}


# ------------------------------------------------------------------------------------------
# code and environment


@functools.cache
def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


# Read once per process: each lookup parses the package's metadata file (9 libraries, 25 ms at
# every chapter's record), and a process keeps running the version it imported even if another
# is installed meanwhile. A warm kernel keeps it between chapters
# (gxq_analysis.publish._kernel.KEEP_ATTRIBUTE): no chapter can change it.
_installed_version.gxq_keep_between_chapters = True  # type: ignore[attr-defined]


def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str]:
    """Installed versions of ``names``, sorted by name (``"not installed"`` if absent)."""
    return {name: _installed_version(name) for name in sorted(names)}


def _clean(value: Any) -> Any:
    """A parameter value as JSON-ready data, with paths made safe by :func:`display_path`."""
    if isinstance(value, PurePath):
        return display_path(value)
    if isinstance(value, str):
        return display_path(value) if os.path.isabs(value) else value
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_clean(v) for v in value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item"):  # NumPy scalars
        return _clean(value.item())
    return str(value)


# ------------------------------------------------------------------------------------------
# the block


def provenance(
    panel: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    parameters: Mapping[str, Any],
    extra_inputs: Mapping[str, str | os.PathLike[str] | None] | Iterable[str] | None = None,
) -> dict[str, Any]:
    """Provenance of a chapter as a sorted, JSON-ready dict.

    Parameters
    ----------
    panel
        The chapter's data (a loaded panel or its ``attrs``), or None for a chapter without.
    parameters
        The chapter's parameters (the notebook's ``parameters`` cell). Absolute paths in them
        are shortened by :func:`display_path`.
    extra_inputs
        Further input files: names from :data:`KNOWN_INPUTS` (so notebooks need no paths), or
        a mapping ``label -> path`` (a ``None`` path means the known input of that label).
        The :data:`REFERENCE_INPUTS` are always included.

    Returns
    -------
    dict
        Keys ``data`` (see :func:`data_info`, or None), ``parameters``, ``inputs``
        (label -> file and sha256), ``package`` (name, version, git commit), ``python``
        (``major.minor.micro``) and ``libraries`` (name -> version).
    """
    if not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping, got {type(parameters).__name__}")
    wanted: dict[str, str | os.PathLike[str] | None] = {name: None for name in REFERENCE_INPUTS}
    if isinstance(extra_inputs, Mapping):
        wanted.update(extra_inputs)
    elif extra_inputs is not None:
        if isinstance(extra_inputs, str):
            extra_inputs = [extra_inputs]
        wanted.update({name: None for name in extra_inputs})
    return {
        "data": data_info(panel) if panel is not None else None,
        "inputs": {name: _input_info(name, wanted[name]) for name in sorted(wanted)},
        "libraries": library_versions(),
        "package": {"git_commit": git_commit(), "name": "gxq_analysis", "version": __version__},
        "parameters": _clean(dict(parameters)),
        "python": platform.python_version(),
    }


def citation(data: Mapping[str, Any], lang: str) -> str | None:
    """The citation in ``lang`` when the data give one in that language, else the other."""
    if lang == "zh":
        return data.get("citation_zh") or data.get("citation")
    return data.get("citation") or data.get("citation_zh")


def _rows(prov: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, value) rows of the block; values are plain text."""
    data = prov.get("data")
    yes_no = {True: t("word.yes", lang), False: t("word.no", lang)}
    rows: list[tuple[str, str]] = []
    if data is not None:
        rows.append((t("prov.data_file", lang), data["file"] or t("prov.none", lang)))
        rows.append((t("prov.sha256", lang), data["sha256"] or t("prov.none", lang)))
        rows.append((t("prov.synthetic", lang), yes_no[bool(data["synthetic"])]))
        cited = citation(data, lang)
        if cited:
            rows.append((t("prov.citation", lang), cited))
    params = prov["parameters"]
    rows.append(
        (
            t("prov.parameters", lang),
            "; ".join(
                f"{k} = {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
                for k, v in params.items()
            )
            or t("prov.none", lang),
        )
    )
    rows.append(
        (
            t("prov.inputs", lang),
            "; ".join(f"{v['file']} ({v['sha256']})" for v in prov["inputs"].values())
            or t("prov.none", lang),
        )
    )
    pkg = prov["package"]
    rows.append((t("prov.package", lang), pkg["version"]))
    rows.append((t("prov.git_commit", lang), pkg["git_commit"]))
    rows.append((t("prov.python", lang), prov["python"]))
    rows.append(
        (t("prov.libraries", lang), ", ".join(f"{k} {v}" for k, v in prov["libraries"].items()))
    )
    return rows


def render_provenance(prov: Mapping[str, Any], *, lang: str) -> Any:
    """Render a :func:`provenance` dict as a display object (HTML, Markdown and text)."""

    check_lang(lang)
    title = t("prov.title", lang)
    rows = _rows(prov, lang)
    note = t("prov.note", lang)
    html_rows = "\n".join(
        f'<tr><th style="text-align:left">{html.escape(k)}</th>'
        f'<td style="text-align:left"><code>{html.escape(v)}</code></td></tr>'
        for k, v in rows
    )
    html_text = (
        f'<section class="gxq-provenance">\n<h2>{html.escape(title)}</h2>\n'
        f'<table class="gxq-provenance-table">\n{html_rows}\n</table>\n'
        f"<p><em>{html.escape(note)}</em></p>\n</section>"
    )
    items = [f"- **{md_escape(k)}**: `{v}`" for k, v in rows]
    md = "\n".join([f"## {md_escape(title)}", "", *items, "", f"*{md_escape(note)}*"])
    text = "\n".join([title, *(f"{k}: {v}" for k, v in rows), note])
    return Rich(html=html_text, markdown=md, text=text)


def provenance_block(
    panel: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    parameters: Mapping[str, Any],
    extra_inputs: Mapping[str, str | os.PathLike[str] | None] | Iterable[str] | None = None,
    lang: str,
) -> Any:
    """The provenance section that ends a chapter (see :func:`provenance` for the contents)."""
    check_lang(lang)
    return render_provenance(
        provenance(panel, parameters=parameters, extra_inputs=extra_inputs), lang=lang
    )
