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


def total_group(label: Any) -> str | None:
    """The group a total row sums (``listed``, ``province``, ``national``, ``provincial``,
    ``other`` for averages and national figures), or None for a zone row."""
    if not isinstance(label, str):
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).lower()
    s = _OF_WHICH.sub("", s)
    return _GROUPS.get(s)


def decimals(value: Any) -> int:
    """Decimal places a value was written with (the rounding its total may carry)."""
    if isinstance(value, str):
        t = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        return len(t.split(".", 1)[1]) if "." in t else 0
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        text = repr(value)
        return min(len(text.split(".", 1)[1]), 6) if "." in text and "e" not in text else 6
    return 0


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


def tolerance(total_raw: Any, member_raws: list[Any]) -> float:
    """How far a total may be from its members' sum by rounding alone.

    Each of the n members and the total may be off by half a unit of its last written digit;
    the bound adds those halves (:attr:`TotalCheck.ok` adds 1e-9 relative slack for binary
    floats).
    """
    halves = [0.5 * 10.0 ** -decimals(v) for v in [total_raw, *member_raws]]
    return sum(halves)
