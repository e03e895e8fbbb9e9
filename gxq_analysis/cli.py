"""The ``gxq`` command: parse the arguments, call the library, print, return the exit status.

The library functions the commands call print nothing; what is printed is decided here.
Errors in the user's input print one line (no traceback) and exit with status 2.

Lazy imports (``# lazy``): ``gxq --help`` starts in about 0.05 s and a no-change ``gxq build``
answers in about 0.2 s. pandas alone takes 0.3-0.4 s to import (measured after this module),
and the plan tables, ``validate`` and ``demo-data`` need it; importing the build module would
double ``gxq --help`` (+0.05 s). So each command imports what it needs in its own body, and
the commands that do not need pandas never load it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, config
from .errors import GxqError
from .files import sha256_file
from .options import check_choice

LANGS = ("zh", "en")


def _print_frame(df) -> None:
    import pandas as pd  # lazy: 0.3-0.4 s of import (see the top); only for printing tables

    with pd.option_context(
        "display.unicode.east_asian_width",
        True,
        "display.max_rows",
        None,
        "display.max_columns",
        None,
        "display.width",
        200,
        "display.max_colwidth",
        80,
    ):
        print(df.to_string())


def _cmd_zones(args: argparse.Namespace) -> int:
    from .plan.zones import TIER_NAMES, TIERS, load_zones  # lazy: pandas (see the top)

    z = load_zones()
    zh = args.lang == "zh"
    for tier in TIERS:
        sub = z[z["tier"] == tier]
        title = TIER_NAMES[tier][0 if zh else 1]
        print(f"\n{title} [{tier}] — {len(sub)}")
        cols = ["name_zh", "city", "level"] if zh else ["name_en", "city", "level"]
        out = sub[cols].copy()
        out.columns = ["名称", "所在市", "级别"] if zh else ["name", "city", "level"]
        out.index.name = "zone"
        _print_frame(out)
    print(f"\n{'合计' if zh else 'total'}: {len(z)}")
    return 0


def _cmd_codebook(args: argparse.Namespace) -> int:
    from .plan.codebook import RATIOS, load_codebook  # lazy: pandas (see the top)

    cb = load_codebook()
    zh = args.lang == "zh"
    name = "name_zh" if zh else "name_en"
    out = cb[[name, "unit", "block"]].copy()
    out.columns = ["名称", "单位", "模块"] if zh else ["name", "unit", "block"]
    out.index.name = "code"
    _print_frame(out)
    print("\n" + ("派生比率" if zh else "Derived ratios"))
    import pandas as pd  # lazy: 0.3-0.4 s of import (see the top)

    ratios = pd.DataFrame(
        {
            ("名称" if zh else "name"): [r.name_zh if zh else r.name_en for r in RATIOS.values()],
            ("公式" if zh else "formula"): [r.formula for r in RATIOS.values()],
        },
        index=pd.Index(list(RATIOS), name="code"),
    )
    _print_frame(ratios)
    return 0


def _cmd_facts(args: argparse.Namespace) -> int:
    from .plan.facts import load_plan_facts  # lazy: pandas (see the top)

    f = load_plan_facts()
    if args.scope:
        check_choice("--scope", args.scope, sorted(set(f["scope"])))
        f = f[f["scope"] == args.scope]
    cols = ["scope", "indicator", "year", "value_printed", "unit", "section"]
    if args.lang == "zh":
        cols.append("quote")
    out = f[cols].rename(columns={"value_printed": "value"})
    _print_frame(out)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Print the coverage summary of an evaluator's file; a file that cannot be read is a
    one-line error (``main``) with file, sheet, row and column."""
    from .ingest.validate import validation_report  # lazy: pandas and the loader (see the top)

    print(validation_report(args.path, lang=args.lang, layout=args.layout))
    return 0


def _cmd_demo_data(args: argparse.Namespace) -> int:
    """Regenerate the demo files, or with ``--check`` compare them with a fresh generation:
    0 when written or identical, 1 naming each differing file."""
    from .ingest import demo  # lazy: numpy, pandas and the generator (see the top)

    out = Path(args.output_dir) if args.output_dir is not None else config.DEMO_DIR
    if not args.check:
        for p in demo.write_demo_files(out):
            print(f"wrote {p} (sha256 {sha256_file(p)[:12]})")
        print(demo.LABEL)
        return 0
    differ = demo.demo_file_differences(out)
    if differ:
        print("demo data out of date; run `gxq demo-data` to regenerate:")
        for line in differ:
            print(f"  {line}")
        return 1
    print(f"demo data in {out} equals a fresh generation (seed {demo.DEFAULT_SEED})")
    return 0


