"""``Vocabulary``: the base of the library's string enumerations.

Calling an enumeration with a value it does not hold raises the library's
:class:`~csmetrics.exceptions.InvalidInputError` (also a ``ValueError``)
naming the choices and describing the value, instead of the standard
error, which quotes the value whole (whatever a customer typed).
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import NoReturn

from csmetrics._core.describe import describe
from csmetrics.exceptions import InvalidInputError

__all__ = ["Vocabulary", "refuse_unknown"]


def refuse_unknown(cls: type[Enum], value: object) -> NoReturn:
    """Raise for a value that names no member of ``cls``, describing it."""
    choices = ", ".join(repr(member.value) for member in cls)
    msg = f"{cls.__name__}: expected one of {choices}, got {describe(value)}"
    raise InvalidInputError(msg)


class Vocabulary(StrEnum):
    """A ``str`` enumeration whose constructor refuses unknown values with the library's error.

    Examples
    --------
    >>> class Colour(Vocabulary):
    ...     RED = "red"
    >>> Colour("red") is Colour.RED
    True
    >>> Colour("张三")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: Colour: expected one of 'red', got str of 2 characters
    """

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        refuse_unknown(cls, value)
