"""The demo: a sample week of tickets and surveys and its weekly report.

``csmetrics demo [--n N] [--seed S]`` generates a sample week of tickets and
survey answers (:mod:`csmetrics.datasets`), shows a few masked customers and
tickets, and prints the weekly report (:mod:`csmetrics.report`) measured as of
the end of that week on the demo service desk's calendar (daily
08:00-22:00, China's public holidays) with the ``tiered`` SLA preset.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from csmetrics._datasets.api import (
    CHINA_STANDARD_TIME,
    DEFAULT_START,
    sample_surveys,
    sample_tickets,
)
from csmetrics._models.channels import channel_text
from csmetrics._models.records import Customer, Ticket
from csmetrics._report.build import build_report, render_report
from csmetrics._report.render import pad
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import SlaPolicy

__all__ = ["DEMO_HOURS", "MAX_DEMO_TICKETS", "count_argument", "demo_text", "seed_argument"]

DEMO_HOURS: Mapping[str, str] = MappingProxyType({"daily": "08:00-22:00"})
"""Service hours of the demo desk (with China's public holidays and make-up days)."""
MAX_DEMO_TICKETS = 200_000
"""Largest ``--n`` the demo accepts."""
_WEEK = dt.timedelta(days=7)
_SHOWN = 3


def _whole_number(text: str, low: int, high: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        msg = f"expected a whole number, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"{low} to {high}"
        msg = f"expected {bounds}, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def count_argument(text: str) -> int:
    """``--n``: a whole number of tickets, 0 to ``MAX_DEMO_TICKETS``."""
    return _whole_number(text, 0, MAX_DEMO_TICKETS)


def seed_argument(text: str) -> int:
    """``--seed``: a whole number, 0 or more."""
    return _whole_number(text, 0, None)


def _customer_line(customer: Customer) -> str:
    years = "" if customer.relationship_years is None else f"{customer.relationship_years:g} years"
    return (
        f"  {customer.id}  {pad(customer.name or '-', 10)}{pad(customer.tier.zh, 9)}"
        f"{pad(customer.industry or '-', 8)}phone ***{customer.phone_last4}  {years}, "
        f"past complaints: {customer.past_complaints}"
    )


def _ticket_line(ticket: Ticket, now: dt.datetime) -> str:
    channel = channel_text(ticket.channel) if ticket.channel else "-"
    priority = ticket.priority.value if ticket.priority else "-"
    return (
        f"  {ticket.id}  {ticket.created_at:%a %H:%M}  {pad(channel, 19)}{priority}  "
        f"{pad(ticket.status_at(now).value, 9)}{ticket.text}"
    )


def demo_text(n: int, seed: int) -> str:
    """The demo's output for ``n`` tickets generated with ``seed``.

    Examples
    --------
    >>> print(demo_text(40, 1).splitlines()[0])
    csmetrics demo: 40 sample tickets, seed 1, week of Mon 2025-03-03 (UTC+08:00)
    """
    tickets = sample_tickets(n, seed=seed)
    surveys = sample_surveys(tickets, seed=seed)
    now = DEFAULT_START + _WEEK
    schedule = Schedule(DEMO_HOURS, timezone=CHINA_STANDARD_TIME, holidays="CN")
    report = build_report(
        tickets,
        surveys,
        now=now,
        since=DEFAULT_START,
        policy=SlaPolicy.preset("tiered"),
        schedule=schedule,
    )
    customers = {c.id: c for t in tickets if (c := t.customer) is not None}
    events = sum(len(t.events) for t in tickets)
    week = f"{DEFAULT_START:%a %Y-%m-%d} (UTC+08:00)"
    lines = [
        f"csmetrics demo: {n} sample tickets, seed {seed}, week of {week}",
        (
            f"Validated: {n} tickets with {events} events, {len(customers)} masked customers "
            f"and {len(surveys)} survey responses, each built through its model's validation."
        ),
        "SLA: preset 'tiered' on service hours daily 08:00-22:00 with China's public holidays.",
    ]
    if tickets:
        lines += ["", "Customers (masked):"]
        lines += [_customer_line(c) for c in list(customers.values())[:_SHOWN]]
        lines += ["", "First tickets:"]
        lines += [_ticket_line(t, now) for t in tickets[:_SHOWN]]
    return "\n".join([*lines, "", render_report(report)])
