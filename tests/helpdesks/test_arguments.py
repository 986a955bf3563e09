"""Python arguments of the helpdesk functions: wrong ones get the library's errors, never echoed.

The product payloads are covered by ``test_fuzz.py``; these are the other
arguments (a table, a schedule, a history, a policy, a tier, ``now``, a
keyword choice), each checked where the function starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpdesks.fixtures import load

from csmetrics.exceptions import (
    CsMetricsError,
    InputTypeError,
    InvalidConfigError,
    InvalidInputError,
    NaiveDatetimeError,
)
from csmetrics.helpdesks import freshdesk, zammad, zendesk
from csmetrics.models import Priority
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaTarget

SECRET = "张三丰 13800138000 zhangsan@example.com"
LEAKS = ("张三丰", "13800138000", "zhangsan@example.com")
UTC = dt.UTC
T0 = dt.datetime(2024, 4, 1, 9, tzinfo=UTC)  # a Monday
LATER = T0 + dt.timedelta(hours=3)
OFFICE = Schedule({"mon-fri": "09:00-17:00"}, timezone="UTC")
TARGET = SlaTarget.model_validate("8h")
HISTORY = zendesk.History(
    created_at=T0,
    statuses=[(T0 + dt.timedelta(hours=2), "pending")],
    agent_replies=[T0 + dt.timedelta(hours=1)],
)
TABLE = zendesk.tickets_from_zendesk(
    [{"id": 2, "created_at": "2024-04-01T09:00:00Z", "requester_id": 5}]
)
GOLD_JSON = load("zendesk_policies.json")["sla_policies"][1]
GOLD = zendesk.zendesk_policy(GOLD_JSON)
TICKET = load("zendesk_tickets.json")["tickets"][0]


def _history(**changes: Any) -> zendesk.History:
    fields = {"created_at": T0, "statuses": [], "agent_replies": [], "customer_replies": []}
    return zendesk.History(**(fields | changes))


# (call, error class, message pattern): one row per argument and kind of wrong value.
CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("compare table None", lambda: zendesk.compare_zendesk(None, [], schedule=OFFICE),  # type: ignore[arg-type]
     InputTypeError, r"^table: expected a TicketTable, got None$"),
    ("compare table text", lambda: zendesk.compare_zendesk(SECRET, [], schedule=OFFICE),  # type: ignore[arg-type]
     InputTypeError, r"^table: expected a TicketTable, got str of 36 characters$"),
    ("compare schedule dict", lambda: zendesk.compare_zendesk(TABLE, [], schedule={SECRET: 1}),  # type: ignore[arg-type]
     InputTypeError, r"^schedule: expected a csmetrics Schedule, got dict of 1 item$"),
    ("compare now naive", lambda: zendesk.compare_zendesk(TABLE, [], schedule=OFFICE,
                                                           now=dt.datetime(2024, 4, 1)),
     NaiveDatetimeError, r"^now: expected a timezone-aware datetime"),
    ("compare now year 1", lambda: zendesk.compare_zendesk(
        TABLE, [], schedule=OFFICE, now=dt.datetime(1, 1, 1, tzinfo=UTC)),
     InvalidInputError, r"^now: expected instants in the years 1800\.\.2399"),
    ("compare rounding array", lambda: zendesk.compare_zendesk(
        TABLE, [], schedule=OFFICE, rounding=np.array(["none", "floor"])),  # type: ignore[arg-type]
     InvalidConfigError, r"^rounding: expected 'none', 'floor' or 'nearest', got ndarray of 2"),
    ("holidays None", lambda: zendesk.holidays_to_zendesk(None),  # type: ignore[arg-type]
     InputTypeError, r"^dates: expected an iterable of dates, got None$"),
    ("holidays text", lambda: zendesk.holidays_to_zendesk(SECRET),  # type: ignore[arg-type]
     InputTypeError, r"^dates: expected an iterable of dates, got str of 36 characters$"),
    ("holidays dict", lambda: zendesk.holidays_to_zendesk({SECRET: SECRET}),  # type: ignore[arg-type]
     InputTypeError, r"^dates: expected an iterable of dates, got dict of 1 item$"),
    ("holidays text item", lambda: zendesk.holidays_to_zendesk([dt.date(2024, 1, 1), SECRET]),  # type: ignore[list-item]
     InputTypeError, r"^dates\[1\]: expected dates, got str of 36 characters$"),
    ("holidays datetime item", lambda: zendesk.holidays_to_zendesk([dt.datetime(2024, 1, 1)]),
     InputTypeError, r"^dates\[0\]: expected dates, got datetime$"),
    ("holidays unhashable", lambda: zendesk.holidays_to_zendesk([[SECRET]]),  # type: ignore[list-item]
     InputTypeError, r"^dates\[0\]: expected dates, got list of 1 item$"),
    ("holidays name", lambda: zendesk.holidays_to_zendesk([], name=b"x"),  # type: ignore[arg-type]
     InputTypeError, r"^name: expected"),
    ("schedule_to name", lambda: zendesk.schedule_to_zendesk(OFFICE, name=None),  # type: ignore[arg-type]
     InputTypeError, r"^name: expected"),
    ("select policies None", lambda: zendesk.select_policy(None, TICKET),  # type: ignore[arg-type]
     InputTypeError, r"^policies: expected an iterable of ZendeskPolicy objects, got None$"),
    ("select policies text", lambda: zendesk.select_policy(SECRET, TICKET),  # type: ignore[arg-type]
     InputTypeError, r"^policies: expected an iterable of ZendeskPolicy objects, got str of 36"),
    ("select policy item", lambda: zendesk.select_policy([GOLD, 3], TICKET),  # type: ignore[list-item]
     InputTypeError, r"^policies\[1\]: expected ZendeskPolicy objects, got int 3$"),
    ("select ticket list", lambda: zendesk.select_policy([GOLD], [SECRET]),  # type: ignore[arg-type]
     InputTypeError, r"^ticket: expected a Zendesk ticket object \(a dict\), got list of 1 item$"),
    ("matches ticket text", lambda: GOLD.matches(SECRET),  # type: ignore[arg-type]
     InputTypeError, r"^ticket: expected a Zendesk ticket object \(a dict\), got str of 36"),
    ("matches tag object", lambda: zendesk.PolicyFilter(all=(zendesk.Condition(
        "current_tags", "includes", frozenset({"vip"}), "f"),)).matches({"tags": [object()]}),
     InvalidInputError, r"^ticket\.tags\[0\]: expected a string or an integer, got object$"),
    ("matches huge id", lambda: zendesk.PolicyFilter(all=(zendesk.Condition(
        "group_id", "is", frozenset({"1"}), "f"),)).matches({"group_id": 10**5000}),
     InvalidInputError, r"^ticket\.group_id: expected a string or an integer, got int of"),
    ("tier list", lambda: GOLD.tier([SECRET]),
     InputTypeError, r"^zendesk_priority: expected a string or None, got list of 1 item$"),
    ("tier array", lambda: GOLD.tier(np.array(["low", "high"])),
     InputTypeError, r"^zendesk_priority: expected a string or None, got ndarray of 2 items$"),
    ("status_at text", lambda: HISTORY.status_at(SECRET),  # type: ignore[arg-type]
     InputTypeError, r"^moment: expected a timezone-aware datetime, got str of 36"),
    ("status_at naive", lambda: HISTORY.status_at(dt.datetime(2024, 4, 1)),
     NaiveDatetimeError, r"^moment: expected a timezone-aware datetime"),
    ("metric history None", lambda: zendesk.status_metric(None, "agent_work_time", TARGET,  # type: ignore[arg-type]
                                                          OFFICE, now=LATER),
     InputTypeError, r"^history: expected a zendesk History, got None$"),
    ("metric name text", lambda: zendesk.status_metric(HISTORY, SECRET, TARGET, OFFICE, now=LATER),
     InvalidInputError, r"^metric: expected one of 'requester_wait_time', .*, got str of 36"),
    ("metric name token", lambda: zendesk.status_metric(HISTORY, "reply_time", TARGET, OFFICE,
                                                        now=LATER),
     InvalidInputError, r"^metric: expected one of .*, got 'reply_time'$"),
    ("metric name list", lambda: zendesk.status_metric(HISTORY, [SECRET], TARGET, OFFICE,  # type: ignore[arg-type]
                                                       now=LATER),
     InputTypeError, r"^metric: expected one of .*, got list of 1 item$"),
    ("metric target text", lambda: zendesk.status_metric(HISTORY, "agent_work_time", "8h",  # type: ignore[arg-type]
                                                         OFFICE, now=LATER),
     InputTypeError, r"^target: expected an SlaTarget, got str of 2 characters$"),
    ("metric schedule", lambda: zendesk.status_metric(HISTORY, "agent_work_time", TARGET,
                                                      None, now=LATER),  # type: ignore[arg-type]
     InputTypeError, r"^schedule: expected a csmetrics Schedule, got None$"),
    ("metric now None", lambda: zendesk.status_metric(HISTORY, "agent_work_time", TARGET,
                                                      OFFICE, now=None),  # type: ignore[arg-type]
     InputTypeError, r"^now: expected a timezone-aware datetime, got None$"),
    ("metric now naive", lambda: zendesk.status_metric(HISTORY, "agent_work_time", TARGET,
                                                       OFFICE, now=dt.datetime(2024, 4, 1)),
     NaiveDatetimeError, r"^now: expected a timezone-aware datetime"),
    ("metric now far", lambda: zendesk.status_metric(
        HISTORY, "agent_work_time", SlaTarget.model_validate("8h calendar"), OFFICE,
        now=dt.datetime(9999, 12, 31, 20, tzinfo=UTC)),
     InvalidInputError, r"^now: expected instants in the years 1800\.\.2399"),
    ("metrics targets None", lambda: zendesk.status_metrics(HISTORY, None, OFFICE,  # type: ignore[arg-type]
                                                            tier=Priority.P2, now=LATER),
     InputTypeError, r"^targets: expected a mapping of status metric -> \{Priority: SlaTarget\}"),
    ("metrics targets key", lambda: zendesk.status_metrics(HISTORY, {SECRET: {}}, OFFICE,
                                                           tier=Priority.P2, now=LATER),
     InvalidInputError, r"^targets key: expected one of .*, got str of 36 characters$"),
    ("metrics by tier text", lambda: zendesk.status_metrics(
        HISTORY, {"agent_work_time": SECRET}, OFFICE, tier=Priority.P2, now=LATER),  # type: ignore[dict-item]
     InputTypeError, r"^targets\['agent_work_time'\]: expected a mapping of Priority -> SlaTarget"),
    ("metrics target text", lambda: zendesk.status_metrics(
        HISTORY, {"agent_work_time": {Priority.P2: SECRET}}, OFFICE, tier=Priority.P2, now=LATER),  # type: ignore[dict-item]
     InputTypeError, r"^targets\['agent_work_time'\]\['P2'\]: expected an SlaTarget, got str"),
    ("metrics tier text", lambda: zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE,
                                                         tier=SECRET, now=LATER),  # type: ignore[arg-type]
     InvalidInputError, r"^tier: expected a Priority \(P1, P2 or P3\) or None, got str of 36"),
    ("metrics tier zendesk", lambda: zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE,
                                                            tier="normal", now=LATER),  # type: ignore[arg-type]
     InvalidInputError, r"^tier: expected a Priority \(P1, P2 or P3\) or None, got 'normal'$"),
    ("metrics tier list", lambda: zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE,
                                                         tier=[SECRET], now=LATER),  # type: ignore[arg-type]
     InputTypeError, r"^tier: expected a Priority \(P1, P2 or P3\) or None, got list of 1 item$"),
    ("metrics now text", lambda: zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE,
                                                        tier=Priority.P2, now=SECRET),  # type: ignore[arg-type]
     InputTypeError, r"^now: expected a timezone-aware datetime, got str of 36 characters$"),
    ("history created naive", lambda: zendesk.status_metric(
        _history(created_at=dt.datetime(2024, 4, 1)), "agent_work_time", TARGET, OFFICE, now=LATER),
     NaiveDatetimeError, r"^history\.created_at: expected a timezone-aware datetime"),
    ("history status unknown", lambda: zendesk.status_metric(
        _history(statuses=[(LATER, SECRET)]), "agent_work_time", TARGET, OFFICE, now=LATER),
     InvalidInputError, r"^history\.statuses\[0\]\[1\]: expected one of new, .*, got str of 36"),
    ("history status not pair", lambda: zendesk.status_metric(
        _history(statuses=[SECRET]), "agent_work_time", TARGET, OFFICE, now=LATER),
     InputTypeError, r"^history\.statuses\[0\]: expected a \(datetime, str\) pair, got str of 36"),
    ("history statuses unsorted", lambda: zendesk.status_metric(
        _history(statuses=[(LATER, "open"), (T0, "pending")]), "agent_work_time", TARGET, OFFICE,
        now=LATER),
     InvalidInputError, r"^history\.statuses\[1\]: expected instants in time order"),
    ("history replies unsorted", lambda: zendesk.status_metric(
        _history(agent_replies=[LATER, T0]), "periodic_update_time", TARGET, OFFICE, now=LATER),
     InvalidInputError, r"^history\.agent_replies\[1\]: expected instants in time order"),
    ("history replies text", lambda: zendesk.status_metric(
        _history(agent_replies=SECRET), "periodic_update_time", TARGET, OFFICE, now=LATER),
     InputTypeError, r"^history\.agent_replies: expected an iterable of datetimes, got str of 36"),
    ("policy position text", lambda: zendesk.ZendeskPolicy(
        "t", SECRET, GOLD.sla, GOLD.filter),  # type: ignore[arg-type]
     InputTypeError, r"^position: expected an integer or None, got str of 36 characters$"),
    ("policy filter", lambda: zendesk.ZendeskPolicy("t", 1, GOLD.sla, None),  # type: ignore[arg-type]
     InputTypeError, r"^filter: expected a PolicyFilter, got None$"),
    ("policy sla", lambda: zendesk.ZendeskPolicy("t", 1, {}, GOLD.filter),  # type: ignore[arg-type]
     InputTypeError, r"^sla: expected an SlaPolicy, got dict of 0 items$"),
    ("filter conditions", lambda: zendesk.PolicyFilter(all=[SECRET]),  # type: ignore[arg-type]
     InputTypeError, r"^all: expected a tuple of Condition objects, got list of 1 item$"),
    ("condition field", lambda: zendesk.Condition(SECRET, "is", frozenset(), "p"),
     InvalidInputError, r"^field: expected one of priority, .*, got str of 36 characters$"),
    ("condition operator", lambda: zendesk.Condition("type", "includes", frozenset(), "p"),
     InvalidInputError, r"^operator: expected for type one of is, is_not, got 'includes'$"),
    ("condition values", lambda: zendesk.Condition("type", "is", [SECRET], "p"),  # type: ignore[arg-type]
     InputTypeError, r"^values: expected a frozenset of strings, got list of 1 item$"),
    ("filter key not echoed", lambda: zendesk.zendesk_policy(
        {"policy_metrics": [], "filter": {SECRET: []}}),
     InvalidConfigError, r"^policy\.filter: expected only the keys 'all' and 'any', got str of 36"),
    ("filter keys of two types", lambda: zendesk.zendesk_policy(
        {"policy_metrics": [], "filter": {"x": [], 1: []}}),
     InvalidConfigError, r"^policy\.filter: expected only the keys 'all' and 'any', got 'x'$"),
    ("freshdesk days of two types", lambda: freshdesk.schedule_from_freshdesk(
        {"time_zone": "UTC", "business_hours": {"x": {}, 1: {}}}),
     InvalidConfigError, r"^business_hours\.business_hours: expected day keys .*, got 'x'$"),
    ("zammad days of two types", lambda: zammad.calendar_from_zammad(
        {"timezone": "UTC", "business_hours": {2: {}, 1: {}}}),
     InvalidConfigError, r"^calendar\.business_hours: expected day keys mon \.\. sun, got int 2$"),
    ("freshdesk overnight", lambda: freshdesk.schedule_from_freshdesk(
        load("freshdesk_business_hours.json"), overnight="splits"),  # type: ignore[arg-type]
     InvalidConfigError, r"^overnight: expected 'csmetrics' or 'split', got 'splits'$"),
    ("zammad overnight", lambda: zammad.calendar_from_zammad(
        load("zammad_calendar.json"), overnight=None),  # type: ignore[arg-type]
     InvalidConfigError, r"^overnight: expected 'csmetrics' or 'split', got None$"),
    ("zendesk overnight array", lambda: zendesk.schedule_from_zendesk(
        load("zendesk_schedule_night.json"), overnight=np.array(["split", "split"])),  # type: ignore[arg-type]
     InvalidConfigError, r"^overnight: expected 'csmetrics' or 'split', got ndarray of 2 items$"),
    ("priority map value list", lambda: zendesk.zendesk_policy(
        GOLD_JSON, priority_map={"high": [SECRET]}),
     InvalidConfigError, r"^priority_map\.high: expected a csmetrics priority .*, got list of 1"),
    ("priority map value None", lambda: zendesk.tickets_from_zendesk(
        [{"id": 2, "created_at": "2024-04-01T09:00:00Z"}], priority_map={"low": None}),
     InvalidConfigError, r"^priority_map\.low: expected a csmetrics priority .*, got None$"),
    ("policy on_conflict array", lambda: zendesk.zendesk_policy(
        GOLD_JSON, on_conflict=np.array(["raise", "loosest"])),  # type: ignore[arg-type]
     InvalidConfigError, r"^on_conflict: expected 'raise', 'strictest' or 'loosest', got ndarray"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_wrong_argument_is_named_described_and_never_echoed(
    call: Callable[[], object], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern) as caught:
        call()
    message = str(caught.value)
    assert not any(leak in message for leak in LEAKS)
    assert len(message) < 4_000


def test_good_arguments_still_work() -> None:
    assert zendesk.holidays_to_zendesk((dt.date(2024, 12, 25), dt.date(2024, 12, 24))) == [
        {"name": "Holiday", "start_date": "2024-12-24", "end_date": "2024-12-25"}
    ]
    assert zendesk.select_policy((p for p in [GOLD]), {"priority": "urgent"}) in (GOLD, None)
    assert GOLD.tier(None) is None
    assert GOLD.tier("") is None
    assert GOLD.tier("normal") == Priority.P2
    # A tier as its text "P2" is the same tier; a history with statuses as lists reads the same.
    by_text = zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE, tier="P2", now=LATER)  # type: ignore[arg-type]
    by_enum = zendesk.status_metrics(HISTORY, GOLD.status_targets, OFFICE, tier=Priority.P2,
                                     now=LATER)  # fmt: skip
    assert by_text == by_enum
    as_lists = _history(statuses=[[T0 + dt.timedelta(hours=2), "pending"]],
                        agent_replies=[T0 + dt.timedelta(hours=1)])  # fmt: skip
    assert zendesk.status_metrics(as_lists, GOLD.status_targets, OFFICE, tier=Priority.P2,
                                  now=LATER) == by_enum  # fmt: skip
    local = LATER.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert zendesk.status_metric(HISTORY, "agent_work_time", TARGET, OFFICE, now=local) == (
        zendesk.status_metric(HISTORY, "agent_work_time", TARGET, OFFICE, now=LATER)
    )


def _valid_calls() -> dict[str, tuple[Callable[..., object], dict[str, Any]]]:
    return {
        "compare_zendesk": (zendesk.compare_zendesk, {"table": TABLE, "ticket_metrics": [],
                            "schedule": OFFICE, "now": LATER, "rounding": "floor"}),
        "holidays_to_zendesk": (zendesk.holidays_to_zendesk,
                                {"dates": [dt.date(2024, 1, 1)], "name": "H"}),
        "select_policy": (zendesk.select_policy, {"policies": [GOLD], "ticket": TICKET}),
        "status_metric": (zendesk.status_metric, {"history": HISTORY, "metric": "agent_work_time",
                          "target": TARGET, "schedule": OFFICE, "now": LATER}),
        "status_metrics": (zendesk.status_metrics, {"history": HISTORY,
                           "targets": GOLD.status_targets, "schedule": OFFICE,
                           "tier": Priority.P2, "now": LATER}),
        "tier": (GOLD.tier, {"zendesk_priority": "normal"}),
        "matches": (GOLD.matches, {"ticket": TICKET}),
        "status_at": (HISTORY.status_at, {"moment": LATER}),
        "schedule_from_freshdesk": (freshdesk.schedule_from_freshdesk,
                                    {"obj": load("freshdesk_business_hours.json"),
                                     "overnight": "split"}),
        "zendesk_policy": (zendesk.zendesk_policy, {"obj": GOLD_JSON,
                           "priority_map": {"high": "P2"}, "on_conflict": "strictest"}),
        "zendesk_policy map value": (lambda value: zendesk.zendesk_policy(
            GOLD_JSON, priority_map={"high": value}), {"value": "P2"}),
        "calendar_from_zammad": (zammad.calendar_from_zammad,
                                 {"obj": load("zammad_calendar.json"), "overnight": "split"}),
    }  # fmt: skip


VALID = _valid_calls()
HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.just(10**5000),
    st.floats(allow_nan=True), st.just(SECRET), st.text(max_size=12), st.binary(max_size=8),
    st.datetimes(), st.datetimes(timezones=st.just(UTC)), st.dates(),
    st.lists(st.just(SECRET), max_size=3), st.dictionaries(st.just(SECRET), st.just(SECRET)),
    st.just(np.array([[SECRET]])), st.just(np.array(["a", "b"])), st.builds(object),
    st.lists(st.datetimes(), max_size=2), st.tuples(st.datetimes(), st.just("open")),
)  # fmt: skip


@given(st.sampled_from(sorted(VALID)), st.data(), HOSTILE)
def test_any_wrong_argument_gets_the_librarys_error_without_echo(
    name: str, data: st.DataObject, value: object
) -> None:
    func, arguments = VALID[name]
    parameter = data.draw(st.sampled_from(sorted(arguments)))
    try:
        func(**(arguments | {parameter: value}))
    except CsMetricsError as exc:
        message = str(exc)
        assert not any(leak in message for leak in LEAKS), message[:300]
        assert len(message) < 4_000
