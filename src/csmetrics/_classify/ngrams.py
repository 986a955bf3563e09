"""The n-gram features of a normalised text, clause by clause, and their 64-bit keys.

A text is read clause by clause (a clause break ``BREAKS`` ends one; a
clause repeated in a text, spaces aside, is read once, as the rules do). The
features of a clause are

- its character n-grams of 1 to ``MAX_N`` characters that neither start nor
  end with a space (those that start and end with an ASCII character: of
  the lengths ``ASCII_SIZES`` only, 3 or 4);
- its Latin words and its pairs of consecutive words, written ``WORD + word``
  and ``WORD + "first second"``.

Whether a string is a feature depends on the string alone
(:func:`is_feature`), so a model's vocabulary holds only features, and a
slice of a clause that is not one is simply not found in it.

Many texts at once are read with numpy (:func:`features_many`): every
feature gets a 64-bit key (FNV-1a over its code points with its length
mixed in for character n-grams, Python's string hash for words), and
:func:`keys_of` gives the same key for a feature string. Keys are never
written: a model file, or a pickled model, holds its feature strings,
keyed again in each process (the string hash differs between processes).
The work is a fixed number of numpy passes over the texts, plus one Python
step per clause and word: linear in their length.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from csmetrics._classify.lexicon import BREAKS

__all__ = [
    "ASCII_SIZES",
    "MAX_N",
    "WORD",
    "Features",
    "clauses",
    "codes_of",
    "feature_name",
    "features_many",
    "is_feature",
    "keys_of",
    "words_of",
]

MAX_N = 4
_PAIR = 2  # words: one, or a pair
WORD = "\x00"
"""Prefix of a word feature (``normalize_text`` leaves no control character in a text)."""
_MASK = 2**64 - 1
_OFFSET = np.uint64(0xCBF29CE484222325)
_PRIME = np.uint64(0x100000001B3)
_SEEDS = [np.uint64((n * 0x9E3779B97F4A7C15) % 2**64) for n in range(MAX_N + 1)]
_BREAK_POINTS = np.array(sorted({ord(mark) for mark in BREAKS} | {0x3002, 0xFF0C}), np.uint32)
_SPACE = 0x20
_IS_BREAK = np.zeros(0x110000, dtype=bool)  # every code point: is it a clause break?
_IS_BREAK[_BREAK_POINTS] = True
ASCII_SIZES = range(3, 5)
"""The lengths of the character n-grams that start and end with an ASCII character."""
_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
_CLAUSE = re.compile("[^" + re.escape("".join(chr(int(p)) for p in _BREAK_POINTS)) + "]+")


class Features(NamedTuple):
    """The features of many texts, one entry each, every occurrence (not yet one per clause)."""

    owner: npt.NDArray[np.int64]  # the text of each feature
    keys: npt.NDArray[np.uint64]
    starts: npt.NDArray[np.int64]  # its span in its text
    ends: npt.NDArray[np.int64]
    clause: npt.NDArray[np.int64]  # a number per clause, distinct across all the texts
    word: npt.NDArray[np.bool_]  # a word or a pair of words (not a character n-gram)
    at: npt.NDArray[np.int64]  # its start in ``points``
    points: npt.NDArray[np.uint32]  # the code points of the texts joined by clause breaks


def clauses(text: str) -> list[tuple[int, str]]:
    """The clauses of `text` that are read, with their starts (a repeated one is read once).

    Examples
    --------
    >>> clauses("好评,ok,好评 ")
    [(0, '好评'), (3, 'ok')]
    """
    return _split(text)[0]


def _split(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """The clauses read (start, clause) and the spans of those skipped as repeats."""
    seen: set[str] = set()
    read: list[tuple[int, str]] = []
    skipped: list[tuple[int, int]] = []
    for match in _CLAUSE.finditer(text):
        clause = match.group()
        key = clause.strip()
        if key in seen:
            skipped.append(match.span())
        else:
            seen.add(key)
            read.append((match.start(), clause))
    return read, skipped


def words_of(clause: str) -> list[str]:
    """The word features of a clause: each word, then each pair of consecutive words.

    Examples
    --------
    >>> [name.lstrip(WORD) for name in words_of("not so good 好")]
    ['not', 'so', 'good', 'not so', 'so good']
    """
    found = _WORD.findall(clause)
    return [WORD + word for word in found] + [
        f"{WORD}{first} {second}" for first, second in itertools.pairwise(found)
    ]


def is_feature(name: str) -> bool:
    """Whether a string is a feature (a model's vocabulary holds nothing else).

    Examples
    --------
    >>> is_feature("好评"), is_feature(WORD + "not bad"), is_feature("ok"), is_feature(" 好")
    (True, True, False, False)
    """
    if name.startswith(WORD):
        words = name[1:].split(" ")
        return len(words) <= _PAIR and all(_WORD.fullmatch(word) for word in words)
    return (
        1 <= len(name) <= MAX_N
        and _CLAUSE.fullmatch(name) is not None
        and name[0] != " " != name[-1]
        and WORD not in name
        and (len(name) in ASCII_SIZES or not (name[0].isascii() and name[-1].isascii()))
    )


def codes_of(names: Sequence[str]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """The code points of each character n-gram among `names` (padded with 0) and its
    length (0 for a word feature): what a key found in a text is checked against."""
    codes = np.zeros((len(names), MAX_N), dtype=np.uint32)
    lengths = np.zeros(len(names), dtype=np.int64)
    for row, name in enumerate(names):
        if not name.startswith(WORD) and len(name) <= MAX_N:
            lengths[row] = len(name)
            codes[row, : len(name)] = [ord(char) for char in name]
    return codes, lengths


def _word_key(name: str) -> int:
    return hash(name) & _MASK  # keys live in one process only: the files hold the names


def _points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def keys_of(names: Sequence[str]) -> npt.NDArray[np.uint64]:
    """The 64-bit key of each feature string, as :func:`features_many` keys it.

    Examples
    --------
    >>> found = features_many(["好评,not bad"])
    >>> names = [feature_name("好评,not bad", s, e, w)
    ...          for s, e, w in zip(found.starts, found.ends, found.word)]
    >>> bool((keys_of(names) == found.keys).all())
    True
    """
    keys = np.zeros(len(names), dtype=np.uint64)
    by_length: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        if name.startswith(WORD):
            keys[i] = _word_key(name)
        else:
            by_length.setdefault(len(name), []).append(i)
    for n, members in by_length.items():
        if not 1 <= n <= MAX_N:
            continue  # not a character n-gram: never found in a text
        points = _points("".join(names[i] for i in members)).reshape(len(members), n)
        hashed = np.full(len(members), _OFFSET, dtype=np.uint64)
        for column in range(n):
            hashed = (hashed ^ points[:, column].astype(np.uint64)) * _PRIME
        keys[members] = (hashed ^ _SEEDS[n]) * _PRIME
    return keys


def feature_name(text: str, start: int, end: int, word: bool) -> str:  # noqa: FBT001
    """The feature string at ``text[start:end]`` (a word feature: its words, after ``WORD``)."""
    piece = text[int(start) : int(end)]
    return WORD + " ".join(_WORD.findall(piece)) if word else piece


def features_many(texts: Sequence[str]) -> Features:
    """Every feature of every clause read in `texts`, with its key, span and clause.

    Examples
    --------
    >>> found = features_many(["好评", "ok"])
    >>> found.owner.tolist(), found.starts.tolist(), found.word.tolist()
    ([0, 0, 0, 1], [0, 1, 0, 0], [False, False, False, True])
    """
    joined = "\n".join(texts)  # a clause break between texts
    points = _points(joined)
    size = len(points)
    unread = np.zeros(size + 1, dtype=np.int64)  # +1/-1 around each repeated clause
    word_keys: list[int] = []
    word_spans: list[int] = []
    offsets = np.zeros(len(texts), dtype=np.int64)
    at = 0
    for number, text in enumerate(texts):
        offsets[number] = at
        read, skipped = _split(text)
        for start, end in skipped:
            unread[at + start] += 1
            unread[at + end] -= 1
        for start, clause in read:
            _add_words(clause, at + start, word_keys, word_spans)
        at += len(text) + 1
    breaks = _IS_BREAK[points] | (np.cumsum(unread[:size]) > 0)
    blocked = np.concatenate(([0], np.cumsum(breaks, dtype=np.int64)))
    keys, starts, ends = _char_grams(points, blocked)
    if word_keys:
        spans = np.array(word_spans, dtype=np.int64).reshape(-1, 2)
        keys.append(np.array(word_keys, dtype=np.uint64))
        starts.append(spans[:, 0])
        ends.append(spans[:, 1])
    chars = sum(len(part) for part in keys[: len(keys) - bool(word_keys)])
    all_starts = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    owner = np.searchsorted(offsets, all_starts, side="right") - 1
    word = np.zeros(len(all_starts), dtype=bool)
    word[chars:] = True
    return Features(
        owner.astype(np.int64),
        np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64),
        all_starts - offsets[owner],
        (np.concatenate(ends) if ends else all_starts) - offsets[owner],
        blocked[all_starts],
        word,
        all_starts,
        points,
    )


def _add_words(clause: str, base: int, keys: list[int], spans: list[int]) -> None:
    """Append the keys and spans (from `base`) of the words and pairs of words of a clause."""
    found = list(_WORD.finditer(clause))
    for match in found:
        keys.append(_word_key(WORD + match.group()))
        spans += [base + match.start(), base + match.end()]
    for first, second in itertools.pairwise(found):
        keys.append(_word_key(f"{WORD}{first.group()} {second.group()}"))
        spans += [base + first.start(), base + second.end()]


def _char_grams(
    points: npt.NDArray[np.uint32], blocked: npt.NDArray[np.int64]
) -> tuple[list[npt.NDArray[np.uint64]], list[npt.NDArray[np.int64]], list[npt.NDArray[np.int64]]]:
    """Keys, starts and ends of the 1..MAX_N-grams that cross no break (``blocked``: breaks
    before each position) and keep the space and Latin rules."""
    size = len(points)
    spaces = points == _SPACE
    ascii_ = points < 0x80
    wide = points.astype(np.uint64)
    hashed = np.full(size, _OFFSET, dtype=np.uint64)
    keys, starts, ends = [], [], []
    for n in range(1, min(MAX_N, size) + 1):
        count = size - n + 1
        hashed = (hashed[:count] ^ wide[n - 1 : n - 1 + count]) * _PRIME
        keep = blocked[n : n + count] == blocked[:count]
        keep &= ~(spaces[:count] | spaces[n - 1 : n - 1 + count])  # no space at either end
        if n not in ASCII_SIZES:  # Latin letters: words, and n-grams of these lengths only
            keep &= ~(ascii_[:count] & ascii_[n - 1 : n - 1 + count])
        where = np.flatnonzero(keep)
        keys.append((hashed[where] ^ _SEEDS[n]) * _PRIME)
        starts.append(where.astype(np.int64))
        ends.append(where.astype(np.int64) + n)
    return keys, starts, ends
