"""Every derived file of the checkout, regenerated in order or checked (``python dev.py regen``).

Derived files are written by code from other files, and each has its generator:

1. **demo data** (``data/demo/``): :func:`gxq_analysis.ingest.demo.write_demo_files`
   (``gxq demo-data``) from the seeded generator;
2. **literate cells** of the chapter sources (prose and the documented parameters cell) and
   the chapters' **reading copies** in each language (``notebooks/zh/``, ``notebooks/en/``):
   :mod:`gxq_analysis.publish.literate` from the catalogue and the sources;
3. **README excerpts** (the list of outputs): :mod:`gxq_analysis.publish.readme` from the
   chapter registry;
4. **stored notebooks** (the reading copies' outputs): :mod:`gxq_analysis.publish.store`,
   which executes them; only the notebooks whose recorded inputs changed
   (:func:`~.store.stale_notebooks`), or all of them with ``--all``.

The order is the order of dependence: the notebooks run on the demo data and their literate
cells are part of what is stored. ``--check`` regenerates nothing and names every derived file
that is out of date (exit 1), cheaply enough for CI: the demo data are generated in memory and
compared, the notebooks' fingerprints are compared with their record. Whether a stored
notebook's *outputs* are what a rerun gives is strict nbval's job in the test command
(``python3 dev.py test``); the check does not execute notebooks.

Not regenerated: ``data/methods/policy_inference.json``, the record of
``benchmarks/bench_policy.py`` (a simulation study, not cheap). ``--check`` verifies only that
the policy chapter can read it (it picks its headline from it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .. import config
from ..errors import DataError
from ..evaluation.policy import choose_headline, inference_record
from ..ingest import demo
from . import literate, readme, store

__all__ = ["STEPS", "out_of_date", "regenerate"]


def _rel(path: Path) -> str:
    root = config.REPO_ROOT
    try:
        return Path(path).resolve().relative_to(root).as_posix() if root else str(path)
    except ValueError:
        return str(path)


def _notebooks() -> list[Path]:
    return literate.source_notebooks()


def _stored() -> list[Path]:
    return store.stored_notebooks()


# --------------------------------------------------------------------------- checks


def _check_demo() -> list[str]:
    return [_rel(Path(line.split(": ", 1)[0])) + ": " + line.split(": ", 1)[1]
            for line in demo.demo_file_differences()]  # fmt: skip


def _check_literate() -> list[str]:
    return [
        f"{_rel(p)}: differs from its source notebook"
        if ids == ["view"]
        else f"{_rel(p)}: literate cells differ from the catalogue ({', '.join(ids)})"
        for p, ids in literate.stale_notebooks(_notebooks()).items()
    ]


def _check_readme() -> list[str]:
    path = _readme()
    if readme.readme_is_stale(path):
        return [f"{_rel(path)}: list of outputs differs from the chapter registry"]
    return []


def _check_stored() -> list[str]:
    stale = store.stale_notebooks(_stored())
    return [f"{_rel(p)}: outputs {why}" for p, why in stale.items()]


def _check_policy_record() -> list[str]:
    path = config.POLICY_INFERENCE_JSON
    try:
        record = inference_record()
        if record is None:
            return [f"{_rel(path)}: missing; run benchmarks/bench_policy.py"]
        choose_headline(record)
    except (DataError, KeyError, TypeError) as exc:
        return [
            f"{_rel(path)}: the policy chapter cannot read it ({type(exc).__name__}: {exc}); "
            "rerun benchmarks/bench_policy.py"
        ]
    return []


# --------------------------------------------------------------------------- regeneration


def _readme() -> Path:
    if config.REPO_ROOT is None:
        raise DataError("regen works on a source checkout (README.md not found)")
    return config.REPO_ROOT / "README.md"


def _regen_demo(all_notebooks: bool) -> list[str]:
    if not demo.demo_file_differences():
        return []
    return [_rel(p) for p in demo.write_demo_files()]


def _regen_literate(all_notebooks: bool) -> list[str]:
    sources = _notebooks()
    written = [_rel(p) for p in sources if literate.refresh(p)]
    return written + [_rel(p) for p in literate.write_views(sources)]


def _regen_readme(all_notebooks: bool) -> list[str]:
    path = _readme()
    if not readme.readme_is_stale(path):
        return []
    text = path.read_text(encoding="utf-8")
    path.write_text(readme.render_readme(text, readme.outputs_table()), encoding="utf-8")
    return [_rel(path)]


def _regen_stored(all_notebooks: bool) -> list[str]:
    paths = _stored() if all_notebooks else list(store.stale_notebooks(_stored()))
    written = []
    for p in paths:
        print(f"  storing {_rel(p)} (executes it)", flush=True)
        before = p.read_bytes()
        store.store(p)
        if p.read_bytes() != before:
            written.append(_rel(p))
        else:
            print(f"  {_rel(p)}: outputs unchanged; its record updated")
    for parent in sorted({p.parent for p in paths}):
        written.append(_rel(store.manifest_path(parent)))
    return written


#: (what, regenerate, check) in the order of dependence. ``regenerate(all_notebooks)`` returns
#: the files it rewrote; ``check()`` one line per out-of-date file.
STEPS: list[tuple[str, Callable[[bool], list[str]] | None, Callable[[], list[str]]]] = [
    ("demo data", _regen_demo, _check_demo),
    ("literate cells", _regen_literate, _check_literate),
    ("README excerpts", _regen_readme, _check_readme),
    ("stored notebooks", _regen_stored, _check_stored),
    ("policy inference record (benchmark output, checked only)", None, _check_policy_record),
]


def out_of_date() -> list[str]:
    """Every derived file that is out of date, one line each naming it and why."""
    lines: list[str] = []
    for _, _, check in STEPS:
        lines += check()
    return lines


def regenerate(*, all_notebooks: bool = False) -> list[str]:
    """Regenerate every derived file that is out of date, in order; the files rewritten.

    Parameters
    ----------
    all_notebooks : bool
        Re-store every chapter notebook, not only those whose inputs changed (after a library
        upgrade, which the fingerprints do not cover).
    """
    written: list[str] = []
    for what, regen, _ in STEPS:
        if regen is None:
            continue
        print(f"regen: {what}", flush=True)
        done = regen(all_notebooks)
        for f in done:
            print(f"  wrote {f}")
        written += done
    return written


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    unknown = [a for a in args if a not in ("--check", "--all")]
    if unknown:
        print(f"regen: unknown option {unknown[0]!r}; allowed: --check, --all", file=sys.stderr)
        return 2
    if "--check" in args:
        stale = out_of_date()
        if stale:
            print("out of date (run `python dev.py regen`):")
            for line in stale:
                print(f"  {line}")
            return 1
        print("regen --check: every derived file is up to date")
        return 0
    regenerate(all_notebooks="--all" in args)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
