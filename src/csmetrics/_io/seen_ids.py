"""Every ticket id a read has seen, kept compactly so that streaming memory stays bounded.

A Python set costs about 90 bytes per id; this keeps about 20. Ids compare
as they do in a Python set: ``5``, ``5.0`` and ``True`` are one id, ``"5"``
is another. Text ids are kept as a 64-bit hash of the text with its UTF-8
bytes, and a hash hit is confirmed against those bytes, so that two
different ids that share a hash are never taken for a repeat. Whole numbers
that fit 64 bits are kept exactly (multiplied by an odd constant modulo
2**64, which spreads them and is one-to-one); anything else (rare: other
values from frames or JSON) in a set.

Each kind of key is spread over ``PARTS`` partitions by hash; a partition
holds a few runs sorted by key, and the newest run is merged into the one
before while it is at least half its size. Adding ``n`` ids then costs
``O(n log n)`` in all, and a merge copies one partition only.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["PARTS", "SeenIds", "text_hashes"]

PARTS = 16
"""Partitions per kind of key."""
_SHIFT = np.uint64(60)  # 16 partitions: the top 4 bits of the (mixed) key
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CONFIRM = 16_384  # hash hits confirmed at once (bounds the scratch memory)
_INT64 = (-(2**63), 2**63 - 1)

Hasher = Callable[[Sequence[str]], "npt.NDArray[np.int64]"]


def text_hashes(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    """A 64-bit hash of each text (Python's own ``hash``, stable within a process)."""
    return np.fromiter(map(hash, texts), dtype=np.int64, count=len(texts))


@dataclass(frozen=True, slots=True)
class _Bytes:
    """The UTF-8 bytes of some texts: one buffer, and each text's start and length."""

    data: npt.NDArray[np.uint8]
    starts: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]

    @staticmethod
    def of(texts: Sequence[str]) -> _Bytes:
        joined = "".join(texts)
        if joined.isascii():
            raw = joined.encode("ascii")
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        else:
            encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
            raw = b"".join(encoded)
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        starts = np.cumsum(lengths) - lengths
        return _Bytes(np.frombuffer(raw, dtype=np.uint8), starts, lengths)

    def take(self, rows: npt.NDArray[np.intp]) -> _Bytes:
        """The texts of ``rows``, their bytes gathered into a buffer of their own."""
        lengths = self.lengths[rows]
        starts = np.cumsum(lengths) - lengths
        within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(starts, lengths)
        data = self.data[np.repeat(self.starts[rows], lengths) + within]
        return _Bytes(data, starts, lengths)

    def slice(self, begin: int, end: int) -> _Bytes:
        """Texts ``begin:end`` (their bytes consecutive, as :meth:`take` leaves them), copied."""
        first = int(self.starts[begin])
        last = int(self.starts[end - 1] + self.lengths[end - 1])
        starts = self.starts[begin:end] - first
        return _Bytes(self.data[first:last].copy(), starts, self.lengths[begin:end])


@dataclass(frozen=True, slots=True)
class _Run:
    """Keys sorted ascending; for texts, where each key's bytes are in ``data``."""

    keys: npt.NDArray[np.uint64]
    starts: Any = None
    lengths: Any = None
    data: Any = None

    @staticmethod
    def of(keys: npt.NDArray[np.uint64], texts: _Bytes | None) -> _Run:
        if texts is None:
            return _Run(keys)
        return _Run(keys, _narrow(texts.starts), _narrow(texts.lengths), texts.data)

    def merge(self, newer: _Run) -> _Run:
        """This run and ``newer`` as one sorted run (a linear merge)."""
        size = self.keys.shape[0] + newer.keys.shape[0]
        at = np.searchsorted(self.keys, newer.keys, side="right")
        at += np.arange(newer.keys.shape[0])
        mine = np.ones(size, dtype=bool)
        mine[at] = False

        def interleave(old: Any, new: Any) -> Any:
            out = np.empty(size, dtype=np.result_type(old, new))
            out[mine], out[at] = old, new
            return out

        keys = interleave(self.keys, newer.keys)
        if self.data is None:
            return _Run(keys)
        moved = newer.starts.astype(np.int64) + self.data.shape[0]
        return _Run(keys, _narrow(interleave(self.starts, moved)),
                    _narrow(interleave(self.lengths, newer.lengths)),
                    np.concatenate((self.data, newer.data)))  # fmt: skip


