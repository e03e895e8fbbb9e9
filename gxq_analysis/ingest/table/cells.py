"""One cell as printed: numbers, missing markers, indicator names with units.

What every reading needs to turn a printed cell into a value or a name: :func:`parse_number`
(``1,234.5``, full-width digits, ``—`` for missing, percentages), :func:`match_indicator` and
:func:`match_header` (codebook names and aliases, units in brackets, bilingual lines, ``#``
sub-items). A problem is raised as a :class:`CellError` holding a catalogue key; the reader that
knows where the cell is turns it into a located :class:`~gxq_analysis.errors.DataError`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import numpy as np

from ...catalogue import Named, Quoted, Words, render_message
from ...plan.codebook import header_table, load_codebook, normalize_header
from .. import units as U
from ..readers import PercentNumber, UncachedFormula
from . import text as S

MISSING_TOKENS = frozenset(
    {
        "",
        "—",
        "——",
        "―",
        "-",
        "--",
        "–",
        "…",
        "……",
        "...",
        "......",
        "n.a.",
        "n.a",
        "na",
        "n/a",
        "/",
        "nan",
        "#n/a",
    }
)

_NUM = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$")


class CellError(ValueError):
    """A problem with one cell or label, as a catalogue key and its fields; the reader adds
    the place (file, sheet, row, column)."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields

    def __str__(self) -> str:
        return render_message(self.key, "en", self.fields, partial=True)


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def col_letter(j: int) -> str:
    """Spreadsheet letters of a 0-based column: 0 -> A, 26 -> AA."""
    s, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def show(v: Any) -> str:
    """A cell as an error message quotes it."""
    return repr(v) if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else repr(v)


def one_line(v: Any) -> str:
    """A header as written, on one line (``营业收入\\n（万元）`` -> ``营业收入 （万元）``)."""
    return " ".join(str(v).split())


def header_key(text: Any) -> tuple[str, str | None]:
    # normalize_header works on one line; headers often wrap ("营业收入\n（万元）")
    return normalize_header(" ".join(str(text).split()))


def is_missing(v: Any) -> bool:
    """A cell that says "no value": empty, ``—``, ``…``, ``/``, ``n.a.``."""
    if v is None:
        return True
    if not isinstance(v, str):
        return False
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", v)).strip().lower() in MISSING_TOKENS


def is_number(v: Any) -> bool:
    """A cell holding a number (not a missing marker)."""
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, int | float):
        return bool(np.isfinite(v))
    if isinstance(v, str):
        try:
            return not np.isnan(parse_number(v, percent=True))
        except CellError:
            return False
    return False


def parse_number(v: Any, *, percent: bool) -> float:
    """One cell as a float in its column's unit (NaN for missing); CellError says why not."""
    if v is None:
        return np.nan
    if isinstance(v, bool):
        raise CellError("data.cell.logical", value=v)
    if isinstance(v, datetime | date | time | timedelta):
        raise CellError("data.cell.date", value=str(v))
    if isinstance(v, UncachedFormula):
        raise CellError("data.cell.formula", formula=Quoted(v.formula))
    if isinstance(v, PercentNumber):  # shown as 12.5% in Excel, stored as 0.125
        if not percent:
            raise CellError("data.cell.percent_number", value=f"{float(v) * 100:g}%")
        return float(v) * 100.0
    if isinstance(v, int | float):
        x = float(v)
        if not np.isfinite(x):
            raise CellError("data.cell.not_finite", value=x)
        return x
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(v))).strip()
    if s.lower() in MISSING_TOKENS:
        return np.nan
    is_pct = s.endswith("%")
    t = s[:-1].strip() if is_pct else s
    if _GROUPED.match(t):
        t = t.replace(",", "").replace(" ", "")
    if not _NUM.match(t.lower()):
        raise CellError("data.cell.text", value=Quoted(v) if isinstance(v, str) else v)
    if is_pct and not percent:
        raise CellError("data.cell.percent", value=Quoted(v))
    x = float(t)
    if not np.isfinite(x):
        raise CellError("data.cell.too_large", value=Quoted(v))
    return x


