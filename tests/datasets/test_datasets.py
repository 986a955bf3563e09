"""Sample data: determinism, coverage, validity and consistency of the timelines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._datasets.build import instant
from csmetrics._datasets.text import COMMENTS, OVERDUE_REASONS, PROBLEMS
from csmetrics.datasets import (
    CATEGORIES,
    DEFAULT_START,
    sample_surveys,
    sample_ticket_columns,
    sample_tickets,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError
from csmetrics.models import Channel, EventKind, Priority, SurveyResponse, Ticket
from csmetrics.ticket_ids import parse_ticket_id

WEEK = sample_tickets(400, seed=11)
SURVEYS = sample_surveys(WEEK, seed=11)
RESOLUTION_TARGET = {
    Priority.P1: dt.timedelta(hours=2),
    Priority.P2: dt.timedelta(hours=4),
    Priority.P3: dt.timedelta(hours=24),
}
SPEC_PHRASES = [
    "漏发",
    "产品破损需紧急补发",
    "我的货已经延迟5天了!",
    "APP退款按钮找不到",
    "发票开具延迟",
    "希望增加夜间客服",
    "开机后屏幕无显示",
    "等待超过2小时未接通",
    "客服语气生硬",
    "承诺3天到货,实际7天",
]


def _kinds(ticket: Ticket) -> list[EventKind]:
    return [event.kind for event in ticket.events]


def _first(ticket: Ticket, kind: EventKind) -> dt.datetime | None:
    return next((e.at for e in ticket.events if e.kind is kind), None)


def _check_timeline(ticket: Ticket) -> None:
    """Every ordering rule a sample ticket's events obey."""
    created, first = ticket.created_at, ticket.first_response_at
    assert all(e.at >= created for e in ticket.events)
    if first is None:
        assert ticket.events == () or _kinds(ticket) == [EventKind.CUSTOMER_REPLY]
        return
    assert first > created
    resolved = ticket.resolved_at
    if resolved is not None:
        assert resolved > first
        assert _first(ticket, EventKind.CLOSED) is not None
        assert _first(ticket, EventKind.CLOSED) > resolved  # type: ignore[operator]
    pause, resume = _first(ticket, EventKind.PAUSE), _first(ticket, EventKind.RESUME)
    assert (pause is None) == (resume is None)
    if pause is not None and resume is not None:
        assert first < pause < resume
    if ticket.reopen_count:
        reopened = _first(ticket, EventKind.REOPENED)
        assert _first(ticket, EventKind.RESOLVED) < reopened < resolved  # type: ignore[operator]
    survey = _first(ticket, EventKind.SURVEY_SENT)
    assert survey is None or (resolved is not None and survey > resolved)
    assert (_first(ticket, EventKind.REVISIT) is not None) == (
        ticket.complaint and resolved is not None
    )


# --- determinism -----------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 5, 2025])
def test_same_seed_gives_identical_tickets_and_surveys(seed: int) -> None:
    first, second = sample_tickets(60, seed=seed), sample_tickets(60, seed=seed)
    assert first == second
    assert sample_surveys(first, seed=seed) == sample_surveys(second, seed=seed)


def test_different_seeds_give_different_weeks() -> None:
    assert sample_tickets(60, seed=1) != sample_tickets(60, seed=2)


def test_columns_are_deterministic() -> None:
    a, b = sample_ticket_columns(500, seed=4), sample_ticket_columns(500, seed=4)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].tolist() == b[name].tolist(), name


# --- coverage ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("channel", set(Channel)),
        ("priority", set(Priority)),
        ("category", set(CATEGORIES)),
        ("subcategory", {p.subcategory for p in PROBLEMS}),
        ("overdue_reason", {None, *OVERDUE_REASONS}),
        ("complaint", {True, False}),
    ],
)
def test_a_week_covers_every_value(attribute: str, expected: set[object]) -> None:
    assert {getattr(t, attribute) for t in WEEK} == expected


@pytest.mark.parametrize("kind", [k for k in EventKind if k is not EventKind.PRIORITY_CHANGED])
def test_a_week_has_every_event_kind(kind: EventKind) -> None:
    assert any(kind in _kinds(t) for t in WEEK)


def test_a_week_uses_the_spec_phrases_in_both_languages() -> None:
    texts = [t.text for t in sample_tickets(1500, seed=3)]
    for phrase in SPEC_PHRASES:
        assert any(phrase in text for text in texts), phrase
    english = [text for text in texts if text.isascii()]
    assert 0.1 < len(english) / len(texts) < 0.3


