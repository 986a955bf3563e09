"""Sentiment on hostile and long text: bounded, finite, and a clause never depends on length."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.chain import DEGREE_CAP, stack
from csmetrics._classify.clause import Analysis, Reader, end_clause, read_clause
from csmetrics._classify.sentiment import _finish, analyse
from csmetrics._core.text import normalize_text
from csmetrics.classify import Evidence, Lexicon, Sentiment, sentiment

P, N, X = Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE
any_text = st.text(st.characters(codec=None, exclude_categories=()))
FILLER = "。今天是星期三" * 80  # neutral clauses: more than 512 characters in all
STRONGEST = max(abs(value) for _, value in Lexicon.default().roles.values())


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("非常" * 2000 + "好", P),
        ("非常" * 2000 + "差", X),
        ("very " * 2000 + "good", P),
        ("extremely " * 5000 + "bad", X),
        ("好" * 10_001, P),  # 好好 (a degree word) 5,000 times, then 好
        ("有点" * 3000 + "慢", X),
        ("!" * 10_000 + "好", P),
        ("但是" * 3000 + "很好", P),
    ],
)
def test_stacked_intensifiers_stay_finite_and_bounded(text: str, label: Sentiment) -> None:
    combined = sentiment(text)
    assert math.isfinite(combined.score)
    assert combined.confidence is not None
    assert 0.0 <= combined.confidence <= 1.0
    result = sentiment(text, rules_only=True)
    assert result.label is label
    assert math.isfinite(result.score)
    assert result.score != 0.0
    assert all(math.isfinite(item.weight) for item in result.evidence)
    words = [item for item in result.evidence if item.rule not in {"exclamation", "contrast"}]
    assert all(abs(item.weight) <= STRONGEST * DEGREE_CAP for item in words)


@pytest.mark.parametrize(
    ("degree", "value", "times", "expected"),
    [
        (1.0, 1.6, 1, 1.6),
        (1.0, 1.6, 2, 1.6 * 1.6),
        (1.0, 1.6, 10**9, DEGREE_CAP),
        (1.0, 0.6, 10**9, 1 / DEGREE_CAP),
        (1.0, 0.3, 5, 0.3),  # a single hedge below the floor keeps its own value
        (1.0, 4.5, 3, 4.5),  # a single degree word above the cap keeps its own value
        (1.0, 1.0001, 300, 1.0001**300),
        (1.0, 1.0, 10**9, 1.0),
        (0.0, 1.5, 10**9, 0.0),
    ],
)
def test_degree_stacking_is_bounded(
    degree: float, value: float, times: int, expected: float
) -> None:
    assert stack(degree, value, times) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "没有\n发票",
        "没有,发票",
        "有点\n长",
        "发票呢?没有.",
        "太\n长了",
        "not\nworking",
        "虽然问题未解决问题未解决但是很好很好",  # the contrast settles the concession
        "虽然很好很好差差,虽然很好问题未解决问题未解决",  # a concession to the end is settled there
        "late late late !thanks thanks thanks ",  # words that cancel out: no exclamation evidence
    ],
)
def test_a_clause_reads_the_same_in_a_short_and_in_a_long_text(text: str) -> None:
    short = sentiment(text)
    long = sentiment(text + FILLER)
    assert long.evidence == short.evidence
    assert long.label is short.label


@given(any_text)
def test_the_score_is_always_finite_and_within_bounds(text: str) -> None:
    for sample in (text, text * (600 // (len(text) + 1) + 1)):
        result = sentiment(sample)
        assert math.isfinite(result.score)
        assert -1.0 <= result.score <= 1.0
        assert all(math.isfinite(item.weight) for item in result.evidence)


tokens = st.sampled_from(
    [
        *("很好", "好", "不", "没有", "非常", "太", "有点", "但是", "虽然", "就是", "慢"),
        *("满意", "差", "谢谢", "发票", "不错", "问题未解决", "推诿"),
        *("not", "very", "good", "bad", "but", "a bit", "thanks", "late", "won't"),
        *(" ", ",", "!", "?", "\n", "x", "1"),
    ]
)
comments = st.lists(
    st.tuples(tokens, st.integers(min_value=1, max_value=5), st.sampled_from(["", " ", "x"])),
    max_size=12,
).map(lambda parts: "".join((word + gap) * times for word, times, gap in parts))


def _without_mixed(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    return tuple(item for item in evidence if item.rule != "mixed")


@given(comments)
def test_neutral_filler_never_changes_a_clause(text: str) -> None:
    # the rules; the model's own clause-level property is in test_combined.py
    short, long = sentiment(text, rules_only=True), sentiment(text + FILLER, rules_only=True)
    assert _without_mixed(long.evidence) == _without_mixed(short.evidence)
    assert long.warmth_words == short.warmth_words
    assert {short.label, long.label} != {P, X}  # a polar comment never flips
    if short.label is not N:
        assert long.label is short.label


def test_a_total_at_the_band_keeps_its_label_whatever_the_order_of_the_sums() -> None:
    """Found by the fuzz profile: this total is the band (0.1) give or take rounding, summed
    whole in the short text and clause by clause once the filler makes it long."""
    text = "很好很好很好很好慢问题未解决\n" + "问题未解决" * 5 + "有点很好很好很好"
    short, long = sentiment(text, rules_only=True), sentiment(text + FILLER, rules_only=True)
    assert (short.label, long.label) == (X, X)
    assert short.score == long.score


@given(comments)
def test_repeats_read_in_one_step_equal_reading_them_one_by_one(text: str) -> None:
    lexicon = Lexicon.default()
    prepared = normalize_text(text)
    single = [(start, end, entry, 1, 0) for start, end, entry in lexicon.matcher.find(prepared)]
    grouped = read_clause(prepared, lexicon)
    one_by_one = read_clause(prepared, lexicon, single)
    assert [(e.rule, e.text) for e in grouped.evidence] == [
        (e.rule, e.text) for e in one_by_one.evidence
    ]
    assert [e.weight for e in grouped.evidence] == pytest.approx(
        [e.weight for e in one_by_one.evidence], rel=1e-9, abs=1e-4
    )
    assert grouped.warmth == one_by_one.warmth
    assert (grouped.contrast, grouped.exclaims, grouped.tail) == (
        one_by_one.contrast,
        one_by_one.exclaims,
        one_by_one.tail,
    )
    for name in ("pre", "post"):
        assert getattr(grouped, name) == pytest.approx(getattr(one_by_one, name), abs=1e-9)


def _read_plainly(text: str, lexicon: Lexicon) -> Analysis:
    """The reference: every match read one by one (no runs, no repeated patterns)."""
    reader = Reader(text, lexicon.table)
    singles = [(start, end, entry, 1, 0) for start, end, entry in lexicon.matcher.find(text)]
    for index in range(len(singles)):
        reader.read(singles, index)
    return end_clause(reader)


patterns = st.tuples(
    st.lists(tokens, min_size=0, max_size=3).map("".join),
    st.lists(tokens, min_size=1, max_size=4).map("".join),
    st.integers(min_value=1, max_value=400),
    st.lists(tokens, min_size=0, max_size=3).map("".join),
).map(lambda parts: parts[0] + parts[1] * parts[2] + parts[3])


@given(patterns)
def test_repeated_patterns_read_as_when_read_match_by_match(text: str) -> None:
    lexicon = Lexicon.default()
    prepared = normalize_text(text)
    fast, plain = read_clause(prepared, lexicon), _read_plainly(prepared, lexicon)
    assert [(e.rule, e.text) for e in fast.evidence] == [(e.rule, e.text) for e in plain.evidence]
    assert [e.weight for e in fast.evidence] == pytest.approx(
        [e.weight for e in plain.evidence], rel=1e-9, abs=1e-4
    )
    assert fast.warmth == plain.warmth
    assert (fast.contrast, fast.exclaims, fast.tail, fast.concessive) == (
        plain.contrast,
        plain.exclaims,
        plain.tail,
        plain.concessive,
    )
    for name in ("pre", "post", "clause", "hopeful"):
        assert getattr(fast, name) == pytest.approx(getattr(plain, name), rel=1e-9, abs=1e-6)


@given(comments, st.integers(min_value=1, max_value=3))
def test_a_long_text_matched_as_a_whole_reads_as_in_one_pass(text: str, copies: int) -> None:
    """Above 4,096 characters the text is matched once and its matches shared by clause."""
    lexicon = Lexicon.default()
    unit = text + ",。\n!"[copies]
    long = normalize_text(unit * (4200 // len(unit) + 1) + text)
    split = analyse(long, lexicon)
    whole = _finish(long, read_clause(long, lexicon), lexicon.decision)
    assert [(e.rule, e.text) for e in split.evidence] == [(e.rule, e.text) for e in whole.evidence]
    assert (split.label, split.warmth, split.contrast, split.exclaims) == (
        whole.label,
        whole.warmth,
        whole.contrast,
        whole.exclaims,
    )
    assert split.total == pytest.approx(whole.total, rel=1e-9, abs=1e-6)
