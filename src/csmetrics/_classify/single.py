"""The hashed n-grams of one text, found quickly: the same ids as ``ngrams.grams``.

``ngrams.grams`` makes a fixed number of numpy passes per n-gram order over
a text: the fast way for long texts and batches, but a few dozen numpy
calls, most of the time of a single short comment. Two quicker ways give
exactly the same feature ids, in the same order, with the same spans (the
same FNV-1a hash over code points, 64-bit, the order mixed in; the same
orders, clause breaks and Latin words; a repeated clause read once; each
distinct n-gram once per clause, its first occurrence in ``grams`` order):

- ``grams_one`` walks a text of at most ``TINY`` characters clause by
  clause with Python integers;
- ``grams_short`` hashes every order of a text of at most ``SHORT``
  characters at once (one matrix of orders by positions), with a fixed
  number of numpy calls.

``grams_any`` picks the way by length (``grams`` itself beyond ``SHORT``).
Each is linear in the length of the text.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from csmetrics._classify.ngrams import (
    _CLAUSE,
    _MIN_ASCII,
    _OFFSET,
    _PRIME,
    _SEEDS,
    _SHIFT,
    _SPACE,
    _WORD,
    _WORD_BASE,
    _WORD_CODES,
    BITS,
    MAX_N,
    Grams,
    _points,
    grams,
)

__all__ = ["SHORT", "TINY", "grams_any", "grams_one", "grams_short"]

TINY = 32
"""Texts of at most this many characters are read in plain Python (``grams_one``)."""
SHORT = 512
"""Texts of at most this many characters are hashed all orders at once (``grams_short``)."""

_MASK = 2**64 - 1
_OFF = int(_OFFSET)
_MUL = int(_PRIME)
_DOWN = int(_SHIFT)
_MIX = [int(seed) for seed in _SEEDS]
_ORDERS = MAX_N + 2  # character n-grams of 1..MAX_N, then word unigrams and bigrams


_Bucket = tuple[list[int], list[int], list[int]]  # ids, starts, ends


def _keep(points: list[int], n: int) -> range | list[int]:
    """Starts of the `n`-grams of a clause that neither start nor end with a space, and are
    not Latin letters only when shorter than ``_MIN_ASCII``."""
    if n == 1:
        return [i for i, p in enumerate(points) if p >= 0x80]
    pairs = enumerate(zip(points, points[n - 1 :], strict=False))  # windows inside
    if n < _MIN_ASCII:
        return [i for i, (p, q) in pairs if p != _SPACE != q and (p >= 0x80 or q >= 0x80)]
    return [i for i, (p, q) in pairs if p != _SPACE != q]


def _add(bucket: _Bucket, seen: set[int], ids: list[int], starts: list[int], n: int) -> None:
    """Append the n-grams whose id is not yet in `seen` (the first of each), and record them."""
    fresh = set(ids)
    if len(fresh) == len(ids) and seen.isdisjoint(fresh):  # nothing repeated: all of them
        seen |= fresh
        bucket[0].extend(ids)
        bucket[1].extend(starts)
        bucket[2].extend([start + n for start in starts])
        return
    for gram, start in zip(ids, starts, strict=True):
        if gram not in seen:
            seen.add(gram)
            _put(bucket, gram, start, start + n)


def _put(bucket: _Bucket, gram: int, start: int, end: int) -> None:
    bucket[0].append(gram)
    bucket[1].append(start)
    bucket[2].append(end)


def _clause_words(clause: str, base: int) -> tuple[_Bucket, _Bucket]:
    """The words of a clause (``base``: its start in the text), then its pairs of words."""
    singles: _Bucket = ([], [], [])
    pairs: _Bucket = ([], [], [])
    previous = start_before = -1  # hash state and start of the word before
    for word in _WORD.finditer(clause):
        crc = zlib.crc32(word.group().encode("utf-8", "surrogatepass"))
        code = _WORD_BASE + crc % _WORD_CODES
        start, end = base + word.start(), base + word.end()
        first = ((_OFF ^ code) * _MUL) & _MASK
        _put(singles, (((first ^ _MIX[MAX_N + 1]) * _MUL) & _MASK) >> _DOWN, start, end)
        if previous >= 0:
            pair = ((previous ^ code) * _MUL) & _MASK
            _put(pairs, (((pair ^ _MIX[MAX_N + 2]) * _MUL) & _MASK) >> _DOWN, start_before, end)
        previous, start_before = first, start
    return singles, pairs


def _clause_grams(clause: str, base: int, buckets: list[_Bucket]) -> None:
    """Append the n-grams of one clause (``base``: its start in the text) to `buckets`."""
    points = [ord(char) for char in clause]
    size = len(points)
    plain = all(point >= 0x80 for point in points)  # no space, no Latin letter
    seen: set[int] = set()  # each distinct id once per clause, the first in ``grams`` order
    hashed = [_OFF] * size
    for n in range(1, min(MAX_N, size) + 1):
        hashed = [((h ^ q) * _MUL) & _MASK for h, q in zip(hashed, points[n - 1 :], strict=False)]
        mix = _MIX[n]
        if plain:
            ids = [(((h ^ mix) * _MUL) & _MASK) >> _DOWN for h in hashed]
            starts = list(range(base, base + size - n + 1))
        else:
            keep = _keep(points, n)
            ids = [(((hashed[i] ^ mix) * _MUL) & _MASK) >> _DOWN for i in keep]
            starts = [base + i for i in keep]
        _add(buckets[n - 1], seen, ids, starts, n)
    singles, pairs = _clause_words(clause, base)
    for bucket, found in zip(buckets[MAX_N:], (singles, pairs), strict=True):
        for gram, start, end in zip(*found, strict=True):
            if gram not in seen:
                seen.add(gram)
                _put(bucket, gram, start, end)


def grams_one(text: str) -> tuple[list[int], list[int], list[int]]:
    """Feature ids, starts and ends of the n-grams of a normalised text, as ``grams(text)``.

    Examples
    --------
    >>> from csmetrics._classify.ngrams import grams
    >>> ids, starts, ends = grams_one("好评,ok,好好好")
    >>> found = grams("好评,ok,好好好")
    >>> (ids, starts, ends) == (found.ids.tolist(), found.starts.tolist(), found.ends.tolist())
    True
    """
    buckets: list[_Bucket] = [([], [], []) for _ in range(_ORDERS)]
    seen: set[str] = set()
    for match in _CLAUSE.finditer(text):
        clause = match.group()
        key = clause.strip()
        if key in seen:  # a repeated clause is read once
            continue
        seen.add(key)
        _clause_grams(clause, match.start(), buckets)
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for bucket in buckets:
        ids += bucket[0]
        starts += bucket[1]
        ends += bucket[2]
    return ids, starts, ends


_SEED_COLUMN = np.array(_SEEDS[1 : MAX_N + 1], dtype=np.uint64)[:, None]
_ENDS = np.arange(SHORT)[None, :] + np.arange(MAX_N)[:, None]  # last position of each window
_EMPTY = np.zeros(0, dtype=np.int64)


def _read_clauses(text: str) -> tuple[list[tuple[int, int]], _Bucket]:
    """The spans of the clauses read (a repeated one is read once), and the word n-grams:
    every word, then every pair of words inside a clause, hashed as ``grams`` hashes them."""
    spans: list[tuple[int, int]] = []
    ones: _Bucket = ([], [], [])
    twos: _Bucket = ([], [], [])
    seen: set[str] = set()
    for match in _CLAUSE.finditer(text):
        clause = match.group()
        key = clause.strip()
        if key in seen:
            continue
        seen.add(key)
        spans.append(match.span())
        words, pairs = _clause_words(clause, match.start())
        for bucket, found in ((ones, words), (twos, pairs)):
            for kept, new in zip(bucket, found, strict=True):
                kept.extend(new)
    return spans, (ones[0] + twos[0], ones[1] + twos[1], ones[2] + twos[2])


def grams_short(text: str) -> Grams:
    """``grams(text)`` for a text of at most ``SHORT`` characters, with a few numpy calls.

    Every order is hashed at once (a ``MAX_N`` by length matrix) instead of
    one set of numpy passes per order; clauses and words are read in Python.
    """
    points = _points(text)
    size = len(points)
    spans, (word_ids, word_from, word_to) = _read_clauses(text)
    breaks = np.ones(size, dtype=bool)  # breaks, and every position of a repeated clause
    for start, end in spans:
        breaks[start:end] = False
    blocked = np.empty(size + MAX_N, dtype=np.int64)  # breaks before each position
    blocked[0] = 0
    np.cumsum(breaks, out=blocked[1 : size + 1])
    blocked[size + 1 :] = size + 1  # past the end: never equal
    kind = np.ones(size + MAX_N - 1, dtype=np.uint8)  # 1: a space or past the end, 2: ASCII
    kind[:size] = (points == _SPACE) | ((points < 0x80) << 1)
    windows = _ENDS[:, :size]
    valid = blocked[windows + 1] == blocked[:size]  # no break inside
    ends = kind[windows]
    valid &= ((ends | kind[:size]) & 1) == 0  # no space at either end
    valid[: _MIN_ASCII - 1] &= (ends[: _MIN_ASCII - 1] & kind[:size]) < 2  # not Latin only
    where = np.flatnonzero(valid)
    order, starts = np.divmod(where, size)
    wide = np.zeros(size + MAX_N - 1, dtype=np.uint64)
    wide[:size] = points
    hashed = np.empty((MAX_N, size), dtype=np.uint64)
    previous: Any = _OFFSET
    for n in range(MAX_N):
        np.bitwise_xor(previous, wide[n : n + size], out=hashed[n])
        np.multiply(hashed[n], _PRIME, out=hashed[n])
        previous = hashed[n]
    np.bitwise_xor(hashed, _SEED_COLUMN, out=hashed)
    np.multiply(hashed, _PRIME, out=hashed)
    ids = (hashed.ravel()[where] >> _SHIFT).astype(np.int64)
    ends_at = starts + order + 1
    if word_ids:
        ids = np.concatenate((ids, word_ids))
        starts = np.concatenate((starts, word_from))
        ends_at = np.concatenate((ends_at, word_to))
    if not len(ids):
        return Grams(_EMPTY, _EMPTY, _EMPTY)
    # each distinct n-gram counts once per clause: its first occurrence in this order
    keys = (blocked[starts + 1] << BITS) | ids
    ranked = np.argsort(keys, kind="stable")
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[ranked[1:]], keys[ranked[:-1]], out=first[1:])
    kept = np.sort(ranked[first])
    return Grams(ids[kept], starts[kept], ends_at[kept])


def grams_any(text: str) -> Grams:
    """``grams(text)``, by the quickest of the three ways for the length of `text`.

    Examples
    --------
    >>> found, expected = grams_any("好评,ok,好好好"), grams("好评,ok,好好好")
    >>> all((a == b).all() for a, b in zip(found, expected))
    True
    """
    if len(text) <= TINY:
        ids, starts, ends = grams_one(text)
        return Grams(
            np.array(ids, dtype=np.int64),
            np.array(starts, dtype=np.int64),
            np.array(ends, dtype=np.int64),
        )
    return grams_short(text) if len(text) <= SHORT else grams(text)
