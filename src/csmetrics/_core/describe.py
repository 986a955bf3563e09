"""Describing a wrong value in an error message without echoing it.

A value that came from a caller may hold personal data (a name, a phone
number, a comment) or be enormous (a ten-million-element list, a deeply
nested structure). Messages therefore describe it by type and size, in
constant time, and never build its ``repr``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sized

__all__ = ["describe", "file_shown", "id_shown", "shown"]

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
        return f"str of {_count(len(value), 'character')}"
    if isinstance(value, bytes | bytearray):
        return f"{kind} of length {len(value)}"
    if isinstance(value, Sized) and not isinstance(value, type):
        try:
            size = len(value)
        except TypeError:  # a Sized whose __len__ refuses (e.g. a 0-d numpy array)
            return kind
        return f"{kind} of {_count(size, 'item')}"
    return kind


def _number(value: float, kind: str) -> str:
    if isinstance(value, bool):
        return f"bool {value}"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"int of {value.bit_length()} bits"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float {value}"
    return f"{kind} {value!r}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# A file name the library reads or writes: shown in messages (``tickets.csv:12``).
_FILE_NAME = re.compile(
    r"[^\x00-\x1f\x7f/\\]{1,100}\.(?:csv|tsv|txt|jsonl|ndjson|json|parquet|toml|yaml|yml|ini|gz|xlsx|xls)",
    re.IGNORECASE,
)


def file_shown(path: object, *, quoted: bool = True) -> str:
    """A path for a message: its file name quoted when it looks like a data or config file.

    Anything else (text passed where a path was expected, which may be the
    data itself) is described, never echoed.

    Examples
    --------
    >>> file_shown("/data/exports/工单.csv"), file_shown("张三 13800138000 a@example.com")
    ("'工单.csv'", 'str of 28 characters')
    """
    try:
        text = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        return describe(path)
    if isinstance(text, bytes):
        return describe(text)
    name = os.path.basename(text)
    if not _FILE_NAME.fullmatch(name):
        return describe(text)
    return repr(name) if quoted else name


_TOKEN = re.compile(r"[A-Za-z0-9:+\-_/., ]{0,32}")
# Digits that may be a phone number: five in a row, or groups such as 138-0013-8000.
_PHONE_LIKE = re.compile(r"\d{5}|(?:\d{3,4}[ -]){2}\d{3}")


def shown(value: object) -> str:
    """A wrong value for a message: short format tokens quoted, anything else described.

    Text such as ``'9-17'``, a day key, a zone name or a date says exactly
    what was wrong; long text, other characters (a name, a comment), digits
    that may be a phone number and other objects are described by type and
    size (:func:`describe`).

    >>> shown("9-17"), shown("2025-13-01"), shown("张三 13812345678"), shown("138-1234-5678")
    ("'9-17'", "'2025-13-01'", 'str of 14 characters', 'str of 13 characters')
    >>> shown([9])
    'list of 1 item'
    """
    if isinstance(value, str) and _TOKEN.fullmatch(value) and not _PHONE_LIKE.search(value):
        return repr(value)
    return describe(value)


_ID = re.compile(r"[A-Za-z0-9_\-.:#/]{1,64}")


def id_shown(value: object) -> str:
    """A record's id for a message: quoted when it looks like an id, else described.

    Ids name the record a message is about (``ticket '20250304001'``), so
    digits are shown; text with spaces or other characters is described.

    >>> id_shown("20250304001"), id_shown(42), id_shown("张三 13812345678")
    ("'20250304001'", '42', 'str of 14 characters')
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**20:
        return str(value)
    if isinstance(value, str) and _ID.fullmatch(value):
        return repr(value)
    return describe(value)
