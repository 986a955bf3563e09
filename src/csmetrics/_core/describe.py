"""Describing a wrong value in an error message without echoing it.

A value that came from a caller may hold personal data (a name, a phone
number, a comment) or be enormous (a ten-million-element list, a deeply
nested structure). Messages therefore describe it by type and size, in
constant time, and never build its ``repr``.
"""

from __future__ import annotations

import math
from collections.abc import Sized

__all__ = ["describe"]

_SHOWN_NUMBERS = (bool, int, float)


def describe(value: object) -> str:
    """A short, safe description of ``value``: its type and size, never its content.

    Small numbers are shown (they are not personal data and say exactly what
    was wrong); text and containers only by type and length.

    Examples
    --------
    >>> describe("张三 138-1234-5678")
    'str of 16 characters'
    >>> describe([1, 2, 3]), describe(None), describe(3.5), describe(float("nan"))
    ('list of 3 items', 'None', 'float 3.5', 'float nan')
    >>> describe(2**80), describe(b"ab"), describe(object())
    ('int of 81 bits', 'bytes of length 2', 'object')
    """
    if value is None:
        return "None"
    kind = type(value).__name__
    if isinstance(value, _SHOWN_NUMBERS):
        return _number(value, kind)
    if isinstance(value, str):
        return f"str of {len(value)} characters"
    if isinstance(value, bytes | bytearray):
        return f"{kind} of length {len(value)}"
    if isinstance(value, Sized) and not isinstance(value, type):
        try:
            size = len(value)
        except TypeError:  # a Sized whose __len__ refuses (e.g. a 0-d numpy array)
            return kind
        return f"{kind} of {size} items"
    return kind


def _number(value: float, kind: str) -> str:
    if isinstance(value, bool):
        return f"bool {value}"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"int of {value.bit_length()} bits"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float {value}"
    return f"{kind} {value!r}"
