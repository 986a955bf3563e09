"""A model's vocabulary of n-gram features: one text by dict look-ups, many with numpy.

Row ``i`` of a model's weights belongs to feature string ``names[i]``. The
rows of one text (:meth:`Vocabulary.rows_one`) come from slicing each clause
and looking the slices up in a dict (0.1-0.2 µs a slice on the benchmark
machine), no hashing in Python. The rows of many texts (:meth:`Vocabulary.rows_many`)
come from the 64-bit keys of ``ngrams.features_many`` matched against the
keys of the names (``ngrams.keys_of``), sorted once; a character n-gram
whose key matches is checked code point by code point against the name (a
crafted text can share a key with a name), a word's key is Python's string
hash, different in each process. Both give the same rows, each distinct
feature once per clause, sorted by text then row. Texts longer than
``LONG`` go the numpy way in either case: fewer Python steps per
character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from csmetrics._classify.lexicon import BREAKS
from csmetrics._classify.ngrams import (
    ASCII_SIZES,
    MAX_N,
    WORD,
    Features,
    clauses,
    codes_of,
    feature_name,
    features_many,
    is_feature,
    keys_of,
    words_of,
)

__all__ = ["LONG", "Vocabulary", "learn_vocabulary", "scrub"]

LONG = 2048
"""Texts longer than this many characters are read with numpy even one at a time."""

Rows = npt.NDArray[np.int64]
_DIGITS = 5
# a digit, then runs of up to three separators (neither digits nor letters) and a digit
_NUMBER = re.compile(r"[0-9](?:[\W_]{0,3}[0-9])+")
_LOCAL = frozenset("._%+-")
# what separates two words of a pair in a clause: neither a word character nor a clause break
_BETWEEN = "[^a-z0-9'" + re.escape("".join(BREAKS)) + "。，]+"
_DOMAIN = frozenset(".-")


class Vocabulary:
    """The feature strings of a model (row ``i``: ``names[i]``), immutable.

    Examples
    --------
    >>> vocabulary = Vocabulary(("好评", "评", WORD + "not bad"))
    >>> vocabulary.rows_one("好评,not bad!好评").tolist()
    [0, 1, 2]
    >>> owner, rows = vocabulary.rows_many(["好评,好评", "not bad"])
    >>> owner.tolist(), rows.tolist()
    ([0, 0, 1], [0, 1, 2])
    """

    __slots__ = ("_codes", "_keys", "_lengths", "_order", "_table", "names", "narrow")

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        if not all(isinstance(name, str) and is_feature(name) for name in self.names):
            msg = "inconsistent vocabulary: a name that is not a feature"
            raise ValueError(msg)
        self._table = {name: row for row, name in enumerate(self.names)}
        # which features are a single character (never shown as the strongest)
        self.narrow = np.array([len(name.removeprefix(WORD)) < 2 for name in self.names], bool)
        keys = keys_of(self.names)
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]
        self._codes, self._lengths = codes_of(self.names)
        if len(self._table) != len(self.names) or bool(np.any(self._keys[1:] == self._keys[:-1])):
            msg = "inconsistent vocabulary: repeated feature names or keys"
            raise ValueError(msg)

    def __reduce__(self) -> tuple[type[Vocabulary], tuple[tuple[str, ...]]]:
        # the names only: the keys of words differ from one process to the next
        return (Vocabulary, (self.names,))

    def __len__(self) -> int:
        return len(self.names)

    def shown(self, row: int, text: str) -> str:
        """Feature `row` as it is written in `text`: a pair of words with what separates
        them there ("1/5" for the pair "1 5"), anything else as it is named.

        Examples
        --------
        >>> Vocabulary((WORD + "1 5", "好评")).shown(0, "打分 1/5,1 5")
        '1/5'
        """
        name = self.names[row].removeprefix(WORD)
        first, _, second = name.partition(" ")
        if not self.names[row].startswith(WORD) or not second:
            return name
        pair = re.compile(
            f"(?<![a-z0-9']){re.escape(first)}{_BETWEEN}{re.escape(second)}(?![a-z0-9'])"
        )
        found = pair.search(text)
        return name if found is None else found.group()

    def rows_one(self, text: str) -> Rows:
        """The rows of the features of one normalised text (each once per clause), sorted."""
        if len(text) > LONG:
            return self.rows_many([text])[1]
        get = self._table.get
        found: list[int | None] = []
        for _, clause in clauses(text):
            size = len(clause)
            distinct: set[int | None] = set()
            # ASCII alone: only the lengths of ASCII_SIZES can be features
            for n in ASCII_SIZES if clause.isascii() else range(1, MAX_N + 1):
                if n > size:
                    break
                distinct.update(map(get, [clause[i : i + n] for i in range(size - n + 1)]))
            distinct.update(map(get, words_of(clause)))
            found += distinct
        rows = [row for row in found if row is not None]
        rows.sort()
        return np.array(rows, dtype=np.int64)

    def rows_many(self, texts: Sequence[str]) -> tuple[Rows, Rows]:
        """The text and row of every feature of many normalised texts in the vocabulary,
        each distinct feature once per clause, sorted by text then row."""
        found = features_many(texts)
        pos = np.searchsorted(self._keys, found.keys)
        pos[pos == len(self._keys)] = 0
        hit = np.flatnonzero(self._keys[pos] == found.keys) if len(self._keys) else pos[:0]
        rows = self._order[pos[hit]].astype(np.int64)
        same = self._same(found, hit, rows)
        hit, rows = hit[same], rows[same]
        width = max(len(self.names), 1)
        once = np.unique(found.clause[hit] * width + rows, return_index=True)[1]
        owner, rows = found.owner[hit][once], rows[once]
        order = np.lexsort((rows, owner))
        return owner[order], rows[order]

    def _same(
        self, found: Features, hit: npt.NDArray[np.intp], rows: Rows
    ) -> npt.NDArray[np.bool_]:
        """Which key matches are the feature itself: a character n-gram's code points
        are compared with the name's (a crafted text can share a key with a name)."""
        same: npt.NDArray[np.bool_] = np.ones(len(hit), dtype=bool)
        if not len(hit):
            return same
        lengths = self._lengths[rows]
        words = found.word[hit]
        same &= words == (lengths == 0)
        same &= words | (found.ends[hit] - found.starts[hit] == lengths)
        last = len(found.points) - 1
        for j in range(MAX_N):
            got = found.points[np.minimum(found.at[hit] + j, last)]
            same &= (lengths <= j) | (got == self._codes[rows, j])
        return same


