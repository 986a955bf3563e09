"""Record validation and the sample generator: csmetrics models vs plain pydantic models.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_models

Validation: ``model_validate`` of one typical sample ticket (a customer and
six events, the dict of ``model_dump()``), of one of its events and of its
customer, against plain pydantic models with the same fields, types and
constraints but no validators of their own. Both run in the same process,
interleaved (one batch each per round), best of nine rounds.

Generator: ``sample_tickets(100_000)``, best of three, with the time the
cyclic garbage collector spent inside the call (read with ``gc.callbacks``,
which the benchmark installs for the measurement; the library changes no
garbage collector setting), and ``sample_ticket_columns(100_000)`` for scale.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from benchmarks._timing import best_of
from csmetrics.datasets import sample_ticket_columns, sample_tickets
from csmetrics.models import (
    Channel,
    Customer,
    CustomerTier,
    EventKind,
    Priority,
    Ticket,
    TicketEvent,
)

__all__ = ["main"]

ROUNDS = 9
BATCH = 2_000
N_TICKETS = 100_000
GENERATOR_REPEAT = 3
FROZEN = ConfigDict(frozen=True, extra="forbid")


class PlainCustomer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str | None = None
    name: str | None = None
    phone_last4: str | None = Field(default=None, pattern=r"^\d{4}$")
    industry: str | None = None
    tier: CustomerTier = CustomerTier.NORMAL
    relationship_years: float | None = Field(default=None, ge=0)
    annual_spend: float | None = Field(default=None, ge=0)
    past_complaints: int = Field(default=0, ge=0)
    order_ids: tuple[str, ...] = ()
    contract_ids: tuple[str, ...] = ()
    device_serials: tuple[str, ...] = ()


class PlainEvent(BaseModel):
    model_config = FROZEN

    kind: EventKind
    at: dt.datetime
    priority: Priority | None = None
    note: str = ""
    agent: str | None = None


class PlainTicket(BaseModel):
    model_config = FROZEN

    id: str
    created_at: dt.datetime
    channel: Channel | None = None
    priority: Priority | None = None
    text: str = ""
    customer: PlainCustomer | None = None
    complaint: bool = False
    events: tuple[PlainEvent, ...] = ()
    product: str | None = None
    product_version: str | None = None
    category: str | None = None
    subcategory: str | None = None
    assignee: str | None = None
    team: str | None = None
    resolution: str = ""
    overdue_reason: str | None = None


def _typical_ticket() -> dict[str, Any]:
    """The dump of the first sample ticket with six events."""
    ticket = next(t for t in sample_tickets(1_000, seed=0) if len(t.events) == 6)
    assert ticket.customer is not None
    return ticket.model_dump()


def _interleaved(pairs: dict[str, tuple[Callable[[Any], object], Any]]) -> dict[str, float]:
    """Best time per call of each ``validate(data)`` pair member, rounds interleaved."""
    best = dict.fromkeys(pairs, float("inf"))
    for _ in range(ROUNDS):
        for name, (validate, data) in pairs.items():
            start = time.perf_counter()
            for _ in range(BATCH):
                validate(data)
            best[name] = min(best[name], (time.perf_counter() - start) / BATCH)
    return best


def _validation_rows() -> list[tuple[str, float, float]]:
    data = _typical_ticket()
    event, customer = data["events"][0], data["customer"]
    models = {
        "Ticket (customer, 6 events)": (Ticket, PlainTicket, data),
        "TicketEvent": (TicketEvent, PlainEvent, event),
        "Customer": (Customer, PlainCustomer, customer),
    }
    for ours, plain, value in models.values():
        assert ours.model_validate(value).model_dump() == plain.model_validate(value).model_dump()
    pairs = {}
    for label, (ours, plain, value) in models.items():
        pairs[label] = (ours.model_validate, value)
        pairs[label + " plain"] = (plain.model_validate, value)
    best = _interleaved(pairs)
    return [(label, best[label], best[label + " plain"]) for label in models]


class _CollectorClock:
    """The time the cyclic garbage collector runs while this clock is in ``gc.callbacks``."""

    def __init__(self) -> None:
        self.spent = self._started = 0.0

    def __call__(self, phase: str, _info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._started = now
        else:
            self.spent += now - self._started

    def __enter__(self) -> _CollectorClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)


def _generator_time() -> tuple[float, float]:
    """Best wall time of ``sample_tickets(N_TICKETS)`` and the gc time inside that run."""
    runs = []
    for _ in range(GENERATOR_REPEAT):
        with _CollectorClock() as clock:
            start = time.perf_counter()
            tickets = sample_tickets(N_TICKETS, seed=0)
            runs.append((time.perf_counter() - start, clock.spent))
        del tickets  # freed outside the timing
    return min(runs)


def main() -> None:
    """Time validation against plain models and the sample generator; print two tables."""
    print(f"Validation, best of {ROUNDS} interleaved rounds of {BATCH:,} calls:\n")
    print("| model_validate of | csmetrics | plain pydantic | ratio |")
    print("|---|---:|---:|---:|")
    for label, ours, plain in _validation_rows():
        print(f"| {label} | {ours * 1e6:.2f} µs | {plain * 1e6:.2f} µs | {ours / plain:.2f}x |")
    columns = best_of(lambda: sample_ticket_columns(N_TICKETS, seed=0), GENERATOR_REPEAT)
    total, collector = _generator_time()
    print(f"\nSample generator, {N_TICKETS:,} tickets, best of {GENERATOR_REPEAT}:\n")
    print("| call | time | of which garbage collector |")
    print("|---|---:|---:|")
    print(f"| `sample_tickets` | {total:.2f} s | {collector:.2f} s |")
    print(f"| `sample_ticket_columns` | {columns:.2f} s | |")


if __name__ == "__main__":
    main()
