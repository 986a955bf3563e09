"""The column-wise record builder gives what the straightforward per-row construction gives."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._datasets import build
from csmetrics._datasets.columns import NAT, ticket_columns
from csmetrics.datasets import DEFAULT_START, sample_tickets
from csmetrics.masking import mask_phone
from csmetrics.models import Channel, EventKind
from csmetrics.ticket_ids import format_ticket_id

AGENT_KINDS = {EventKind.AGENT_REPLY, EventKind.RESOLVED, EventKind.REOPENED}
STARTS = [
    DEFAULT_START,
    dt.datetime(2025, 3, 8, 12, 30, tzinfo=ZoneInfo("America/New_York")),
    dt.datetime(2024, 12, 30, 7, 15, tzinfo=dt.timezone(dt.timedelta(minutes=-330))),
]


def row_events(cols: dict[str, Any], i: int, tz: dt.tzinfo) -> list[tuple[Any, ...]]:
    """The events of row ``i`` built one by one: steps in order, sorted by time (stable)."""
    steps = [
        (int(cols[column][i]), kind)
        for column, kinds in build._STEPS
        for kind in kinds
        if cols[column][i] != NAT
    ]
    steps.sort(key=lambda step: step[0])
    agent = build.AGENTS[int(cols["agent"][i])]
    return [
        (kind, build.instant(micros, tz), agent if kind in AGENT_KINDS else None)
        for micros, kind in steps
    ]


@pytest.mark.parametrize("start", STARTS, ids=["cst", "new-york", "fixed"])
def test_events_match_the_per_row_construction(start: dt.datetime) -> None:
    cols = ticket_columns(400, seed=3, start=start, days=7)
    assert start.tzinfo is not None
    for i, events in enumerate(build._events(cols, start.tzinfo)):
        built = [(EventKind(e["kind"]), e["at"], e["agent"]) for e in events]
        assert built == row_events(cols, i, start.tzinfo)


@pytest.mark.parametrize("start", STARTS, ids=["cst", "new-york", "fixed"])
def test_ids_match_format_ticket_id(start: dt.datetime) -> None:
    tickets = sample_tickets(300, seed=5, start=start, days=3)
    cols = ticket_columns(300, seed=5, start=start, days=3)
    expected = [
        format_ticket_id(t.created_at.date(), Channel.from_code(code), serial)
        for t, code, serial in zip(tickets, cols["channel"], cols["serial"].tolist(), strict=True)
    ]
    assert [t.id for t in tickets] == expected


@given(st.lists(st.integers(-(2**33) * 10**6, 2**33 * 10**6), max_size=8))
def test_instants_are_instant_of_each_value(micros: list[int]) -> None:
    array = np.array(micros, dtype=np.int64)
    assert build.instants(array, dt.UTC) == [build.instant(m, dt.UTC) for m in micros]


@given(st.lists(st.integers(0, 2**31 * 10**6 - 1), max_size=8), st.sampled_from(STARTS))
def test_instants_keep_the_zone(micros: list[int], start: dt.datetime) -> None:
    assert start.tzinfo is not None
    values = build.instants(np.array(micros, dtype=np.int64), start.tzinfo)
    assert values == [build.instant(m, start.tzinfo) for m in micros]
    assert all(value.tzinfo is start.tzinfo for value in values)


@given(st.integers(0, 10**9 - 1))
def test_phone_last4_is_the_mask_of_the_sample_number(number: int) -> None:
    assert f"{number % 10_000:04d}" == mask_phone(f"13{number:09d}")


def test_customers_are_masked_like_raw_input() -> None:
    cols = ticket_columns(200, seed=2, start=DEFAULT_START, days=7)
    customers = build.build_customers(200, 2, cols["customer"], cols["vip"])
    pool = build._pool(np.random.default_rng([2, 1]), build.customer_pool_size(200))
    for i, customer in customers.items():
        raw = {"name": build._raw_name(pool, i), "phone": f"13{pool['phone'][i]:09d}"}
        masked = build.Customer.model_validate(customer.model_dump(exclude={"name"}) | raw)
        assert masked == customer
