"""Exceptions raised by gxq_analysis.

A :class:`DataError` names the place of a problem in the data (file, sheet, row, column) and
says what is wrong. Errors raised while reading an evaluator's tables carry a catalogue key and
its fields (:mod:`gxq_analysis.catalogue`), so that ``gxq validate --lang zh`` prints them in
Chinese: ``str(err)`` is English (like the rest of the library's messages), ``err.text("zh")``
Chinese. A :class:`DataErrors` gathers every problem of a load, so that an evaluator fixes a
file once, not once per problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .catalogue import Key, Quoted, Words, render_message


class GxqError(Exception):
    """Base class of the package's own errors."""

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``); English unless a subclass knows
        better."""
        return str(self)


class DataError(GxqError, ValueError):
    """Input data is malformed; the message names the file, sheet, row and column.

    Parameters
    ----------
    message
        The English message, or a catalogue key (``data.*``) when ``key=True`` is implied by
        ``fields`` being given.
    file, sheet, row, column
        Where the problem is; ``row`` as the spreadsheet shows it, ``column`` as written (a
        header, or ``column C``).
    fields
        The fields of a catalogue message; with them ``message`` is a key and the error can be
        worded in either language (:meth:`text`).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        self.key = message if fields is not None else None
        self.fields = dict(fields or {})
        self.reason = render_message(message, "en", self.fields) if self.key else message
        super().__init__(self.text("en"))

    def where(self, lang: str = "en") -> str:
        """The place of the problem in ``lang``: ``file 'x.xlsx', sheet '3-12', row 8, ...``."""
        return render_message(
            "data.where",
            lang,
            {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column},
        )

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang``, without the place."""
        if self.key is None:
            return self.reason
        return render_message(self.key, lang, self.fields)

    def text(self, lang: str = "en") -> str:
        where = self.where(lang)
        sep = "：" if lang == "zh" else ": "
        return f"{where}{sep}{self.message(lang)}" if where else self.message(lang)

    def __reduce__(self):  # picklable across processes (Dask workers, warm kernels)
        return (
            _rebuild_data_error,
            (
                type(self),
                self.key or self.reason,
                self.file,
                self.sheet,
                self.row,
                self.column,
                self.fields if self.key else None,
            ),
        )


def _rebuild_data_error(cls, message, file, sheet, row, column, fields):
    return cls(message, file=file, sheet=sheet, row=row, column=column, fields=fields)


class DataErrors(DataError):
    """Several problems found in one load, each with its place.

    Behaves as its first error (``file``, ``sheet``, ``row``, ``column``, ``key``) so that code
    that handles one :class:`DataError` keeps working; :attr:`errors` holds them all, in the
    order found, and the message lists up to :data:`SHOWN` of them.
    """

    SHOWN = 50

    def __init__(self, errors: Sequence[DataError], *, more: int = 0) -> None:
        if not errors:
            raise ValueError("DataErrors needs at least one error")
        self.errors = list(errors)
        self.more = more  # problems found beyond those kept
        first = self.errors[0]
        GxqError.__init__(self)
        self.file, self.sheet, self.row, self.column = (
            first.file,
            first.sheet,
            first.row,
            (first.column),
        )
        self.key, self.fields, self.reason = first.key, first.fields, first.reason
        self.args = (self.text("en"),)

    def __len__(self) -> int:
        return len(self.errors)

    def text(self, lang: str = "en") -> str:
        if len(self.errors) == 1 and not self.more:
            return self.errors[0].text(lang)
        shown = self.errors[: self.SHOWN]
        total = len(self.errors) + self.more
        head = render_message("data.errors_found", lang, {"n": total})
        lines = [head, *(f"  {k}. {e.text(lang)}" for k, e in enumerate(shown, 1))]
        left = total - len(shown)
        if left > 0:
            lines.append("  " + render_message("data.errors_more", lang, {"n": left}))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self):
        return (type(self), (self.errors,), {"more": self.more})

    def __setstate__(self, state):
        self.more = state.get("more", 0)


class OptionError(GxqError, ValueError):
    """A parameter has a value outside its allowed set."""


class ZoneError(OptionError, KeyError):
    """A zone name could not be resolved to a registry id.

    Holds the ``name`` as given, the catalogue key of the ``reason`` a near name is not a zone
    (金州 is a district of Dalian, not 锦州) or None, the closest registered ``suggestions`` as
    ``(spelling, zone id)`` and every zone id; worded in either language by :meth:`text`.
    """

    def __init__(
        self,
        name: str,
        *,
        reason: str | None = None,
        suggestions: Sequence[tuple[str, str]] = (),
        zones: Sequence[str] = (),
    ) -> None:
        self.name, self.reason, self.suggestions, self.zones = (
            name,
            reason,
            list(suggestions),
            (list(zones)),
        )
        super().__init__(self.text("en"))

    def fields(self) -> dict[str, Any]:
        """The catalogue fields of the message (``data.zone.unknown``)."""
        return {
            "name": Quoted(self.name),
            "why": Key("data.zone.why", reason=Key(self.reason)) if self.reason else "",
            "suggestions": (
                Key(
                    "data.zone.did_you_mean", names=Words(f"{s} ({z})" for s, z in self.suggestions)
                )
                if self.suggestions
                else ""
            ),
            "zones": Words(self.zones),
        }

    def text(self, lang: str = "en") -> str:
        return render_message("data.zone.unknown", lang, self.fields())

    def __str__(self) -> str:  # KeyError would quote the message
        return self.text("en")

    def __reduce__(self):
        return (
            _rebuild_zone_error,
            (type(self), self.name, self.reason, self.suggestions, self.zones),
        )


def _rebuild_zone_error(cls, name, reason, suggestions, zones):
    return cls(name, reason=reason, suggestions=suggestions, zones=zones)
