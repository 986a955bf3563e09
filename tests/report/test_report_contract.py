"""The report's contract: tables equal models, periods, JSON paths and schema, Markdown and HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._report.columns import ticket_columns
from csmetrics._report.outcomes import (
    FCR_NO,
    FCR_OPEN,
    FCR_UNKNOWN,
    FCR_YES,
    STATUSES,
    read_outcomes,
)
from csmetrics._report.text import display_width
from csmetrics.datasets import CHINA_STANDARD_TIME, DEFAULT_START, sample_surveys, sample_tickets
from csmetrics.exceptions import InvalidInputError
from csmetrics.models import Priority, SurveyResponse, Ticket
from csmetrics.report import (
    SCHEMA_VERSION,
    UNCATEGORISED,
    WeeklyReport,
    build_report,
    render_report,
    report_schema,
)
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, evaluate_many

from .helpers import (
    CONTRACT_PATHS,
    at_path,
    schema_errors,
    survey_table,
    ticket_table,
    without_overdue_reasons,
)

NOW = DEFAULT_START + dt.timedelta(days=7)
TIERED = SlaPolicy.preset("tiered")
DESK = Schedule({"daily": "08:00-22:00"}, timezone=CHINA_STANDARD_TIME)
TICKETS = without_overdue_reasons(sample_tickets(240, seed=5, days=14))
SURVEYS = sample_surveys(TICKETS, seed=5)
T0 = dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC)


def _report(**kwargs: object) -> WeeklyReport:
    options: dict[str, object] = {
        "now": NOW + dt.timedelta(days=7),
        "policy": TIERED,
        "schedule": DESK,
    } | kwargs
    return build_report(TICKETS, SURVEYS, **options)  # type: ignore[arg-type]


WEEKLY = _report(period="week", timezone="Asia/Shanghai")


def _ticket(number: int, *events: tuple[str, int], **fields: object) -> Ticket:
    at = [{"kind": k, "at": T0 + dt.timedelta(minutes=m)} for k, m in events]
    values: dict[str, object] = {"id": f"T{number}", "created_at": T0, "priority": "P2"} | fields
    return Ticket(**values, events=at)  # type: ignore[arg-type]


# --- tables and models ------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"period": "week", "timezone": "Asia/Shanghai"},
        {"period": "day"},
        {"since": DEFAULT_START, "until": DEFAULT_START + dt.timedelta(days=3)},
    ],
)
def test_tables_and_models_give_the_same_report(options: dict[str, object]) -> None:
    by_models = _report(**options)
    by_tables = build_report(
        ticket_table(TICKETS),
        survey_table(SURVEYS),
        now=NOW + dt.timedelta(days=7),
        policy=TIERED,
        schedule=DESK,
        **options,  # type: ignore[arg-type]
    )
    assert render_report(by_tables, "json") == render_report(by_models, "json")
    assert render_report(by_tables) == render_report(by_models)


@given(
    seed=st.integers(0, 2**16),
    n=st.integers(0, 40),
    days=st.integers(1, 20),
    period=st.sampled_from([None, "day", "week", "month"]),
)
def test_property_tables_equal_models(seed: int, n: int, days: int, period: str | None) -> None:
    tickets = without_overdue_reasons(sample_tickets(n, seed=seed, days=days))
    surveys = sample_surveys(tickets, seed=seed)
    now = DEFAULT_START + dt.timedelta(days=days)
    options = {"now": now, "period": period, "policy": TIERED, "timezone": "Asia/Shanghai"}
    a = build_report(tickets, surveys, **options)  # type: ignore[arg-type]
    b = build_report(ticket_table(tickets), survey_table(surveys), **options)  # type: ignore[arg-type]
    assert render_report(a, "json") == render_report(b, "json")


_KINDS = ["agent_reply", "customer_reply", "pause", "resume", "resolved", "reopened", "closed"]


@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_KINDS), st.integers(0, 5)), max_size=8), max_size=12
    ),
    st.integers(0, 40),
)
def test_property_outcomes_match_read_history(
    histories: list[list[tuple[str, int]]], cut: int
) -> None:
    tickets = []
    for i, steps in enumerate(histories):
        minutes = np.cumsum([m for _, m in steps]).tolist()
        tickets.append(_ticket(i, *((k, m) for (k, _), m in zip(steps, minutes, strict=True))))
    now = T0 + dt.timedelta(minutes=cut)
    data, _ = ticket_columns(tickets)
    found = read_outcomes(
        data.events, (now - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    )
    for i, ticket in enumerate(tickets):
        from csmetrics._models.history import read_history  # noqa: PLC0415

        history = read_history(ticket, now=now)
        assert STATUSES[found.status[i]] is history.status
        assert bool(found.was_resolved[i]) is history.was_resolved
        assert bool(found.is_resolved[i]) is history.is_resolved
        assert int(found.reopens[i]) == history.reopens
        fcr = int(found.fcr[i])
        if not history.was_resolved:
            assert fcr == FCR_OPEN
        elif history.reopens or history.replies_before_resolution > 1:
            assert fcr == FCR_NO
        elif fcr != FCR_UNKNOWN:  # known: the old rule holds
            assert fcr == (FCR_YES if history.replies_before_resolution <= 1 else FCR_NO)
            assert history.replies_before_resolution == 1


# --- first-contact resolution on thin histories ------------------------------------------


def test_first_contact_resolution_is_unknown_on_thin_histories() -> None:
    # Only "answered" and "resolved" steps, as in an export without the conversation.
    thin = [_ticket(i, ("agent_reply", 5), ("resolved", 30)) for i in range(20)]
    report = build_report(thin, now=T0 + dt.timedelta(hours=2))
    assert report.outcomes is not None
    assert (report.outcomes.fcr_unknown, report.outcomes.fcr_yes, report.outcomes.fcr) == (
        20,
        0,
        None,
    )
    assert report.quality is not None
    assert "fcr" not in {c.name for c in report.quality.components}
    assert "cannot be told" in render_report(report)


def test_first_contact_resolution_counts_a_resolution_without_reply_as_unknown() -> None:
    talk = _ticket(
        1, ("agent_reply", 5), ("customer_reply", 6), ("agent_reply", 7), ("resolved", 9)
    )
    silent = _ticket(2, ("resolved", 30))
    once = _ticket(3, ("agent_reply", 5), ("resolved", 8))
    report = build_report([talk, silent, once], now=T0 + dt.timedelta(hours=2))
    assert report.outcomes is not None
    o = report.outcomes
    assert (o.fcr_yes, o.fcr_no, o.fcr_unknown) == (1, 1, 1)
    assert o.fcr is not None
    assert o.fcr.value == 0.5


# --- periods ----------------------------------------------------------------------------


def test_a_week_is_monday_to_monday_in_the_reporting_zone() -> None:
    assert WEEKLY.since == dt.datetime(2025, 3, 10, tzinfo=WEEKLY.since.tzinfo)  # type: ignore[union-attr]
    document = json.loads(render_report(WEEKLY, "json"))
    assert document["period"]["since"] == "2025-03-10T00:00:00+08:00"
    assert document["period"]["until"] == "2025-03-17T00:00:00+08:00"
    assert document["period"]["timezone"] == "Asia/Shanghai"
    in_week = [
        t
        for t in TICKETS
        if DEFAULT_START + dt.timedelta(days=7)
        <= t.created_at
        < DEFAULT_START + dt.timedelta(days=14)
    ]
    assert WEEKLY.volume.total == len(in_week)
    assert [c.metric for c in WEEKLY.changes] == ["volume", "first_response_on_time", "csat", "nps"]
    volume = WEEKLY.changes[0]
    before = sum(1 for t in TICKETS if t.created_at < DEFAULT_START + dt.timedelta(days=7))
    assert (volume.before, volume.after) == (before, len(in_week))
    assert volume.verdict in ("real change", "noise")


@pytest.mark.parametrize(
    ("now", "period", "since", "until"),
    [
        (
            dt.datetime(2025, 3, 12, 15, tzinfo=dt.UTC),
            "day",
            "2025-03-12T00:00:00+08:00",
            "2025-03-13T00:00:00+08:00",
        ),
        (
            dt.datetime(2025, 3, 12, 16, tzinfo=dt.UTC),
            "day",
            "2025-03-13T00:00:00+08:00",
            "2025-03-14T00:00:00+08:00",
        ),
        (
            dt.datetime(2025, 4, 2, tzinfo=dt.UTC),
            "month",
            "2025-03-01T00:00:00+08:00",
            "2025-04-01T00:00:00+08:00",
        ),
        (
            dt.datetime(2025, 3, 16, 16, tzinfo=dt.UTC),
            "week",
            "2025-03-10T00:00:00+08:00",
            "2025-03-17T00:00:00+08:00",
        ),
    ],
)
def test_last_whole_period(now: dt.datetime, period: str, since: str, until: str) -> None:
    report = build_report(
        [],
        now=now + dt.timedelta(days=1 if period == "day" else 0),
        period=period,
        timezone="Asia/Shanghai",
    )  # type: ignore[arg-type]
    document = json.loads(render_report(report, "json"))
    if period == "day":  # one day later: the day that just ended
        assert document["period"]["since"] == since
    else:
        assert (document["period"]["since"], document["period"]["until"]) == (since, until)


def test_since_with_a_period_is_one_period() -> None:
    report = _report(since=DEFAULT_START, period="day")
    assert report.until is not None
    assert report.until - report.since == dt.timedelta(days=1)  # type: ignore[operator]
    assert report.volume.total == sum(
        1 for t in TICKETS if DEFAULT_START <= t.created_at < DEFAULT_START + dt.timedelta(days=1)
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"period": "year"}, "period: expected"),
        ({"timezone": "Mars/Base"}, "timezone: expected"),
        ({"since": NOW, "until": NOW - dt.timedelta(days=1)}, "until: expected"),
    ],
)
def test_bad_periods_are_named(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises((InvalidInputError, ValueError), match=match):
        build_report([], now=NOW + dt.timedelta(days=3), **kwargs)  # type: ignore[arg-type]


def test_surveys_without_time_count_in_their_tickets_period() -> None:
    undated = [s.model_copy(update={"answered_at": None}) for s in SURVEYS]
    report = _report(since=DEFAULT_START, until=DEFAULT_START + dt.timedelta(days=7))
    untimed = build_report(
        TICKETS,
        undated,
        now=NOW + dt.timedelta(days=7),
        since=DEFAULT_START,
        until=DEFAULT_START + dt.timedelta(days=7),
    )
    created = {t.id: t.created_at for t in TICKETS}
    expected = sum(1 for s in undated if DEFAULT_START <= created[s.ticket_id] < NOW)  # type: ignore[index]
    assert untimed.surveys == expected
    assert report.surveys > 0


# --- JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CONTRACT_PATHS)
def test_contract_paths_hold(path: str) -> None:
    for report in (WEEKLY, build_report([], now=NOW)):
        document = json.loads(render_report(report, "json"))
        at_path(document, path)  # raises KeyError when missing
    assert document["schema_version"] == SCHEMA_VERSION == 1


def test_contract_values_match_the_report() -> None:
    document = json.loads(render_report(WEEKLY, "json"))
    assert document["volume"]["total"] == WEEKLY.volume.total
    for channel, n in WEEKLY.volume.by_channel:
        assert document["volume"]["by_channel"][str(channel)] == n
    assert WEEKLY.sla is not None
    for p, row in WEEKLY.sla.first_response.items():
        got = document["sla"]["first_response"][p.value]
        assert (got["met"], got["breached"], got["pending"]) == (row.met, row.breached, row.pending)
        assert got["share_met"] == (None if row.share_met is None else round(row.share_met, 4))
    assert WEEKLY.satisfaction is not None
    overall = document["satisfaction"]["csat"]["overall"]
    assert overall["n"] == WEEKLY.satisfaction.csat.n
    assert 1 <= overall["low"] <= overall["mean"] <= overall["high"] <= 5
    nps = document["satisfaction"]["nps"]
    assert -100 <= nps["low"] <= nps["score"] <= nps["high"] <= 100
    assert document["input"]["tickets_read"] == len(TICKETS)
    assert document["input"]["surveys_rejected"] == 0
    assert 0 <= document["quality"]["score"] <= 100


@pytest.mark.parametrize(
    "report", [WEEKLY, build_report([], now=NOW), _report()], ids=["week", "empty", "all"]
)
def test_json_follows_the_shipped_schema(report: WeeklyReport) -> None:
    document = json.loads(render_report(report, "json"))
    schema = report_schema()
    assert schema_errors(document, schema) == []
    try:
        import jsonschema  # noqa: PLC0415 - optional: the small checker above always runs
    except ImportError:  # pragma: no cover - jsonschema is not a dependency
        return
    jsonschema.validate(document, schema)


def test_json_reruns_are_byte_identical_and_hold_no_clock_time() -> None:
    first = render_report(_report(period="week"), "json")
    again = render_report(_report(period="week"), "json")
    assert first == again
    assert "generated" not in first
    assert dt.datetime.now(dt.UTC).date().isoformat() not in first


# --- Markdown ---------------------------------------------------------------------------


def _big() -> WeeklyReport:
    """A report with 5-, 7- and 9-digit counts (sections scaled, as a huge export would give)."""
    volume = dataclasses.replace(
        WEEKLY.volume,
        total=123_456_789,
        by_channel=tuple((c, n * 1_000_003) for c, n in WEEKLY.volume.by_channel),
        by_priority=tuple((p, n * 9_999_991) for p, n in WEEKLY.volume.by_priority),
    )
    assert WEEKLY.sla is not None
    rows = {
        p: dataclasses.replace(
            r, met=r.met * 987_654, breached=r.breached * 12_345, pending=r.pending * 1_001
        )
        for p, r in WEEKLY.sla.first_response.items()
    }
    sla = dataclasses.replace(WEEKLY.sla, first_response=rows, evaluated=123_456_789)
    return dataclasses.replace(WEEKLY, volume=volume, sla=sla)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize(
    "make", [lambda: WEEKLY, _big, lambda: build_report([], now=NOW)], ids=["week", "big", "empty"]
)
def test_markdown_fits_80_columns(language: str, make: object) -> None:
    text = render_report(make(), language=language)  # type: ignore[operator]
    wide = [line for line in text.splitlines() if display_width(line) > 80]
    assert wide == []


def test_big_counts_are_shown_whole() -> None:
    text = render_report(_big())
    assert "123,456,789" in text
    tables: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    for lines in tables:
        assert len({display_width(line) for line in lines}) <= 1, lines  # columns aligned


def test_hostile_names_stay_inside_their_cells() -> None:
    long = "很长的分类名称" * 40 + "|\n# not a heading"
    tickets = [
        _ticket(i, ("agent_reply", 5), category=long if i % 2 else None, assignee="<b>x|y</b>\n")
        for i in range(6)
    ]
    text = render_report(build_report(tickets, now=T0 + dt.timedelta(hours=1)))
    assert all(display_width(line) <= 80 for line in text.splitlines())
    assert "\n# not a heading" not in text
    assert UNCATEGORISED in text


def test_no_category_is_dropped() -> None:
    tickets = [_ticket(i, category=None if i < 3 else f"c{i}") for i in range(30)]
    report = build_report(tickets, now=T0 + dt.timedelta(hours=1))
    assert report.categories is not None
    assert sum(report.categories.categories.counts) == 30
    assert (
        dict(
            zip(
                report.categories.categories.labels,
                report.categories.categories.counts,
                strict=True,
            )
        )[UNCATEGORISED]
        == 3
    )
    text = render_report(report)
    assert f"other ({len(report.categories.categories.labels) - 10} categories)" in text


def test_nps_is_shown_one_way() -> None:
    text = render_report(WEEKLY)
    assert WEEKLY.satisfaction is not None
    shown = f"{WEEKLY.satisfaction.nps.score:+.1f}"
    assert text.count(shown) >= 2  # in the satisfaction line and the quality table
    assert f"{WEEKLY.satisfaction.nps.score:.2f}" not in text


def test_manager_wording() -> None:
    text = render_report(WEEKLY)
    assert "vital few" not in text
    assert "red" not in text.split()
    assert "一级" not in text  # no mixed-language triple labels in English


def test_chinese_labels() -> None:
    text = render_report(WEEKLY, language="zh")
    for word in ("工单量", "客户满意度", "服务质量评分", "待跟进", "各项数量为何不同"):
        assert word in text
    assert "Ticket volume" not in text


def test_every_differing_count_is_explained() -> None:
    text = render_report(_report(since=DEFAULT_START, until=DEFAULT_START + dt.timedelta(days=7)))
    notes = text.split("## Why the counts differ")[1]
    assert "not every customer answers" in notes
    assert "have a comment" in notes


def test_follow_up_lists_mask_customers() -> None:
    customer = {"name": "张三丰", "phone": "13812345678"}
    tickets = [_ticket(1, priority="P1", customer=customer)]
    report = build_report(
        tickets,
        [SurveyResponse(ticket_id="T1", overall=2, nps=3)],
        now=T0 + dt.timedelta(days=2),
        policy=TIERED,
    )
    for fmt in ("md", "json", "html"):
        out = render_report(report, fmt)  # type: ignore[arg-type]
        assert "张三丰" not in out
        assert "13812345678" not in out
    assert report.sla is not None
    assert report.sla.overdue_total == 1
    assert report.follow_up_total == 1


# --- HTML -------------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped() -> None:
    evil = "<script>alert(1)</script>"
    tickets = [_ticket(i, ("agent_reply", 5), category=evil, assignee=evil) for i in range(3)]
    report = build_report(tickets, now=T0 + dt.timedelta(hours=1))
    page = render_report(report, "html", figures={evil: "<svg><rect/></svg>"})
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "http://" not in page
    assert "https://" not in page
    assert "<svg><rect/></svg>" in page
    assert page.startswith("<!DOCTYPE html>")
    assert report._repr_html_() == render_report(report, "html")
    assert report._repr_markdown_() == render_report(report)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"format": "pdf"}, "format: expected"),
        ({"language": "fr"}, "language: expected"),
        ({"figures": {"a": "<svg/>"}}, "figures: only"),
    ],
)
def test_render_arguments_are_checked(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        render_report(WEEKLY, **kwargs)  # type: ignore[arg-type]


def test_priority_none_is_counted() -> None:
    report = build_report([_ticket(1, priority=None)], now=T0 + dt.timedelta(hours=1))
    assert dict(report.volume.by_priority)[None] == 1
    assert dict(report.volume.by_priority)[Priority.P2] == 0


@given(
    start=st.integers(0, 20 * 24),
    hours=st.integers(1, 10 * 24),
    now_after=st.integers(0, 30 * 24),
    zone=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York"]),
    period=st.sampled_from([None, "day", "week", "month"]),
)
def test_property_a_ticket_counts_in_its_creation_period(
    start: int, hours: int, now_after: int, zone: str, period: str | None
) -> None:
    since = DEFAULT_START + dt.timedelta(hours=start)
    until = None if period is not None else since + dt.timedelta(hours=hours)
    now = DEFAULT_START + dt.timedelta(hours=now_after)
    if since > now:
        now = since
    report = build_report(
        TICKETS,
        SURVEYS,
        now=now,
        since=since,
        until=until,
        period=period,  # type: ignore[arg-type]
        timezone=zone,
    )
    assert report.until is not None
    assert report.since is not None
    inside = [
        t for t in TICKETS if report.since <= t.created_at < report.until and t.created_at <= now
    ]
    assert report.volume.total == len(inside)
    answered = [
        s
        for s in SURVEYS
        if s.answered_at is not None
        and report.since <= s.answered_at < report.until
        and s.answered_at <= now
    ]
    assert report.surveys == len(answered)
    assert report.volume.total + report.surveys + report.left_out == len(TICKETS) + len(SURVEYS)
    if period is not None:  # one period from since, on the local calendar
        first, last = report.since.astimezone(report.zone), report.until.astimezone(report.zone)
        assert (first.hour, first.minute) == (last.hour, last.minute) or zone != "UTC"
        months = (last.year - first.year) * 12 + last.month - first.month
        days = (last.date() - first.date()).days
        assert {"day": days == 1, "week": days == 7, "month": months == 1}[period]


_SCORES = st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=6)
_NPS = st.lists(st.one_of(st.none(), st.integers(0, 10)), max_size=6)


@given(
    st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), _SCORES, _NPS),
    st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), _SCORES, _NPS),
)
def test_property_period_changes_never_warn(before: tuple, after: tuple) -> None:  # type: ignore[type-arg]
    # Warnings are errors in the tests: degenerate periods (all on time, one score) must not warn.
    from csmetrics._report.changes import Totals, changes  # noqa: PLC0415

    def totals(t: tuple) -> Totals:  # type: ignore[type-arg]
        n, met, late, overall, answers = t
        scores = np.array([np.nan if v is None else v for v in overall], dtype=np.float64)
        nps = np.array([np.nan if v is None else v for v in answers], dtype=np.float64)
        return Totals(n, met, met + late, scores, nps)

    found = changes(totals(before), totals(after), sla=True)
    assert [c.metric for c in found] == ["volume", "first_response_on_time", "csat", "nps"]
    for change in found:
        assert change.verdict in ("real change", "noise", "no data")
        assert change.p_value is None or 0.0 <= change.p_value <= 1.0


def test_channels_the_engine_reads_by_name_give_the_engines_result() -> None:
    table = ticket_table(TICKETS[:60])
    channel = table.channel.copy()
    channel[::3] = "wechat"  # no Channel member: the SLA engine reads the name itself
    table = dataclasses.replace(table, channel=channel)
    now = NOW + dt.timedelta(days=7)
    report = build_report(table, now=now, policy=TIERED, schedule=DESK)
    out = evaluate_many(table, policy=TIERED, schedule=DESK, now=now)
    assert report.sla is not None
    for priority, row in report.sla.first_response.items():
        mine = (out["priority"] == priority.level) & out["first_response_has_target"]
        assert row.breached == int((mine & out["first_response_breached"]).sum())
    assert dict(report.volume.by_channel)["wechat"] == 20


def test_a_priority_change_is_explained() -> None:
    raised = Ticket(
        id="T9",
        created_at=T0,
        priority="P3",
        events=[{"kind": "priority_changed", "at": T0, "priority": "P1"}],
    )
    report = build_report([raised], now=T0 + dt.timedelta(hours=1), policy=TIERED)
    assert report.sla is not None
    assert report.sla.reprioritised == 1
    assert dict(report.volume.by_priority)[Priority.P3] == 1
    assert Priority.P1 in report.sla.first_response
    assert "1 tickets changed priority" in render_report(report)
