"""What ``gxq validate PATH`` reports: an evaluator's tables read, and what they cover.

:func:`validation_report` returns the text the command prints, in Chinese or English, every word
from the catalogue (:mod:`gxq_analysis.catalogue.data`, ``validate.*``): the files read (with
their sha256), how each table was read (where its axes lie, header rows, units, rows and columns
skipped and why, totals checked), the coverage (zones × years for each indicator), conflicts
settled by priority, and the warnings. The command itself (printing, exit status) is in
:mod:`gxq_analysis.cli`.
"""

from __future__ import annotations

import pandas as pd

from ..catalogue import render_message
from ..options import check_lang
from ..plan.codebook import load_codebook
from ..plan.zones import load_zones
from .sources import Sources, read_sources


def _t(key: str, lang: str, **fields) -> str:
    return render_message(key, lang, fields)


def _indicator(code: str, lang: str) -> str:
    cb = load_codebook()
    return cb.loc[code, "name_zh" if lang == "zh" else "name_en"]


def _named(code: str, lang: str) -> str:
    """An indicator by name, with its code in English (where users type codes)."""
    return _indicator(code, lang) + ("" if lang == "zh" else f" ({code})")


def _zone(zone: str, lang: str) -> str:
    z = load_zones()
    return z.loc[zone, "name_zh" if lang == "zh" else "name_en"]


def readings_summary(readings: list[dict], *, lang: str = "zh") -> list[str]:
    """Lines saying how each table was read (``attrs["readings"]``), in one language."""
    check_lang(lang)
    lines = [_t("validate.readings", lang)]
    many = len({(r.get("file"), r["sheet"]) for r in readings}) < len(readings)
    for r in readings:
        if r["sheet"] is not None:
            head = _t("validate.sheet", lang, sheet=r["sheet"])
        else:
            head = _t("validate.the_file", lang)
        if r.get("file") is not None:
            head = _t("validate.in_file", lang, file=r["file"], what=head)
        if many:
            head += _t("validate.table_no", lang, n=r["table"], row=r["first_row"])
        layout = _t(f"data.layout.{r['layout']}", lang) if r["layout"] else ""
        colon = _t("validate.colon", lang)
        lines.append(f"  {head}{colon}{layout}")
        parts = [_t("validate.header_rows", lang, rows=", ".join(map(str, r["header_rows"])))]
        for u in r["units"]:
            parts.append(
                _t(f"validate.unit_from.{u['source']}", lang, row=u["row"], unit=u["unit"])
            )
        for axis, (src, value) in r.get("context", {}).items():
            shown = (
                _indicator(value, lang)
                if axis == "indicator"
                else _zone(value, lang)
                if axis == "zone"
                else value
            )
            parts.append(
                _t(f"validate.{axis}_from", lang, value=shown, src=_t(f"validate.from.{src}", lang))
            )
        lines.append("    " + _t("validate.sep", lang).join(parts))
        if r["skipped"]:
            lines.append("    " + _t("validate.skipped", lang))
            for s in r["skipped"]:
                text = s["text"] if len(s["text"]) <= 40 else s["text"][:39] + "…"
                where = _t("validate.row", lang, row=s["row"])
                reason = _t(f"validate.reason.{s['reason']}", lang)
                lines.append(f"      {where} {reason}{colon}{text}")
        if r.get("columns_skipped"):
            lines.append("    " + _t("validate.columns_skipped", lang))
            for c in r["columns_skipped"]:
                reason = _t(f"validate.column_reason.{c['reason']}", lang)
                lines.append(f"      {c['header']}{colon}{reason}")
        if r["totals"]:
            lines.append("    " + _t("validate.totals", lang))
            for x in r["totals"]:
                status = _t(f"validate.total_status.{x['status']}", lang, n=x["columns"])
                where = _t("validate.row", lang, row=x["row"]) if x["row"] else ""
                lines.append(f"      {where} {x['label']}{colon}{status}".rstrip())
    return lines


