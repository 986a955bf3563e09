"""Validated models (customers, tickets) built from the sample columns.

Everything that can be is done on whole columns first (instants, event order,
table lookups), so that the loop over rows only puts values together. Every
ticket is then validated by the :class:`Ticket` model, which also checks its
events; customers are validated once each (tickets share them), as masked
profiles: the synthetic names go through ``mask_name`` as ``Customer`` input
would, and of the synthetic phone numbers only the last four digits are kept,
which is what ``mask_phone`` returns for them. The output is the same as
building every record from raw input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
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
from csmetrics._models.masking import mask_name
from csmetrics._models.records import Customer, Ticket

__all__ = ["build_customers", "build_tickets", "instant", "instants"]

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
_KINDS = list(EventKind)
_AGENT_KINDS = (EventKind.AGENT_REPLY, EventKind.RESOLVED, EventKind.REOPENED)


def instant(micros: int, tz: dt.tzinfo) -> dt.datetime:
    """The aware datetime in ``tz`` of ``micros`` microseconds after the Unix epoch."""
    if 0 <= micros < _FLOAT_EXACT:
        return dt.datetime.fromtimestamp(micros / 1e6, tz)
    return (_UTC_EPOCH + dt.timedelta(microseconds=micros)).astimezone(tz)


def instants(micros: npt.NDArray[np.int64], tz: dt.tzinfo) -> list[dt.datetime]:
    """:func:`instant` of every value of ``micros`` (the same floats, one C call each)."""
    if micros.size and (micros.min() < 0 or micros.max() >= _FLOAT_EXACT):
        return [instant(value, tz) for value in micros.tolist()]
    stamp = dt.datetime.fromtimestamp
    return [stamp(seconds, tz) for seconds in (micros.astype(np.float64) / 1e6).tolist()]


# --- customers ---------------------------------------------------------------------


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
    """A synthetic full name, to be masked."""
    if pool["latin"][i]:
        return LATIN_NAMES[int(pool["latin_name"][i])]
    given = "".join(GIVEN_NAMES[g] for g in pool["given"][i][: pool["given_length"][i]])
    return SURNAMES[int(pool["surname"][i])] + given + TITLES[int(pool["title"][i])]


def _customer(pool: dict[str, list[Any]], i: int, masks: dict[str, str], *, vip: bool) -> Customer:
    raw, device = _raw_name(pool, i), pool["device"][i]
    return Customer.model_validate(
        {
            "id": f"C{i:06d}",
            "name": masks[raw] if raw in masks else masks.setdefault(raw, mask_name(raw)),
            # mask_phone() of the number "13" + 9 digits: its last four digits.
            "phone_last4": f"{pool['phone'][i] % 10_000:04d}",
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
    masks: dict[str, str] = {}  # synthetic names, masked once each
    return {i: _customer(pool, i, masks, vip=wanted[i]) for i in sorted(wanted)}


# --- events ------------------------------------------------------------------------


def _event_table(cols: dict[str, npt.NDArray[Any]]) -> tuple[npt.NDArray[np.int64], ...]:
    """Row, instant and kind code of every event, by row, then time, then step order."""
    rows, times, codes = [], [], []
    for column, step_kinds in _STEPS:
        (happened,) = np.nonzero(cols[column] != NAT)
        for step_kind in step_kinds:
            rows.append(happened)
            times.append(cols[column][happened])
            codes.append(np.full(happened.size, _KINDS.index(step_kind)))
    row, time, code = (np.concatenate(parts).astype(np.int64) for parts in (rows, times, codes))
    order = np.lexsort((time, row))  # stable: equal times keep the step order
    return row[order], time[order], code[order]


def _events(cols: dict[str, npt.NDArray[Any]], tz: dt.tzinfo) -> Iterator[list[dict[str, Any]]]:
    """The event records of each row in turn, in time order (validated with their ticket).

    Records hold the kind's value, not the member (the models take both): a dict
    of str, datetime and None is not tracked by the garbage collector.
    """
    row, time, code = _event_table(cols)
    agent_codes = [_KINDS.index(kind) for kind in _AGENT_KINDS]
    by_agent = np.where(np.isin(code, agent_codes), cols["agent"][row], -1)
    kinds = _lookup([kind.value for kind in _KINDS], code)
    ats, agents = instants(time, tz), _lookup([*AGENTS, None], by_agent)
    counts = np.bincount(row, minlength=cols["created_at"].size)
    for start, end in pairwise([0, *np.cumsum(counts).tolist()]):
        parts = kinds[start:end], ats[start:end], agents[start:end]
        yield [{"kind": k, "at": at, "agent": a} for k, at, a in zip(*parts, strict=True)]


# --- tickets -----------------------------------------------------------------------


def _lookup(table: Sequence[Any], codes: npt.NDArray[Any]) -> list[Any]:
    """``table[code]`` for every code."""
    values = np.empty(len(table), dtype=object)
    values[:] = table
    return list(values[codes].tolist())


def _ids(created: list[dt.datetime], cols: dict[str, npt.NDArray[Any]]) -> list[str]:
    """``format_ticket_id(created.date(), channel, serial)`` of every row."""
    codes, serials = cols["channel"].tolist(), cols["serial"].tolist()
    return [
        f"{c.year:04d}{c.month:02d}{c.day:02d}{code}{serial:02d}"
        for c, code, serial in zip(created, codes, serials, strict=True)
    ]


def _texts(cols: dict[str, npt.NDArray[Any]]) -> dict[str, list[Any]]:
    """Product, category, team, resolution and overdue reason of every row."""
    problem = cols["problem"]
    category = [p.category for p in PROBLEMS]
    versions = [(name, version) for name, versions in PRODUCTS for version in versions]
    first = np.cumsum([0, *(len(versions) for _, versions in PRODUCTS)])[cols["product"]]
    teams = _lookup([CATEGORY_TEAMS[c] for c in category], problem)
    resolutions = _lookup([RESOLUTIONS[c] for c in category], problem)
    return {
        "product": _lookup([name for name, _ in versions], first),
        "product_version": _lookup([version for _, version in versions], first + cols["version"]),
        "category": _lookup(category, problem),
        "subcategory": _lookup([p.subcategory for p in PROBLEMS], problem),
        "team": [
            COMPLAINT_TEAM if complaint else team
            for complaint, team in zip(cols["complaint"].tolist(), teams, strict=True)
        ],
        "resolution": [
            "" if resolved == NAT else text
            for resolved, text in zip(cols["resolved_at"].tolist(), resolutions, strict=True)
        ],
        "overdue_reason": _lookup([None, *OVERDUE_REASONS], cols["overdue_reason"] + 1),
    }


_CHANNELS = [Channel.from_code(code) for code in range(len(Channel))]
_PRIORITIES = [None, *(Priority.from_level(level) for level in (1, 2, 3))]


def build_tickets(
    cols: dict[str, npt.NDArray[Any]], customers: dict[int, Customer], tz: dt.tzinfo
) -> list[Ticket]:
    """One validated :class:`Ticket` per row of the sample columns."""
    created = instants(cols["created_at"], tz)
    columns: dict[str, Iterable[Any]] = {
        "id": _ids(created, cols),
        "created_at": created,
        "channel": _lookup(_CHANNELS, cols["channel"]),
        "priority": _lookup(_PRIORITIES, cols["priority"]),
        "text": cols["text"].tolist(),
        "customer": [customers[i] for i in cols["customer"].tolist()],
        "complaint": cols["complaint"].tolist(),
        "assignee": _lookup(AGENTS, cols["agent"]),
        **_texts(cols),
        "events": _events(cols, tz),
    }
    validate = Ticket.model_validate
    rows = zip(*columns.values(), strict=True)
    return [validate(dict(zip(columns, row, strict=True))) for row in rows]
