"""Size limits and fuzzed arguments of the priority entry points: only our errors, never a leak."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics._core.text import MAX_TEXT_LENGTH
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError
from csmetrics.priority import (
    ChannelPriorityRule,
    DelayRule,
    KeywordGroup,
    PriorityRules,
    RoutingTable,
    TierRule,
    assign_priority,
    assign_priority_many,
    override,
    route,
)

COMMENT = "产品破损需紧急补发，客服一直没有回复。" * 527  # an ordinary long text: 10,013 characters
TOO_LONG = "好" * (MAX_TEXT_LENGTH + 1)
SECRET = "张三13812345678"
DECISION = assign_priority("咨询保修政策")


def test_a_ten_thousand_character_text_is_ordinary_input() -> None:
    assert assign_priority(COMMENT).priority.level == 1
    assert assign_priority_many([COMMENT, "建议"]).tolist() == [1, 3]
    assert override(DECISION, to="P1", reason=COMMENT).is_overridden


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda **kw: assign_priority(TOO_LONG, **kw), "text"),
        (lambda **kw: assign_priority_many(["好", TOO_LONG], **kw), r"texts\[1\]"),
        (lambda **kw: override(DECISION, to=1, reason=TOO_LONG, **kw), "reason"),
        (lambda **kw: override(DECISION, to=1, reason="ok", by=TOO_LONG, **kw), "by"),
    ],
)
def test_texts_over_the_limit_are_refused_the_same_way(
    call: Callable[..., object], param: str
) -> None:
    limit = MAX_TEXT_LENGTH
    with pytest.raises(InvalidInputError, match=rf"^{param}: expected at most {limit} characters"):
        call()
    assert call(max_length=MAX_TEXT_LENGTH + 1) is not None
    with pytest.raises(InputTypeError, match=r"^max_length: expected a positive int"):
        call(max_length=0)


def test_the_limit_is_a_keyword_of_each_entry_point() -> None:
    with pytest.raises(InvalidInputError, match=r"^text: expected at most 5 characters, got 6$"):
        assign_priority("产品破损需紧", max_length=5)
    with pytest.raises(InvalidInputError, match=r"^texts\[0\]: expected at most 5 characters"):
        assign_priority_many(["产品破损需紧"], max_length=5)
    with pytest.raises(InputTypeError, match=r"^max_length: expected a positive int"):
        assign_priority_many([], max_length=-1)
    with pytest.raises(InvalidInputError, match=r"^reason: expected at most 5 characters"):
        override(DECISION, to=1, reason="产品破损需紧", max_length=5)
    with pytest.raises(InvalidInputError, match=r"^category: expected at most"):
        route(TOO_LONG)


BAD: list[object] = [
    None,
    "",
    "   ",
    b"bytes",
    0,
    -1,
    10**400,
    10**5000,
    -(10**400),
    math.nan,
    math.inf,
    True,
    ["a", ["nested", ["lists"]]],
    [None],
    [math.nan],
    {"a": 1},
    {1, 2},
    np.array(["a", "b"]),
    np.array([[1, 2]]),
    np.int64(7),
    np.float64("nan"),
    object(),
    TOO_LONG,
    [TOO_LONG],
    SECRET,
    [SECRET, SECRET],
    Path("/nonexistent/rules.toml"),
    "\ud800" * 10,
    "a" + "\u0301" * 5000,
]
OURS = (CsMetricsError, ValidationError)


def _raised(function: Callable[..., object], *args: Any, **kwargs: Any) -> Exception | None:
    try:
        function(*args, **kwargs)
    except OURS as error:
        return error
    return None


def _call(function: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Call; what is raised must be ours and must not echo the value (a file path may be)."""
    error = _raised(function, *args, **kwargs)
    if error is not None and getattr(function, "__name__", "") != "from_file":
        assert SECRET not in str(error)
        assert TOO_LONG[:100] not in str(error)
        if isinstance(error, CsMetricsError):  # (pydantic lists every invalid item)
            assert len(str(error)) < 2000


