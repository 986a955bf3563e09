"""Text normalisation and the keyword matcher (csmetrics._core.text)."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.edges import EdgeTable
from csmetrics._core.matcher import MAX_ENTRY_LENGTH, KeywordMatcher
from csmetrics._core.text import _FOLD, MAX_NON_STARTERS, normalize_text
from csmetrics.exceptions import InputTypeError, InvalidConfigError

any_text = st.text(st.characters(codec=None, exclude_categories=()))
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_WORD = set("abcdefghijklmnopqrstuvwxyz0123456789")


def reference_normalize(text: str) -> str:
    """NFKC, lower case, unsafe characters to spaces, then the one-for-one folding table."""
    return _UNSAFE.sub(" ", unicodedata.normalize("NFKC", text).lower()).translate(_FOLD)


def is_non_starter(char: str) -> bool:
    """Whether `char`'s compatibility decomposition starts with a non-starter (UAX #15)."""
    return unicodedata.combining(unicodedata.normalize("NFKD", char)[0]) != 0


def reference_cut(text: str) -> str:
    """Every run of more than 30 non-starters cut to its first 30, one character at a time."""
    kept, run = [], 0
    for char in text:
        run = run + 1 if is_non_starter(char) else 0
        if run <= MAX_NON_STARTERS:
            kept.append(char)
    return "".join(kept)


def longest_mark_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if is_non_starter(char) else 0
        longest = max(longest, run)
    return longest


def reference_find(entries: list[str], text: str) -> list[tuple[int, int, str]]:
    """Naive leftmost-longest scan with ASCII word guards."""
    words = {normalize_text(e).strip() for e in entries} - {""}
    found, start = [], 0
    while start < len(text):
        best = None
        for entry in words:
            end = start + len(entry)
            if text[start:end] != entry:
                continue
            if entry[0] in _WORD and start and text[start - 1] in _WORD:
                continue
            if entry[-1] in _WORD and end < len(text) and text[end] in _WORD:
                continue
            if best is None or len(entry) > len(best):
                best = entry
        if best is None:
            start += 1
        else:
            found.append((start, start + len(best), best))
            start += len(best)
    return found


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("谢谢！！，。", "谢谢!!,."),
        ("服務態度很好，謝謝", "服务态度很好,谢谢"),
        ("延遲5天", "延迟5天"),
        ("It’s “fine”…", 'it\'s "fine"...'),  # NFKC spells the ellipsis out
        ("Thanks\u3000a lot", "thanks a lot"),
        ("ok\x00fine\x7f", "ok fine "),
        ("\ud800lone\udfff", " lone "),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("", ""),
    ],
)
def test_normalize_known(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@given(any_text.filter(lambda text: longest_mark_run(text) <= MAX_NON_STARTERS))
def test_normalize_matches_reference(text: str) -> None:
    assert normalize_text(text) == reference_normalize(text)


# Characters whose decomposition starts with a non-starter: combining marks of several
# classes (reordered by NFKC), Tibetan vowel signs and the half-width voiced sound marks
# (starters themselves), and marks beyond the Basic Multilingual Plane.
MARKS = ["\u0301", "\u0316", "\u0344", "\u0f73", "\u0f75", "\u0f81", "\uff9e", "\U0001d165"]
mark_runs = st.lists(st.sampled_from(MARKS), min_size=20, max_size=90).map("".join)
texts_with_mark_runs = st.lists(st.one_of(any_text, mark_runs), min_size=1, max_size=6).map("".join)


@given(texts_with_mark_runs)
def test_long_runs_of_marks_are_cut_to_the_stream_safe_limit(text: str) -> None:
    assert normalize_text(text) == reference_normalize(reference_cut(text))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a" + "\u0301\u0316" * 100_000, reference_normalize("a" + "\u0301\u0316" * 15)),
        ("好" + "\u0f73" * 100_000 + "好", reference_normalize("好" + "\u0f73" * 30 + "好")),
        ("ok" + "\uff9e" * 50_000, "ok" + "\u3099" * 30),
        ("x" + "\U0001d165\u0301" * 50_000, reference_normalize("x" + "\U0001d165\u0301" * 15)),
        ("e" + "\u0301" * 30 + "e" + "\u0301" * 31, reference_normalize("e" + "\u0301" * 30) * 2),
    ],
)
def test_normalize_cuts_crafted_runs_of_marks(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@given(any_text.filter(bool))
def test_normalize_long_texts_match_reference(text: str) -> None:
    long = text * (5000 // len(text) + 1)
    assert normalize_text(long) == reference_normalize(long)


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["a"]])
def test_normalize_rejects_non_str(bad: object) -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str"):
        normalize_text(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entries", "text", "expected"),
    [
        (["no"], "i know no", [(7, 9, "no")]),
        (["no", "not"], "not now", [(0, 3, "not")]),
        (["不", "不错"], "不错不", [(0, 2, "不错"), (2, 3, "不")]),
        (["不", "不过", "无", "无论"], "不过无论", [(0, 2, "不过"), (2, 4, "无论")]),
        (["好"], "很好好", [(1, 2, "好"), (2, 3, "好")]),
        (["a bit"], "a bit, abit", [(0, 5, "a bit")]),
        (["don't"], "i don't", [(2, 7, "don't")]),
        (["5 stars"], "15 stars, 5 stars", [(10, 17, "5 stars")]),
        (["ok"], "ok中ok", [(0, 2, "ok"), (3, 5, "ok")]),
        (["abc", "bcd"], "abcd", []),
        (["ab", "bcd"], "ab bcd", [(0, 2, "ab"), (3, 6, "bcd")]),
        (["😀"], "😀😀", [(0, 1, "😀"), (1, 2, "😀")]),
        ([], "anything", []),
        (["2星", "a中"], "2. a.", []),  # an entry that is ASCII only at its start
        (["2星", "2 stars"], "2 stars, 2星", [(0, 7, "2 stars"), (9, 11, "2星")]),
        (["2星", "2 stars"], "2 stars", [(0, 7, "2 stars")]),
    ],
)
def test_find_known(entries: list[str], text: str, expected: list[tuple[int, int, str]]) -> None:
    assert KeywordMatcher(entries).find(text) == expected


