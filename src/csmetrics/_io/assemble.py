"""From typed batch columns to a table: bad rows out, events built, missing values filled in.

Rules, in order: a row with a bad value is rejected (its first problem is
the reason); a ticket needs a non-blank id not seen before and a
``created_at``; its steps (first response, resolution, reopen, close,
pauses) must not precede its creation. Each ticket's events are built from
its step columns and pauses (or taken from an events file), in time order;
at one instant the order is that of ``EventKind``. A missing priority is
assigned from the text (:func:`assign_priority`), a missing category too
(:func:`categorize`); the table counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._classify.api import categorize_many
from csmetrics._core.describe import describe
from csmetrics._core.timestamps import REASONS, parse_instants
from csmetrics._io.batch import object_array
from csmetrics._io.convert import Problem, Typed
from csmetrics._io.events import EVENT_KINDS, TicketEvents
from csmetrics._io.seen_ids import SeenIds
from csmetrics._models.enums import Channel, EventKind
from csmetrics._priority.assign import assign_priority_many

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "StepEvents",
    "build_events",
    "check_tickets",
    "fill_in",
    "model_events",
    "pause_events",
    "step_events",
    "summarize",
]

_NAT = np.datetime64("NaT", "us")
_STEPS = (
    ("first_response_at", EventKind.AGENT_REPLY),
    ("resolved_at", EventKind.RESOLVED),
    ("reopened_at", EventKind.REOPENED),
    ("closed_at", EventKind.CLOSED),
)
_CODE = {kind: code for code, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True, slots=True)
class StepEvents:
    """Flat events of a batch: ticket row, instant (us), kind code, new priority level."""

    row: npt.NDArray[np.int64]
    at: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    priority: npt.NDArray[np.int8]

    @staticmethod
    def join(parts: Sequence[StepEvents]) -> StepEvents:
        """All the events of ``parts`` together."""
        return StepEvents(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                            ("row", "at", "kind", "priority")))  # fmt: skip


def _column(typed: Typed, name: str, n: int) -> npt.NDArray[Any]:
    found: npt.NDArray[Any] = typed.columns.get(name, np.full(n, _NAT))
    return found


def check_tickets(typed: Typed, n: int, seen: SeenIds) -> None:
    """Add problems for blank, unhashable or repeated ids and for steps before creation."""
    ids = typed.columns.get("id", np.full(n, None, dtype=object)).tolist()
    bad = _bad_ids(ids)
    if bad:
        rows = np.array([row for row in range(n) if row not in bad], dtype=np.intp)
        repeated = np.zeros(n, dtype=bool)
        repeated[rows] = seen.add([ids[row] for row in rows.tolist()])
    else:  # the common case: every id a non-blank text or a number
        repeated = seen.add(ids)
    for row in sorted([*bad, *np.flatnonzero(repeated).tolist()]):
        reason = bad.get(row, "expected a unique id, got a repeat")
        typed.problems.append(Problem(row, "id", "id", reason))
    created = _column(typed, "created_at", n)
    for name, _ in _STEPS:
        step = _column(typed, name, n)
        for row in np.flatnonzero(step < created).tolist():
            reason = "expected an instant at or after created_at"
            typed.problems.append(Problem(row, name, name, reason))


def _bad_ids(ids: list[Any]) -> dict[int, str]:
    """The rows whose id is missing, blank (spaces only) or unhashable, and why."""
    try:
        if all(map(str.strip, ids)):
            return {}  # every id a non-blank text
    except TypeError:  # not every id is a text (None, or numbers from a frame)
        pass
    bad = {}
    for row, value in enumerate(ids):
        if value is None or (isinstance(value, str) and not value.strip()):
            bad[row] = "expected a non-blank id"
        elif not isinstance(value, str):
            try:
                hash(value)
            except TypeError:
                bad[row] = f"expected a text or a number as id, got {describe(value)}"
    return bad


def pause_events(
    texts: npt.NDArray[np.object_], zone: dt.tzinfo | None, typed: Typed
) -> StepEvents:
    """Pause / resume events from ``start/end;start/end`` texts (an empty end: still paused)."""
    rows, parts = [], []
    for row, text in enumerate(texts.tolist()):
        if text is None:
            continue
        for pair in str(text).split(";"):
            if not pair.strip():
                continue
            start, _, end = pair.partition("/")
            rows += [row, row]
            parts += [start.strip(), end.strip() or None]
    values = object_array(parts, len(parts))
    absent = np.array([p is None for p in parts], dtype=bool)
    parsed = parse_instants(values, absent, zone=zone)
    for index in np.flatnonzero(parsed.failure).tolist():
        reason = f"expected start/end pairs of {REASONS[int(parsed.failure[index])]}"
        typed.problems.append(Problem(rows[index], "pauses", "pauses", reason))
    kinds = np.tile([_CODE[EventKind.PAUSE], _CODE[EventKind.RESUME]], len(parts) // 2)
    keep = parsed.us != np.iinfo(np.int64).min
    return StepEvents(np.array(rows, np.int64)[keep], parsed.us[keep], kinds[keep].astype(np.int8),
                      np.zeros(int(keep.sum()), np.int8))  # fmt: skip


def step_events(typed: Typed, n: int) -> StepEvents:
    """The events of the step columns (first response, resolution, reopen, close)."""
    parts = []
    for name, kind in _STEPS:
        values = _column(typed, name, n).view(np.int64)
        rows = np.flatnonzero(values != np.iinfo(np.int64).min)
        parts.append(StepEvents(rows.astype(np.int64), values[rows],
                                np.full(rows.size, _CODE[kind], np.int8),
                                np.zeros(rows.size, np.int8)))  # fmt: skip
    return StepEvents.join(parts)


def model_events(histories: npt.NDArray[np.object_]) -> StepEvents:
    """The events models carry: per row a list of (aware datetime, kind code, level)."""
    rows, at, kind, level = [], [], [], []
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    for row, history in enumerate(histories.tolist()):
        for moment, code, priority in history or ():
            rows.append(row)
            at.append((moment - epoch) // dt.timedelta(microseconds=1))
            kind.append(code)
            level.append(priority)
    return StepEvents(np.array(rows, np.int64), np.array(at, np.int64), np.array(kind, np.int8),
                      np.array(level, np.int8))  # fmt: skip


def build_events(events: StepEvents, keep: npt.NDArray[np.bool_]) -> TicketEvents:
    """Ragged events of the kept rows, in time order (ties in ``EventKind`` order)."""
    renumber = np.cumsum(keep) - 1
    mine = keep[events.row]
    row, at, kind = renumber[events.row[mine]], events.at[mine], events.kind[mine]
    order = _time_order(row, at, kind)
    counts = np.bincount(row, minlength=int(keep.sum()))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return TicketEvents(offsets, kind[order], at[order].view("datetime64[us]"),
                        events.priority[mine][order])  # fmt: skip


def _time_order(
    row: npt.NDArray[np.int64], at: npt.NDArray[np.int64], kind: npt.NDArray[np.int8]
) -> npt.NDArray[np.intp]:
    """``np.lexsort((kind, at, row))``, quicker when most tickets' events come in time order.

    The events come as a few runs sorted by row (one per step column), which
    a stable sort by row merges; only the tickets whose events are then out
    of (time, kind) order are sorted again, with the same ties kept.
    """
    order = np.argsort(row, kind="stable")
    r, a, k = row[order], at[order], kind[order]
    before = (a[1:] < a[:-1]) | ((a[1:] == a[:-1]) & (k[1:] < k[:-1]))
    unsorted = np.unique(r[1:][(r[1:] == r[:-1]) & before])
    if unsorted.size:
        chosen = np.flatnonzero(np.isin(r, unsorted))
        order[chosen] = order[chosen][np.lexsort((k[chosen], a[chosen], r[chosen]))]
    return order


def fill_in(columns: dict[str, npt.NDArray[Any]]) -> tuple[int, int]:
    """Assign missing priorities and categories from the text; return how many of each."""
    levels = columns["priority"]
    todo = np.flatnonzero(levels == 0)
    if todo.size:
        levels[todo] = _assigned_levels(
            _texts(columns, todo), columns["tier"][todo], columns["channel"][todo]
        )
    categories = columns["category"]
    empty = np.flatnonzero(categories == None)  # noqa: E711 - elementwise on objects
    filled = 0
    if empty.size:
        found = categorize_many(_texts(columns, empty).tolist())
        categories[empty] = found.categories
        subcategories = columns["subcategory"]
        subcategories[empty] = np.where(
            np.array([s is None for s in subcategories[empty].tolist()], dtype=bool),
            found.subcategories, subcategories[empty],
        )  # fmt: skip
        filled = int(found.matched.sum())
    return int(todo.size), filled


def _texts(columns: dict[str, npt.NDArray[Any]], rows: npt.NDArray[np.intp]) -> Any:
    """The texts of ``rows``, a missing one as ``""``."""
    return object_array((t or "" for t in columns["text"][rows].tolist()), rows.shape[0])


def _assigned_levels(
    texts: npt.NDArray[np.object_],
    tiers: npt.NDArray[np.object_],
    channels: npt.NDArray[np.object_],
) -> npt.NDArray[np.int8]:
    """Priorities from the text, tier and channel, decided once per distinct combination."""
    known = {c.value for c in Channel}
    keys: dict[tuple[Any, Any, Any], int] = {}
    codes = np.empty(texts.shape[0], dtype=np.intp)
    for row, key in enumerate(zip(texts.tolist(), tiers.tolist(), channels.tolist(), strict=True)):
        codes[row] = keys.setdefault(key, len(keys))
    unique = list(keys)
    levels = assign_priority_many(
        [text for text, _, _ in unique],
        customer_tier=[tier if tier in ("vip", "normal") else None for _, tier, _ in unique],
        channel=[channel if channel in known else None for _, _, channel in unique],
    )
    return np.asarray(levels[codes], dtype=np.int8)


def summarize(events: TicketEvents) -> dict[str, npt.NDArray[np.datetime64]]:
    """The step columns of each ticket from its events.

    ``first_response_at``: the first agent reply; ``resolved_at``: the last
    resolution, or the last closing without one (as ``Ticket.resolved_at``);
    ``reopened_at`` and ``closed_at``: the last of each.
    """
    n = events.offsets.shape[0] - 1
    ticket = np.repeat(np.arange(n), np.diff(events.offsets))
    at = events.at.view(np.int64)

    def pick(kind: EventKind, *, last: bool) -> npt.NDArray[np.int64]:
        out = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
        rows = np.flatnonzero(events.kind == _CODE[kind])
        if rows.size:
            order = rows[::-1] if last else rows
            owners, first = np.unique(ticket[order], return_index=True)
            out[owners] = at[order[first]]
        return out

    resolved = pick(EventKind.RESOLVED, last=True)
    closed = pick(EventKind.CLOSED, last=True)
    resolved = np.where(resolved == np.iinfo(np.int64).min, closed, resolved)
    steps = {
        "first_response_at": pick(EventKind.AGENT_REPLY, last=False),
        "resolved_at": resolved,
        "reopened_at": pick(EventKind.REOPENED, last=True),
        "closed_at": closed,
    }
    return {name: values.view("datetime64[us]") for name, values in steps.items()}
