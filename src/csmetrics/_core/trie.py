"""The keyword trie: its dict form (short texts) and its array form (long texts, numpy).

``ArrayTrie`` stores the edges of the trie as keys ``parent << 21 | code
point`` in a hash table (``EdgeTable``) and walks every starting position of
a text at once, one trie level per numpy step, while many starts are still alive;
the few that reach deeper levels finish in plain Python on the dict trie.
Leftmost-longest selection keeps every match that overlaps no earlier
candidate in one sweep and follows "next match" pointers only where
candidates overlap. Repeats of one entry come out as runs, so a text made of
one word repeated a million times gives one run, not a million tuples.

A numpy call that sorts or searches releases the GIL, and a thread that
released it may wait up to the interpreter's switch interval (5 ms) to get it
back while other threads run Python: this path uses none (no searchsorted,
sort or unique), and a text costs a fixed number of numpy calls (about 40,
plus about 25 per trie level walked with numpy), never one per match.
Used by ``csmetrics._core.matcher.KeywordMatcher``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from csmetrics._core.edges import EdgeTable

__all__ = ["PYTHON_BELOW", "TERMINAL", "WORD_CHARS", "ArrayTrie", "Trie", "build_trie"]

WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
TERMINAL = ""  # key marking the end of an entry inside a trie node (never a char)
Trie = dict[str, "Trie"]

PYTHON_BELOW = 512
"""Starts still alive below this count walk the rest of the trie in plain Python."""

_CODE_BITS = 21  # code points are below 2**21
_TABLE_SIZE = 0x10000  # first characters in the Basic Multilingual Plane use a lookup table
_WORD_TABLE = np.zeros(_TABLE_SIZE + 1, dtype=np.uint8)  # 1 for [0-9a-z]: an index, not a mask
_WORD_TABLE[[ord(char) for char in WORD_CHARS]] = 1


def build_trie(entries: Iterable[str]) -> Trie:
    root: Trie = {}
    for entry in entries:
        node = root
        for char in entry:
            node = node.setdefault(char, {})
        node[TERMINAL] = {}
    return root


class ArrayTrie:
    """The trie as hashed edge keys ``parent << 21 | code point``, walked for all starts at once."""

    __slots__ = (
        "accept",
        "depth",
        "edges",
        "final",
        "lengths",
        "links",
        "root_keys",
        "root_table",
        "words",
    )

    def __init__(self, trie: Trie) -> None:
        edges: list[tuple[int, int]] = []
        nodes: list[Trie] = [trie]
        self.words = [""]
        self.links: list[dict[str, int]] = [{}]
        guarded = [False]
        queue = [0]
        while queue:
            following = []
            for ident in queue:
                for char, child in nodes[ident].items():
                    if char == TERMINAL:
                        continue
                    edges.append(((ident << _CODE_BITS) | ord(char), len(nodes)))
                    self.links[ident][char] = len(nodes)
                    following.append(len(nodes))
                    nodes.append(child)
                    self.links.append({})
                    self.words.append(self.words[ident] + char)
                    guarded.append(char in WORD_CHARS)
            queue = following
        self.final = [TERMINAL in node for node in nodes]
        self.depth = max(map(len, self.words))
        self.edges = EdgeTable(edges)
        # accept[node, next_is_word]: a match ending at `node` counts.
        self.accept = np.array(
            [
                (TERMINAL in node, TERMINAL in node and not ends_word)
                for node, ends_word in zip(nodes, guarded, strict=True)
            ],
            dtype=bool,
        )
        self.lengths = np.array([len(word) for word in self.words], dtype=np.int64)
        roots = [(key, child) for key, child in edges if key < 1 << _CODE_BITS]
        self.root_table = np.full(_TABLE_SIZE + 1, -1, dtype=np.int64)
        for code, ident in roots:
            if code < _TABLE_SIZE:
                self.root_table[code] = ident
        self.root_keys = {code: ident for code, ident in roots if code >= _TABLE_SIZE}

    def _first(
        self, codes: npt.NDArray[np.uint32], clipped: npt.NDArray[np.uint32]
    ) -> npt.NDArray[np.int64]:
        """Child of the root for every code point (-1: no entry starts with it)."""
        first = self.root_table[clipped]
        if self.root_keys:  # entries that start beyond the Basic Multilingual Plane
            for position in np.flatnonzero(codes >= _TABLE_SIZE).tolist():
                first[position] = self.root_keys.get(int(codes[position]), -1)
        return first

    def longest(self, text: str) -> npt.NDArray[np.int64]:
        """End node of the longest guarded match at every position (0, the root: none).

        Few calls over the whole text (each may release the GIL for a moment): the
        code points come padded from one buffer, one clip serves both lookup tables.
        """
        size = len(text)
        padded = text + "\x00" * (self.depth + 1)  # U+0000: no edge, not a word character
        codes = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        clipped = np.minimum(codes, _TABLE_SIZE)
        word = _WORD_TABLE[clipped]
        first = self._first(codes[:size], clipped[:size])
        first[1:][(word[1:size] & word[: size - 1]).view(bool)] = -1  # not inside an ASCII word
        starts = np.flatnonzero(first >= 0)
        nodes = first[starts]
        ends = np.zeros(size, dtype=np.int64)
        depth = 1
        while len(starts) >= PYTHON_BELOW:
            done = self.accept[nodes, word[starts + depth]]
            ends[starts[done]] = nodes[done]
            children = self.edges.lookup((nodes << _CODE_BITS) | codes[starts + depth])
            hit = children >= 0
            starts, nodes = starts[hit], children[hit]
            depth += 1
        if len(starts):
            self._finish(text, starts.tolist(), nodes.tolist(), depth, ends)
        return ends

    def _finish(
        self,
        text: str,
        starts: list[int],
        nodes: list[int],
        depth: int,
        ends: npt.NDArray[np.int64],
    ) -> None:
        """Walk the remaining starts in Python (each has read `depth` characters)."""
        size = len(text)
        links, final = self.links, self.final
        found_at, found_node = [], []
        for start, ident in zip(starts, nodes, strict=True):
            node = ident
            pos = start + depth
            last = -1
            while True:
                if final[node] and (
                    pos == size or text[pos] not in WORD_CHARS or text[pos - 1] not in WORD_CHARS
                ):
                    last, end = pos, node
                if pos == size:
                    break
                node = links[node].get(text[pos], -1)
                if node < 0:
                    break
                pos += 1
            if last >= 0:
                found_at.append(start)
                found_node.append(end)
        ends[found_at] = found_node

    def select(
        self, text: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Starts, ends and end nodes of the leftmost-longest, non-overlapping matches."""
        at = self.longest(text)
        starts = np.flatnonzero(at)
        nodes = at[starts]
        ends = starts + self.lengths[nodes]
        # A candidate that overlaps no earlier candidate is always chosen; only blocks of
        # overlapping candidates need the greedy walk along "next candidate" pointers.
        free = np.ones(len(starts) + 1, dtype=bool)
        free[1:-1] = np.maximum.accumulate(ends)[:-1] <= starts[1:]
        if not free.all():  # "next candidate" after each: how many candidates start before its end
            before = np.zeros(len(at) + 1, dtype=np.int64)
            np.cumsum(at > 0, out=before[1:])
            free = _walk(free, before[ends])
        chosen = free[:-1]
        return starts[chosen], ends[chosen], nodes[chosen]


