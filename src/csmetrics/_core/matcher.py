"""Linear-time keyword matching over normalised text (shared by classify and priority).

``KeywordMatcher`` finds lexicon entries in a normalised text: leftmost,
then longest, never overlapping. Entries that begin or end with an ASCII
letter or digit only match at a word boundary there ("no" is not found in
"know"); Chinese entries match anywhere. The entries live in a character
trie; a character-class regular expression (no quantified groups, so no
backtracking) jumps to the characters that can start an entry, and from each
start one walk down the trie costs at most the longest entry's length, so a
scan is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.text import VECTOR_FROM, normalize_text, require_str
from csmetrics._core.trie import TERMINAL, WORD_CHARS, ArrayTrie, Trie, build_trie
from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = ["MAX_ENTRY_LENGTH", "KeywordMatcher", "Run"]

MAX_ENTRY_LENGTH = 200
"""Longest accepted keyword entry, in characters (after normalisation)."""

Run = tuple[int, int, str, int, int]
"""``(start, end, entry, count, gap)``: `count` matches of `entry`, the first at
``start:end``, each next one `gap` (0 or 1) characters after the previous one."""


def _starts_pattern(root: Trie) -> re.Pattern[str] | None:
    """Runs of candidate starts: whole ASCII words (only their first letter can start
    a match) or runs of other characters that begin some entry."""
    others = "".join(sorted(c for c in root if c not in WORD_CHARS))
    parts = []
    if any(c in WORD_CHARS for c in root):
        parts.append("[0-9a-z]+")
    if others:
        parts.append(f"[{re.escape(others)}]+")
    return re.compile("|".join(parts)) if parts else None


def _node_pattern(node: Trie, last: str) -> str:
    """Regex for a trie node: longer continuations first, then the end (guarded after a
    letter or digit), so the first success is the longest match. Literals and
    alternations only: no quantifiers, no backtracking beyond one entry's length."""
    alternatives = [
        re.escape(char) + _node_pattern(child, char)
        for char, child in sorted(node.items())
        if char != TERMINAL
    ]
    if TERMINAL in node:
        alternatives.append("(?![0-9a-z])" if last in WORD_CHARS else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _ascii_pattern(trie: Trie) -> re.Pattern[str] | None:
    """One regex over the entries that are pure ASCII (used for ASCII texts).

    Entries that start with a letter or digit only match at a word start: one
    look-behind in front of all of them, so a position inside a word fails at once.
    """
    words: list[str] = []
    others: list[str] = []
    for char, child in sorted(trie.items()):
        kept = _ascii_only(child) if char != TERMINAL and char.isascii() else {}
        if not kept:  # no pure-ASCII entry below (such as "2星"): nothing to match
            continue
        branch = re.escape(char) + _node_pattern(kept, char)
        (words if char in WORD_CHARS else others).append(branch)
    if words:
        others.insert(0, "(?<![0-9a-z])(?:" + "|".join(words) + ")")
    return re.compile("|".join(others)) if others else None


def _ascii_only(node: Trie) -> Trie:
    """The part of `node` that spells pure-ASCII entries (branches without one are dropped)."""
    kept: Trie = {}
    for key, child in node.items():
        if key == TERMINAL:
            kept[key] = child
        elif key.isascii():
            below = _ascii_only(child)
            if below:
                kept[key] = below
    return kept


def _scan(trie: Trie, starts: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest walk of `trie` from the candidate starts (one inlined loop)."""
    found: list[tuple[int, int, str]] = []
    size = len(text)
    resume = 0
    for run in starts.finditer(text):
        start = max(run.start(), resume)
        stop = run.end() if text[run.start()] not in WORD_CHARS else run.start() + 1
        while start < stop:
            node = trie.get(text[start])
            best = -1
            pos = start
            while node is not None:
                pos += 1
                if TERMINAL in node and (
                    pos == size or text[pos] not in WORD_CHARS or text[pos - 1] not in WORD_CHARS
                ):
                    best = pos
                if pos == size:
                    break
                node = node.get(text[pos])
            if best < 0:
                start += 1
            else:
                found.append((start, best, text[start:best]))
                start = resume = best
    return found


def _entries(entries: object, param: str) -> Iterable[object]:
    if isinstance(entries, str) or not isinstance(entries, Iterable):
        msg = f"{param}: expected an iterable of str, got {describe(entries)}"
        raise InputTypeError(msg)
    return entries


def _clean_entry(entry: object) -> str:
    return _check_entry(normalize_text(_check_type(entry)).strip())


def _check_type(entry: object) -> str:
    if not isinstance(entry, str):
        msg = f"entries: expected str keywords, got {describe(entry)}"
        raise InputTypeError(msg)
    return entry


def _check_entry(entry: object) -> str:
    cleaned = _check_type(entry)
    if len(cleaned) > MAX_ENTRY_LENGTH:
        msg = (
            f"entries: expected keywords of at most {MAX_ENTRY_LENGTH} characters, "
            f"got {describe(cleaned)}"
        )
        raise InvalidConfigError(msg)
    return cleaned


class KeywordMatcher:
    """Find lexicon entries in normalised text: leftmost-longest, non-overlapping.

    Parameters
    ----------
    entries : iterable of str
        The keywords. Each is normalised with :func:`normalize_text` and
        stripped; blank entries are ignored, duplicates count once.
    exact : iterable of str, optional
        Entries matched as they are, neither normalised nor stripped (a
        line break, for a clause break).

    Raises
    ------
    InputTypeError
        If `entries` is a single ``str`` or holds a non-``str`` item.
    InvalidConfigError
        If an entry is longer than ``MAX_ENTRY_LENGTH`` characters.

    Examples
    --------
    >>> m = KeywordMatcher(["不", "不错", "no", "not"])
    >>> m.find("质量不错,not bad; i know no")
    [(2, 4, '不错'), (5, 8, 'not'), (21, 23, 'no')]
    """

    __slots__ = ("_arrays", "_ascii", "_entries", "_starts", "_trie")

    def __init__(self, entries: Iterable[str], *, exact: Iterable[str] = ()) -> None:
        cleaned = {_clean_entry(entry) for entry in _entries(entries, "entries")}
        cleaned.update(_check_entry(entry) for entry in _entries(exact, "exact"))
        cleaned.discard("")
        self._entries = frozenset(cleaned)
        self._trie = build_trie(self._entries)
        self._starts = _starts_pattern(self._trie)
        self._arrays: ArrayTrie | None = None
        self._ascii = _ascii_pattern(self._trie)

    @property
    def entries(self) -> frozenset[str]:
        """The normalised entries.

        Examples
        --------
        >>> sorted(KeywordMatcher(["ＯＫ", " ok ", ""]).entries)
        ['ok']
        """
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"KeywordMatcher(<{len(self._entries)} entries>)"

    def count(self, text: str) -> list[tuple[str, int, int]]:
        """Return ``(entry, first start, occurrences)`` of the matches, in order of first start.

        The same matches as :meth:`find`, tallied (long texts never build one
        tuple per match).

        Examples
        --------
        >>> KeywordMatcher(["好", "很好"]).count("很好,好,很好")
        [('很好', 0, 2), ('好', 3, 1)]
        """
        require_str(text)
        if self._starts is None:
            return []
        if len(text) < VECTOR_FROM:
            tally: dict[str, list[int]] = {}
            for start, _end, entry in self.find(text):
                tally.setdefault(entry, [start, 0])[1] += 1
            return [(entry, first, n) for entry, (first, n) in tally.items()]
        arrays = self._array_trie()
        starts, _, nodes = arrays.select(text)
        counts = np.bincount(nodes, minlength=len(arrays.words))  # no sort: keeps the GIL
        first = np.full(len(counts), len(text), dtype=np.int64)
        np.minimum.at(first, nodes, starts)
        present = np.flatnonzero(counts)
        found = zip(
            first[present].tolist(), present.tolist(), counts[present].tolist(), strict=True
        )
        return [(arrays.words[node], start, n) for start, node, n in sorted(found)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return ``(start, end, entry)`` for every match in an already-normalised text.

        Parameters
        ----------
        text : str
            Text passed through :func:`normalize_text` (not normalised again).

        Returns
        -------
        list of tuple
            Matches left to right; at each position the longest entry wins and
            the scan resumes after it.

        Raises
        ------
        InputTypeError
            If `text` is not a ``str``.

        Examples
        --------
        >>> KeywordMatcher(["不过", "不"]).find("不过不好")
        [(0, 2, '不过'), (2, 3, '不')]
        """
        require_str(text)
        if self._starts is None:
            return []
        if len(text) < VECTOR_FROM:
            if text.isascii():
                if self._ascii is None:
                    return []
                return [(*m.span(), m[0]) for m in self._ascii.finditer(text)]
            return _scan(self._trie, self._starts, text)
        arrays = self._array_trie()
        starts, ends, nodes = arrays.select(text)
        words = map(arrays.words.__getitem__, nodes.tolist())
        return list(zip(starts.tolist(), ends.tolist(), words, strict=True))

    def runs(self, text: str) -> list[Run]:
        """The matches of :meth:`find`, with repeats of one entry grouped into runs.

        Consecutive matches of the same entry, each 0 or 1 characters after
        the previous one (the same gap throughout), form one run
        ``(start, end, entry, count, gap)``: ``start:end`` is its first
        match. A text made of one word repeated gives one run, whatever its
        length.

        Examples
        --------
        >>> KeywordMatcher(["不", "好"]).runs("不不不好 好 好 好")
        [(0, 1, '不', 3, 0), (3, 4, '好', 4, 1)]
        """
        require_str(text)
        if self._starts is None:
            return []
        if len(text) < VECTOR_FROM:
            return _group(self.find(text))
        arrays = self._array_trie()
        return _group_arrays(*arrays.select(text), arrays.words)

    def _array_trie(self) -> ArrayTrie:
        if self._arrays is None:
            self._arrays = ArrayTrie(self._trie)
        return self._arrays


def _group(found: list[tuple[int, int, str]]) -> list[Run]:
    """Group matches into runs (the rule of ``_group_arrays``, one match at a time)."""
    runs: list[Run] = []
    linked, gap = False, -1
    for index, (start, end, entry) in enumerate(found):
        if index:
            before = found[index - 1]
            was_linked, was_gap = linked, gap
            gap = start - before[1]
            linked = before[2] == entry and gap <= 1
            if linked and (not was_linked or gap == was_gap):
                first, stop, _, count, _ = runs[-1]
                runs[-1] = (first, stop, entry, count + 1, gap)
                continue
        runs.append((start, end, entry, 1, 0))
    return runs


def _group_arrays(
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    nodes: npt.NDArray[np.int64],
    words: list[str],
) -> list[Run]:
    """Runs of the matches ``starts:ends`` (end nodes `nodes`), with a fixed number of numpy
    calls: the pair of matches ``i, i + 1`` is linked when they are the same entry at most one
    character apart, and it extends the run unless the pair before was linked with another gap.
    """
    if not len(starts):
        return []
    gaps = starts[1:] - ends[:-1]
    linked = (nodes[1:] == nodes[:-1]) & (gaps <= 1)
    extends = linked.copy()
    extends[1:] &= ~linked[:-1] | (gaps[1:] == gaps[:-1])
    heads = np.flatnonzero(np.concatenate(([True], ~extends)))
    counts = np.diff(heads, append=len(starts))
    run_gaps = np.where(counts > 1, np.append(gaps, 0)[heads], 0)
    return list(
        zip(
            starts[heads].tolist(),
            ends[heads].tolist(),
            map(words.__getitem__, nodes[heads].tolist()),
            counts.tolist(),
            run_gaps.tolist(),
            strict=True,
        )
    )
