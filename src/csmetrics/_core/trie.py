"""The keyword trie: its dict form (short texts) and its array form (long texts, numpy).

``ArrayTrie`` stores the edges of the trie as sorted keys
``parent << 21 | code point`` and walks every starting position of a text
at once, one trie level per numpy step; leftmost-longest selection then
follows "next match" pointers. Used by ``csmetrics._core.text.KeywordMatcher``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

__all__ = ["TERMINAL", "WORD_CHARS", "ArrayTrie", "Trie", "build_trie", "scan_arrays"]

WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
TERMINAL = ""  # key marking the end of an entry inside a trie node (never a char)
Trie = dict[str, "Trie"]


def build_trie(entries: Iterable[str]) -> Trie:
    root: Trie = {}
    for entry in entries:
        node = root
        for char in entry:
            node = node.setdefault(char, {})
        node[TERMINAL] = {}
    return root


_CODE_BITS = 21  # code points are below 2**21
_TABLE_SIZE = 0x10000  # first characters in the Basic Multilingual Plane use a lookup table


class ArrayTrie:
    """The trie as sorted edge keys ``parent << 21 | code point``, walked for all starts at once."""

    __slots__ = ("child", "depth", "ends_word", "keys", "terminal", "words")

    def __init__(self, trie: Trie) -> None:
        edges: list[tuple[int, int]] = []
        terminal = [TERMINAL in trie]
        ends_word = [False]
        self.words = [""]
        queue = [(trie, 0)]
        depth = 0
        while queue:
            depth += 1
            following = []
            for node, ident in queue:
                for char, child in node.items():
                    if char == TERMINAL:
                        continue
                    edges.append(((ident << _CODE_BITS) | ord(char), len(terminal)))
                    following.append((child, len(terminal)))
                    terminal.append(TERMINAL in child)
                    ends_word.append(char in WORD_CHARS)
                    self.words.append(self.words[ident] + char)
            queue = following
        edges.sort()
        self.keys = np.array([key for key, _ in edges], dtype=np.int64)
        self.child = np.array([child for _, child in edges], dtype=np.int64)
        self.terminal = np.array(terminal, dtype=bool)
        self.ends_word = np.array(ends_word, dtype=bool)
        self.depth = depth - 1

    def _root(self, codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Child of the root for every code point (-1: no entry starts with it)."""
        keys = self.keys[: np.searchsorted(self.keys, 1 << _CODE_BITS)]
        table = np.full(_TABLE_SIZE + 1, -1, dtype=np.int64)
        small = keys < _TABLE_SIZE
        table[keys[small]] = self.child[: len(keys)][small]
        first = table[np.minimum(codes, _TABLE_SIZE)]
        large = np.flatnonzero(codes >= _TABLE_SIZE)
        if len(large) and len(keys):
            slots = np.minimum(np.searchsorted(keys, codes[large]), len(keys) - 1)
            first[large] = np.where(keys[slots] == codes[large], self.child[slots], -1)
        return first

    def longest(
        self, codes: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Length and end node of the longest guarded match at every position (0: none)."""
        size = len(codes)
        word = ((codes >= 48) & (codes <= 57)) | ((codes >= 97) & (codes <= 122))
        first = self._root(codes)
        allowed = first >= 0
        allowed[1:] &= ~(word[1:] & word[:-1])
        starts = np.flatnonzero(allowed)
        nodes = first[starts]
        best = np.zeros(size, dtype=np.int64)
        ends = np.zeros(size, dtype=np.int64)
        for depth in range(1, self.depth + 1):
            if depth > 1:
                keep = starts + depth - 1 < size
                starts, nodes = starts[keep], nodes[keep]
                keys = (nodes << _CODE_BITS) | codes[starts + depth - 1]
                slots = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
                hit = self.keys[slots] == keys
                starts, nodes = starts[hit], self.child[slots[hit]]
            if not len(starts):
                break
            last = starts + depth - 1
            free_end = ~self.ends_word[nodes] | (last + 1 == size)
            free_end[~free_end] = ~word[last[~free_end] + 1]
            done = self.terminal[nodes] & free_end
            best[starts[done]] = depth
            ends[starts[done]] = nodes[done]
        return best, ends

    def select(
        self, text: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Starts, ends and end nodes of the leftmost-longest, non-overlapping matches."""
        raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        best, nodes = self.longest(raw.astype(np.int64))
        starts = np.flatnonzero(best)
        ends = starts + best[starts]
        following = np.searchsorted(starts, ends).tolist()  # next candidate after each match
        chosen = []
        index, count = 0, len(following)
        while index < count:
            chosen.append(index)
            index = following[index]
        return starts[chosen], ends[chosen], nodes[starts[chosen]]


def scan_arrays(trie: ArrayTrie, text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest matches of a long text; entries come from the trie (no slicing)."""
    starts, ends, nodes = trie.select(text)
    words = map(trie.words.__getitem__, nodes.tolist())
    return list(zip(starts.tolist(), ends.tolist(), words, strict=True))
