"""assign_priority_many and the properties of every decision (fuzzed text, raises never lower)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError
from csmetrics.models import Channel, CustomerTier, Priority
from csmetrics.priority import (
    PriorityDecision,
    assign_priority,
    assign_priority_many,
)

from .test_priority import SPEC_CASES

P1, P2, P3 = Priority.P1, Priority.P2, Priority.P3

# --- assign_priority_many ---------------------------------------------------------


def test_many_matches_the_scalar_results_on_the_spec_cases() -> None:
    texts = [text for text, _, _ in SPEC_CASES]
    levels = assign_priority_many(texts)
    assert levels.dtype == np.int8
    assert levels.tolist() == [expected.level for _, expected, _ in SPEC_CASES]
    assert assign_priority_many(np.array(texts)).tolist() == levels.tolist()
    assert assign_priority_many(iter(texts)).tolist() == levels.tolist()


def test_many_with_per_row_options() -> None:
    texts = ["建议", "建议", "客服态度差", "printer", "printer"]
    levels = assign_priority_many(
        texts,
        customer_tier=["vip", None, "normal", "VIP客户", None],
        channel=[None, None, "social_media", None, "phone"],
        impact=[None, None, None, "high", 3],
        urgency=[None, None, None, "high", "high"],
    )
    assert levels.tolist() == [2, 3, 1, 1, 2]


def test_many_empty() -> None:
    levels = assign_priority_many([])
    assert levels.shape == (0,)
    assert levels.dtype == np.int8


@pytest.mark.parametrize(
    ("texts", "kwargs", "error", "message"),
    [
        ("漏发", {}, InputTypeError, "^texts: expected an iterable of str"),
        (5, {}, InputTypeError, "^texts: expected an iterable of str"),
        (["ok", None], {}, InputTypeError, r"^texts\[1\]: expected str"),
        (["a", "b"], {"impact": ["high"]}, InvalidInputError, "^impact: expected a scalar or 2"),
        (
            ["a", "b"],
            {"customer_tier": ["vip", "gold"]},
            InvalidInputError,
            r"^customer_tier\[1\]: expected one of 'vip', 'normal'",
        ),
        (
            ["a", "b"],
            {"urgency": ["high", 2.5]},
            InputTypeError,
            r"^urgency\[1\]: expected high/medium/low",
        ),
        (["a"], {"channel": " "}, InvalidInputError, "^channel: expected a channel name"),
        (["a"], {"rules": "rules.toml"}, InputTypeError, "^rules: expected"),
    ],
)
def test_many_validates(
    texts: object, kwargs: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        assign_priority_many(texts, **kwargs)  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------

KEYWORDS = ["漏发", "破损", "今天必须", "建议", "表扬", "延迟", "5天", "两周", "发票开具延迟",
            "没有破损", "late", "5 days", "invoice delayed", "can't find", " ", "！",
            "\ud800"]  # fmt: skip
any_characters = st.characters(codec=None, exclude_categories=())
texts = st.lists(
    st.one_of(st.sampled_from(KEYWORDS), st.text(any_characters, max_size=8)), max_size=8
).map("".join)
tiers = st.sampled_from([None, "vip", "normal", CustomerTier.VIP, "VIP客户", "普通客户"])
channels = st.sampled_from([None, *Channel, "微博"])
levels = st.sampled_from([None, "high", "medium", "low", 1, 2, 3, "高", "中", "低"])
junk = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.integers(-3, 6),
    st.floats(),
    st.booleans(),
    st.binary(max_size=3),
)


@given(text=texts, impact=levels, urgency=levels, tier=tiers, channel=channels)
def test_fuzzed_text_always_decides(
    text: str, impact: object, urgency: object, tier: object, channel: object
) -> None:
    decision = assign_priority(
        text, impact=impact, urgency=urgency, customer_tier=tier, channel=channel
    )  # type: ignore[arg-type]
    assert decision.priority in set(Priority)
    assert decision.reasons
    assert decision.priority.level <= decision.base.level


def _outcome(text: object, **options: object) -> PriorityDecision | CsMetricsError:
    try:
        return assign_priority(text, **options)  # type: ignore[arg-type]
    except CsMetricsError as error:
        return error


@given(text=st.one_of(texts, junk), impact=junk, urgency=junk, tier=junk, channel=junk)
def test_fuzzed_arguments_raise_only_our_errors(
    text: object, impact: object, urgency: object, tier: object, channel: object
) -> None:
    outcome = _outcome(text, impact=impact, urgency=urgency, customer_tier=tier, channel=channel)
    if isinstance(outcome, CsMetricsError):
        named = str(outcome).split(":", 1)[0]
        assert named in {"text", "impact", "urgency", "customer_tier", "channel"}
    else:
        assert isinstance(outcome, PriorityDecision)


@given(text=texts, impact=levels, urgency=levels, channel=channels)
def test_vip_never_lowers(text: str, impact: object, urgency: object, channel: object) -> None:
    options = {"impact": impact, "urgency": urgency, "channel": channel}
    plain = assign_priority(text, **options)  # type: ignore[arg-type]
    vip = assign_priority(text, customer_tier="vip", **options)  # type: ignore[arg-type]
    assert vip.level <= plain.level
    assert vip.level >= plain.level - 1
    assert vip.base is plain.base


@given(text=texts, tier=tiers, channel=channels)
def test_channel_never_lowers(text: str, tier: object, channel: object) -> None:
    without = assign_priority(text, customer_tier=tier)  # type: ignore[arg-type]
    assert assign_priority(text, customer_tier=tier, channel=channel).level <= without.level  # type: ignore[arg-type]


@given(text=texts)
def test_a_red_keyword_always_makes_p1(text: str) -> None:
    assert assign_priority(text + "\n漏发").priority is P1


@given(
    rows=st.lists(st.tuples(texts, levels, levels, tiers, channels), max_size=6),
    shared_tier=tiers,
)
def test_scalar_equals_many(
    rows: list[tuple[str, object, object, object, object]], shared_tier: object
) -> None:
    texts_ = [row[0] for row in rows]
    per_row = assign_priority_many(
        texts_,
        impact=[row[1] for row in rows],
        urgency=[row[2] for row in rows],
        customer_tier=[row[3] for row in rows],
        channel=[row[4] for row in rows],
    )
    expected = [
        assign_priority(t, impact=i, urgency=u, customer_tier=c, channel=ch).level  # type: ignore[arg-type]
        for t, i, u, c, ch in rows
    ]
    assert per_row.tolist() == expected
    shared = assign_priority_many(texts_, customer_tier=shared_tier)  # type: ignore[arg-type]
    assert shared.tolist() == [assign_priority(t, customer_tier=shared_tier).level for t in texts_]  # type: ignore[arg-type]