def _narrow(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``values`` (non-negative) in the smallest unsigned dtype that holds them."""
    top = int(values.max()) if values.shape[0] else 0
    return values.astype(np.min_scalar_type(top), copy=False)


@dataclass(slots=True)
class _Keys:
    """One kind of 64-bit key (hashes of texts, or mixed whole numbers) in sorted runs.

    A key's partition is its top bits, so keys sorted ascending come
    partition by partition.
    """

    texts: bool
    parts: list[list[_Run]] = field(default_factory=lambda: [[] for _ in range(PARTS)])

    def find(
        self, keys: npt.NDArray[np.uint64], texts: _Bytes | None, rows: npt.NDArray[np.intp]
    ) -> npt.NDArray[np.bool_]:
        """Whether each key (sorted ascending; its text is text ``rows[i]``) is stored."""
        found = np.zeros(keys.shape[0], dtype=bool)
        for p, at in _partitions(keys):
            for run in self.parts[p]:
                todo = at[~found[at]]
                wanted = keys[todo]
                low = np.searchsorted(run.keys, wanted)
                hit = run.keys[np.minimum(low, run.keys.shape[0] - 1)] == wanted
                if texts is None:
                    found[todo[hit]] = True
                elif hit.any():
                    high = np.searchsorted(run.keys, wanted[hit], side="right")
                    found[todo[hit]] = _confirm(run, texts, rows[todo[hit]], low[hit], high)
        return found

    def insert(
        self, keys: npt.NDArray[np.uint64], texts: _Bytes | None, rows: npt.NDArray[np.intp]
    ) -> None:
        """Store ``keys`` (sorted ascending, none stored yet, none repeated)."""
        gathered = None if texts is None else texts.take(rows)
        for p, at in _partitions(keys):
            part = None if gathered is None else gathered.slice(int(at[0]), int(at[-1]) + 1)
            self._push(p, _Run.of(keys[at], part))

    def _push(self, p: int, run: _Run) -> None:
        runs = self.parts[p]
        runs.append(run)
        while len(runs) > 1 and 2 * runs[-1].keys.shape[0] >= runs[-2].keys.shape[0]:
            newer = runs.pop()
            runs[-1] = runs[-1].merge(newer)


def _partitions(keys: npt.NDArray[np.uint64]) -> list[tuple[int, npt.NDArray[np.intp]]]:
    """The partitions of sorted ``keys`` that hold some, and the indices of those keys."""
    bounds = np.searchsorted(keys >> _SHIFT, np.arange(PARTS + 1, dtype=np.uint64)).tolist()
    return [(p, np.arange(bounds[p], bounds[p + 1])) for p in range(PARTS)
            if bounds[p + 1] > bounds[p]]  # fmt: skip


def _confirm(
    run: _Run,
    texts: _Bytes,
    rows: npt.NDArray[np.intp],
    low: npt.NDArray[np.intp],
    high: npt.NDArray[np.intp],
) -> npt.NDArray[np.bool_]:
    """Per hash hit, whether the text of ``rows`` is one of the run's texts in ``low:high``."""
    out = np.zeros(rows.shape[0], dtype=bool)
    single = np.flatnonzero(high - low == 1)
    for begin in range(0, single.shape[0], _CONFIRM):
        chosen = single[begin : begin + _CONFIRM]
        out[chosen] = _same(run, low[chosen], texts, rows[chosen])
    for index in np.flatnonzero(high - low > 1).tolist():  # equal hashes stored: rare
        row = rows[index : index + 1]
        for stored in range(int(low[index]), int(high[index])):
            if _same(run, np.array([stored]), texts, row)[0]:
                out[index] = True
                break
    return out


def _same(
    run: _Run, stored: npt.NDArray[np.intp], texts: _Bytes, rows: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Whether the run's text ``stored[i]`` has the same bytes as text ``rows[i]``."""
    lengths = texts.lengths[rows]
    same: npt.NDArray[np.bool_] = run.lengths[stored].astype(np.int64) == lengths
    sized = np.flatnonzero(same)
    spans = lengths[sized]
    owner = np.repeat(np.arange(sized.shape[0]), spans)
    within = np.arange(owner.shape[0], dtype=np.int64) - np.repeat(np.cumsum(spans) - spans, spans)
    mine = run.data[run.starts[stored[sized]].astype(np.int64)[owner] + within]
    theirs = texts.data[texts.starts[rows[sized]][owner] + within]
    differ = np.bincount(owner[mine != theirs], minlength=sized.shape[0])
    same[sized] = differ == 0
    return same


def _canonical(value: object) -> tuple[int, Any]:
    """The kind of a key (0: text, 1: whole number in 64 bits, 2: other) and its key."""
    if isinstance(value, str):
        return 0, value
    if not isinstance(value, numbers.Number):
        return 2, value
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        value = value.real if value.imag == 0 else value
    try:
        whole = int(value)  # type: ignore[call-overload]
        equal = bool(whole == value)
    except (TypeError, ValueError, ArithmeticError):
        equal = False
    if equal and _INT64[0] <= whole <= _INT64[1]:
        return 1, whole
    return 2, value


class SeenIds:
    """The ids seen so far: :meth:`add` reports repeats, :meth:`contains` looks ids up.

    ``hasher`` hashes texts (64 bits); any function gives the same answers,
    only slower when it collides (the tests force collisions with it).
    ``compact=False`` keeps every id in a set instead: quicker, for a read
    whose result holds every id anyway (the set then shares the id objects).
    """

    def __init__(self, hasher: Hasher | None = None, *, compact: bool = True) -> None:
        self._hasher = hasher or text_hashes
        self._compact = compact
        self._texts = _Keys(texts=True)
        self._numbers = _Keys(texts=False)
        self._others: set[Any] = set()

    def add(self, values: Sequence[Any]) -> npt.NDArray[np.bool_]:
        """Per value, whether it equals a value seen before (stored earlier or earlier here).

        The values not seen before are stored. An unhashable value raises
        ``TypeError``, as a set would.
        """
        repeated = np.zeros(len(values), dtype=bool)
        if not self._compact:
            fresh = set(values)
            if len(fresh) == len(values) and self._others.isdisjoint(fresh):
                self._others |= fresh  # the common case: all new and distinct
            else:
                repeated[:] = [self._add_other(value) for value in values]
            return repeated
        for kind, rows, keys in self._split(values):
            if kind == 2:
                repeated[rows] = [self._add_other(key) for key in keys]
            else:
                repeated[rows] = self._add_keys(kind, keys)
        return repeated

    def contains(self, values: Sequence[Any]) -> npt.NDArray[np.bool_]:
        """Per value, whether it was added."""
        if not self._compact:
            return np.array([value in self._others for value in values], dtype=bool)
        found = np.zeros(len(values), dtype=bool)
        for kind, rows, keys in self._split(values):
            if kind == 2:
                found[rows] = [key in self._others for key in keys]
                continue
            hashed, texts = self._keys(kind, keys)
            order = np.argsort(hashed)
            store = self._texts if kind == 0 else self._numbers
            found[rows[order]] = store.find(hashed[order], texts, order)
        return found

    def _keys(self, kind: int, values: list[Any]) -> tuple[npt.NDArray[np.uint64], _Bytes | None]:
        """The 64-bit keys of texts (their hashes) or whole numbers (mixed: a bijection)."""
        if kind == 0:
            return self._hasher(values).view(np.uint64), _Bytes.of(values)
        return np.array(values, dtype=np.int64).view(np.uint64) * _MIX, None

    def _split(self, values: Sequence[Any]) -> list[tuple[int, npt.NDArray[np.intp], list[Any]]]:
        """The values by kind: (kind, their rows, their keys)."""
        if set(map(type, values)) <= {str}:
            return [(0, np.arange(len(values)), list(values))] if values else []
        found: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        rows: tuple[list[int], list[int], list[int]] = ([], [], [])
        for row, value in enumerate(values):
            kind, key = _canonical(value)
            found[kind].append(key)
            rows[kind].append(row)
        return [(kind, np.array(rows[kind], dtype=np.intp), found[kind])
                for kind in range(3) if rows[kind]]  # fmt: skip

    def _add_other(self, key: Any) -> bool:
        if key in self._others:
            return True
        self._others.add(key)
        return False

    def _add_keys(self, kind: int, values: list[Any]) -> npt.NDArray[np.bool_]:
        store = self._texts if kind == 0 else self._numbers
        keys, texts = self._keys(kind, values)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        twin = np.zeros(keys.shape[0], dtype=bool)  # equal to an earlier value of this batch
        twin[1:] = ordered[1:] == ordered[:-1]
        if kind == 0 and twin.any():
            twin = _text_twins(values, order, twin)
        repeated = np.zeros(keys.shape[0], dtype=bool)
        repeated[order[twin]] = True
        first = order[~twin]
        repeated[first] = store.find(keys[first], texts, first)
        fresh = first[~repeated[first]]
        store.insert(keys[fresh], texts, fresh)
        return repeated


def _text_twins(
    values: list[str], order: npt.NDArray[np.intp], equal_hash: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """In hash order, whether each text equals an earlier one (of equal hash) in the batch."""
    twin = np.zeros(order.shape[0], dtype=bool)
    members = np.flatnonzero(equal_hash)
    group: set[str] = set()
    for index in np.union1d(members - 1, members).tolist():  # the groups of equal hashes
        if not equal_hash[index]:
            group = set()
        text = values[int(order[index])]
        twin[index] = text in group
        group.add(text)
    return twin