def test_customers_are_masked_with_both_tiers_and_main_industries() -> None:
    customers = [t.customer for t in WEEK if t.customer is not None]
    assert len(customers) == len(WEEK)
    assert {c.tier.value for c in customers} == {"vip", "normal"}
    assert {"制造业", "零售业"} <= {c.industry for c in customers}
    for customer in customers:
        assert customer.name is not None
        assert "*" in customer.name or customer.name.endswith(("先生", "女士"))
        assert customer.phone_last4 is not None
        assert len(customer.phone_last4) == 4
    assert all(c.contract_ids for c in customers if c.is_vip)


def test_weekly_pattern_favours_office_hours_and_workdays() -> None:
    created = [t.created_at for t in sample_tickets(1500, seed=8)]
    weekday = Counter(c.weekday() for c in created)
    assert min(weekday[d] for d in range(5)) > max(weekday[5], weekday[6])
    office = sum(1 for c in created if 9 <= c.hour < 18)
    night = sum(1 for c in created if c.hour < 7)
    assert office > 0.5 * len(created)
    assert night < 0.05 * len(created)


# --- validity and consistency -----------------------------------------------------


def test_every_record_validates_again_from_its_dump() -> None:
    for ticket in WEEK:
        assert Ticket.model_validate(ticket.model_dump()) == ticket
    for survey in SURVEYS:
        assert SurveyResponse.model_validate(survey.model_dump()) == survey


def test_timelines_are_consistent() -> None:
    for ticket in WEEK:
        _check_timeline(ticket)


def test_tickets_are_sorted_and_inside_the_week() -> None:
    created = [t.created_at for t in WEEK]
    assert created == sorted(created)
    assert created[0] >= DEFAULT_START
    assert created[-1] < DEFAULT_START + dt.timedelta(days=7)


def test_ids_parse_back_with_serials_per_day_and_channel() -> None:
    seen: Counter[tuple[dt.date, Channel]] = Counter()
    for ticket in WEEK:
        parsed = parse_ticket_id(ticket.id)
        assert parsed.date == ticket.created_at.date()
        assert parsed.channel is ticket.channel
        seen[parsed.date, parsed.channel] += 1
        assert parsed.serial == seen[parsed.date, parsed.channel]
    assert len({t.id for t in WEEK}) == len(WEEK)


def test_overdue_reasons_only_on_late_tickets() -> None:
    flagged = [t for t in WEEK if t.overdue_reason is not None]
    assert flagged
    for ticket in flagged:
        assert ticket.resolved_at is not None
        assert ticket.priority is not None
        assert ticket.resolved_at - ticket.created_at > RESOLUTION_TARGET[ticket.priority]


def test_teams_follow_category_and_complaints_go_to_the_supervisor() -> None:
    teams = {(t.category, t.team) for t in WEEK if not t.complaint}
    assert len({category for category, _ in teams}) == len(teams)
    assert {t.team for t in WEEK if t.complaint} == {"客服主管"}


def test_columns_match_the_models() -> None:
    cols = sample_ticket_columns(300, seed=9)
    tickets = sample_tickets(300, seed=9)
    utc = [t.created_at.astimezone(dt.UTC).replace(tzinfo=None) for t in tickets]
    assert cols["created_at"].astype(object).tolist() == utc
    assert cols["priority"].tolist() == [t.priority.level for t in tickets if t.priority]
    assert cols["channel"].tolist() == [t.channel.code for t in tickets if t.channel]
    assert cols["text"].tolist() == [t.text for t in tickets]
    responded = [t.first_response_at for t in tickets]
    expected = [None if r is None else r.astimezone(dt.UTC).replace(tzinfo=None) for r in responded]
    assert cols["first_response_at"].astype(object).tolist() == expected
    assert [CATEGORIES[c] for c in cols["category"].tolist()] == [t.category for t in tickets]


def test_other_time_zones_and_lengths() -> None:
    start = dt.datetime(2025, 3, 8, 12, 30, tzinfo=ZoneInfo("America/New_York"))
    tickets = sample_tickets(200, seed=2, start=start, days=3)
    assert all(start <= t.created_at < start + dt.timedelta(days=3) for t in tickets)
    assert all(t.created_at.tzinfo is start.tzinfo for t in tickets)
    assert all(parse_ticket_id(t.id).date == t.created_at.date() for t in tickets)


