"""Exceptions raised by gxq_analysis."""

from __future__ import annotations


class GxqError(Exception):
    """Base class of the package's own errors."""


class DataError(GxqError, ValueError):
    """Input data is malformed; the message names the file, sheet, row and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        where = [
            f"{k} {v!r}" if k != "row" else f"row {v}"
            for k, v in (("file", file), ("sheet", sheet), ("row", row), ("column", column))
            if v is not None
        ]
        self.reason = message
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class OptionError(GxqError, ValueError):
    """A parameter has a value outside its allowed set."""


class ZoneError(OptionError, KeyError):
    """A zone name could not be resolved to a registry id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
