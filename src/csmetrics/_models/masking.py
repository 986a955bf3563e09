"""De-identification (脱敏) of customer names and phone numbers.

A name keeps only its surname (or the initials of a Latin name) and any title;
a phone number keeps only its last four digits. Both functions are idempotent:
masking a masked value gives it back unchanged, and linear in their input, up
to a size limit (``max_length``, 65,536 characters by default).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from csmetrics._core.text import MAX_TEXT_LENGTH, require_text
from csmetrics._models.privacy import describe_personal
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["MAX_NAME_WORDS", "STREAM_SAFE_RUN", "mask_name", "mask_phone", "stream_safe"]

_COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "尉迟",
        "公孙",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "呼延",
        "澹台",
        "申屠",
        "太史",
        "万俟",
        "闻人",
        "赫连",
        "钟离",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "百里",
        "东郭",
        "歐陽",
        "諸葛",
        "司馬",
    }
)
_CJK_TITLES = ("先生", "女士", "小姐", "老师", "经理", "总监", "总", "师傅", "阿姨", "同学")
_LATIN_TITLES = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "madam",
        "mx",
        "mx.",
        "mme",
        "mlle",
        "herr",
        "frau",
    }
)
_HIDDEN = "***"
MAX_NAME_WORDS = 16
"""The most words a Latin-script mask keeps (a mask of a mask is itself, within the size limit)."""


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY"))


def _mask_cjk(name: str) -> str:
    title = next((t for t in _CJK_TITLES if name.endswith(t) and len(name) > len(t)), "")
    core = name[: len(name) - len(title)]
    surname = core[:2] if core[:2] in _COMPOUND_SURNAMES else core[:1]
    given = core[len(surname) :]
    if title:
        return surname + ("*" if given else "") + title
    return surname + "*"


def _mask_word(word: str) -> str:
    if word.casefold() in _LATIN_TITLES:
        return word
    first = word.lstrip("*")[:1] or "*"
    return first + _HIDDEN


def mask_name(name: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Mask a personal name, keeping only the surname or initials and any title.

    Chinese names keep the surname (compound surnames such as 欧阳 included)
    and a trailing title (先生, 女士 ...); every other character becomes a
    single ``*``, so the length of the given name is not revealed. Latin-script
    names keep titles (Mr., Ms., Dr. ...) and the first letter of each other
    word, followed by ``***``, for the first 16 words.

    Linear in the length of ``name``: a run of more than 30 combining marks
    (the Unicode stream-safe limit, UAX #15) is cut to 30 before the
    NFKC normalisation, which is quadratic on longer runs.

    Parameters
    ----------
    name : str
        The name as the customer gave it.
    max_length : int, default 65,536
        The longest ``name`` accepted, in characters.

    Returns
    -------
    str
        The mask. Masking a mask returns it unchanged.

    Raises
    ------
    InvalidInputError
        If ``name`` is empty, only whitespace or longer than ``max_length``.
    InputTypeError
        If ``name`` is not a string or ``max_length`` not a positive int.

    Examples
    --------
    >>> mask_name("张三"), mask_name("欧阳娜娜"), mask_name("王先生"), mask_name("李小明女士")
    ('张*', '欧阳*', '王先生', '李*女士')
    >>> mask_name("Mr. Smith"), mask_name("John Smith")
    ('Mr. S***', 'J*** S***')
    >>> mask_name(mask_name("John Smith"))
    'J*** S***'
    """
    if not isinstance(name, str):
        msg = f"name: expected a str, got {describe_personal(name)}"
        raise InputTypeError(msg)
    text = _nfkc(require_text(name, param="name", max_length=max_length)).strip()
    if not text:
        msg = "name: expected a non-empty name, got an empty or blank string"
        raise InvalidInputError(msg)
    if _is_cjk(text[0]):
        return _mask_cjk("".join(text.split()))
    words = text.split(maxsplit=MAX_NAME_WORDS)[:MAX_NAME_WORDS]
    return " ".join(_mask_word(word) for word in words)


_PHONE_SEPARATORS = frozenset(" -.()+*/")
_INT_PHONE_BITS = 64