def test_zero_tickets() -> None:
    assert sample_tickets(0) == []
    assert sample_surveys([]) == []
    assert all(column.size == 0 for column in sample_ticket_columns(0).values())


@given(
    n=st.integers(0, 25),
    seed=st.integers(0, 2**32),
    offset_minutes=st.integers(-12 * 60, 14 * 60),
    days=st.integers(1, 10),
)
def test_property_every_sample_is_valid(n: int, seed: int, offset_minutes: int, days: int) -> None:
    start = dt.datetime(
        2024, 12, 30, 7, 15, tzinfo=dt.timezone(dt.timedelta(minutes=offset_minutes))
    )
    tickets = sample_tickets(n, seed=seed, start=start, days=days)
    assert len(tickets) == n
    for ticket in tickets:
        assert start <= ticket.created_at < start + dt.timedelta(days=days)
        assert parse_ticket_id(ticket.id).date == ticket.created_at.date()
        _check_timeline(ticket)


@given(st.integers(0, 2**31 * 10**6 - 1))
def test_property_fast_instants_are_exact(micros: int) -> None:
    exact = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    assert instant(micros, dt.UTC) == exact
    assert instant(micros, dt.UTC).microsecond == exact.microsecond


def test_instants_past_2038_use_the_exact_path() -> None:
    micros = 2**33 * 10**6 + 123_457
    expected = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    assert instant(micros, dt.UTC) == expected


# --- surveys ---------------------------------------------------------------------


def test_surveys_answer_sent_surveys_after_they_were_sent() -> None:
    sent = {t.id: _first(t, EventKind.SURVEY_SENT) for t in WEEK}
    assert 0.4 < len(SURVEYS) / sum(1 for at in sent.values() if at) < 0.8
    for survey in SURVEYS:
        assert survey.ticket_id is not None
        sent_at = sent[survey.ticket_id]
        assert sent_at is not None
        assert survey.answered_at is not None
        assert survey.answered_at > sent_at


def test_survey_scores_cover_the_scales_and_follow_history() -> None:
    surveys = sample_surveys(sample_tickets(1500, seed=5), seed=5, response_rate=1.0)
    overall = Counter(s.overall for s in surveys)
    assert set(overall) == {None, 1, 2, 3, 4, 5}
    scores = [s.nps for s in surveys if s.nps is not None]
    assert min(scores) <= 2
    assert max(scores) == 10
    assert 6 in scores
    mean = np.mean([s.overall for s in surveys if s.overall is not None])
    assert 3.5 < mean < 4.6
    by_id = {t.id: t for t in sample_tickets(1500, seed=5)}
    reopened = [s.effectiveness for s in surveys if by_id[s.ticket_id or ""].reopen_count]
    smooth = [s.effectiveness for s in surveys if not by_id[s.ticket_id or ""].reopen_count]
    assert np.mean([x for x in reopened if x]) < np.mean([x for x in smooth if x]) - 0.5


def test_survey_comments_match_mood_and_language() -> None:
    by_id = {t.id: t for t in WEEK}
    english = {en for pairs in COMMENTS.values() for _, en in pairs}
    chinese = {zh for pairs in COMMENTS.values() for zh, _ in pairs}
    negative = {text for pair in COMMENTS["negative"] for text in pair}
    commented = [s for s in SURVEYS if s.comment]
    assert 0.5 < len(commented) / len(SURVEYS) < 0.8
    for survey in commented:
        ticket = by_id[survey.ticket_id or ""]
        assert survey.comment in (english if ticket.text.isascii() else chinese)
        if survey.comment in negative:
            assert survey.overall is not None
            assert survey.overall <= 2


