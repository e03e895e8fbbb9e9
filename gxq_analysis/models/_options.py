"""Option checks shared by the models layer (keyword options of fits, bootstraps and tests)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..errors import OptionError


def check_known(options: Iterable[str], allowed: Iterable[str]) -> None:
    """Raise if ``options`` (names passed as ``**options``) has a name not in ``allowed``.

    Raises
    ------
    OptionError
        ``unknown option(s) 'a', 'b'; allowed: ...`` listing every allowed name.
    """
    allowed = tuple(allowed)
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise OptionError(
            f"unknown option(s) {', '.join(map(repr, unknown))}; allowed: "
            + ", ".join(repr(o) for o in allowed)
        )


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a ``bool`` if it is one (Python or NumPy), else raise.

    ``check_choice(name, value, (True, False))`` would accept ``1``, ``0`` and ``1.0`` (they
    compare equal to ``True``/``False``); a flag given as a number is more likely a mistake
    (e.g. a level or a count passed in the wrong place) than a request.

    Raises
    ------
    OptionError
        Naming the parameter and the value, listing ``True, False``.
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise OptionError(f"{name}={value!r} is not allowed; choose one of: True, False")
