"""Channels as an open vocabulary: rules for any channel, in evaluate and evaluate_many alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.io import read_tickets
from csmetrics.models import Channel, Ticket, channel_value
from csmetrics.priority import PriorityRules, assign_priority
from csmetrics.sla import SlaPolicy, evaluate, evaluate_many, results_to_columns

from .sla_helpers import OFFICE

CREATED = dt.datetime(2025, 3, 10, 1, 30, tzinfo=dt.UTC)  # Monday 09:30 in Shanghai
NOW = CREATED + dt.timedelta(days=3)
POLICY = SlaPolicy.from_dict(
    {
        "default_priority": "P3",
        "priorities": {"P3": {"first_response": "4h", "resolution": "3wd"}},
        "channels": [
            {"channel": "微信", "first_response": "30m"},
            {"channel": "Douyin shop", "first_response": "1h", "complaints_only": True},
            {"channel": "email", "first_response": "2h"},
        ],
    }
)


@pytest.mark.parametrize(
    ("given_as", "expected"),
    [
        ("热线", Channel.PHONE),
        ("E-mail", Channel.EMAIL),
        ("微信", "wechat"),
        ("企业微信", "wechat"),
        ("Web form", "web"),
        ("网页", "web"),
        ("API", "api"),
        ("语音", "voice"),
        ("  Douyin shop ", "Douyin shop"),
        ("小红书", "小红书"),
    ],
)
def test_channels_are_normalised_or_kept(given_as: str, expected: Channel | str) -> None:
    assert channel_value(given_as) == expected
    assert type(channel_value(given_as)) is type(expected)
    ticket = Ticket(id="1", created_at=CREATED, channel=given_as)
    assert ticket.channel == expected
    assert Ticket.model_validate_json(ticket.model_dump_json()).channel == expected


@pytest.mark.parametrize(
    ("channel", "complaint", "local", "rule"),
    [
        ("wechat", False, "10:00", "channel:wechat"),
        ("微信", False, "10:00", "channel:wechat"),
        ("Douyin shop", True, "10:30", "channel:Douyin shop"),
        ("Douyin shop", False, "14:30", "priority:P3"),
        ("email", False, "11:30", "channel:email"),
        ("小红书", False, "14:30", "priority:P3"),
        (None, False, "14:30", "priority:P3"),
    ],
)
def test_a_policy_names_any_channel(
    channel: str | None, complaint: bool, local: str, rule: str
) -> None:
    ticket = Ticket(id="1", created_at=CREATED, channel=channel, complaint=complaint)
    result = evaluate(ticket, POLICY, OFFICE, now=NOW).first_response
    assert result.deadline is not None
    assert (result.deadline.date(), f"{result.deadline:%H:%M}") == (dt.date(2025, 3, 10), local)
    assert result.rule == rule
    out = evaluate_many(np.array([CREATED.replace(tzinfo=None)], "M8[us]"), now=NOW,
                        policy=POLICY, schedule=OFFICE, complaint=[complaint],
                        channel=np.array([channel], dtype=object))  # fmt: skip
    assert out["first_response_deadline"][0] == np.datetime64(
        result.deadline.astimezone(dt.UTC).replace(tzinfo=None), "us"
    )


NAMES = st.sampled_from([None, "wechat", "微信", "Douyin shop", "email", "chat", "小红书", "x"])


@given(channels=st.lists(NAMES, min_size=1, max_size=12), complaints=st.data())
def test_scalar_equals_vectorized_and_tables_for_any_channel(
    channels: list[str | None], complaints: st.DataObject
) -> None:
    flags = complaints.draw(st.lists(st.booleans(), min_size=len(channels), max_size=len(channels)))
    tickets = [
        Ticket(id=str(i), created_at=CREATED + dt.timedelta(minutes=17 * i), channel=c,
               complaint=f, priority="P3")
        for i, (c, f) in enumerate(zip(channels, flags, strict=True))
    ]  # fmt: skip
    expected = results_to_columns([evaluate(t, POLICY, OFFICE, now=NOW) for t in tickets])
    table = evaluate_many(read_tickets(tickets), now=NOW, policy=POLICY, schedule=OFFICE)
    for key in ("first_response_deadline", "first_response_breached", "channel"):
        np.testing.assert_array_equal(table[key], expected[key])


def test_the_plan_memo_stays_bounded_for_unnamed_channels() -> None:
    policy = SlaPolicy.from_dict(POLICY.model_dump(mode="json"))
    for n in range(500):
        policy.plan(None, f"channel {n}", complaint=False)
    assert len(policy._plans) == 1  # every unnamed channel plans as no channel


def test_priority_rules_raise_any_channel() -> None:
    data = PriorityRules.default().model_dump(mode="json")
    data["channels"] = [{"channel": "微信", "levels": 1, "applies_to": ["P2", "P3"]}]
    rules = PriorityRules.model_validate(data)
    plain = assign_priority("客服态度差", rules=rules)
    raised = assign_priority("客服态度差", channel="WeChat", rules=rules)
    assert raised.priority.level == plain.priority.level - 1
    assert any("wechat" in reason for reason in raised.reasons)