@pytest.mark.parametrize(("rate", "expected"), [(0.0, 0), (1.0, None)])
def test_response_rate_bounds(rate: float, expected: int | None) -> None:
    sent = sum(1 for t in WEEK if _first(t, EventKind.SURVEY_SENT))
    assert len(sample_surveys(WEEK, seed=1, response_rate=rate)) == (
        sent if expected is None else expected
    )


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"n": -1}, InvalidInputError, "n: expected an int >= 0, got -1"),
        ({"n": 2.5}, InputTypeError, "n: expected an int, got float 2.5"),
        ({"n": True}, InputTypeError, "n: expected an int"),
        ({"n": 3, "seed": -4}, InvalidInputError, "seed: expected an int >= 0, got -4"),
        ({"n": 3, "seed": "1"}, InputTypeError, "seed: expected an int, got str of 1 character"),
        ({"n": 3, "days": 0}, InvalidInputError, "days: expected an int >= 1, got 0"),
        ({"n": 3, "start": dt.datetime(2025, 3, 3)}, NaiveDatetimeError, "start: expected"),
        (
            {"n": 3, "start": dt.date(2025, 3, 3)},
            InputTypeError,
            "start: expected a timezone-aware datetime, got date",
        ),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, fragment: str) -> None:
    for function in (sample_tickets, sample_ticket_columns):
        with pytest.raises(error, match=fragment.replace("(", r"\(").replace(".", r"\.")):
            function(**kwargs)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "fragment"),
    [
        ((WEEK,), {"response_rate": 1.5}, InvalidInputError, "response_rate: expected a prob"),
        ((WEEK,), {"response_rate": "high"}, InputTypeError, "response_rate: expected a float"),
        ((WEEK,), {"seed": -1}, InvalidInputError, "seed: expected an int >= 0"),
        (([{"id": "x"}],), {}, InputTypeError, "tickets: expected Ticket objects, got dict"),
        ((None,), {}, InputTypeError, "tickets: expected an iterable of Ticket"),
    ],
)
def test_bad_survey_arguments(
    args: tuple[object, ...], kwargs: dict[str, object], error: type, fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        sample_surveys(*args, **kwargs)  # type: ignore[arg-type]


# --- caps, checked before any work -----------------------------------------------

TOO_BIG = [
    ({"n": 10**12}, "n: expected an int <= "),
    ({"n": 3, "days": 10**9}, r"days: expected an int <= 3,660 \(the cap\), got 1000000000"),
    ({"n": 3, "days": 3_661}, "days: expected an int <= 3,660"),
    ({"n": 3, "seed": 2**128}, "seed: expected an int <= .* got int of 129 bits"),
    (
        {"n": 3, "start": dt.datetime(2399, 11, 28, tzinfo=dt.UTC)},
        "start: expected a sample period",
    ),
    ({"n": 3, "start": dt.datetime(1700, 1, 1, tzinfo=dt.UTC)}, "start: expected a sample period"),
    (
        {"n": 3, "start": dt.datetime(2390, 1, 1, tzinfo=dt.UTC), "days": 3_660},
        "start: expected a sample period of 3660 days",
    ),
]


@pytest.mark.parametrize(("kwargs", "fragment"), TOO_BIG)
def test_sizes_over_their_cap_are_refused_before_any_work(
    kwargs: dict[str, object], fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csmetrics._datasets.api as api  # noqa: PLC0415

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("generated before checking")  # pragma: no cover

    monkeypatch.setattr(api, "ticket_columns", no_work)
    for function in (sample_tickets, sample_ticket_columns):
        with pytest.raises(InvalidInputError, match=fragment):
            function(**kwargs)  # type: ignore[arg-type]


def test_each_generator_has_its_own_cap() -> None:
    import csmetrics._datasets.api as api  # noqa: PLC0415

    with pytest.raises(InvalidInputError, match=r"n: expected an int <= 200,000 \(the cap\)"):
        sample_tickets(api.MAX_SAMPLE_TICKETS + 1)
    with pytest.raises(InvalidInputError, match=r"n: expected an int <= 5,000,000 \(the cap\)"):
        sample_ticket_columns(api.MAX_SAMPLE_ROWS + 1)
    assert len(sample_ticket_columns(3, days=api.MAX_SAMPLE_DAYS)["created_at"]) == 3
    with pytest.raises(InvalidInputError, match=r"seed: expected an int <= "):
        sample_surveys(WEEK[:2], seed=api.MAX_SEED + 1)


def test_survey_lateness_is_measured_between_instants_across_a_fold() -> None:
    from csmetrics._datasets.surveys import _features  # noqa: PLC0415

    new_york = ZoneInfo("America/New_York")
    created = dt.datetime(2026, 11, 1, 1, 10, tzinfo=new_york)  # 01:10 EDT
    reply = dt.datetime(2026, 11, 1, 1, 20, fold=1, tzinfo=new_york)  # 01:20 EST, 70 min later
    ticket = Ticket(id="F", created_at=created, priority="P1",
                    events=[{"kind": "agent_reply", "at": reply}])  # fmt: skip
    assert _features(ticket)[0] == 1.0  # late against 15 minutes (the wall clock says 10)