def test_entries_are_normalised_and_blank_ones_dropped() -> None:
    matcher = KeywordMatcher(["ＯＫ", " ok ", "", "   ", "不错"])
    assert matcher.entries == frozenset({"ok", "不错"})
    assert len(matcher) == 2
    assert "2 entries" in repr(matcher)


@pytest.mark.parametrize("bad", ["single string", 3, None])
def test_matcher_rejects_non_iterables(bad: object) -> None:
    with pytest.raises(InputTypeError, match=r"^entries: expected an iterable of str"):
        KeywordMatcher(bad)  # type: ignore[arg-type]


def test_matcher_rejects_non_str_entries() -> None:
    with pytest.raises(InputTypeError, match=r"^entries: expected str keywords, got int 3"):
        KeywordMatcher(["ok", 3])  # type: ignore[list-item]


def test_matcher_rejects_overlong_entries() -> None:
    with pytest.raises(InvalidConfigError, match="at most 200 characters"):
        KeywordMatcher(["x" * (MAX_ENTRY_LENGTH + 1)])


def test_find_rejects_non_str() -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str, got bytes"):
        KeywordMatcher(["ok"]).find(b"ok")  # type: ignore[arg-type]


ENTRIES = [
    *("no", "not", "not bad", "know", "a", "ab", "b c", "1好", "c不"),
    *("不", "不错", "错", "好", "很好", "😀"),
]
pieces = st.lists(
    st.sampled_from(
        ["no", "not", "t", " ", "a", "b", "c", "k", "1", "不", "错", "好", "很", "😀", "!"]
    ),
    max_size=40,
).map("".join)


@given(pieces)
def test_find_equals_naive_scan(text: str) -> None:
    assert KeywordMatcher(ENTRIES).find(text) == reference_find(ENTRIES, text)


