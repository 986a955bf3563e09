"""Hashed character n-grams of a normalised text, clause by clause, with numpy.

Every run of 1 to ``MAX_N`` characters that stays inside one clause (no
clause break ``BREAKS`` inside it) is hashed; a clause repeated in a text
is read once (its first occurrence), as the rules do. Latin words (and
pairs of words) are features too. Each run is hashed (FNV-1a over code points,
64-bit, the order mixed in) to one of ``2**BITS`` features. For Chinese the
runs are character n-grams; for English, runs that hold spaces are
sub-word and word n-grams ("not h", " late"). The work is a fixed number of
numpy passes over the text: linear in its length.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from csmetrics._classify.lexicon import BREAKS

__all__ = ["BITS", "MAX_N", "Grams", "grams", "grams_of_many"]

BITS = 20
MAX_N = 4
_OFFSET = np.uint64(0xCBF29CE484222325)
_PRIME = np.uint64(0x100000001B3)
_SHIFT = np.uint64(64 - BITS)
_SEEDS = [np.uint64((n * 0x9E3779B97F4A7C15) % 2**64) for n in range(MAX_N + 3)]
_BREAK_POINTS = np.array(sorted({ord(mark) for mark in BREAKS} | {0x3002, 0xFF0C}), np.uint32)
_SPACE = 0x20
_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
_WORD_BASE = 0xF0000
_WORD_CODES = 0x20000 - 2  # two supplementary private use planes, minus their non-characters
_CLAUSE = re.compile("[^" + re.escape("".join(chr(int(p)) for p in _BREAK_POINTS)) + "]+")


class Grams(NamedTuple):
    """The hashed n-grams of one text: feature ids and their spans in the text."""

    ids: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]


def _points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _hashed(
    points: npt.NDArray[np.uint32], breaks: npt.NDArray[np.bool_], top: int, seed: int
) -> tuple[list[npt.NDArray[np.int64]], list[npt.NDArray[np.int64]], list[int]]:
    """Feature ids and starts of the 1..`top`-grams of `points` that cross no break."""
    size = len(points)
    spaces = points == _SPACE
    blocked = np.concatenate(([0], np.cumsum(breaks, dtype=np.int64)))
    ids, starts, sizes = [], [], []
    wide = points.astype(np.uint64)
    hashed = np.full(size, _OFFSET, dtype=np.uint64)
    for n in range(1, min(top, size) + 1):
        count = size - n + 1
        hashed = (hashed[:count] ^ wide[n - 1 : n - 1 + count]) * _PRIME
        keep = blocked[n : n + count] == blocked[:count]
        keep &= ~(spaces[:count] | spaces[n - 1 : n - 1 + count])  # no space at either end
        where = np.flatnonzero(keep)
        mixed = (hashed[where] ^ _SEEDS[n + seed]) * _PRIME
        ids.append((mixed >> _SHIFT).astype(np.int64))
        starts.append(where.astype(np.int64))
        sizes.append(n)
    return ids, starts, sizes


def grams(text: str) -> Grams:
    """Hashed n-grams of a normalised text, none across a clause break.

    Character n-grams of 1 to ``MAX_N`` characters, and word unigrams and
    bigrams of the Latin words; a repeated clause is read once.

    Examples
    --------
    >>> found = grams("好评,ok")
    >>> found.starts.tolist(), found.ends.tolist()
    ([0, 1, 3, 4, 0, 3, 3], [1, 2, 4, 5, 2, 5, 5])
    >>> bool((found.ids < 2**BITS).all()), found.ids[0] == grams("好")[0][0]
    (True, np.True_)
    """
    points = _points(text)
    size = len(points)
    repeated, words, spans = _clauses(text, size)
    breaks = np.isin(points, _BREAK_POINTS) | repeated
    ids, starts, sizes = _hashed(points, breaks, MAX_N, 0)
    ends = [start + n for start, n in zip(starts, sizes, strict=True)]
    if words:
        word_points = np.array(words, dtype=np.uint32)
        word_ids, word_starts, word_sizes = _hashed(word_points, word_points == _SPACE, 2, MAX_N)
        first, last = np.array(spans, dtype=np.int64).reshape(-1, 2).T
        for found, begin, n in zip(word_ids, word_starts, word_sizes, strict=True):
            ids.append(found)
            starts.append(first[begin])
            ends.append(last[begin + n - 1])
    if not ids:
        empty = np.zeros(0, dtype=np.int64)
        return Grams(empty, empty, empty)
    return Grams(np.concatenate(ids), np.concatenate(starts), np.concatenate(ends))


def _clauses(text: str, size: int) -> tuple[npt.NDArray[np.bool_], list[int], list[int]]:
    """Positions inside a clause already seen earlier in the text, and the words of the others.

    Each Latin word becomes one code point (a CRC-32 of the word in the
    supplementary private use areas), clauses are separated by a space, and
    ``spans`` holds the start and end of each word in `text` (-1 for a space).
    """
    marks = np.zeros(size + 1, dtype=np.int64)
    seen: set[str] = set()
    words: list[int] = []
    spans: list[int] = []
    for match in _CLAUSE.finditer(text):
        key = match.group().strip()
        if key in seen:
            marks[match.start()] += 1
            marks[match.end()] -= 1
            continue
        seen.add(key)
        base = match.start()
        for word in _WORD.finditer(match.group()):
            code = zlib.crc32(word.group().encode("utf-8", "surrogatepass")) % _WORD_CODES
            words.append(_WORD_BASE + code)
            spans += [base + word.start(), base + word.end()]
        words.append(_SPACE)
        spans += [-1, -1]
    return np.cumsum(marks[:size]) > 0, words, spans


def grams_of_many(
    texts: list[str],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Row and feature ids of every n-gram of many normalised texts (for training)."""
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    for row, text in enumerate(texts):
        found = grams(text).ids
        rows.append(np.full(len(found), row, dtype=np.int64))
        cols.append(found)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)
