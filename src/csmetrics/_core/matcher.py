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

from csmetrics._core.text import VECTOR_FROM, normalize_text, require_str
from csmetrics._core.trie import (
    TERMINAL,
    WORD_CHARS,
    ArrayTrie,
    Trie,
    build_trie,
    scan_arrays,
)
from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = ["MAX_ENTRY_LENGTH", "KeywordMatcher"]

MAX_ENTRY_LENGTH = 200
"""Longest accepted keyword entry, in characters (after normalisation)."""


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


def _clean_entry(entry: object) -> str:
    if not isinstance(entry, str):
        msg = f"entries: expected str keywords, got {type(entry).__name__} {entry!r:.80}"
        raise InputTypeError(msg)
    cleaned = normalize_text(entry).strip()
    if len(cleaned) > MAX_ENTRY_LENGTH:
        msg = (
            f"entries: expected keywords of at most {MAX_ENTRY_LENGTH} characters, "
            f"got {entry!r:.80}"
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

    def __init__(self, entries: Iterable[str]) -> None:
        if isinstance(entries, str) or not isinstance(entries, Iterable):
            kind = type(entries).__name__
            msg = f"entries: expected an iterable of str, got {kind} {entries!r:.80}"
            raise InputTypeError(msg)
        cleaned = {_clean_entry(entry) for entry in entries}
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
        if self._arrays is None:
            self._arrays = ArrayTrie(self._trie)
        starts, _, nodes = self._arrays.select(text)
        unique, first, counts = np.unique(nodes, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        words = self._arrays.words
        return [
            (words[node], start, n)
            for node, start, n in zip(
                unique[order].tolist(),
                starts[first[order]].tolist(),
                counts[order].tolist(),
                strict=True,
            )
        ]

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
        if self._arrays is None:
            self._arrays = ArrayTrie(self._trie)
        return scan_arrays(self._arrays, text)
