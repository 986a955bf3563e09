"""Realistic synthetic tickets and surveys, for demos, docs, tests and benchmarks.

A sample week looks like a real after-sales queue: tickets from all six
channels, every problem category with Chinese and English wording ("漏发",
"产品破损需紧急补发", "APP退款按钮找不到" ...), three priorities, VIP and
normal customers (masked: "张*", last four phone digits), events with first
responses, pauses while waiting for the customer, customer replies, progress
updates, resolutions, reopens, surveys, closing and complaint revisits, and an
overdue reason ("客户电话占线", "跨部门协作延迟") on some late tickets.

Arrivals follow a weekly pattern in the wall-clock time of ``start``: most in
office hours, fewer in the evening, few at night and at weekends. Agents work
08:00-22:00, so tickets that arrive at night wait for the morning.

Everything is deterministic per ``seed`` (numpy ``default_rng``): the same
arguments give identical output, on any machine and at any time. Nothing here
reads the clock: ``start`` defaults to :data:`DEFAULT_START`, Monday
2025-03-03 00:00 China Standard Time (UTC+08:00, no daylight saving).

Events are generated in full, also those that happen after the sample
period ends; ask a ticket about a moment with ``Ticket.status_at(now)`` or
``Ticket.events_until(now)`` to see the queue as it stood then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_aware, require_records
from csmetrics._datasets.build import build_customers, build_tickets
from csmetrics._datasets.columns import ticket_columns
from csmetrics._datasets.surveys import build_surveys
from csmetrics._datasets.text import CATEGORIES
from csmetrics._models.records import SurveyResponse, Ticket
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "CATEGORIES",
    "CHINA_STANDARD_TIME",
    "DEFAULT_START",
    "MAX_SAMPLE_DAYS",
    "MAX_SAMPLE_ROWS",
    "MAX_SAMPLE_TICKETS",
    "MAX_SEED",
    "sample_surveys",
    "sample_ticket_columns",
    "sample_tickets",
]

CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""UTC+08:00, China's time zone all year (no daylight saving), as a fixed offset."""
DEFAULT_START = dt.datetime(2025, 3, 3, tzinfo=CHINA_STANDARD_TIME)
"""Monday 2025-03-03 00:00 at UTC+08:00, the default beginning of a sample week."""

MAX_SAMPLE_TICKETS = 200_000
"""The most tickets :func:`sample_tickets` makes (about 1 GB of models, some seconds)."""
MAX_SAMPLE_ROWS = 5_000_000
"""The most rows :func:`sample_ticket_columns` makes (about 1.4 GB at its peak)."""
MAX_SAMPLE_DAYS = 3_660
"""The longest sample period, in days (ten years)."""
MAX_SEED = 2**128 - 1
"""The largest seed."""
_FIRST_START = dt.datetime(1800, 1, 2, tzinfo=dt.UTC)
_LAST_END = dt.datetime(2399, 12, 1, tzinfo=dt.UTC)  # a month of events after the period

_INSTANT_COLUMNS = (
    "created_at",
    "customer_reply_early_at",
    "first_response_at",
    "pause_at",
    "resume_at",
    "update_at",
    "first_resolved_at",
    "reopened_at",
    "second_reply_at",
    "resolved_at",
    "survey_sent_at",
    "closed_at",
    "revisit_at",
)
_CODE_COLUMNS = {
    "channel": np.int8,
    "priority": np.int8,
    "category": np.int8,
    "problem": np.int16,
    "language": np.int8,
    "serial": np.int32,
    "customer": np.int64,
    "agent": np.int16,
    "overdue_reason": np.int8,
}