def coverage_matrix(src: Sources, *, lang: str = "zh") -> list[str]:
    """Zones × years for each indicator with data: ■ a value, · none."""
    df = src.panel
    present = set(df.index.get_level_values("zone"))
    zones = [z for z in load_zones().index if z in present]  # the registry's order
    years = sorted(df.index.get_level_values("year").unique())
    cb = load_codebook()
    lines = [_t("validate.coverage_matrix", lang)]
    width = max(len(_zone(z, lang)) * (2 if lang == "zh" else 1) for z in zones)
    for code in cb.index:
        if df[code].notna().sum() == 0:
            continue
        have = df[code].notna().unstack("year").reindex(index=zones, columns=years)
        n, total = int(have.sum().sum()), len(zones) * len(years)
        lines.append(
            "  " + _t("validate.matrix_head", lang, name=_named(code, lang), n=n, total=total)
        )
        lines.append("    " + " " * width + "  " + " ".join(str(y) for y in years))
        for z in zones:
            row = have.loc[z]
            cells = " ".join("   ■" if bool(row.get(y)) is True else "   ·" for y in years)
            label = _zone(z, lang)
            pad = width - len(label) * (2 if lang == "zh" else 1)
            lines.append(f"    {label}{' ' * max(pad, 0)}  {cells}")
    return lines


def coverage_summary(src: Sources, *, lang: str = "zh", matrix: bool = True) -> str:
    """The text ``gxq validate`` prints for a load."""
    check_lang(lang)
    df = src.panel
    a = df.attrs
    zones = df.index.get_level_values("zone").unique()
    years = df.index.get_level_values("year").unique()
    codes = list(load_codebook().index)
    present = df[codes].notna().sum()
    with_data = [c for c in codes if present[c] > 0]
    lines = []
    if len(src.files) == 1 and src.plan.kind == "file":
        f = src.files[0]
        lines.append(_t("validate.file", lang, file=a.get("source"), sha=a.get("sha256")))
        fmt = _t("validate.format", lang, format=f["format"])
        if a.get("layout"):
            fmt += _t("validate.sep", lang) + _layout_name(a["layout"], lang)
        if f.get("encoding"):
            fmt += _t("validate.sep", lang) + _t("validate.encoding", lang, encoding=f["encoding"])
        sheets = [s for s in a.get("sheets", []) if s is not None]
        if sheets:
            fmt += _t("validate.sep", lang) + _t("validate.sheets", lang, sheets=", ".join(sheets))
        lines.append(fmt)
    else:
        lines.append(
            _t(
                f"validate.inputs.{src.plan.kind}",
                lang,
                path=a.get("source"),
                n=len(src.files),
                sha=a.get("sha256"),
            )
        )
        for f in src.files:
            sheets = _t("validate.list_sep", lang).join(f["sheets"]) if f["sheets"] else "—"
            lines.append(
                "  "
                + _t(
                    "validate.input_file",
                    lang,
                    file=f["file"],
                    format=f["format"],
                    sha=f["sha256"][:16],
                    sheets=sheets,
                    priority=f.get("priority", 0),
                )
            )
    if a.get("readings"):
        lines += readings_summary(a["readings"], lang=lang)
    lines.append(
        _t(
            "validate.coverage",
            lang,
            z=len(zones),
            y=len(years),
            y0=years.min(),
            y1=years.max(),
            i=len(with_data),
            n=len(df),
        )
    )
    gaps = len(zones) * len(years) - len(df)
    if gaps:
        lines.append(_t("validate.gaps", lang, k=gaps))
    lines.append(
        _t(
            "validate.zones",
            lang,
            zones=_t("validate.list_sep", lang).join(
                _zone(z, lang) for z in sorted(zones, key=list(load_zones().index).index)
            ),
        )
    )
    lines.append(_t("validate.table", lang))
    cb = load_codebook()
    table = pd.DataFrame(
        {
            _t("validate.col.indicator", lang): [_indicator(c, lang) for c in with_data],
            _t("validate.col.unit", lang): [cb.loc[c, "unit"] for c in with_data],
            _t("validate.col.present", lang): [int(present[c]) for c in with_data],
            _t("validate.col.missing", lang): [len(df) - int(present[c]) for c in with_data],
        },
        index=pd.Index(with_data, name=_t("validate.col.code", lang)),
    )
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 200):
        lines += ["  " + line for line in table.to_string().splitlines()]
    empty = [c for c in codes if c not in with_data]
    none = _t("validate.none", lang)
    lines.append(
        _t(
            "validate.empty",
            lang,
            codes=_t("validate.list_sep", lang).join(_named(c, lang) for c in empty) or none,
        )
    )
    if matrix:
        lines += coverage_matrix(src, lang=lang)
    detail = a.get("units_detail", {})
    read_in = {c: d for c, d in detail.items() if list(d) != [cb.loc[c, "unit"]]}
    if read_in:
        words = [f"{_indicator(c, lang)} {_units_where(d, lang)}" for c, d in read_in.items()]
        lines.append(_t("validate.units", lang, units=_t("validate.list_sep", lang).join(words)))
    assumed = a.get("assumed_units") or {}
    if assumed:  # a plain 营业收入 may be in 万元 although read as 亿元: show it beside the data
        lines.append(
            _t(
                "validate.assumed",
                lang,
                units=_t("validate.list_sep", lang).join(
                    f"{_indicator(c, lang)} {u}" for c, u in assumed.items()
                ),
            )
        )
    agreed = int((src.provenance["also"] != "").sum())
    if agreed:
        lines.append(_t("validate.agreed", lang, n=agreed))
    if src.conflicts:
        lines.append(_t("validate.conflicts", lang))
        for c in src.conflicts:
            dropped = _t("validate.list_sep", lang).join(
                f"{d['place']} = {d['value']:.10g}" for d in c["dropped"]
            )
            lines.append(
                "  "
                + _t(
                    "validate.conflict",
                    lang,
                    zone=_zone(c["zone"], lang),
                    year=c["year"],
                    indicator=_indicator(c["indicator"], lang),
                    kept=c["kept"]["place"],
                    value=f"{c['kept']['value']:.10g}",
                    dropped=dropped,
                )
            )
    lines.append(
        _t("validate.warnings", lang).rstrip()
        if src.warnings
        else _t("validate.warnings", lang) + none
    )
    lines += [f"  - {w.text(lang)}" for w in src.warnings]
    lines.append(_t("validate.ok", lang))
    return "\n".join(lines)


