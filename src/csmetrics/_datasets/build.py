"""Validated models (customers, tickets) built from the sample columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._datasets.columns import NAT, customer_pool_size
from csmetrics._datasets.text import (
    AGENTS,
    CATEGORY_TEAMS,
    COMPLAINT_TEAM,
    GIVEN_NAMES,
    INDUSTRIES,
    INDUSTRY_WEIGHTS,
    LATIN_NAMES,
    OVERDUE_REASONS,
    PROBLEMS,
    PRODUCTS,
    RESOLUTIONS,
    SURNAMES,
    TITLES,
)
from csmetrics._models.enums import Channel, CustomerTier, EventKind, Priority
from csmetrics._models.records import Customer, Ticket
from csmetrics._models.ticket_ids import format_ticket_id

__all__ = ["build_customers", "build_tickets", "instant"]

_UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Below 2**31 seconds after the epoch a float timestamp is exact to the microsecond.
_FLOAT_EXACT = 2**31 * 1_000_000

# Timeline columns in the order their events happen, with the kinds they record.
_STEPS: tuple[tuple[str, tuple[EventKind, ...]], ...] = (
    ("customer_reply_early_at", (EventKind.CUSTOMER_REPLY,)),
    ("first_response_at", (EventKind.AGENT_REPLY,)),
    ("pause_at", (EventKind.PAUSE,)),
    ("resume_at", (EventKind.CUSTOMER_REPLY, EventKind.RESUME)),
    ("update_at", (EventKind.AGENT_REPLY,)),
    ("first_resolved_at", (EventKind.RESOLVED,)),
    ("reopened_at", (EventKind.REOPENED,)),
    ("second_reply_at", (EventKind.AGENT_REPLY,)),
    ("resolved_at", (EventKind.RESOLVED,)),
    ("survey_sent_at", (EventKind.SURVEY_SENT,)),
    ("closed_at", (EventKind.CLOSED,)),
    ("revisit_at", (EventKind.REVISIT,)),
)
_AGENT_KINDS = frozenset({EventKind.AGENT_REPLY, EventKind.RESOLVED, EventKind.REOPENED})


def instant(micros: int, tz: dt.tzinfo) -> dt.datetime:
    """The aware datetime in ``tz`` of ``micros`` microseconds after the Unix epoch."""
    if 0 <= micros < _FLOAT_EXACT:
        return dt.datetime.fromtimestamp(micros / 1e6, tz)
    return (_UTC_EPOCH + dt.timedelta(microseconds=micros)).astimezone(tz)


def _pool(rng: np.random.Generator, size: int) -> dict[str, list[Any]]:
    """Raw attributes of every customer in the pool, drawn column by column."""
    return {
        "latin": (rng.random(size) < 0.1).tolist(),
        "latin_name": rng.integers(0, len(LATIN_NAMES), size).tolist(),
        "surname": rng.integers(0, len(SURNAMES), size).tolist(),
        "given": rng.integers(0, len(GIVEN_NAMES), (size, 2)).tolist(),
        "given_length": rng.integers(1, 3, size).tolist(),
        "title": rng.integers(0, len(TITLES), size).tolist(),
        "phone": rng.integers(0, 10**9, size).tolist(),
        "industry": rng.choice(len(INDUSTRIES), size, p=INDUSTRY_WEIGHTS).tolist(),
        "years": np.round(rng.uniform(0.5, 10.0, size), 1).tolist(),
        "spend": rng.lognormal(0.0, 0.5, size).tolist(),
        "complaints": rng.poisson(0.5, size).tolist(),
        "orders": rng.integers(0, 10**9, (size, 2)).tolist(),
        "order_count": rng.integers(1, 3, size).tolist(),
        "device": rng.integers(-(16**8), 16**8, size).tolist(),
    }


def _raw_name(pool: dict[str, list[Any]], i: int) -> str:
    """A synthetic full name; the Customer model masks it on input."""
    if pool["latin"][i]:
        return LATIN_NAMES[int(pool["latin_name"][i])]
    given = "".join(GIVEN_NAMES[g] for g in pool["given"][i][: pool["given_length"][i]])
    return SURNAMES[int(pool["surname"][i])] + given + TITLES[int(pool["title"][i])]


def _customer(pool: dict[str, list[Any]], i: int, *, vip: bool) -> Customer:
    device = pool["device"][i]
    return Customer.model_validate(
        {
            "id": f"C{i:06d}",
            "name": _raw_name(pool, i),
            "phone": f"13{pool['phone'][i]:09d}",
            "industry": INDUSTRIES[pool["industry"][i]],
            "tier": CustomerTier.VIP if vip else CustomerTier.NORMAL,
            "relationship_years": pool["years"][i],
            "annual_spend": round(pool["spend"][i] * (400_000 if vip else 30_000), -2),
            "past_complaints": pool["complaints"][i] + int(vip),
            "order_ids": tuple(f"SO{o:09d}" for o in pool["orders"][i][: pool["order_count"][i]]),
            "contract_ids": (f"HT-{i:05d}",) if vip else (),
            "device_serials": (f"SN{device:08X}",) if device >= 0 else (),
        }
    )


def build_customers(
    n: int, seed: int, used: npt.NDArray[np.int64], vip: npt.NDArray[np.bool_]
) -> dict[int, Customer]:
    """The customers of ``n`` sample tickets that ``used`` refers to, by pool index."""
    pool = _pool(np.random.default_rng([seed, 1]), customer_pool_size(n))
    wanted = dict(zip(used.tolist(), vip.tolist(), strict=True))
    return {i: _customer(pool, i, vip=wanted[i]) for i in sorted(wanted)}


def _events(row: Sequence[int], agent: str, tz: dt.tzinfo) -> list[dict[str, object]]:
    """Event records in time order (validated by the Ticket model they go into)."""
    steps: list[tuple[int, EventKind]] = []
    for micros, (_, kinds) in zip(row, _STEPS, strict=True):
        if micros != NAT:
            steps.extend((micros, kind) for kind in kinds)
    steps.sort(key=lambda step: step[0])
    return [
        {"kind": kind, "at": instant(micros, tz), "agent": agent if kind in _AGENT_KINDS else None}
        for micros, kind in steps
    ]


_FIELDS = (
    *("created_at", "channel", "serial", "problem", "text", "customer", "priority"),
    *("complaint", "agent", "product", "version", "overdue_reason", "resolved_at"),
)


def _ticket(
    values: Sequence[Any], row: Sequence[int], customers: dict[int, Customer], tz: dt.tzinfo
) -> Ticket:
    created_us, channel_code, serial, problem, text, customer, level, complaint = values[:8]
    agent, product, version, reason, resolved = (AGENTS[values[8]], *values[9:])
    created = instant(created_us, tz)
    spec, channel = PROBLEMS[problem], Channel.from_code(channel_code)
    return Ticket.model_validate(
        {
            "id": format_ticket_id(created.date(), channel, serial),
            "created_at": created,
            "channel": channel,
            "priority": Priority.from_level(level),
            "text": text,
            "customer": customers[customer],
            "complaint": complaint,
            "events": _events(row, agent, tz),
            "product": PRODUCTS[product][0],
            "product_version": PRODUCTS[product][1][version],
            "category": spec.category,
            "subcategory": spec.subcategory,
            "assignee": agent,
            "team": COMPLAINT_TEAM if complaint else CATEGORY_TEAMS[spec.category],
            "resolution": "" if resolved == NAT else RESOLUTIONS[spec.category],
            "overdue_reason": None if reason < 0 else OVERDUE_REASONS[reason],
        }
    )


def build_tickets(
    cols: dict[str, npt.NDArray[Any]], customers: dict[int, Customer], tz: dt.tzinfo
) -> list[Ticket]:
    """One validated :class:`Ticket` per row of the sample columns."""
    rows = zip(*(cols[name].tolist() for name, _ in _STEPS), strict=True)
    fields = zip(*(cols[name].tolist() for name in _FIELDS), strict=True)
    return [_ticket(values, row, customers, tz) for values, row in zip(fields, rows, strict=True)]
