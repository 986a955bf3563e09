"""Fuzzed payloads: every importer raises only csmetrics errors and never echoes the input."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpdesks.fixtures import load

from csmetrics.exceptions import CsMetricsError, InvalidConfigError
from csmetrics.helpdesks import freshdesk, zammad, zendesk

SECRET = "Okafor 13800138000 margaret@example.com"
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.just(SECRET), st.text(max_size=12), st.just("2024-13-45T99:00:00Z"), st.just("23:59"),
)  # fmt: skip
JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
TICKETS = load("zendesk_tickets.json")
IMPORTERS: dict[str, tuple[Callable[[Any], object], Any]] = {
    "zendesk schedule": (zendesk.schedule_from_zendesk, load("zendesk_schedule_night.json")),
    "zendesk policy": (lambda o: zendesk.zendesk_policy(o, on_conflict="strictest"),
                       load("zendesk_policies.json")["sla_policies"][1]),
    "zendesk tickets": (lambda o: zendesk.tickets_from_zendesk(o["tickets"], o["events"],
                                                               users=o["users"]),
                        {"tickets": TICKETS["tickets"], "users": TICKETS["users"],
                         "events": load("zendesk_metric_events.json")["ticket_metric_events"]}),
    "zendesk audits": (lambda o: zendesk.tickets_from_zendesk(o["tickets"], audits=o["audits"]),
                       {"tickets": TICKETS["tickets"], "audits": load("zendesk_audits.json")["audits"]}),  # noqa: E501
    "freshdesk hours": (freshdesk.schedule_from_freshdesk, load("freshdesk_business_hours.json")),
    "freshdesk policy": (freshdesk.policy_from_freshdesk, load("freshdesk_sla_policies.json")[0]),
    "zammad calendar": (zammad.calendar_from_zammad, load("zammad_calendar.json")),
    "zammad sla": (zammad.policy_from_zammad, load("zammad_slas.json")[0]),
}  # fmt: skip


def _containers(value: Any, found: list[Any]) -> list[Any]:
    if isinstance(value, dict | list):
        found.append(value)
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)
    return found


@given(st.sampled_from(sorted(IMPORTERS)), st.data(), JSON)
def test_a_mutated_payload_raises_only_our_errors_without_echoing(
    name: str, data: st.DataObject, replacement: object
) -> None:
    importer, fixture = IMPORTERS[name]
    payload = copy.deepcopy(fixture)
    target = data.draw(st.sampled_from(_containers(payload, [])))
    if isinstance(target, dict) and target:
        target[data.draw(st.sampled_from(sorted(target)))] = replacement
    elif isinstance(target, list) and target:
        target[data.draw(st.integers(0, len(target) - 1))] = replacement
    try:
        importer(payload)
    except CsMetricsError as exc:
        text = str(exc)
        assert "Okafor" not in text
        assert "13800138000" not in text
        assert "margaret@" not in text


DIRECT: tuple[Callable[[Any], object], ...] = (
    zendesk.schedule_from_zendesk, zendesk.zendesk_policy, zendesk.tickets_from_zendesk,
    zendesk.holidays_from_zendesk, freshdesk.schedule_from_freshdesk,
    freshdesk.policy_from_freshdesk, zammad.calendar_from_zammad, zammad.policy_from_zammad,
)  # fmt: skip


@pytest.mark.parametrize(
    ("call", "match"),
    [  # found by the mutation property: unhashable or odd values where a key was looked up
        (
            lambda: zendesk.zendesk_policy(
                {"policy_metrics": [], "filter": {"all": [{"field": []}]}}
            ),
            r"filter\.all\[0\]\.field: expected a condition .*got list of 0 items",
        ),
        (
            lambda: zendesk.tickets_from_zendesk([{**TICKETS["tickets"][0], "priority": ["low"]}]),
            r"tickets\[0\]\.priority: expected a priority among",
        ),
        (
            lambda: freshdesk.policy_from_freshdesk({"sla_target": {"priority_": {}}}),
            r"policy\.sla_target: expected keys priority_1",
        ),
    ],
)
def test_odd_values_where_keys_are_looked_up(call: Callable[[], object], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        call()


@given(JSON)
def test_any_json_at_the_top_raises_only_our_errors(value: object) -> None:
    for importer in DIRECT:
        try:
            importer(value)
        except CsMetricsError as exc:
            message = str(exc)
        else:
            message = ""
        assert "Okafor" not in message