def _units_where(by_unit: dict[str, list], lang: str) -> str:
    """``万元``, or ``亿元（工作表“鞍山”）；万元（工作表“2015”、“2016”）``."""
    if len(by_unit) == 1:
        return next(iter(by_unit))
    sep = _t("validate.list_sep", lang)
    parts = []
    for unit, sheets in by_unit.items():
        names = [s for s in sheets if s is not None]
        where = []
        if names:
            quoted = sep.join(_t("validate.quoted", lang, text=s) for s in names)
            where.append(_t("validate.unit_sheets", lang, sheets=quoted))
        if len(names) < len(sheets):
            where.append("CSV")
        parts.append(_t("validate.unit_in", lang, unit=unit, where=sep.join(where)))
    return _t("validate.sep", lang).join(parts)


def _layout_name(layout: str, lang: str) -> str:
    back = {
        "sheet_per_year": "per_year",
        "sheet_per_indicator": "per_indicator",
        "sheet_per_zone": "per_zone",
    }
    name = back.get(layout, layout)
    if name == "mixed":
        return _t("validate.mixed", lang)
    return _t(f"data.layout.{name}", lang)


def validation_report(path: str, *, lang: str = "zh", layout: str | None = None) -> str:
    """What ``gxq validate PATH`` prints: read a file, folder or manifest and summarize it.

    Prints nothing and warns nothing (the warnings are part of the report).

    Raises
    ------
    GxqError
        ``OptionError`` for a bad ``lang`` or layout option, ``DataErrors`` (each problem's
        file, sheet, row and column named) for tables that cannot be read.
    """
    check_lang(lang)
    src = read_sources(path, layout=layout)
    return coverage_summary(src, lang=lang)
