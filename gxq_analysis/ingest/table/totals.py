"""Total and sub-total rows among the zones of a yearbook table, and the check of their sums.

A total row is not a zone: it is skipped and reported. Where its members are all in the table
with values, the total must equal their sum up to rounding; a larger gap means a mistyped
value or a misread unit and is refused rather than ignored.

Groups: ``全省``, ``辽宁省``, ``全省合计`` are the province (all zones of the registry);
``合计``, ``总计``, ``小计`` the zones listed in the table, checked only when the table is
complete (every zone, or every zone of one level: a table cut to some zones may still carry
the full total); ``国家级高新区小计``,
``其中：国家级高新区`` the national zones; ``省级高新区小计`` the provincial ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ...catalogue import Column, Quoted, Words
from ...plan.codebook import load_codebook
from ...plan.zones import load_zones
from .cells import col_letter

#: flattened label -> group
_GROUPS = {
    "合计": "listed",
    "总计": "listed",
    "小计": "listed",
    "total": "listed",
    "grandtotal": "listed",
    "sum": "listed",
    "全省": "province",
    "全省合计": "province",
    "全省总计": "province",
    "辽宁": "province",
    "辽宁省": "province",
    "国家级高新区小计": "national",
    "国家级高新区合计": "national",
    "国家级小计": "national",
    "国家高新区小计": "national",
    "国家级高新区": "national",
    "省级高新区小计": "provincial",
    "省级高新区合计": "provincial",
    "省级小计": "provincial",
    "省级高新区": "provincial",
    # not sums: reported and skipped, never checked
    "全国": "other",
    "平均": "other",
    "平均值": "other",
    "average": "other",
    "mean": "other",
}
_OF_WHICH = re.compile(r"^(?:其中[:：]?|[#＃]+)")
# spellings of the same groups with the words yearbooks add (高新区, 合计, 小计, 总计)
_SUM = r"(?:高新区|高新技术产业开发区|开发区)?(?:合计|小计|总计|汇总)?"
_PATTERNS = (
    (re.compile(r"(?:全省|辽宁省?)" + _SUM), "province"),
    (re.compile(r"国家级?" + _SUM), "national"),
    (re.compile(r"省级" + _SUM), "provincial"),
    (re.compile(r"(?:合计|总计|小计|汇总)"), "listed"),
)


def total_group(label: Any) -> str | None:
    """The group a total row sums (``listed``, ``province``, ``national``, ``provincial``,
    ``other`` for averages and national figures), or None for a zone row."""
    if not isinstance(label, str):
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).lower()
    s = _OF_WHICH.sub("", s)
    if s in _GROUPS:
        return _GROUPS[s]
    for pattern, group in _PATTERNS:
        if pattern.fullmatch(s):
            return group
    return None


@dataclass
class TotalCheck:
    """One total compared with its members, in the unit the column was written in."""

    row: int
    label: str
    column: str
    total: float
    members_sum: float
    members: int
    tolerance: float

    @property
    def ok(self) -> bool:
        slack = 1e-9 * max(abs(self.total), abs(self.members_sum))
        return abs(self.total - self.members_sum) <= self.tolerance + slack


def check_totals(totals, members, reading, fr, sheet, hdr) -> None:
    """Compare each total (a row such as 合计, or a column in a transposed table) with the sum of
    its members in the same table, in the codebook's unit, up to the rounding of the printed
    figures; record each total's status in the table's reading.

    ``totals``: ``(row, label, group, column, (year, code), value, tolerance)``; ``members``:
    the table's values.
    """
    if not totals:
        return
    zones = load_zones()
    by_key: dict[tuple[int, str], dict[str, Any]] = {}
    for v in members:
        by_key.setdefault((v.year, v.code), {})[v.zone] = v
    listed = {v.zone for v in members}
    levels = [set(zones.index[zones["level"] == lv]) for lv in ("national", "provincial")]
    status: dict[tuple, list[str]] = {}
    for row, label, group, j, key, x, tol in totals:
        st = status.setdefault((row, label), [])
        if group == "other":
            st.append("not_a_sum")
            continue
        if group == "national":
            want = levels[0]
        elif group == "provincial":
            want = levels[1]
        elif group == "province":
            want = set(zones.index)
        else:
            # 合计 sums the rows of the table, which an evaluator may have cut to the zones
            # needed: its members are known to be all present only in a complete table (every
            # zone, or every zone of one level)
            want = next((g for g in (set(zones.index), *levels) if listed == g), set())
        mem = by_key.get(key, {})
        if not want or not want <= set(mem):
            st.append("members_missing")
            continue
        vals = [mem[z] for z in want]
        if math.isnan(x) or any(math.isnan(v.value) for v in vals):
            st.append("no_values")
            continue
        chk = TotalCheck(
            row or 0,
            label,
            str(j),
            x,
            float(sum(v.value for v in vals)),
            len(vals),
            tol + sum(v.tolerance for v in vals),
        )
        if not chk.ok:
            places = Words(v.cell for v in sorted(vals, key=lambda v: v.cell)[:15])
            fr.record(
                fr.error(
                    "data.total.mismatch",
                    sheet,
                    row,
                    Column(
                        f"column {col_letter(j)} ({key[1]})",
                        f"{col_letter(j)}列（{load_codebook().loc[key[1], 'name_zh']}）",
                    ),
                    label=Quoted(label),
                    total=f"{x:.10g}",
                    n=len(vals),
                    members=f"{chk.members_sum:.10g}",
                    places=places,
                    diff=f"{x - chk.members_sum:.6g}",
                    tol=f"{chk.tolerance:.6g}",
                    unit=load_codebook().loc[key[1], "unit"],
                )
            )
            st.append("mismatch")
            continue
        st.append("ok")
    for (row, label), sts in status.items():
        n = sts.count("ok")
        if n:
            reading.totals.append((row, label, "ok", str(n)))
        elif "mismatch" in sts:
            reading.totals.append((row, label, "mismatch", ""))
        elif "members_missing" in sts:
            reading.totals.append((row, label, "members_missing", ""))
        elif "no_values" in sts:
            reading.totals.append((row, label, "no_values", ""))
        else:
            reading.totals.append((row, label, "not_a_sum", ""))