def decimals(value: Any) -> int:
    """Decimal places a value was written with (the rounding it may carry)."""
    if isinstance(value, str):
        t = unicodedata.normalize("NFKC", value).strip().replace(",", "").rstrip("%")
        return len(t.split(".", 1)[1]) if "." in t else 0
    if isinstance(value, float) and np.isfinite(value) and not value.is_integer():
        text = repr(value)
        return min(len(text.split(".", 1)[1]), 6) if "." in text and "e" not in text else 6
    return 0


@cache
def full_names() -> dict[str, str]:
    """Flattened codebook name -> code, brackets kept.

    ``header_table()`` splits a trailing bracket off every name as if it were a unit, so a name
    with brackets of its own ("R&D institutions (provincial level and above)") is only found
    here.
    """
    out: dict[str, str] = {}
    for code, row in load_codebook().iterrows():
        for n in (code, row["name_zh"], row["name_en"], *row["aliases"]):
            out.setdefault(S.flat(n), code)
    return out


_LAST_BRACKET = re.compile(r"^(.*)[(\[]\s*([^()\[\]]+?)\s*[)\]]$")  # greedy: the last group


def match_indicator(header: Any) -> tuple[str | None, str | None]:
    """(code, unit as written or None) of an indicator header, or (None, None)."""
    text = " ".join(unicodedata.normalize("NFKC", str(header)).split())
    full = full_names()
    if S.flat(text) in full:
        return full[S.flat(text)], None
    m = _LAST_BRACKET.match(text)
    if m and S.flat(m.group(1)) in full:
        return full[S.flat(m.group(1))], m.group(2)
    key, unit = header_key(text)
    table = header_table()
    if key in table:
        return table[key], unit
    # a unit written without brackets: "营业收入万元"
    for sp in U.spellings():
        if key.endswith(sp) and key[: -len(sp)] in table:
            return table[key[: -len(sp)]], sp
    return None, None


def named_code(code: str) -> Named:
    """An indicator as messages name it: its Chinese name, or its code in English."""
    return Named(load_codebook().loc[code, "name_zh"], code)


def named_codes(code: str) -> Named:
    """An indicator with its name and code, for English messages that quote both."""
    name = load_codebook().loc[code, "name_zh"]
    return Named(name, f"{name} ({code})")


def kind_of(code: str) -> str:
    """The unit kind of an indicator's codebook unit (元, 人, 个, 件, 平方米)."""
    return U.parse_unit(load_codebook().loc[code, "unit"])[0]


def factor(unit: str, kind: str) -> tuple[str, int] | None:
    try:
        return U.parse_unit(unit, default_kind=kind)
    except U.UnitError:
        return None


def match_header(h: Any) -> tuple[str | None, str | None]:
    """(code, unit) of a header as yearbooks print it.

    Tried in order: the whole cell; without an "of which" mark (``#技术收入``) and footnote
    marks; each line of a bilingual cell (``营业收入\\nTotal Income``). Lines that name different
    indicators, or give different units, are two readings and refused (CellError).
    """
    code, unit = match_indicator(h)
    if code is not None:
        return code, unit
    text = str(h)
    found = []
    for ln in S.lines(text) or [text]:
        c, u = match_indicator(S.strip_marks(S.strip_of_which(ln)))
        if c is not None:
            found.append((c, u, ln))
    if not found:
        return None, None
    codes = list(dict.fromkeys(c for c, _, _ in found))
    if len(codes) > 1:
        raise CellError(
            "data.header.two_indicators",
            lines=Words(f"{Quoted(ln).render('en')} ({c})" for c, _, ln in found),
        )
    units = {u for _, u, _ in found if u is not None}
    kind = kind_of(found[0][0])
    if len({factor(u, kind) for u in units}) > 1:
        raise CellError("data.header.two_units", units=Words(Quoted(u) for u in sorted(units)))
    return found[0][0], next(iter(units), None)


def indicators_named_in(text: str) -> list[str]:
    """Codes whose Chinese name or alias occurs in a title, longest names first."""
    s = S.flat(text)
    names = sorted(
        ((n, code) for n, code in full_names().items() if re.search(r"[\u4e00-\u9fff]", n)),
        key=lambda t: len(t[0]),
        reverse=True,
    )
    found, taken = [], [False] * len(s)
    for n, code in names:
        k = s.find(n)
        if k >= 0 and not any(taken[k : k + len(n)]):
            taken[k : k + len(n)] = [True] * len(n)
            found.append(code)
    return list(dict.fromkeys(found))