@given(pieces.filter(bool))
def test_long_texts_use_the_same_rules(text: str) -> None:
    long = (text + "|") * (5000 // (len(text) + 1) + 1)
    matcher = KeywordMatcher(ENTRIES)
    assert matcher.find(long) == reference_find(ENTRIES, long)


@given(any_text)
def test_find_never_raises(text: str) -> None:
    for start, end, entry in KeywordMatcher(ENTRIES).find(text):
        assert text[start:end] == entry


def tally(found: list[tuple[int, int, str]]) -> list[tuple[str, int, int]]:
    firsts: dict[str, list[int]] = {}
    for start, _end, entry in found:
        firsts.setdefault(entry, [start, 0])[1] += 1
    return [(entry, first, n) for entry, (first, n) in firsts.items()]


@given(pieces)
def test_count_tallies_find(text: str) -> None:
    matcher = KeywordMatcher(ENTRIES)
    long = (text + "|") * (5000 // (len(text) + 1) + 1)
    assert matcher.count(text) == tally(matcher.find(text))
    assert matcher.count(long) == tally(matcher.find(long))


def test_count_rejects_non_str_and_empty_matchers_find_nothing() -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str, got int"):
        KeywordMatcher(["ok"]).count(3)  # type: ignore[arg-type]
    assert KeywordMatcher([]).count("ok") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "not bad, no; know not",
            [("not bad", 0, 1), ("no", 9, 1), ("know", 13, 1), ("not", 18, 1)],
        ),
        ("不错不错好很好", [("不错", 0, 2), ("好", 4, 1), ("很好", 5, 1)]),
        ("nothing known", []),
    ],
)
def test_count_known_cases(text: str, expected: list[tuple[str, int, int]]) -> None:
    matcher = KeywordMatcher(ENTRIES)
    assert matcher.count(text) == expected
    long = (text + "|") * 1000
    assert matcher.count(long) == [(entry, first, n * 1000) for entry, first, n in expected]


def expand(runs: list[tuple[int, int, str, int, int]]) -> list[tuple[int, int, str]]:
    """The matches of the runs, one by one."""
    found = []
    for start, end, entry, count, gap in runs:
        step = end - start + gap
        found.extend((s, s + end - start, entry) for s in range(start, start + count * step, step))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不不不好", [(0, 1, "不", 3, 0), (3, 4, "好", 1, 0)]),
        ("not not not good", [(0, 3, "not", 3, 1)]),
        ("好a好a好", [(0, 1, "好", 3, 1)]),
        ("好好 好", [(0, 1, "好", 2, 0), (3, 4, "好", 1, 0)]),  # the gap changes
        ("不错不错不", [(0, 2, "不错", 2, 0), (4, 5, "不", 1, 0)]),
        ("", []),
    ],
)
def test_runs_known_cases(text: str, expected: list[tuple[int, int, str, int, int]]) -> None:
    runs = KeywordMatcher(["不", "不错", "好", "not"]).runs(text)
    assert runs[: len(expected)] == expected
    assert expand(runs) == KeywordMatcher(["不", "不错", "好", "not"]).find(text)


@given(pieces)
def test_runs_are_the_matches_grouped(text: str) -> None:
    matcher = KeywordMatcher(ENTRIES)
    long = (text + "|") * (5000 // (len(text) + 1) + 1)
    for sample in (text, long, text * (5000 // (len(text) + 1) + 1)):
        runs = matcher.runs(sample)
        assert expand(runs) == matcher.find(sample)
        assert all(gap in (0, 1) and (count > 1 or gap == 0) for *_, count, gap in runs)


def test_runs_of_one_word_repeated_are_one_run() -> None:
    matcher = KeywordMatcher(ENTRIES)
    assert matcher.runs("不" * 100_000) == [(0, 1, "不", 100_000, 0)]
    assert matcher.runs("not " * 50_000) == [(0, 3, "not", 50_000, 1)]
    assert matcher.runs("很好" * 50_000) == [(0, 2, "很好", 50_000, 0)]


@pytest.mark.parametrize(
    "text",
    [
        "好" * 5001,
        "很好" * 2500 + "好",
        "很好好" * 2000,
        "不错" * 2500 + "不",
        "nonono" * 1000 + "not",
        "好" * 3000 + "很" + "好" * 3000,
        ("好" * 9 + "错") * 500,
    ],
)
def test_long_overlapping_repeats_follow_the_scan(text: str) -> None:
    """Long texts where every position starts a candidate (the greedy walk, with strides)."""
    entries = [*ENTRIES, "好好", "很好好", "onon"]
    assert KeywordMatcher(entries).find(text) == reference_find(entries, text)


@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(0, 10**6)), max_size=300))
def test_edge_table_is_a_mapping(items: list[tuple[int, int]]) -> None:
    mapping = dict(items)
    table = EdgeTable(list(mapping.items()))
    probes = [*mapping, *(key + 1 for key in mapping), 0, 2**40]
    found = table.lookup(np.array(probes, dtype=np.int64)).tolist()
    assert found == [mapping.get(key, -1) for key in probes]
