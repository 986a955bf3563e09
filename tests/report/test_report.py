"""The weekly report: each section against a direct computation, periods, absent sections."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._report.render import display_width, pad
from csmetrics.classify import sentiment, sentiment_many
from csmetrics.datasets import (
    CHINA_STANDARD_TIME,
    DEFAULT_START,
    sample_surveys,
    sample_tickets,
)
from csmetrics.exceptions import (
    InputTypeError,
    InvalidInputError,
    MissingTargetError,
    NaiveDatetimeError,
)
from csmetrics.models import Channel, Priority, Status, SurveyResponse, Ticket
from csmetrics.report import (
    QUALITY_TARGETS,
    WeeklyReport,
    build_report,
    render_report,
)
from csmetrics.schedule import Schedule
from csmetrics.scoring import csat, nps, pareto
from csmetrics.sla import SlaPolicy, compliance, evaluate

NOW = DEFAULT_START + dt.timedelta(days=7)
TIERED = SlaPolicy.preset("tiered")
DESK = Schedule({"daily": "08:00-22:00"}, timezone=CHINA_STANDARD_TIME)
TICKETS = sample_tickets(250, seed=21)
SURVEYS = sample_surveys(TICKETS, seed=21)
REPORT = build_report(TICKETS, SURVEYS, now=NOW, policy=TIERED, schedule=DESK)
T0 = dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC)


def _ticket(number: int, *events: tuple[str, int], priority: str = "P1") -> Ticket:
    return Ticket(
        id=f"2025030400{number}",
        created_at=T0,
        channel="chat",
        priority=priority,
        category="物流配送",
        subcategory="延误",
        events=[{"kind": kind, "at": T0 + dt.timedelta(minutes=m)} for kind, m in events],
    )


# --- sections against direct computations -------------------------------------------


def test_volume_counts_match_the_tickets() -> None:
    volume = REPORT.volume
    assert volume.total == len(TICKETS)
    assert dict(volume.by_channel) == {c: sum(t.channel is c for t in TICKETS) for c in Channel}
    assert dict(volume.by_priority) == Counter(t.priority for t in TICKETS)
    assert dict(volume.by_status) == {
        s: sum(t.status_at(NOW) is s for t in TICKETS) for s in Status
    }
    assert volume.complaints == sum(t.complaint for t in TICKETS)
    assert volume.urgent_share == pytest.approx(dict(volume.by_priority)[Priority.P1] / 250)


def test_sla_section_matches_evaluate() -> None:
    results = [evaluate(t, TIERED, DESK, now=NOW) for t in TICKETS]
    sla = REPORT.sla
    assert sla is not None
    # The report measures first response and resolution (the columns of evaluate_many).
    two = ("first_response", "resolution")
    late = [any(m.breached for k, m in r.metrics().items() if k in two) for r in results]
    assert sla.breached_tickets == sum(late)
    for priority in Priority:
        mine = [r.first_response for r in results if r.priority is priority]
        row = sla.first_response[priority]
        assert row.met == sum(1 for m in mine if m is not None and m.met)
        assert row.met + row.breached + row.pending == len(mine)
    rungs: Counter[tuple[int, str]] = Counter()
    for result in results:
        reached = [m.escalation for k, m in result.metrics().items() if m.escalation and k in two]
        if reached:
            top = max(reached, key=lambda e: e.level)
            rungs[top.level, top.action] += 1
    assert {(level, action): n for level, action, n in sla.escalations} == rungs
    assert {level for level, _, _ in sla.escalations} == {1, 2}
    reasons = Counter(t.overdue_reason for t in TICKETS if t.overdue_reason)
    assert dict(sla.overdue_reasons) == reasons


def test_sla_rows_are_the_compliance_per_priority() -> None:
    results = [evaluate(t, TIERED, DESK, now=NOW) for t in TICKETS]
    sla = REPORT.sla
    assert sla is not None
    for metric, rows in (("first_response", sla.first_response), ("resolution", sla.resolution)):
        table = compliance(results, by="priority", metrics=(metric,))
        assert {p.value: row for p, row in rows.items()} == table


def test_quality_counts_first_contact_resolution_once_a_ticket_is_resolved() -> None:
    talk = _ticket(2, ("agent_reply", 5), ("customer_reply", 6), ("agent_reply", 7))
    before = build_report([_ticket(1, ("agent_reply", 5)), talk], now=T0 + dt.timedelta(hours=1))
    after = build_report(
        [_ticket(1, ("agent_reply", 5), ("resolved", 30)), talk], now=T0 + dt.timedelta(hours=1)
    )
    assert before.quality is not None
    assert after.quality is not None
    assert "fcr" not in {c.name for c in before.quality.components}
    assert "fcr" in {c.name for c in after.quality.components}


def test_satisfaction_section_matches_csat_and_nps() -> None:
    section = REPORT.satisfaction
    assert section is not None
    answered = [s for s in SURVEYS if s.answered_at is not None and s.answered_at <= NOW]
    assert 0 < len(answered) < len(SURVEYS)
    assert section.responses == len(answered)
    assert REPORT.left_out == len(SURVEYS) - len(answered)
    expected = csat([s.overall for s in answered])
    assert section.csat.mean == pytest.approx(expected.mean)
    assert section.csat.n == expected.n
    assert section.nps.score == pytest.approx(nps([s.nps for s in answered]).score)
    assert section.follow_up == sum(s.needs_follow_up for s in answered)
    assert set(section.by_dimension) == {"responsiveness", "effectiveness", "attitude", "overall"}


def test_category_section_is_the_pareto_of_categories() -> None:
    section = REPORT.categories
    assert section is not None
    assert section.categories == pareto(t.category for t in TICKETS)
    assert section.problems.labels[0] in {f"{t.category}/{t.subcategory}" for t in TICKETS}


def test_quality_flags_follow_the_targets() -> None:
    quality = REPORT.quality
    assert quality is not None
    names = {c.name for c in quality.components}
    assert names == {"csat", "nps", "fcr", "on_time", "resolution_rate", "warmth"}
    for component in quality.components:
        target = QUALITY_TARGETS.get(component.name)
        assert component.to_improve == (target is not None and component.value < target)
    assert sum(c.weight for c in quality.components) == pytest.approx(1.0)


# --- hand-made cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "events", "first", "resolution"),
    [
        # P1: 15 min / 2 h; a running resolution past its deadline counts as breached
        (Priority.P1, (("agent_reply", 20),), (0, 1, 0), (0, 1, 0)),
        (Priority.P1, (("agent_reply", 10), ("resolved", 90)), (1, 0, 0), (1, 0, 0)),
        (Priority.P1, (("agent_reply", 5), ("resolved", 200)), (1, 0, 0), (0, 1, 0)),
        # P3: 1 h / 24 h; still running within its target: pending
        (Priority.P3, (("agent_reply", 50),), (1, 0, 0), (0, 0, 1)),
        (Priority.P3, (), (0, 1, 0), (0, 0, 1)),
    ],
)
def test_compliance_rows_of_one_ticket(
    priority: Priority,
    events: tuple[tuple[str, int], ...],
    first: tuple[int, ...],
    resolution: tuple[int, ...],
) -> None:
    now = T0 + dt.timedelta(hours=5)
    ticket = _ticket(1, *events, priority=priority.value)
    report = build_report([ticket], now=now, policy=TIERED)
    assert report.sla is not None
    assert set(report.sla.first_response) == {priority}
    row = report.sla.first_response[priority]
    assert (row.met, row.breached, row.pending) == first
    row = report.sla.resolution[priority]
    assert (row.met, row.breached, row.pending) == resolution


def test_period_leaves_out_later_and_earlier_records() -> None:
    early, late = _ticket(1, ("agent_reply", 5)), _ticket(2)
    late = late.model_copy(update={"created_at": T0 + dt.timedelta(days=2)})
    answered_late = SurveyResponse(overall=5, nps=10, answered_at=T0 + dt.timedelta(days=3))
    answered = SurveyResponse(overall=2, nps=3, answered_at=T0 + dt.timedelta(hours=1))
    now = T0 + dt.timedelta(days=1)
    report = build_report([early, late], [answered, answered_late], now=now)
    assert report.volume.total == 1
    assert report.left_out == 2
    assert report.satisfaction is not None
    assert report.satisfaction.csat.mean == 2.0
    since = build_report([early, late], now=T0 + dt.timedelta(days=3), since=T0 + dt.timedelta(1))
    assert since.volume.total == 1
    assert since.left_out == 1


def test_sections_without_their_inputs_are_absent() -> None:
    report = build_report(TICKETS, now=NOW)
    assert report.sla is None
    assert report.satisfaction is None
    assert report.quality is not None
    assert {c.name for c in report.quality.components} == {"fcr", "resolution_rate"}
    text = render_report(report)
    assert "(SLA)" not in text
    assert "satisfaction" not in text
    assert "Quality score" in text


def test_empty_input_gives_a_report_without_warnings() -> None:
    report = build_report([], [], now=NOW, policy=TIERED)
    assert report.volume.total == 0
    assert report.volume.urgent_share == 0.0
    assert (report.sla, report.satisfaction, report.categories, report.quality) == (None,) * 4
    assert "0 tickets, of which 0 complaints." in render_report(report)


def test_surveys_without_scores_leave_satisfaction_out() -> None:
    report = build_report([], [SurveyResponse(comment="谢谢,理解了")], now=NOW)
    assert report.satisfaction is None
    assert report.quality is None  # warmth alone has no weight
    assert report.sentiment is not None
    assert (report.sentiment.comments, report.sentiment.warmth) == (1, 1.0)


def test_sentiment_section_matches_the_classifier() -> None:
    section = REPORT.sentiment
    assert section is not None
    answered = [s for s in SURVEYS if s.answered_at is not None and s.answered_at <= NOW]
    comments = [s.comment for s in answered if s.comment]
    batch = sentiment_many(comments)
    assert section.comments == len(comments)
    assert section.counts == batch.counts()
    assert section.warmth == pytest.approx(batch.warmth_share())
    assert sum(section.share(label) for label in section.counts) == pytest.approx(1.0)
    for label, text, words in section.examples:
        assert sentiment(text).label.value == label
        assert words == tuple(e.text for e in sentiment(text).evidence)


def test_sentiment_section_needs_comments() -> None:
    report = build_report([], [SurveyResponse(overall=4, nps=8, comment="  ")], now=NOW)
    assert report.sentiment is None
    assert report.satisfaction is not None


def test_default_schedule_is_round_the_clock() -> None:
    ticket = _ticket(1, ("agent_reply", 16))
    report = build_report([ticket], now=T0 + dt.timedelta(hours=1), policy=TIERED)
    assert report.sla is not None
    assert report.sla.first_response[Priority.P1].breached == 1


# --- rendering --------------------------------------------------------------------------


def test_rendered_report_shows_the_numbers() -> None:
    text = render_report(REPORT)
    assert text.splitlines()[0] == "# Service report: up to 2025-03-10 00:00 (UTC+08:00)"
    volume = REPORT.volume
    assert f"{volume.total} tickets, of which {volume.complaints} complaints." in text
    for channel, count in volume.by_channel:
        assert isinstance(channel, Channel)
        name = channel.value.replace("_", " ")
        assert any(
            line.startswith(f"| {name} ") and f" {count} |" in line for line in text.splitlines()
        )
    assert REPORT.sla is not None
    assert f"Tickets late on at least one target: {REPORT.sla.breached_tickets} of 250." in text
    assert REPORT.satisfaction is not None
    assert f"NPS (recommend, -100 to +100): {REPORT.satisfaction.nps.score:+.1f}," in text
    assert REPORT.quality is not None
    assert f"Quality score: {REPORT.quality.value:.1f} / 100" in text
    quality_lines = text.split("## Quality score")[1].split("##")[0]
    assert quality_lines.count("| to improve |") == len(REPORT.quality.flags)
    assert REPORT.sentiment is not None
    assert f"{REPORT.sentiment.comments} comments: positive" in text


def test_since_appears_in_the_header() -> None:
    report = build_report(TICKETS, now=NOW, since=DEFAULT_START, timezone="Asia/Shanghai")
    header = render_report(report).splitlines()[0]
    assert header == "# Service report: from 2025-03-03 00:00 to 2025-03-10 00:00 (UTC+08:00)"


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("张*", 3), ("服务体验", 8), ("ＡＢ", 4), ("", 0), ("P1 一级 red", 11)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width
    assert display_width(pad(text, 12)) == max(12, width)


@given(n=st.integers(0, 30), seed=st.integers(0, 1000), days=st.integers(1, 9))
def test_property_counts_add_up(n: int, seed: int, days: int) -> None:
    tickets = sample_tickets(n, seed=seed)
    now = DEFAULT_START + dt.timedelta(days=days)
    report = build_report(tickets, sample_surveys(tickets, seed=seed), now=now, policy=TIERED)
    volume = report.volume
    assert sum(c for _, c in volume.by_channel) == volume.total
    assert volume.total == sum(1 for t in tickets if t.created_at <= report.now)
    assert sum(c for _, c in volume.by_priority) == volume.total
    assert sum(c for _, c in volume.by_status) == volume.total
    if report.quality is not None:
        assert 0 <= report.quality.value <= 100
    render_report(report)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "fragment"),
    [
        (([],), {"now": dt.datetime(2025, 3, 3)}, NaiveDatetimeError, "now: expected a timezone"),
        (
            ([],),
            {"now": "2025-03-03"},
            InputTypeError,
            "now: expected a timezone-aware datetime, got str",
        ),
        (([],), {"now": NOW, "since": NOW + dt.timedelta(1)}, InvalidInputError, "since: expected"),
        ((5,), {"now": NOW}, InputTypeError, "tickets: expected an iterable of Ticket, got int"),
        (("abc",), {"now": NOW}, InputTypeError, "tickets: expected an iterable of Ticket"),
        (([1],), {"now": NOW}, InputTypeError, "tickets: expected Ticket objects, got int"),
        (([], [TICKETS[0]]), {"now": NOW}, InputTypeError, "surveys: expected SurveyResponse"),
        (([],), {"now": NOW, "policy": "tiered"}, InputTypeError, "policy: expected an SlaPolicy"),
        (([],), {"now": NOW, "schedule": {}}, InputTypeError, "schedule: expected a Schedule"),
    ],
)
def test_bad_arguments_are_named(
    args: tuple[object, ...], kwargs: dict[str, object], error: type, fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        build_report(*args, **kwargs)  # type: ignore[arg-type]


def test_render_rejects_other_objects() -> None:
    with pytest.raises(InputTypeError, match="report: expected a WeeklyReport, got dict"):
        render_report({})  # type: ignore[arg-type]
    assert isinstance(REPORT, WeeklyReport)


def test_tickets_without_priority_need_a_policy_default() -> None:
    bare = Ticket(id="20250304001", created_at=T0)
    with pytest.raises(MissingTargetError, match="ticket '20250304001': expected a priority"):
        build_report([bare], now=T0 + dt.timedelta(hours=1), policy=TIERED)
    report = build_report([bare], now=T0 + dt.timedelta(hours=1))
    # Counted as "no priority", never dropped.
    assert report.volume.by_priority == (
        (Priority.P1, 0),
        (Priority.P2, 0),
        (Priority.P3, 0),
        (None, 1),
    )
