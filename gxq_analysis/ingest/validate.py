"""What ``gxq validate PATH`` reports: an evaluator's file loaded, and what it covers.

:func:`validation_report` returns the text the command prints; the command itself (printing,
exit status) is in :mod:`gxq_analysis.cli`.
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..options import check_lang
from ..plan.codebook import indicator_label, load_codebook
from .loader import DataWarning, load_panel

_TEXT = {
    "zh": {
        "file": "文件",
        "format": "格式",
        "layout": {
            "long": "长表（每行一个高新区-年份）",
            "sheet_per_year": "每年一个工作表",
            "mixed": "多种布局混合",
            "sheet_per_indicator": "每个指标一个工作表",
            "sheet_per_zone": "每个高新区一个工作表",
        },
        "sheets": "工作表",
        "encoding": "编码",
        "coverage": "覆盖：{z} 个高新区 × {y} 个年份（{y0}–{y1}）× {i} 项有数据的指标，共 {n} 行",
        "gaps": "缺少的高新区-年份组合：{k} 个（面板不平衡）",
        "zones": "高新区",
        "table": "各指标的数据（有值 / 缺失，按行计）",
        "cols": ["指标", "单位", "有值", "缺失"],
        "empty": "无任何数据的指标",
        "units": "读入时的单位（已换算为代码表单位）",
        "assumed": "未注明单位，按代码表单位读入",
        "warnings": "警告",
        "ok": "校验通过",
        "none": "无",
        "readings": "各工作表的读法",
        "sheet": "工作表",
        "the_file": "文件",
        "sheet_layout": {
            "long": "长表",
            "per_year": "每年一个工作表",
            "per_indicator": "每个指标一个工作表（高新区为行，年份为列）",
            "per_zone": "每个高新区一个工作表（指标为行，年份为列）",
        },
        "header_rows": "表头行：{rows}",
        "unit_from": {
            "header": "单位取自表头",
            "unit_line": "单位行（第 {row} 行）：{unit}",
            "units_row": "单位取自表头下的单位行（第 {row} 行）",
            "unit_column": "单位取自“{unit}”列",
            "sheet_name": "单位取自工作表名：{unit}",
            "mapping": "单位取自布局文件：{unit}",
        },
        "from": {"sheet_name": "工作表名", "title": "标题", "mapping": "布局文件"},
        "year_from": "年份 {value}（取自{src}）",
        "zone_from": "高新区 {value}（取自{src}）",
        "indicator_from": "指标 {value}（取自{src}）",
        "skipped": "跳过的行",
        "reasons": {
            "title": "标题",
            "unit_line": "单位行",
            "note": "注释",
            "source": "资料来源",
            "total": "合计行",
            "section": "分组标题",
            "continued": "续表标题",
            "repeated_header": "续表的重复表头",
        },
        "row": "第 {row} 行",
        "totals": "合计核对",
        "total_status": {
            "ok": "与各成员之和相符（{n} 列）",
            "members_missing": "未核对：表中成员不全",
            "no_values": "未核对：缺少数值",
            "not_a_sum": "不是加总（平均值或全国数），未核对",
        },
    },
    "en": {
        "file": "file",
        "format": "format",
        "layout": {
            "long": "long (one row per zone and year)",
            "sheet_per_year": "one sheet per year",
            "mixed": "several layouts mixed",
            "sheet_per_indicator": "one sheet per indicator",
            "sheet_per_zone": "one sheet per zone",
        },
        "sheets": "sheets",
        "encoding": "encoding",
        "coverage": "coverage: {z} zones × {y} years ({y0}–{y1}) × {i} indicators with data, "
        "{n} rows",
        "gaps": "zone-year combinations absent: {k} (unbalanced panel)",
        "zones": "zones",
        "table": "data per indicator (present / missing, in rows)",
        "cols": ["indicator", "unit", "present", "missing"],
        "empty": "indicators without any data",
        "units": "units as read (converted to the codebook's units)",
        "assumed": "unit not stated, assumed the codebook's",
        "warnings": "warnings",
        "ok": "validation passed",
        "none": "none",
        "readings": "how each sheet was read",
        "sheet": "sheet",
        "the_file": "the file",
        "sheet_layout": {
            "long": "long table",
            "per_year": "one sheet per year",
            "per_indicator": "one sheet per indicator (zones as rows, years as columns)",
            "per_zone": "one sheet per zone (indicators as rows, years as columns)",
        },
        "header_rows": "header rows: {rows}",
        "unit_from": {
            "header": "units from the header",
            "unit_line": "unit line (row {row}): {unit}",
            "units_row": "units from the units row under the header (row {row})",
            "unit_column": "units from the column {unit!r}",
            "sheet_name": "unit from the sheet name: {unit}",
            "mapping": "unit from the layout file: {unit}",
        },
        "from": {"sheet_name": "sheet name", "title": "title", "mapping": "layout file"},
        "year_from": "year {value} (from the {src})",
        "zone_from": "zone {value} (from the {src})",
        "indicator_from": "indicator {value} (from the {src})",
        "skipped": "rows skipped",
        "reasons": {
            "title": "title",
            "unit_line": "unit line",
            "note": "footnote",
            "source": "source line",
            "total": "total",
            "section": "section heading",
            "continued": "continued-table title",
            "repeated_header": "continued-table header",
        },
        "row": "row {row}",
        "totals": "totals checked",
        "total_status": {
            "ok": "equals the sum of its members ({n} columns)",
            "members_missing": "not checked: members missing from the table",
            "no_values": "not checked: values missing",
            "not_a_sum": "not a sum (average or national figure), not checked",
        },
    },
}


def readings_summary(readings: list[dict], *, lang: str = "zh") -> list[str]:
    """Lines saying how each sheet was read (``attrs["readings"]``), in one language."""
    t = _TEXT[check_lang(lang)]
    lines = [t["readings"] + ":"]
    for r in readings:
        head = f"{t['sheet']} {r['sheet']!r}" if r["sheet"] is not None else t["the_file"]
        lines.append(f"  {head}: {t['sheet_layout'].get(r['layout'], r['layout'])}")
        rows = ", ".join(str(x) for x in r["header_rows"])
        parts = [t["header_rows"].format(rows=rows)]
        for u in r["units"]:
            parts.append(t["unit_from"][u["source"]].format(row=u["row"], unit=u["unit"]))
        for key in ("year_from", "zone_from", "indicator_from"):
            if r.get(key):
                src, value = r[key]
                parts.append(t[key].format(value=value, src=t["from"][src]))
        lines.append("    " + "; ".join(parts))
        if r["skipped"]:
            lines.append(f"    {t['skipped']}:")
            for s in r["skipped"]:
                text = s["text"] if len(s["text"]) <= 40 else s["text"][:39] + "…"
                where = t["row"].format(row=s["row"])
                lines.append(f"      {where} {t['reasons'][s['reason']]}: {text}")
        if r["totals"]:
            lines.append(f"    {t['totals']}:")
            for x in r["totals"]:
                status = t["total_status"][x["status"]].format(n=x["columns"])
                lines.append(f"      {t['row'].format(row=x['row'])} {x['label']}: {status}")
    return lines


def coverage_summary(df: pd.DataFrame, *, lang: str = "zh", caught: list[str] | None = None) -> str:
    """The text ``gxq validate`` prints for a loaded panel."""
    t = _TEXT[check_lang(lang)]
    a = df.attrs
    zones = df.index.get_level_values("zone").unique()
    years = df.index.get_level_values("year").unique()
    codes = list(load_codebook().index)
    present = df[codes].notna().sum()
    with_data = [c for c in codes if present[c] > 0]
    lines = [f"{t['file']}: {a.get('source')}  (sha256 {a.get('sha256')})"]
    fmt = f"{t['format']}: {a.get('format')}"
    if a.get("layout"):
        fmt += f"; {t['layout'].get(a['layout'], a['layout'])}"
    if a.get("encoding"):
        fmt += f"; {t['encoding']} {a['encoding']}"
    sheets = [s for s in a.get("sheets", []) if s is not None]
    if sheets:
        fmt += f"; {t['sheets']}: " + ", ".join(sheets)
    lines.append(fmt)
    if a.get("readings"):
        lines += readings_summary(a["readings"], lang=lang)
    lines.append(
        t["coverage"].format(
            z=len(zones), y=len(years), y0=years.min(), y1=years.max(), i=len(with_data), n=len(df)
        )
    )
    gaps = len(zones) * len(years) - len(df)
    if gaps:
        lines.append(t["gaps"].format(k=gaps))
    lines.append(f"{t['zones']}: " + ", ".join(sorted(zones)))
    lines.append(t["table"] + ":")
    units = a.get("units", {})
    table = pd.DataFrame(
        {
            t["cols"][0]: [indicator_label(c, lang, unit=False) for c in with_data],
            t["cols"][1]: [load_codebook().loc[c, "unit"] for c in with_data],
            t["cols"][2]: [int(present[c]) for c in with_data],
            t["cols"][3]: [len(df) - int(present[c]) for c in with_data],
        },
        index=pd.Index(with_data, name="code"),
    )
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 200):
        lines += ["  " + line for line in table.to_string().splitlines()]
    empty = [c for c in codes if c not in with_data]
    lines.append(f"{t['empty']}: " + (", ".join(empty) or t["none"]))
    read_in = {c: u for c, u in units.items() if u != load_codebook().loc[c, "unit"]}
    if read_in:
        lines.append(f"{t['units']}: " + ", ".join(f"{c} {u}" for c, u in read_in.items()))
    assumed = a.get("assumed_units") or {}
    if assumed:  # a plain 营业收入 may be in 万元 although read as 亿元: show it beside the data
        lines.append(f"{t['assumed']}: " + ", ".join(f"{c} {u}" for c, u in assumed.items()))
    lines.append(f"{t['warnings']}:" + (f" {t['none']}" if not caught else ""))
    lines += [f"  - {w}" for w in caught or []]
    lines.append(t["ok"])
    return "\n".join(lines)


def validation_report(path: str, *, lang: str = "zh", layout: str | None = None) -> str:
    """What ``gxq validate PATH`` prints: load an evaluator's file and summarize it.

    The summary of :func:`coverage_summary`, with the warnings the loader raised, each once, in
    order. Prints nothing.

    Raises
    ------
    GxqError
        ``OptionError`` for a bad ``lang`` or layout option, ``DataError`` (file, sheet, row
        and column named) for a file that cannot be loaded.
    """
    check_lang(lang)
    with warnings.catch_warnings(record=True) as caught:
        # the warnings are part of the report; show each once, in order
        warnings.simplefilter("always")
        df = load_panel(path, layout=layout)
    messages = list(
        dict.fromkeys(
            str(w.message)
            if issubclass(w.category, DataWarning)
            else f"{w.category.__name__} ({w.filename.rsplit('/', 1)[-1]}): {w.message}"
            for w in caught
        )
    )
    return coverage_summary(df, lang=lang, caught=messages)
