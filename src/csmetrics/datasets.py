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

from csmetrics._datasets.api import (
    CATEGORIES,
    CHINA_STANDARD_TIME,
    DEFAULT_START,
    sample_surveys,
    sample_ticket_columns,
    sample_tickets,
)

__all__ = [
    "CATEGORIES",
    "CHINA_STANDARD_TIME",
    "DEFAULT_START",
    "sample_surveys",
    "sample_ticket_columns",
    "sample_tickets",
]
