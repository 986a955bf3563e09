"""The one text-normalisation pipeline, shared by classify and priority.

``normalize_text`` makes full-width and half-width forms the same (NFKC),
lower-cases, replaces lone surrogates and control characters with a space
(so that nothing downstream ever sees a character it cannot encode), and
folds Traditional Chinese characters and typographic punctuation onto their
plain forms, one character for one, so offsets never move.

It is linear in the length of the text. Unicode normalisation reorders a
run of combining marks with an insertion sort (quadratic in CPython), so a
run of more than ``MAX_NON_STARTERS`` characters that decompose to a
combining mark (canonical combining class other than 0) is first cut to its
first 30: the Unicode stream-safe limit (UAX #15). No real text has such a
run; a crafted one ("a" followed by 100,000 accents) costs a few
milliseconds instead of a minute.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from csmetrics._core.describe import describe
from csmetrics._core.hant import fold_table
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "MAX_NON_STARTERS",
    "MAX_TEXT_LENGTH",
    "VECTOR_FROM",
    "check_max_length",
    "normalize_text",
    "require_str",
    "require_text",
]

MAX_TEXT_LENGTH = 65_536
"""Default size limit of every text entry point, in characters (64 Ki)."""

VECTOR_FROM = 4096
"""Texts at least this long are matched with numpy sweeps instead of per-character Python."""

MAX_NON_STARTERS = 30
"""Longest run of combining characters kept before normalisation (UAX #15 stream-safe limit)."""

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
    check_max_length(max_length)
    text = require_str(value, param=param)
    if len(text) > max_length:
        msg = f"{param}: expected at most {max_length} characters, got {len(text)}"
        raise InvalidInputError(msg)
    return text


def check_max_length(max_length: object) -> int:
    """Return `max_length` if it is a positive ``int``, else raise ``InputTypeError``.

    Examples
    --------
    >>> check_max_length(10)
    10
    >>> check_max_length(-1)
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InputTypeError: max_length: expected a positive int, got int -1
    """
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        msg = f"max_length: expected a positive int, got {describe(max_length)}"
        raise InputTypeError(msg)
    return max_length


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
        by a space. A run of more than ``MAX_NON_STARTERS`` (30) combining
        characters is cut to its first 30 before normalising, so the work is
        linear in the length of `text`. Never raises for a ``str``.

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
    >>> len(normalize_text("e" + "\\u0316" * 100_000))  # e and its first 30 marks
    31
    """
    require_str(text)
    if not text.isascii():
        if len(text) > MAX_NON_STARTERS:
            text = _cut_mark_runs(text)
        if len(text) >= VECTOR_FROM:
            text = _narrow(text)
        text = unicodedata.normalize("NFKC", text)
    text = _UNSAFE.sub(" ", text.lower())
    return text if text.isascii() else _FOLDABLE.sub(_fold, text)


def _cut_mark_runs(text: str) -> str:
    """`text` with every run of more than ``MAX_NON_STARTERS`` characters that decompose to
    a non-starter cut to its first ``MAX_NON_STARTERS``.

    Most texts have no 31 characters in a row outside ASCII and CJK, so one quick
    search settles them. Otherwise a character class of the candidates (exact in the
    Basic Multilingual Plane, every character beyond it) finds the runs that may be too
    long, and those beyond the plane are checked exactly with ``unicodedata.combining``.
    """
    if _LONG_UNSTABLE_RUN.search(text) is None:  # no run long enough (most texts): done
        return text
    return _candidate_runs().sub(_cut_marks, text)


# ASCII and CJK unified ideographs are starters that decompose to themselves: a run of
# marks lies within a run of other characters. No look-behind, so that the engine can skip
# from one such character to the next; an attempt inside a run costs at most 31 steps.
_STABLE = "\t\n\r\x20-\x7e\u4e00-\u9fff"
_LONG_UNSTABLE_RUN = re.compile(f"[^{_STABLE}]{{{MAX_NON_STARTERS + 1}}}")


def _cut_marks(match: re.Match[str]) -> str:
    run = match.group()
    if len(run.encode("utf-16-le", "surrogatepass")) == 2 * len(run):  # BMP only: exact class
        return run[:MAX_NON_STARTERS]
    extra = _decomposing_to_marks(run)
    classes = bytes(map(unicodedata.combining, run.translate(extra) if extra else run))
    pieces = []
    done = 0
    for marks in _LONG_MARK_RUN.finditer(classes):
        pieces.append(run[done : marks.start() + MAX_NON_STARTERS])
        done = marks.end()
    pieces.append(run[done:])
    return "".join(pieces)


# Over the combining classes of a run (one byte per character): runs of non-zero classes.
_LONG_MARK_RUN = re.compile(b"(?<![^\\x00])[^\\x00]{%d,}" % (MAX_NON_STARTERS + 1))


def _decomposes_to_mark(char: str) -> bool:
    """Whether `char`'s decomposition starts with a non-starter (U+0301, but also U+0F73)."""
    if unicodedata.combining(char):
        return True
    return bool(unicodedata.decomposition(char)) and bool(
        unicodedata.combining(unicodedata.normalize("NFKD", char)[0])
    )


def _decomposing_to_marks(run: str) -> dict[int, str]:
    """The starters of `run` that decompose to a non-starter first (U+0F73, the half-width
    voiced sound mark U+FF9E ...), mapped to a combining mark."""
    return {
        ord(char): "\u0301"
        for char in set(run)
        if not unicodedata.combining(char) and _decomposes_to_mark(char)
    }


@functools.cache
def _candidate_runs() -> re.Pattern[str]:
    """Runs of more than ``MAX_NON_STARTERS`` possible non-starters (built on first need)."""
    codes = [code for code in range(0x10000) if _decomposes_to_mark(chr(code))]
    spans: list[list[int]] = []
    for code in [*codes, 0x10000]:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    spans[-1][1] = 0x10FFFF
    members = "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in spans)
    # The look-behind makes an attempt inside a run fail at once: each run is read once.
    return re.compile(f"(?<![{members}])[{members}]{{{MAX_NON_STARTERS + 1},}}")


# Full-width punctuation common in Chinese text decomposes to one ASCII character each:
# replacing it first leaves the NFKC result unchanged, and a long text then usually passes
# NFKC's quick check instead of being decomposed and recomposed.
_WIDE_PUNCTUATION = (
    *((char, chr(ord(char) - 0xFEE0)) for char in "，！？：；（）～"),
    ("\u3000", " "),
)


def _narrow(text: str) -> str:
    for wide, narrow in _WIDE_PUNCTUATION:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


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
