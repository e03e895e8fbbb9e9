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
from .catalogue import template
from .errors import GxqError
from .files import sha256_file
from .options import REVIEWS, check_choice

LANGS = ("zh", "en")


def _cmd_zones(args: argparse.Namespace) -> int:
    from .plan.zones import TIER_NAMES, TIERS, load_zones  # lazy: pandas (see the top)
    from .report.strings import city_label, t  # lazy: pandas (see the top)

    z = load_zones()
    lang = args.lang
    zh = lang == "zh"
    for tier in TIERS:
        sub = z[z["tier"] == tier]
        title = TIER_NAMES[tier][0 if zh else 1]
        # Chinese: the tier's name and count; English also names its code (as findings do)
        name = title if zh else f"{title} [{tier}]"
        print("\n" + t("cli.zones.tier", lang, tier=name, n=len(sub)))
        out = sub.reset_index()
        out = {
            t("cli.col.code", lang): out["zone"].tolist(),
            t("cli.col.name", lang): out["name_zh" if zh else "name_en"].tolist(),
            t("col.city", lang): [city_label(c, lang) for c in out["city"]],
            t("col.level", lang): [t(f"level.{v}", lang) for v in out["level"]],
        }
        _print_rows(out)
    print(f"\n{t('cli.total', lang)}: {len(z)}")
    return 0


def _print_rows(columns: dict) -> None:
    """A table from columns (header -> values), without pandas' index column."""
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
        print(pd.DataFrame(columns).to_string(index=False))


def _cmd_codebook(args: argparse.Namespace) -> int:
    from .plan.codebook import RATIOS, load_codebook  # lazy: pandas (see the top)
    from .report.strings import t, unit_label  # lazy: pandas (see the top)

    cb = load_codebook()
    lang = args.lang
    zh = lang == "zh"
    _print_rows(
        {
            t("cli.col.code", lang): list(cb.index),
            t("cli.col.name", lang): cb["name_zh" if zh else "name_en"].tolist(),
            t("col.unit", lang): [unit_label(u, lang) if zh else u for u in cb["unit"]],
            t("cli.col.block", lang): [t(f"block.{b}", lang) for b in cb["block"]],
        }
    )
    print("\n" + t("cli.ratios", lang))
    names = dict(zip(cb.index, cb["name_zh"], strict=True))

    def formula(r) -> str:
        if not zh:
            return r.formula
        # in Chinese the formula reads in the indicators' names, not their codes
        return f"{r.scale:g} × {names[r.numerator]} / {names[r.denominator]}"

    _print_rows(
        {
            t("cli.col.code", lang): list(RATIOS),
            t("cli.col.name", lang): [r.name_zh if zh else r.name_en for r in RATIOS.values()],
            t("cli.col.formula", lang): [formula(r) for r in RATIOS.values()],
        }
    )
    return 0


def _cmd_facts(args: argparse.Namespace) -> int:
    from .plan.facts import load_plan_facts  # lazy: pandas (see the top)
    from .report.strings import label, plan_section, scope_label, t  # lazy: pandas (see the top)

    f = load_plan_facts()
    if args.scope:
        check_choice("--scope", args.scope, sorted(set(f["scope"])))
        f = f[f["scope"] == args.scope]
    lang = args.lang
    columns = {
        t("cli.col.fact", lang): list(f.index),
        t("col.scope", lang): [scope_label(v, lang) for v in f["scope"]],
        t("col.indicator", lang): [label(v, lang, unit=False) for v in f["indicator"]],
        t("col.year", lang): [str(y) for y in f["year"]],
        t("cli.col.value", lang): f["value_printed"].tolist(),
        t("col.unit", lang): f["unit"].tolist(),
        t("col.section", lang): [plan_section(v, lang) for v in f["section"]],
    }
    if lang == "zh":
        columns[t("cli.col.quote", lang)] = f["quote"].tolist()
    _print_rows(columns)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    """Print how the evaluator's tables were read and what they cover, then what each chapter
    cannot compute with them; tables that cannot be read are an error (``main``) naming each
    problem's file, sheet, row and column."""
    from .ingest.sources import read_sources  # lazy: pandas and the loader (see the top)
    from .ingest.validate import coverage_summary  # lazy: as above

    src = read_sources(args.path, layout=args.layout)
    print(coverage_summary(src, lang=args.lang))
    _print_support(src.panel, lang=args.lang)
    return 0


def _print_support(panel, *, lang: str) -> None:
    """Before any build: what each chapter of each review cannot compute with these data, and
    what data would make it possible (:func:`gxq_analysis.evaluation.support.data_support`)."""
    from .evaluation.support import data_support  # lazy: pandas (see the top)
    from .report.strings import t  # lazy: pandas (see the top)
    from .report.views.support import gap_text  # lazy: pandas (see the top)

    by_review = {r: data_support(panel, r) for r in REVIEWS}
    seen: dict = {}
    for review, gaps in by_review.items():
        for g in gaps:
            seen.setdefault(g, []).append(review)
    print(t("cli.support.head", lang))
    if not seen:
        print("  " + t("cli.support.none", lang))
        return
    chapter = None
    for g, reviews in seen.items():
        if g.chapter != chapter:
            chapter = g.chapter
            name = "cli.chapter.zone" if chapter == "zone" else f"chapter.{chapter}"
            print("  " + t("cli.heading", lang, title=t(name, lang)))
        only = ""
        if len(reviews) < len(REVIEWS):
            only = t("cli.support.only", lang, review=t(f"review.{reviews[0]}", lang))
        print(f"    - {gap_text(g, lang)}{only}")


def _cmd_demo_data(args: argparse.Namespace) -> int:
    """Regenerate the demo files, or with ``--check`` compare them with a fresh generation:
    0 when written or identical, 1 naming each differing file."""
    from .ingest import demo  # lazy: numpy, pandas and the generator (see the top)
    from .report.strings import t  # lazy: pandas (see the top)

    lang = args.lang
    out = Path(args.output_dir) if args.output_dir is not None else config.DEMO_DIR
    if not args.check:
        for p in demo.write_demo_files(out):
            print(t("cli.demo.wrote", lang, path=str(p), sha=sha256_file(p)[:12]))
        print(t("cli.demo.label", lang))
        return 0
    differ = demo.demo_file_differences(out)
    if differ:
        print(t("cli.demo.stale", lang))
        for line in differ:
            print(f"  {line}")
        return 1
    print(t("cli.demo.same", lang, dir=str(out), seed=str(demo.DEFAULT_SEED)))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    """Build the reviews (:func:`gxq_analysis.publish.runner.build`); 1 if a chapter failed.
    With ``--dry-run``, list the chapters that would run or be printed."""
    from .publish.runner import build  # lazy: +0.05 s on gxq --help (see the top)

    # the build reads --data once before any kernel starts: a bad file is reported with its
    # file, row and column, its notes go to the build log (no raw Python warning on stderr)
    report = build(
        review=args.review,
        lang=args.lang,
        data=args.data,
        layout=args.layout,
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
        # in the language of the build's own progress lines (English when building both)
        ui = args.lang if args.lang in LANGS else "en"
        for job in report.to_run:
            print(template("cli.build.run", ui).format(job=job.key))
        for job in report.to_print:
            print(template("cli.build.print", ui).format(job=job.key))
        counts = (len(report.to_run), len(report.to_print), len(report.up_to_date))
        print(template("cli.build.plan", ui).format(run=counts[0], print=counts[1], done=counts[2]))
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
    lang_opt(sp)
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
        line = template("cli.error", lang).format(command=args.command, message=exc.text(lang))
        print(line, file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
