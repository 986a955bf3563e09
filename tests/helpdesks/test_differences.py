"""The documented differences between the products' clocks and csmetrics' (docs/helpdesks.md)."""

from __future__ import annotations

import datetime as dt

from csmetrics.helpdesks import zendesk
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, evaluate

UTC = dt.UTC
OFFICE = Schedule({"mon-fri": "09:00-17:00"}, timezone="UTC")


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2024, 4, day, hour, tzinfo=UTC)  # 2024-04-01 is a Monday


def _audit(when: str, status: str) -> dict[str, object]:
    return {"ticket_id": 1, "created_at": when,
            "events": [{"type": "Change", "field_name": "status", "value": status}]}  # fmt: skip


REOPENED = zendesk.tickets_from_zendesk(
    [{"id": 1, "created_at": "2024-04-01T09:00:00Z", "priority": "normal", "requester_id": 5}],
    audits=[
        _audit("2024-04-01T09:00:00Z", "open"),
        _audit("2024-04-01T11:00:00Z", "solved"),
        _audit("2024-04-02T09:00:00Z", "open"),
        _audit("2024-04-02T11:00:00Z", "solved"),
    ],
)


def test_reopen_engine_resolution_leaves_out_the_solved_span_zendesk_does_not() -> None:
    policy = SlaPolicy(priorities={"P2": {"resolution": "48h"}})
    result = evaluate(next(REOPENED.records()), policy, OFFICE, now=_at(5, 0))
    assert result.resolution is not None
    assert result.resolution.elapsed == dt.timedelta(minutes=240)
    row = zendesk.compare_zendesk(REOPENED, [], schedule=OFFICE).rows()[0]
    assert row["resolution_business_ours"] == 600  # creation -> last solve, as Zendesk
    assert row["requester_wait_business_ours"] == 240  # the solved span left out


def test_a_schedule_change_applies_from_its_date_in_csmetrics() -> None:
    changed = OFFICE.with_hours({"mon-fri": "09:00-13:00"}, effective=dt.date(2024, 4, 3))
    # Zendesk would measure the whole span on the new hours: 240 + 60 = 300.
    assert changed.between(_at(2, 9), _at(3, 10)) == dt.timedelta(minutes=540)


def test_rounding_to_whole_minutes_is_an_option() -> None:
    table = zendesk.tickets_from_zendesk(
        [{"id": 2, "created_at": "2024-04-01T09:00:00Z", "requester_id": 5}],
        [{"ticket_id": 2, "metric": "reply_time", "instance_id": 1, "type": "fulfill",
          "time": "2024-04-01T09:10:50Z"}],
    )  # fmt: skip
    metrics = [{"ticket_id": 2, "reply_time_in_minutes": {"calendar": 10, "business": 10}}]
    rows = {
        mode: zendesk.compare_zendesk(table, metrics, schedule=OFFICE, rounding=mode).rows()[0]
        for mode in ("none", "floor", "nearest")
    }
    assert abs(rows["none"]["reply_calendar_diff"] - 50 / 60) < 1e-9
    assert rows["floor"]["reply_calendar_diff"] == 0
    assert rows["nearest"]["reply_calendar_diff"] == 1
