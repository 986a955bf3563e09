"""The one text-normalisation pipeline, shared by classify and priority.

``normalize_text`` makes full-width and half-width forms the same (NFKC),
lower-cases, replaces lone surrogates and control characters with a space
(so that nothing downstream ever sees a character it cannot encode), and
folds Traditional Chinese characters and typographic punctuation onto their
plain forms, one character for one, so offsets never move.

"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.hant import fold_table
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["MAX_TEXT_LENGTH", "VECTOR_FROM", "normalize_text", "require_str", "require_text"]

MAX_TEXT_LENGTH = 65_536
"""Default size limit of every text entry point, in characters (64 Ki)."""

VECTOR_FROM = 4096
"""Texts at least this long are handled with numpy sweeps instead of per-character Python."""

# Lone surrogates and C0/C1 control characters other than the whitespace ones
# (tab, line feed, vertical tab, form feed, carriage return, next line).
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def require_str(value: object, *, param: str = "text") -> str:
    """Return `value` if it is a ``str``, else raise ``InputTypeError`` naming `param`.

    The wrong value is described by type and size, never echoed.

    Examples
    --------
    >>> require_str("ok")
    'ok'
    >>> require_str(3, param="reason")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InputTypeError: reason: expected str, got int 3
    """
    if not isinstance(value, str):
        msg = f"{param}: expected str, got {describe(value)}"
        raise InputTypeError(msg)
    return value


def require_text(value: object, *, param: str = "text", max_length: int = MAX_TEXT_LENGTH) -> str:
    """Return `value` if it is a ``str`` of at most `max_length` characters.

    Every text entry point calls this first, so that its work is bounded:
    the limit is a keyword argument of each public function (default
    ``MAX_TEXT_LENGTH``, 65,536 characters).

    Raises
    ------
    InputTypeError
        `value` is not a ``str``, or `max_length` is not a positive ``int``.
    InvalidInputError
        `value` is longer than `max_length`.

    Examples
    --------
    >>> require_text("x" * 10, max_length=5)
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: text: expected at most 5 characters, got 10
    """
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        msg = f"max_length: expected a positive int, got {describe(max_length)}"
        raise InputTypeError(msg)
    text = require_str(value, param=param)
    if len(text) > max_length:
        msg = f"{param}: expected at most {max_length} characters, got {len(text)}"
        raise InvalidInputError(msg)
    return text


def normalize_text(text: str) -> str:
    """Return `text` NFKC-normalised, lower-cased and free of unsafe characters.

    Parameters
    ----------
    text : str
        Any string, including lone surrogates and control characters.

    Returns
    -------
    str
        The normalised text, of the same length as the NFKC form of `text`;
        lone surrogates and non-whitespace control characters are replaced
        by a space. Never raises for a ``str``.

    Raises
    ------
    InputTypeError
        If `text` is not a ``str``.

    Examples
    --------
    >>> normalize_text("ＡＢＣ，不错！")
    'abc,不错!'
    >>> normalize_text("ok\\x00\\ud800fine")
    'ok  fine'
    >>> normalize_text("服務態度很好。Thanks’")
    "服务态度很好.thanks'"
    """
    require_str(text)
    if not text.isascii():
        if len(text) >= VECTOR_FROM:
            text = _narrow(text)
        if not unicodedata.is_normalized("NFKC", text):
            text = _nfkc(text)
    text = _UNSAFE.sub(" ", text.lower())
    return text if text.isascii() else _FOLDABLE.sub(_fold, text)


def _narrow(text: str) -> str:
    """Replace full-width ASCII forms and the ideographic space by their NFKC forms.

    Each of these characters decomposes to a single ASCII character, so the
    replacement leaves the NFKC result unchanged; numpy does it in one sweep.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    codes[(codes >= 0xFF01) & (codes <= 0xFF5E)] -= 0xFEE0
    codes[codes == 0x3000] = 0x20
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


# ASCII and CJK unified ideographs are NFKC-stable starters that never combine with what
# precedes them, so a text can be split before any of them and normalised piece by piece.
_UNSTABLE_RUN = re.compile("[^\t\n\r\x20-\x7e\u4e00-\u9fff]+")


def _nfkc(text: str) -> str:
    """NFKC of `text`, normalising only the runs that may change (same result, less work)."""
    pieces = []
    done = 0
    for run in _UNSTABLE_RUN.finditer(text):
        begin = max(run.start() - 1, done)
        pieces.append(text[done:begin])
        pieces.append(unicodedata.normalize("NFKC", text[begin : run.end()]))
        done = run.end()
    pieces.append(text[done:])
    return "".join(pieces)


_FOLD = fold_table()
_FOLD.update(
    {
        ord("\u2018"): ord("'"),
        ord("\u2019"): ord("'"),
        ord("\u201c"): ord('"'),
        ord("\u201d"): ord('"'),
        ord("\u3002"): ord("."),
        ord("\u3001"): ord(","),
        ord("\uff61"): ord("."),
        ord("\u2026"): ord("."),
    }
)

_FOLDABLE = re.compile("[" + re.escape("".join(sorted(chr(code) for code in _FOLD))) + "]+")


def _fold(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)
