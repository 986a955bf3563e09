"""Options of the scoring functions: integers in range, one of a few names, names in messages.

An option (``scale``, ``top_shares(n=...)``, ``metric=...``) is checked once
at the boundary: :func:`require_int` for counts and sizes (never a ``bool``,
never negative unless allowed), :func:`require_choice` for names (a
misspelled one raises), and :func:`name_label` shows a column or indicator
name in a message only when it looks like an identifier.
"""

from __future__ import annotations

import re

import numpy as np

from csmetrics._core.describe import describe
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["name_label", "require_int"]


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")


def name_label(name: object) -> str:
    """A column or indicator name for a message: quoted when it looks like an identifier.

    Names are the caller's own identifiers (``"csat"``, ``"first_response_minutes"``)
    and say what was wrong; anything else (text that may be a value put in the
    wrong place, a long string) is described like a value.

    >>> name_label("first_response_minutes"), name_label("张三"), name_label(5)
    ("'first_response_minutes'", 'str of 2 characters', 'int 5')
    """
    if isinstance(name, str) and _IDENTIFIER.fullmatch(name):
        return repr(name)
    return describe(name)


def require_int(value: object, name: str, *, low: int, high: int | None = None) -> int:
    """An ``int`` (numpy integers too, never a ``bool``) in ``low..high``.

    >>> require_int(3, "n", low=1)
    3
    >>> require_int(-1, "n", low=1)
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: n: expected an integer >= 1, got int -1
    """
    if type(value) is int and low <= value and (high is None or value <= high):
        return value
    if isinstance(value, bool | np.timedelta64) or not isinstance(value, int | np.integer):
        msg = f"{name}: expected an integer, got {describe(value)}"
        raise InputTypeError(msg)
    number = int(value)
    if number < low or (high is not None and number > high):
        bounds = f">= {low}" if high is None else f"{low}..{high}"
        msg = f"{name}: expected an integer {bounds}, got {describe(number)}"
        raise InvalidInputError(msg)
    return number