def _walk(free: npt.NDArray[np.bool_], following: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Add to `free` (candidates, then one past the end) the overlapping candidates that
    the greedy scan picks: it enters each block of them from the free candidate before.

    A small block is walked along its "next candidate" pointers in Python; a large
    one (one entry repeated, "好好好好...", or a pattern of a few) with pointer
    doubling, a fixed number of numpy calls per doubling.
    """
    step = np.diff(free.view(np.int8))
    begins = np.flatnonzero(step < 0) + 1  # first candidate of each block
    stops = np.flatnonzero(step > 0) + 1  # first free candidate after it
    entries = following[begins - 1]
    busy = entries < stops
    if not busy.any():
        return free
    chosen = free.copy()
    entries, stops = entries[busy], stops[busy]
    single = following[entries] >= stops  # the walk picks one candidate and leaves the block
    chosen[entries[single]] = True
    entries, stops = entries[~single], stops[~single]
    nxt: list[int] = []
    picked: list[int] = []
    for entry, stop in zip(entries.tolist(), stops.tolist(), strict=True):
        if stop - entry >= _DOUBLING_FROM:
            chosen[_path(following, entry, stop)] = True
            continue
        if not nxt:
            nxt = following.tolist()
        index = entry
        while index < stop:
            picked.append(index)
            index = nxt[index]
    chosen[picked] = True
    return chosen


_DOUBLING_FROM = 4096  # candidates in a block from which its walk uses pointer doubling


def _path(following: npt.NDArray[np.int64], entry: int, stop: int) -> npt.NDArray[np.int64]:
    """The candidates ``entry, following[entry], ...`` before `stop` (pointer doubling).

    With ``jump`` the pointers taken ``m`` times, the first ``2m`` candidates of the
    path are the first ``m`` and their images under ``jump``; then ``jump`` is squared.
    """
    size = stop - entry
    jump = np.minimum(following[entry:stop], stop) - entry
    jump = np.append(jump, size)  # past the block: a fixed point
    path = np.zeros(1, dtype=np.int64)
    while path[-1] < size:
        path = np.concatenate((path, jump[path]))
        jump = jump[jump]
    return path[path < size] + entry