OPTIONS = ["impact", "urgency", "customer_tier", "channel", "rules", "max_length"]


@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
def test_assign_priority_raises_only_our_errors(bad: object) -> None:
    _call(assign_priority, bad)
    _call(assign_priority_many, bad)
    _call(assign_priority_many, [bad])
    for option in OPTIONS:
        _call(assign_priority, "产品破损", **{option: bad})
        _call(assign_priority_many, ["产品破损", "建议"], **{option: bad})
        _call(assign_priority_many, ["产品破损", "建议"], **{option: [bad, bad]})


@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
def test_override_and_route_raise_only_our_errors(bad: object) -> None:
    _call(override, bad, to=1, reason="ok")
    _call(override, DECISION, to=bad, reason="ok")
    _call(override, DECISION, to=1, reason=bad)
    _call(override, DECISION, to=1, reason="ok", by=bad)
    _call(override, DECISION, to=1, reason="ok", max_length=bad)
    _call(route, bad)
    _call(route, "logistics", subcategory=bad)
    _call(route, "logistics", complaint=bad)
    _call(route, "logistics", table=bad)
    _call(RoutingTable.default_table().team_for, bad)


LOADERS: dict[str, Callable[..., object]] = {
    "PriorityRules.from_dict": PriorityRules.from_dict,
    "PriorityRules.from_file": PriorityRules.from_file,
    "PriorityRules.group_of": PriorityRules.default().group_of,
    "PriorityRules.extend": lambda bad: PriorityRules.default().extend(p1=bad),  # type: ignore[arg-type]
    "PriorityRules.model_copy": lambda bad: PriorityRules.default().model_copy(update=bad),  # type: ignore[arg-type]
    "PriorityRules": lambda bad: PriorityRules(groups=bad),  # type: ignore[arg-type]
    "RoutingTable.from_dict": RoutingTable.from_dict,
    "RoutingTable.from_file": RoutingTable.from_file,
    "RoutingTable": lambda bad: RoutingTable(routes=bad),  # type: ignore[arg-type]
    "KeywordGroup": lambda bad: KeywordGroup(name="x", priority=1, words=bad),  # type: ignore[arg-type]
    "DelayRule": lambda bad: DelayRule(words=["late"], max_gap=bad),  # type: ignore[arg-type]
    "TierRule": lambda bad: TierRule(tier=bad),  # type: ignore[arg-type]
    "ChannelPriorityRule": lambda bad: ChannelPriorityRule(channel=bad),  # type: ignore[arg-type]
}
BAD_CONFIGS: list[object] = [
    *BAD,
    {"groups": [{"name": SECRET, "priority": "P9", "words": [SECRET]}]},
    {"groups": [{"name": "a", "priority": 1, "words": [SECRET]}] * 2},
    {"groups": [{"name": "a", "priority": 1, "words": ["x" * 500]}]},
    {"groups": [{"name": "a", "priority": 10**400, "words": ["x"]}]},
    {"neutral": [None]},
    {"delay": {"words": [], "max_gap": math.nan}},
    {"categories": {"logistics": SECRET}, "fallback": math.inf},
    {"tiers": [{"tier": SECRET}]},
    {"routes": {"logistics": 3}, "aliases": [SECRET], "complaint": SECRET * 0},
    {"routes": {"a": "b"}, "default": ""},
]


@pytest.mark.parametrize("bad", BAD_CONFIGS, ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("name", LOADERS)
def test_loaders_raise_only_our_errors(name: str, bad: object) -> None:
    _call(LOADERS[name], bad)


@given(st.recursive(st.none() | st.text() | st.floats() | st.integers(), st.lists, max_leaves=8))
def test_fuzzed_values_raise_only_our_errors(value: object) -> None:
    _call(assign_priority, value)
    _call(assign_priority, "产品破损", impact=value, customer_tier=value)
    _call(assign_priority_many, value, channel=value)
    _call(override, DECISION, to=value, reason=value, by=value)
    _call(route, value, subcategory=value)
    for loader in LOADERS.values():
        _call(loader, value)