def mask_phone(phone: str | int, *, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Keep only the last four digits of a phone number.

    Separators (spaces, dashes, dots, parentheses, a leading ``+``) are
    ignored; a value that is already four digits is returned unchanged.
    Linear in the length of ``phone``.

    Parameters
    ----------
    phone : str or int
        The phone number, e.g. ``"138-1234-5678"`` or ``"+86 138 1234 5678"``;
        an ``int`` must fit in 64 bits (19 digits; give longer ones as text).
    max_length : int, default 65,536
        The longest ``phone`` text accepted, in characters.

    Returns
    -------
    str
        The last four digits.

    Raises
    ------
    InvalidInputError
        If the value holds fewer than four digits or characters other than
        digits, separators and ``*`` (a masked prefix), is longer than
        ``max_length`` or is an ``int`` beyond 64 bits.
    InputTypeError
        If ``phone`` is neither a string nor an integer, or ``max_length``
        not a positive int.

    Examples
    --------
    >>> mask_phone("138-1234-5678"), mask_phone("+86 (10) 8888 0001"), mask_phone("5678")
    ('5678', '0001', '5678')
    """
    if isinstance(phone, bool) or not isinstance(phone, str | int):
        msg = f"phone: expected a str or int, got {describe_personal(phone)}"
        raise InputTypeError(msg)
    if isinstance(phone, int) and phone.bit_length() > _INT_PHONE_BITS:
        msg = (
            f"phone: expected an int of at most 64 bits (or a str), got {describe_personal(phone)}"
        )
        raise InvalidInputError(msg)
    raw = require_text(str(phone), param="phone", max_length=max_length)
    text = _nfkc(raw)
    digits = "".join(ch for ch in text if ch.isdigit())
    others = {ch for ch in text if not ch.isdigit()} - _PHONE_SEPARATORS
    if others or len(digits) < 4:
        # The message never echoes the number itself: it is personal data.
        msg = (
            "phone: expected a phone number with at least 4 digits and only "
            f"digits, spaces, '-', '.', '(', ')', '+' or '*', got a value of {len(raw)} "
            f"characters with {len(digits)} digits"
        )
        raise InvalidInputError(msg)
    return digits[-4:]


# --- linear NFKC --------------------------------------------------------------------------
# A helper of the same kind belongs in _core/text.py (one text pipeline); it lives here
# while that module is being changed, and can move there as it is.

STREAM_SAFE_RUN = 30
"""The most combining marks in a row kept before normalising (UAX #15 stream-safe limit)."""


@functools.lru_cache(maxsize=4096)
def _non_starters(char: str) -> tuple[int, int, bool]:
    """Leading and trailing non-starters of ``char``'s NFKD form, and whether it is all of them."""
    form = unicodedata.normalize("NFKD", char)
    marks = [unicodedata.combining(c) != 0 for c in form]
    leading = next((i for i, mark in enumerate(marks) if not mark), len(marks))
    trailing = next((i for i, mark in enumerate(reversed(marks)) if not mark), len(marks))
    return leading, trailing, leading == len(marks)


def stream_safe(text: str, *, limit: int = STREAM_SAFE_RUN) -> str:
    """``text`` without the combining marks beyond the ``limit``-th of a run.

    Runs are counted in the NFKD form, as UAX #15 counts them (a character
    that decomposes into marks continues a run), so that normalising the
    result takes time linear in its length. Where UAX #15 inserts U+034F,
    the marks are dropped: nothing of them is kept in a mask anyway.

    Examples
    --------
    >>> len(stream_safe("a" + "\u0301" * 100))
    31
    >>> stream_safe("Zoë 张三") == "Zoë 张三"
    True
    """
    if text.isascii():
        return text
    pieces = []
    done = 0
    for match in _MAYBE_MARKS.finditer(text):
        pieces += [text[done : match.start()], _cut(match.group(), limit)]
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


# ASCII and CJK unified ideographs decompose to themselves, starters: they end any run.
_MAYBE_MARKS = re.compile("[^\t\n\r\x20-\x7e\u4e00-\u9fff]+")


def _cut(text: str, limit: int) -> str:
    """``text`` (after a starter) without the marks beyond the ``limit``-th of a run."""
    kept: list[str] = []
    run = 0
    for char in text:
        leading, trailing, only_marks = _non_starters(char)
        if run + leading > limit:
            continue
        run = run + leading if only_marks else trailing
        kept.append(char)
    return "".join(kept)


def _nfkc(text: str) -> str:
    """NFKC of ``text`` in linear time (long runs of combining marks cut first)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", stream_safe(text))
