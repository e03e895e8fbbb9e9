"""A sheet as a grid of cells, with Excel's merged cells filled where their text is meant.

Excel keeps a merged cell's value in its first cell only. In a header a label merged across
columns (营业收入 over 本年 | 增长) or down rows (地区 over two header rows) labels every column or
row it covers; in the body a zone name merged down its indicator or year rows labels each of
them. A number merged across cells is never copied (that would duplicate a value), and neither
is a title merged across the width of the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..readers import RawSheet
from .cells import blank


@dataclass
class Grid:
    """The cells of one sheet (or CSV file) by 1-based row number and 0-based column."""

    sheet: RawSheet
    by_row: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_row = {i: cells for i, cells in self.sheet.rows}
        for r1, c1, r2, c2 in self.sheet.merged:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.covered[(r, c - 1)] = (r1, c1 - 1, r2, c2 - 1)

    @property
    def name(self) -> str | None:
        return self.sheet.name

    def rows(self) -> list[int]:
        """Numbers of the rows holding at least one non-blank cell, in order."""
        return [i for i, cells in self.sheet.rows if not all(blank(c) for c in cells)]

    def raw(self, r: int, j: int) -> Any:
        cells = self.by_row.get(r, ())
        return cells[j] if j < len(cells) else None

    def width(self, r: int) -> int:
        return len(self.by_row.get(r, ()))

    def merge(self, r: int, j: int) -> tuple[int, int, int, int] | None:
        """The merged range (0-based columns) covering a cell other than its first, or None."""
        return self.covered.get((r, j))

    def header_cell(self, r: int, j: int) -> Any:
        """A header cell: a blank cell inside a merged range takes the range's text (or year)."""
        v = self.raw(r, j)
        if not blank(v):
            return v
        m = self.merge(r, j)
        return self.raw(m[0], m[1]) if m is not None else v

    def label_cell(self, r: int, j: int) -> Any:
        """A row label: a blank cell inside a range merged down one column takes its text."""
        v = self.raw(r, j)
        if not blank(v):
            return v
        m = self.merge(r, j)
        if m is None or m[1] != m[3]:
            return v
        top = self.raw(m[0], m[1])
        return top if isinstance(top, str) else v

    def merged_down(self, r: int, j: int) -> bool:
        """The cell is covered by a range merged down from a row above, in its own column."""
        m = self.merge(r, j)
        return m is not None and m[1] == m[3] == j and m[0] < r

    def merge_starting(self, r: int, j: int) -> tuple[int, int, int, int] | None:
        """The merged range whose first cell is (r, j), 0-based columns."""
        for r1, c1, r2, c2 in self.sheet.merged:
            if r1 == r and c1 - 1 == j:
                return r1, c1 - 1, r2, c2 - 1
        return None
