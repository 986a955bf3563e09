"""Zendesk SLA policies: targets, priority map, conflicts, product-only metrics, filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpdesks.fixtures import load

from csmetrics.exceptions import InvalidConfigError, InvalidPolicyError
from csmetrics.helpdesks.zendesk import policy_from_zendesk, select_policy, zendesk_policy
from csmetrics.models import Priority

POLICIES = load("zendesk_policies.json")["sla_policies"]
STANDARD, GOLD = POLICIES


def _metric(priority: str, metric: str, target: object, *, business: bool = True,
            seconds: object = None) -> dict[str, Any]:  # fmt: skip
    row: dict[str, Any] = {"priority": priority, "metric": metric, "target": target,
                           "business_hours": business}  # fmt: skip
    if seconds is not None:
        row["target_in_seconds"] = seconds
    return row


def _policy(*metrics: dict[str, Any]) -> dict[str, Any]:
    return {"title": "T", "filter": {"all": [], "any": []}, "policy_metrics": list(metrics)}


def test_gold_policy_maps_engine_and_status_metrics() -> None:
    read = zendesk_policy(GOLD)
    p1 = read.sla.priorities[Priority.P1]
    assert str(p1.first_response) == "60m calendar"  # business_hours: false -> 24x7 clock
    assert str(p1.resolution) == "480m"  # business_hours: true -> the schedule
    assert str(p1.next_reply) == "120m"
    assert str(read.sla.priorities[Priority.P2].first_response) == "120m"
    assert sorted(read.status_targets) == ["agent_work_time", "pausable_update_time",
                                           "periodic_update_time", "requester_wait_time"]  # fmt: skip  # noqa: E501
    assert str(read.status_targets["periodic_update_time"][Priority.P2]) == "1440m calendar"
    assert read.position == 1
    assert read.title == "Gold customers"


def test_status_metrics_are_never_dropped_silently() -> None:
    with pytest.raises(InvalidPolicyError, match="agent_work_time, pausable_update_time"):
        policy_from_zendesk(GOLD)
    policy = policy_from_zendesk(GOLD, status_metrics="omit")
    assert policy == zendesk_policy(GOLD).sla


@pytest.mark.parametrize(
    ("metrics", "tier", "expected"),
    [
        ([_metric("low", "first_reply_time", 480)], Priority.P3, "480m"),
        ([_metric("low", "first_reply_time", 480, seconds=28815)], Priority.P3, "480.25m"),
        ([_metric("normal", "next_reply_time", 60, business=False)], Priority.P2, None),
        ([_metric("urgent", "total_resolution_time", "240")], Priority.P1, None),
    ],
)
def test_targets_table(metrics: list[dict[str, Any]], tier: Priority, expected: str | None) -> None:
    policy = policy_from_zendesk(_policy(*metrics))
    targets = policy.priorities[tier]
    if expected is not None:
        assert str(targets.first_response) == expected


def test_default_priority_map_and_override() -> None:
    obj = _policy(
        _metric("urgent", "first_reply_time", 30), _metric("high", "first_reply_time", 60)
    )
    with pytest.raises(InvalidConfigError, match=r"policy_metrics\[1\]: expected the same "
                       r"first_response target as policy\.policy_metrics\[0\] \(both map to P1\)"):  # fmt: skip  # noqa: E501
        policy_from_zendesk(obj)
    strict = policy_from_zendesk(obj, on_conflict="strictest")
    loose = policy_from_zendesk(obj, on_conflict="loosest")
    assert strict.priorities[Priority.P1].first_response.duration == dt.timedelta(minutes=30)
    assert loose.priorities[Priority.P1].first_response.duration == dt.timedelta(minutes=60)
    apart = policy_from_zendesk(obj, {"high": "P2", "normal": "P3"})
    assert apart.priorities[Priority.P2].first_response.duration == dt.timedelta(minutes=60)


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        (
            _policy(_metric("low", "first_reply_time", -5)),
            r"policy_metrics\[0\]\.target: expected an integer of at least 1, got int -5",
        ),
        (
            _policy(_metric("low", "first_reply_time", 0)),
            r"policy_metrics\[0\]\.target: expected an integer of at least 1",
        ),
        (
            _policy(_metric("low", "first_reply_time", 5, seconds=-1)),
            r"\.target_in_seconds: expected an integer of at least 1",
        ),
        (
            _policy(_metric("low", "first_reply", 5)),
            r"policy_metrics\[0\]\.metric: expected one of first_reply_time",
        ),
        (
            _policy(_metric("critical", "first_reply_time", 5)),
            r"policy_metrics\[0\]\.priority: expected one of low, normal, high, urgent, got 'critical'",  # noqa: E501
        ),
        (
            _policy({**_metric("low", "first_reply_time", 5), "business_hours": "yes"}),
            r"\.business_hours: expected true or false",
        ),
        ({"title": "T", "policy_metrics": {}}, r"policy\.policy_metrics: expected a JSON array"),
        (
            {**_policy(), "filter": {"all": [{"field": "brand_id", "operator": "is", "value": 1}]}},
            r"policy\.filter\.all\[0\]\.field: expected a condition csmetrics can evaluate .* got 'brand_id'",  # noqa: E501
        ),
        (
            {
                **_policy(),
                "filter": {"any": [{"field": "priority", "operator": "includes", "value": "low"}]},
            },
            r"policy\.filter\.any\[0\]\.operator: expected for priority one of is, is_not",
        ),
        (
            {
                **_policy(),
                "filter": {"all": [{"field": "priority", "operator": "is", "value": "p1"}]},
            },
            r"policy\.filter\.all\[0\]\.value: expected priorities among",
        ),
        (
            {**_policy(), "filter": {"none": []}},
            r"policy\.filter: expected only the keys 'all' and 'any', got 'none'",
        ),
    ],
)
def test_malformed_policies_name_the_json_path(obj: object, match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        zendesk_policy(obj)


def test_unknown_priority_map_entries_are_refused() -> None:
    with pytest.raises(InvalidConfigError, match=r"priority_map: expected keys among"):
        policy_from_zendesk(_policy(), {"critical": "P1"})
    with pytest.raises(
        InvalidConfigError, match=r"priority_map\.low: expected a csmetrics priority"
    ):
        policy_from_zendesk(_policy(), {"low": "P9"})


TICKETS = {ticket["id"]: ticket for ticket in load("zendesk_tickets.json")["tickets"]}


@pytest.mark.parametrize(
    ("ticket", "title"),
    [
        (TICKETS[555], "Gold customers"),  # gold organisation, an incident
        (TICKETS[556], "Gold customers"),
        (TICKETS[557], "Standard"),  # no organisation; low priority
        ({**TICKETS[557], "priority": "urgent"}, None),  # nothing matches
        ({**TICKETS[557], "priority": "urgent", "tags": ["refund"]}, "Standard"),
        ({**TICKETS[557], "priority": "high", "via_id": 4}, "Standard"),
        ({**TICKETS[555], "type": "task"}, "Standard"),  # gold excludes tasks; tagged billing
        ({**TICKETS[555], "type": "task", "tags": []}, None),
    ],
)
def test_policy_selection_takes_the_first_match_by_position(
    ticket: dict[str, Any], title: str | None
) -> None:
    policies = [zendesk_policy(p, on_conflict="strictest") for p in POLICIES]
    chosen = select_policy(policies, ticket)
    assert (chosen.title if chosen else None) == title


@given(st.permutations(range(2)), st.sampled_from(sorted(TICKETS)))
def test_policy_selection_does_not_depend_on_list_order(order: list[int], ticket_id: int) -> None:
    policies = [zendesk_policy(POLICIES[i], on_conflict="strictest") for i in order]
    reference = [zendesk_policy(p, on_conflict="strictest") for p in POLICIES]
    first = select_policy(policies, TICKETS[ticket_id])
    second = select_policy(reference, TICKETS[ticket_id])
    assert (first and first.title) == (second and second.title)
