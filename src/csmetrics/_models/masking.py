"""De-identification (脱敏) of customer names and phone numbers.

A name keeps only its surname (or the initials of a Latin name) and any title;
a phone number keeps only its last four digits. Both functions are idempotent:
masking a masked value gives it back unchanged.
"""

from __future__ import annotations

import unicodedata

from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["mask_name", "mask_phone"]

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


def mask_name(name: str) -> str:
    """Mask a personal name, keeping only the surname or initials and any title.

    Chinese names keep the surname (compound surnames such as 欧阳 included)
    and a trailing title (先生, 女士 ...); every other character becomes a
    single ``*``, so the length of the given name is not revealed. Latin-script
    names keep titles (Mr., Ms., Dr. ...) and the first letter of each other
    word, followed by ``***``.

    Parameters
    ----------
    name : str
        The name as the customer gave it.

    Returns
    -------
    str
        The mask. Masking a mask returns it unchanged.

    Raises
    ------
    InvalidInputError
        If ``name`` is empty or only whitespace.
    InputTypeError
        If ``name`` is not a string.

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
        msg = f"name: expected a str, got {type(name).__name__}"
        raise InputTypeError(msg)
    text = unicodedata.normalize("NFKC", name).strip()
    if not text:
        msg = "name: expected a non-empty name, got an empty or blank string"
        raise InvalidInputError(msg)
    if _is_cjk(text[0]):
        return _mask_cjk("".join(text.split()))
    return " ".join(_mask_word(word) for word in text.split())


def mask_phone(phone: str | int) -> str:
    """Keep only the last four digits of a phone number.

    Separators (spaces, dashes, dots, parentheses, a leading ``+``) are
    ignored; a value that is already four digits is returned unchanged.

    Parameters
    ----------
    phone : str or int
        The phone number, e.g. ``"138-1234-5678"`` or ``"+86 138 1234 5678"``.

    Returns
    -------
    str
        The last four digits.

    Raises
    ------
    InvalidInputError
        If the value holds fewer than four digits or characters other than
        digits, separators and ``*`` (a masked prefix).
    InputTypeError
        If ``phone`` is neither a string nor an integer.

    Examples
    --------
    >>> mask_phone("138-1234-5678"), mask_phone("+86 (10) 8888 0001"), mask_phone("5678")
    ('5678', '0001', '5678')
    """
    if isinstance(phone, bool) or not isinstance(phone, str | int):
        msg = f"phone: expected a str or int, got {type(phone).__name__}"
        raise InputTypeError(msg)
    text = unicodedata.normalize("NFKC", str(phone))
    digits = "".join(ch for ch in text if ch.isdigit())
    others = {ch for ch in text if not ch.isdigit()} - set(" -.()+*/")
    if others or len(digits) < 4:
        # The message never echoes the number itself: it is personal data.
        msg = (
            "phone: expected a phone number with at least 4 digits and only "
            f"digits, spaces, '-', '.', '(', ')', '+' or '*', got a value of {len(text)} "
            f"characters with {len(digits)} digits"
        )
        raise InvalidInputError(msg)
    return digits[-4:]
