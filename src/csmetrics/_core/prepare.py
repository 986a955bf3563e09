"""Text preparation shared by ``categorize`` and ``sentiment``."""

from __future__ import annotations

import re

from csmetrics._core.hant import fold_table
from csmetrics._core.text import normalize_text

__all__ = ["prepare_text"]

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


def prepare_text(text: str) -> str:
    """Normalise `text` (NFKC, lower case, safe characters) and fold Traditional Chinese.

    Examples
    --------
    >>> prepare_text("服務態度很好。Thanks’")
    "服务态度很好.thanks'"
    """
    text = normalize_text(text)
    return text if text.isascii() else _FOLDABLE.sub(_fold, text)