def _check_int(name: str, value: object, minimum: int, maximum: int) -> int:
    """``value`` as an int in ``[minimum, maximum]``; the error describes it, never echoes it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        msg = f"{name}: expected an int, got {describe(value)}"
        raise InputTypeError(msg)
    number = int(value)
    shown = number if abs(number) < 10**15 else describe(number)
    if number < minimum:
        msg = f"{name}: expected an int >= {minimum}, got {shown}"
        raise InvalidInputError(msg)
    if number > maximum:
        msg = f"{name}: expected an int <= {maximum:,} (the cap), got {shown}"
        raise InvalidInputError(msg)
    return number


def _arguments(
    n: object, seed: object, start: object, days: object, *, most: int
) -> tuple[int, int, dt.datetime, int]:
    """The checked arguments of a generator, before any work."""
    count = _check_int("n", n, 0, most)
    seed_value = _check_int("seed", seed, 0, MAX_SEED)
    period = _check_int("days", days, 1, MAX_SAMPLE_DAYS)
    begin = require_aware(start, param="start")
    if not _FIRST_START <= begin <= _LAST_END - dt.timedelta(days=period):
        msg = (
            f"start: expected a sample period of {period} days within 1800-01-02 .. "
            f"{_LAST_END:%Y-%m-%d}, got a start at {begin.isoformat()}"
        )
        raise InvalidInputError(msg)
    return count, seed_value, begin, period


def sample_ticket_columns(
    n: int, *, seed: int = 0, start: dt.datetime = DEFAULT_START, days: int = 7
) -> dict[str, npt.NDArray[Any]]:
    """Generate ``n`` sample tickets as numpy columns (fast: millions of rows per second).

    The same rows :func:`sample_tickets` turns into models, for vectorized
    code and benchmarks that do not need one object per ticket.

    Parameters
    ----------
    n : int
        Number of tickets, 0 to 5,000,000.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``, 0 to 2**128 - 1;
        the same seed gives the same columns.
    start : datetime.datetime, default DEFAULT_START
        Timezone-aware beginning of the sample period; the period (and a month
        of events after it) must lie in the years 1800-2399.
    days : int, default 7
        Length of the period in days, 1 to 3,660;
        arrivals fall in ``[start, start + days)``.

    Returns
    -------
    dict of str to numpy.ndarray
        Rows sorted by creation time. Instants are ``datetime64[us]`` UTC,
        NaT where the step did not happen: ``created_at``,
        ``first_response_at``, ``resolved_at`` (the last resolution),
        ``customer_reply_early_at``, ``pause_at``, ``resume_at`` (the customer's
        answer that ends the pause), ``update_at``, ``first_resolved_at`` /
        ``reopened_at`` / ``second_reply_at`` (reopened tickets only),
        ``survey_sent_at``, ``closed_at``, ``revisit_at`` (complaints).
        Codes: ``priority`` (levels 1-3), ``channel`` (``Channel.code`` 0-5),
        ``category`` (index into :data:`CATEGORIES`), ``problem`` (template
        index), ``language`` (0 Chinese, 1 English), ``serial`` (ticket-id serial
        within the local day and channel), ``customer`` (pool index), ``agent``,
        ``overdue_reason`` (-1: none). Flags: ``vip``, ``complaint``. Text:
        ``text`` (object array of str).

    Raises
    ------
    InputTypeError
        If ``n``, ``seed`` or ``days`` is not an int, or ``start`` not a datetime.
    InvalidInputError
        If ``n``, ``seed`` or ``days`` is outside its range, or the period
        outside the supported years; checked before any work.
    NaiveDatetimeError
        If ``start`` has no time zone.

    Examples
    --------
    >>> cols = sample_ticket_columns(1000, seed=7)
    >>> cols["created_at"].dtype, cols["priority"].min(), cols["priority"].max()
    (dtype('<M8[us]'), np.int8(1), np.int8(3))
    >>> answered = ~np.isnat(cols["first_response_at"])
    >>> bool((cols["first_response_at"] > cols["created_at"])[answered].all())
    True
    >>> sorted(set(cols["channel"].tolist()))
    [0, 1, 2, 3, 4, 5]
    """
    count, seed_value, begin, period = _arguments(n, seed, start, days, most=MAX_SAMPLE_ROWS)
    cols = ticket_columns(count, seed=seed_value, start=begin, days=period)
    public: dict[str, npt.NDArray[Any]] = {
        name: cols[name].view("datetime64[us]") for name in _INSTANT_COLUMNS
    }
    public |= {name: cols[name].astype(dtype) for name, dtype in _CODE_COLUMNS.items()}
    public |= {name: cols[name].astype(bool) for name in ("vip", "complaint")}
    public["text"] = cols["text"]
    return public


def sample_tickets(
    n: int, *, seed: int = 0, start: dt.datetime = DEFAULT_START, days: int = 7
) -> list[Ticket]:
    """Generate ``n`` validated sample tickets spread over ``days`` days from ``start``.

    Parameters
    ----------
    n : int
        Number of tickets, 0 to 200,000.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``, 0 to 2**128 - 1; the same
        arguments give identical tickets.
    start : datetime.datetime, default DEFAULT_START
        Timezone-aware beginning of the sample period (in the years 1800-2399,
        with a month to spare); the tickets' datetimes are in its time zone.
    days : int, default 7
        Length of the period, 1 to 3,660; every
        ticket is created in ``[start, start + days)``.

    Returns
    -------
    list of Ticket
        Sorted by creation time. Ids follow the id rule (local date, channel
        code, serial per day and channel); customers are masked
        :class:`~csmetrics.models.Customer` records shared between tickets.

    Raises
    ------
    InputTypeError
        If an argument has the wrong type.
    InvalidInputError
        If ``n``, ``seed`` or ``days`` is outside its range, or the period
        outside the supported years; checked before any work.
    NaiveDatetimeError
        If ``start`` has no time zone.

    Examples
    --------
    >>> tickets = sample_tickets(300, seed=1)
    >>> len(tickets), tickets[0].created_at >= DEFAULT_START
    (300, True)
    >>> t = tickets[0]
    >>> t.id[:8] == f"{t.created_at:%Y%m%d}", t.customer.name.endswith(("*", "士", "生"))
    (True, True)
    >>> sample_tickets(5, seed=3) == sample_tickets(5, seed=3)
    True
    """
    count, seed_value, begin, period = _arguments(n, seed, start, days, most=MAX_SAMPLE_TICKETS)
    cols = ticket_columns(count, seed=seed_value, start=begin, days=period)
    assert begin.tzinfo is not None
    customers = build_customers(len(cols["customer"]), seed_value, cols["customer"], cols["vip"])
    return build_tickets(cols, customers, begin.tzinfo)


def sample_surveys(
    tickets: Iterable[Ticket], *, seed: int = 0, response_rate: float = 0.6
) -> list[SurveyResponse]:
    """Generate survey answers for the tickets whose survey was sent.

    Scores follow each ticket's history: a late first response, a late
    resolution, a reopen or a complaint lower them. Comments (Chinese or
    English, as the ticket) match the overall score: "感谢解决问题",
    "解决了,但流程麻烦", "维修师傅很专业,但等待时间有点长", "问题未解决" ...
    A few questions are skipped (``None``).

    Parameters
    ----------
    tickets : iterable of Ticket
        Typically :func:`sample_tickets` output; only tickets with a
        ``survey_sent`` event can be answered.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``, 0 to 2**128 - 1.
    response_rate : float, default 0.6
        Probability that a sent survey is answered, in ``[0, 1]``.

    Returns
    -------
    list of SurveyResponse
        In ticket order, answered after the survey was sent.

    Raises
    ------
    InputTypeError
        If ``tickets`` holds something other than ``Ticket`` objects, or
        ``seed`` / ``response_rate`` have the wrong type.
    InvalidInputError
        If ``seed`` is outside its range or ``response_rate`` outside ``[0, 1]``.

    Examples
    --------
    >>> tickets = sample_tickets(200, seed=1)
    >>> surveys = sample_surveys(tickets, seed=1)
    >>> 0 < len(surveys) < len(tickets)
    True
    >>> all(s.ticket_id in {t.id for t in tickets} for s in surveys)
    True
    """
    seed_value = _check_int("seed", seed, 0, MAX_SEED)
    if isinstance(response_rate, bool) or not isinstance(response_rate, int | float):
        msg = f"response_rate: expected a float, got {describe(response_rate)}"
        raise InputTypeError(msg)
    if not 0 <= response_rate <= 1:
        msg = f"response_rate: expected a probability in [0, 1], got {describe(response_rate)}"
        raise InvalidInputError(msg)
    return build_surveys(
        require_records(tickets, Ticket, param="tickets"), seed_value, float(response_rate)
    )
