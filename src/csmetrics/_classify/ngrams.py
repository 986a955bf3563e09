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

__all__ = ["BITS", "MAX_N", "Grams", "grams", "grams_many", "grams_of_many"]

BITS = 20
MAX_N = 4
_OFFSET = np.uint64(0xCBF29CE484222325)
_PRIME = np.uint64(0x100000001B3)
_SHIFT = np.uint64(64 - BITS)
_SEEDS = [np.uint64((n * 0x9E3779B97F4A7C15) % 2**64) for n in range(MAX_N + 3)]
_BREAK_POINTS = np.array(sorted({ord(mark) for mark in BREAKS} | {0x3002, 0xFF0C}), np.uint32)
_SPACE = 0x20
_IS_BREAK = np.zeros(0x110000, dtype=bool)  # every code point: is it a clause break?
_IS_BREAK[_BREAK_POINTS] = True
_MIN_ASCII = 3
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
    ascii_ = points < 0x80 if seed == 0 else np.zeros(size, dtype=bool)
    blocked = np.concatenate(([0], np.cumsum(breaks, dtype=np.int64)))
    ids, starts, sizes = [], [], []
    wide = points.astype(np.uint64)
    hashed = np.full(size, _OFFSET, dtype=np.uint64)
    for n in range(1, min(top, size) + 1):
        count = size - n + 1
        hashed = (hashed[:count] ^ wide[n - 1 : n - 1 + count]) * _PRIME
        keep = blocked[n : n + count] == blocked[:count]
        keep &= ~(spaces[:count] | spaces[n - 1 : n - 1 + count])  # no space at either end
        if n < _MIN_ASCII:  # Latin letters: 3-grams and longer (and words) only
            keep &= ~(ascii_[:count] & ascii_[n - 1 : n - 1 + count])
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
    >>> found = grams("好评,ok,好好好")
    >>> sorted(zip(found.starts.tolist(), found.ends.tolist()))
    [(0, 1), (0, 2), (1, 2), (3, 5), (6, 7), (6, 8), (6, 9)]
    >>> bool((found.ids < 2**BITS).all()), found.ids[0] == grams("好")[0][0]
    (True, np.True_)
    """
    return _grams(_points(text), *_clauses(text, 0))


def grams_many(texts: list[str]) -> tuple[npt.NDArray[np.int64], Grams]:
    """The n-grams of many normalised texts at once: the text of each, and ``grams`` of all.

    Each text gives exactly its ``grams(text)``, in the same order, with its
    spans counted from the start of the text.

    Examples
    --------
    >>> owner, found = grams_many(["好评", "ok"])
    >>> owner.tolist(), found.starts.tolist()
    ([0, 0, 0, 1], [0, 1, 0, 0])
    """
    joined = "\n".join(texts)  # a clause break between texts
    repeated: list[npt.NDArray[np.bool_]] = []
    words: list[int] = []
    spans: list[int] = []
    offsets = np.zeros(len(texts), dtype=np.int64)
    at = 0
    for number, text in enumerate(texts):
        offsets[number] = at
        mask, text_words, text_spans = _clauses(text, at)
        repeated += [mask, np.zeros(1, dtype=bool)]
        words += text_words
        spans += text_spans
        at += len(text) + 1
    points = _points(joined)
    mask = np.concatenate(repeated)[: len(points)] if repeated else np.zeros(0, dtype=bool)
    found = _grams(points, mask, words, spans)
    owner = np.searchsorted(offsets, found.starts, side="right") - 1
    starts = found.starts - offsets[owner]
    return owner, Grams(found.ids, starts, found.ends - offsets[owner])


def _grams(
    points: npt.NDArray[np.uint32],
    repeated: npt.NDArray[np.bool_],
    words: list[int],
    spans: list[int],
) -> Grams:
    breaks = _IS_BREAK[points] | repeated
    clause_of = np.cumsum(breaks, dtype=np.int64)
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
    all_ids, all_starts = np.concatenate(ids), np.concatenate(starts)
    # each distinct n-gram counts once per clause: a clause adds a bounded amount
    _, first_seen = np.unique((clause_of[all_starts] << BITS) | all_ids, return_index=True)
    first_seen.sort()
    return Grams(all_ids[first_seen], all_starts[first_seen], np.concatenate(ends)[first_seen])


def _clauses(text: str, offset: int) -> tuple[npt.NDArray[np.bool_], list[int], list[int]]:
    """Positions inside a clause already seen earlier in the text, and the words of the others.

    Each Latin word becomes one code point (a CRC-32 of the word in the
    supplementary private use areas), clauses are separated by a space, and
    ``spans`` holds the start and end of each word (plus `offset`; -1 for a space).
    """
    size = len(text)
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
            spans += [offset + base + word.start(), offset + base + word.end()]
        words.append(_SPACE)
        spans += [-1, -1]
    return np.cumsum(marks[:size]) > 0, words, spans


def grams_of_many(
    texts: list[str],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Row and feature ids of every n-gram of many normalised texts (for training)."""
    owner, found = grams_many(texts)
    return owner, found.ids