def _read_data_once(args: argparse.Namespace) -> None:
    """Read ``--data`` once for the whole build: problems are reported here, all at once with
    their places, before any kernel starts or any output is touched; the result is kept in the
    load store, where every chapter finds it instead of parsing the tables again, and the
    canonical panel with the place of every value is written to ``<reports>/data/``."""
    import os  # lazy: only with --data (see the top)

    from .ingest.sources import read_sources  # lazy: pandas, only with --data (see the top)
    from .ingest.sources.export import write_sources  # lazy: pandas, only with --data
    from .ingest.sources.store import ENV  # lazy: only with --data

    root = Path(args.output) if args.output is not None else config.reports_dir()
    os.environ.setdefault(ENV, str((root / ".cache" / "loads").resolve()))
    src = read_sources(args.data, layout=args.layout)
    if not args.dry_run:
        write_sources(src, root / "data")


def _cmd_build(args: argparse.Namespace) -> int:
    """Build the reviews (:func:`gxq_analysis.publish.runner.build`); 1 if a chapter failed.
    With ``--dry-run``, list the chapters that would run or be printed."""
    from .publish.runner import build  # lazy: +0.05 s on gxq --help (see the top)

    if args.data is not None and args.notebooks is None:
        _read_data_once(args)
    report = build(
        review=args.review,
        lang=args.lang,
        data=args.data,
        zones=args.zones,
        chapters=args.chapters,
        jobs=args.jobs,
        force=args.force,
        timeout=args.timeout,
        pdf=args.pdf,
        scheduler=args.scheduler,
        output=args.output,
        notebooks_dir=args.notebooks,
        fresh_kernels=args.fresh_kernels,
        dry_run=args.dry_run,
    )
    if args.dry_run:
        for job in report.to_run:
            print(f"run    {job.key}")
        for job in report.to_print:
            print(f"print  {job.key}")
        print(
            f"{len(report.to_run)} to run, {len(report.to_print)} to print, "
            f"{len(report.up_to_date)} up to date"
        )
    return report.exit_code


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gxq",
        description="Evaluate Liaoning's high-tech zones (高新区) under the 2016-2020 plan.",
    )
    p.add_argument("--version", action="version", version=f"gxq-analysis {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def lang_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--lang", choices=LANGS, default="zh", help="output language (zh|en)")

    sp = sub.add_parser("zones", help="list the 15 zones by tier")
    lang_opt(sp)
    sp.set_defaults(func=_cmd_zones)

    sp = sub.add_parser("codebook", help="list indicators and the derived ratios")
    lang_opt(sp)
    sp.set_defaults(func=_cmd_codebook)

    sp = sub.add_parser("facts", help="list the plan's figures with section and quote")
    lang_opt(sp)
    sp.add_argument("--scope", help="only facts of this scope (zone id or group)")
    sp.set_defaults(func=_cmd_facts)

    sp = sub.add_parser("validate", help="check an evaluator's spreadsheet and summarize it")
    sp.add_argument("path", help="a CSV, XLSX or XLS file, a folder of them, or a manifest (.toml)")
    sp.add_argument("--layout", default=None, help="layout file (TOML) for sheets no rule reads")
    lang_opt(sp)
    sp.set_defaults(func=_cmd_validate)

    sp = sub.add_parser("demo-data", help="regenerate the synthetic demo zone panel")
    sp.add_argument("--output-dir", default=None, help="write there instead of data/demo")
    sp.add_argument(
        "--check",
        action="store_true",
        help="only check that the shipped files equal a fresh generation",
    )
    sp.set_defaults(func=_cmd_demo_data)

    sp = sub.add_parser("build", help="build the review chapters into reports/")
    sp.add_argument("--review", default="all", choices=("midterm", "final", "all"))
    sp.add_argument("--lang", default="all", choices=("zh", "en", "all"))
    sp.add_argument(
        "--data",
        default=None,
        help="your tables: a file, a folder of them or a manifest (.toml); default: the "
        "bundled demo data",
    )
    sp.add_argument("--layout", default=None, help="layout file (TOML) for tables no rule reads")
    sp.add_argument("--zones", nargs="*", default=None, help="zone profiles to build (ids)")
    sp.add_argument("--chapters", nargs="*", default=None, help="only these chapters")
    sp.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    sp.add_argument("--force", action="store_true", help="rerun chapters that are up to date")
    sp.add_argument("--timeout", type=int, default=600, help="per-chapter timeout in seconds")
    sp.add_argument("--pdf", action="store_true", help="also print chapters to PDF (Chromium)")
    sp.add_argument("--scheduler", default=None, help="Dask scheduler address tcp://host:port")
    sp.add_argument("--output", default=None, help="reports directory (default: reports/)")
    sp.add_argument("--notebooks", default=None, help="chapter notebooks directory")
    sp.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel for every chapter (slower; same output)",
    )
    sp.add_argument(
        "--dry-run", action="store_true", help="list the chapters that would run, run nothing"
    )
    sp.set_defaults(func=_cmd_build)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GxqError as exc:
        lang = getattr(args, "lang", "zh")
        lang = lang if lang in LANGS else "zh"
        print(f"gxq {args.command}: error: {exc.text(lang)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
