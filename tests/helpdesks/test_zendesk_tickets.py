"""Zendesk ticket histories: events from metric events or audits, masking, clocks, parity."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpdesks.fixtures import PERSONAL, load

from csmetrics.exceptions import InvalidConfigError
from csmetrics.helpdesks.zendesk import (
    compare_zendesk,
    schedule_from_zendesk,
    status_metric,
    tickets_from_zendesk,
    zendesk_histories,
    zendesk_policy,
)
from csmetrics.models import Priority
from csmetrics.sla import evaluate

PAYLOAD = load("zendesk_tickets.json")
TICKETS, USERS = PAYLOAD["tickets"], PAYLOAD["users"]
METRIC_EVENTS = load("zendesk_metric_events.json")["ticket_metric_events"]
AUDITS = load("zendesk_audits.json")["audits"]
SCHEDULE = schedule_from_zendesk(load("zendesk_schedule_us.json"))
GOLD = zendesk_policy(load("zendesk_policies.json")["sla_policies"][1])
STANDARD = zendesk_policy(load("zendesk_policies.json")["sla_policies"][0])


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def test_metric_events_and_audits_give_the_same_events() -> None:
    by_events = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    by_audits = tickets_from_zendesk(TICKETS, audits=AUDITS, users=USERS)
    for row in range(3):
        assert by_events.events.of(row) == by_audits.events.of(row)
    kinds = [event["kind"] for event in by_audits.events.of(1)]
    assert kinds == ["agent_reply", "pause", "customer_reply", "resume", "agent_reply", "resolved"]


def test_ticket_fields() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    assert table.id.tolist() == ["555", "556", "557"]
    assert table.priority.tolist() == [1, 2, 3]  # urgent -> P1, normal -> P2, low -> P3
    assert table.channel.tolist() == ["email", None, "chat"]  # web has no csmetrics channel
    assert table.text.tolist() == [None, None, None]  # free text only on request


def test_personal_data_is_masked_on_the_way_in() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, AUDITS, users=USERS, text="none")
    assert table.customer_name.tolist() == ["M*** O***", "L*** B***", "王*"]
    assert table.customer_phone.tolist() == ["0134", "5678", "8000"]
    dumped = repr(table.columns()) + repr(list(table.records())) + str(pickle.dumps(table))
    for secret in PERSONAL:
        assert secret not in dumped


def test_subject_is_the_text_only_when_asked() -> None:
    table = tickets_from_zendesk(TICKETS, text="subject")
    assert table.text.tolist()[2] == "Feature request: dark mode"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"metric_events": [{**METRIC_EVENTS[0], "ticket_id": 999}]},
            r"^metric_events\[0\]\.ticket_id: expected the id of one of the tickets given, got '999'$",  # noqa: E501
        ),
        (
            {"audits": [{**AUDITS[0], "ticket_id": 31337}]},
            r"^audits\[0\]\.ticket_id: expected the id",
        ),
        (
            {"metric_events": [{**METRIC_EVENTS[0], "type": "snooze"}]},
            r"metric_events\[0\]\.type: expected one of activate",
        ),
        (
            {"metric_events": [{**METRIC_EVENTS[0], "time": "yesterday"}]},
            r"metric_events\[0\]\.time: expected an ISO-8601 time",
        ),
        (
            {"metric_events": [{**METRIC_EVENTS[0], "time": "2024-03-09T00:30:00"}]},
            r"expected a time with an offset",
        ),
        (
            {
                "audits": [
                    {
                        **AUDITS[0],
                        "events": [{"type": "Change", "field_name": "status", "value": "snoozed"}],
                    }
                ]
            },
            r"audits\[0\]\.events\[0\]\.value: expected a status among new, open",
        ),
        (
            {"tickets": [{**TICKETS[0], "id": "Margaret Okafor"}]},
            r"^tickets\[0\]\.id: expected a ticket id .*got str of 15 characters$",
        ),
        (
            {"tickets": [{**TICKETS[0], "priority": "critical"}]},
            r"tickets\[0\]\.priority: expected a priority among",
        ),
        ({"tickets": [TICKETS[0], TICKETS[0]]}, r"tickets\[1\]\.id: expected ids that differ"),
        ({"pause_on": ("pending", "solved")}, r"pause_on: expected statuses among"),
    ],
)
def test_malformed_histories_name_the_json_path(kwargs: dict[str, Any], match: str) -> None:
    args = {"tickets": TICKETS, **kwargs}
    with pytest.raises(InvalidConfigError, match=match) as info:
        tickets_from_zendesk(**args)
    for secret in PERSONAL:
        assert secret not in str(info.value)


# The worked example of requester wait and agent work (ticket 556, Pacific time):
# Open Mon 09:00-11:00, Pending to Tue 10:00, Open to 12:00, On-hold to 15:00, Open, solved
# Wed 10:00. Both targets 480 business minutes.
@pytest.mark.parametrize(
    ("metric", "now", "elapsed", "deadline", "breached"),
    [
        ("requester_wait_time", "2024-04-02T22:00:00Z", 420, "2024-04-02T23:00:00Z", False),
        ("agent_work_time", "2024-04-02T22:00:00Z", 240, "2024-04-03T18:00:00Z", False),
        ("requester_wait_time", "2024-04-03T17:00:00Z", 600, "2024-04-02T23:00:00Z", True),
        ("agent_work_time", "2024-04-03T17:00:00Z", 420, None, False),  # solved in time
    ],
)
def test_status_clocks_pause_as_zendesk_documents(
    metric: str, now: str, elapsed: int, deadline: str | None, breached: bool
) -> None:
    history = zendesk_histories(TICKETS, audits=AUDITS, users=USERS)["556"]
    target = GOLD.status_targets[metric][Priority.P2]
    state = status_metric(history, metric, target, SCHEDULE, now=_utc(now))
    assert state.elapsed == dt.timedelta(minutes=elapsed)
    assert state.deadline == (None if deadline is None else _utc(deadline))
    assert state.breached is breached


def test_update_metrics_measure_each_gap_between_agent_replies() -> None:
    history = zendesk_histories(TICKETS, audits=AUDITS, users=USERS)["556"]
    periodic = GOLD.status_targets["periodic_update_time"][Priority.P2]  # 1440 calendar minutes
    pausable = GOLD.status_targets["pausable_update_time"][Priority.P2]  # 720 business minutes
    now = _utc("2024-04-03T17:00:00Z")
    # Gap Mon 09:30 -> Tue 15:30 local: 30h calendar; business excluding Pending 90 + 330.
    assert status_metric(
        history, "periodic_update_time", periodic, SCHEDULE, now=now
    ).elapsed == dt.timedelta(hours=30)
    state = status_metric(history, "pausable_update_time", pausable, SCHEDULE, now=now)
    assert state.elapsed == dt.timedelta(minutes=90 + 330)
    assert not state.breached
    assert state.deadline is None


def test_parity_with_zendesk_ticket_metrics_is_exact_on_the_fixtures() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    parity = compare_zendesk(table, load("zendesk_ticket_metrics.json"), schedule=SCHEDULE)
    rows = parity.rows()
    assert rows[0]["reply_business_ours"] == 75
    assert rows[0]["reply_calendar_ours"] == 3855
    assert rows[1]["agent_wait_business_zendesk"] == 420
    for row in rows[:2]:
        assert all(v == 0 for k, v in row.items() if k.endswith("_diff")), row
    assert all(v != v for k, v in rows[2].items() if k.endswith("_diff"))  # NaN: no numbers yet


def test_parity_columns_are_the_documented_ones() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    parity = compare_zendesk(table, [], schedule=SCHEDULE)
    expected = ["ticket_id"] + [f"{m}_{c}_{side}" for m in ("reply", "resolution", "requester_wait", "agent_wait")  # noqa: E501
                                for c in ("calendar", "business") for side in ("ours", "zendesk", "diff")]  # fmt: skip  # noqa: E501
    assert list(parity.columns) == expected


def test_parity_rejects_metrics_of_unknown_tickets() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    bad = [{"ticket_id": 999, "reply_time_in_minutes": {"calendar": 1, "business": 1}}]
    with pytest.raises(
        InvalidConfigError, match=r"ticket_metrics\[0\]\.ticket_id: expected the id"
    ):
        compare_zendesk(table, bad, schedule=SCHEDULE)


def test_open_tickets_count_waits_up_to_now() -> None:
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    parity = compare_zendesk(table, [], schedule=SCHEDULE, now=_utc("2024-04-04T18:00:00Z"))
    row = parity.rows()[2]
    assert row["requester_wait_calendar_ours"] == 120
    assert row["resolution_calendar_ours"] != 120


@pytest.mark.parametrize(("pause_on", "elapsed"), [(("pending",), 600), ((), 1020)])
def test_pending_pauses_the_engine_resolution_but_not_zendesks(
    pause_on: tuple[str, ...], elapsed: int
) -> None:
    # Zendesk's total_resolution_time runs through Pending (1020 business minutes here);
    # csmetrics pauses every business clock while paused: import with pause_on=() to match.
    table = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS, pause_on=pause_on)
    ticket = list(table.records())[1]
    result = evaluate(ticket, STANDARD.sla, SCHEDULE, now=_utc("2024-04-05T00:00:00Z"))
    assert result.resolution is not None
    assert result.resolution.elapsed == dt.timedelta(minutes=elapsed)


@given(st.randoms(use_true_random=False))
def test_event_order_in_the_payload_does_not_matter(rng: Any) -> None:
    events, audits = list(METRIC_EVENTS), list(AUDITS)
    rng.shuffle(events)
    rng.shuffle(audits)
    reference = tickets_from_zendesk(TICKETS, METRIC_EVENTS, users=USERS)
    for shuffled in (tickets_from_zendesk(TICKETS, events, users=USERS),
                     tickets_from_zendesk(TICKETS, audits=audits, users=USERS)):  # fmt: skip
        assert [shuffled.events.of(r) for r in range(3)] == [
            reference.events.of(r) for r in range(3)
        ]


def test_priority_changes_from_audits_become_priority_changed_events() -> None:
    audits = [*AUDITS, {"ticket_id": 557, "created_at": "2024-04-04T17:00:00Z", "author_id": 9876,
                        "events": [{"type": "Change", "field_name": "priority",
                                    "previous_value": "low", "value": "urgent"}]}]  # fmt: skip
    table = tickets_from_zendesk(TICKETS, audits=audits, users=USERS)
    assert table.priority.tolist()[2] == 3  # created low
    assert table.events.of(2) == [
        {"kind": "priority_changed", "at": _utc("2024-04-04T17:00:00Z"), "priority": "P1"}
    ]


def test_all_status_metrics_of_a_policy_for_one_ticket() -> None:
    from csmetrics.helpdesks.zendesk import status_metrics  # noqa: PLC0415

    history = zendesk_histories(TICKETS, audits=AUDITS, users=USERS)["556"]
    found = status_metrics(history, GOLD.status_targets, SCHEDULE, tier=GOLD.tier("normal"),
                           now=_utc("2024-04-03T17:00:00Z"))  # fmt: skip
    assert sorted(found) == sorted(GOLD.status_targets)
    assert found["requester_wait_time"].breached
    assert not found["agent_work_time"].breached
    assert status_metrics(history, GOLD.status_targets, SCHEDULE, tier=Priority.P3,
                          now=_utc("2024-04-03T17:00:00Z")) == {}  # fmt: skip