def scrub(text: str) -> str:
    """`text` with its contact details blanked, for learning a vocabulary from it.

    Blanked: e-mail addresses (an ``@`` with the letters, digits and
    ``._%+-`` around it, a space on either side of the ``@`` included), and
    numbers of five Arabic digits or more, counting the digits of a run in
    which at most three other characters (not letters) separate two digits:
    phone, account and card numbers in their common forms. Names, and
    numbers written in words or Chinese numerals, are not recognised.
    Linear time; the length is kept.

    Examples
    --------
    >>> scrub("call 021-5555 0199 or 李伟 @qq.com, 100元")
    'call               or           , 100元'
    """
    text = _NUMBER.sub(_blank_number, text)
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    at = text.find("@")
    while at >= 0:
        start, end = at, at + 1
        if start > done and text[start - 1] == " ":
            start -= 1
        while start > done and (text[start - 1].isalnum() or text[start - 1] in _LOCAL):
            start -= 1
        if end < len(text) and text[end] == " ":
            end += 1
        while end < len(text) and (text[end].isalnum() or text[end] in _DOMAIN):
            end += 1
        pieces += [text[done:start], " " * (end - start)]
        done = end
        at = text.find("@", end)
    return "".join([*pieces, text[done:]])


def _blank_number(match: re.Match[str]) -> str:
    found = match.group()
    return " " * len(found) if sum(char.isdigit() for char in found) >= _DIGITS else found


def learn_vocabulary(texts: Sequence[str], min_count: int) -> Vocabulary:
    """The features found in at least `min_count` of `texts` once their contact
    details are blanked (``scrub``), sorted by name.

    Examples
    --------
    >>> learn_vocabulary(["好评", "好评!", "差评"], 2).names
    ('好', '好评', '评')
    >>> learn_vocabulary(["call 13812345678", "13812345678 again"], 2).names
    ()
    >>> learn_vocabulary(["ok li.wei@x.cn", "no li.wei@x.cn"], 2).names
    ()
    """
    texts = [scrub(text) for text in texts]
    found = features_many(texts)
    distinct, first, inverse = np.unique(found.keys, return_index=True, return_inverse=True)
    pairs = np.unique(found.owner * len(distinct) + inverse)  # each (text, feature) once
    texts_per_key = np.bincount(pairs % max(len(distinct), 1), minlength=len(distinct))
    names = []
    for at in first[texts_per_key >= min_count].tolist():  # a feature's first occurrence
        text = texts[int(found.owner[at])]
        start, end, word = int(found.starts[at]), int(found.ends[at]), bool(found.word[at])
        names.append(feature_name(text, start, end, word))
    return Vocabulary(sorted(names))
