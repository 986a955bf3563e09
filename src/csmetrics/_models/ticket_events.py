"""Every ticket's events as flat columns with offsets (ragged arrays), and tables of tickets.

:class:`TicketEvents` is the ragged form of ``Ticket.events`` for many
tickets at once: ticket ``i`` owns the events ``offsets[i]:offsets[i + 1]``
of the flat ``kind`` / ``at`` / ``priority`` columns. ``csmetrics.io``
builds it when reading tickets; :func:`csmetrics.sla.evaluate_many` reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.instants import NAT, instants_us
from csmetrics._models.enums import EventKind
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "EVENT_KINDS",
    "TicketEvents",
    "aware",
    "events_from",
]

EVENT_KINDS = tuple(EventKind)
"""Event kinds by code: ``TicketEvents.kind`` holds the index into this tuple."""
PRIORITY_CHANGED = EVENT_KINDS.index(EventKind.PRIORITY_CHANGED)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_KEYS = ("offsets", "kind", "at", "priority")
_CODES = {kind.value: code for code, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True, slots=True, eq=False)
class TicketEvents:
    """Every ticket's events, flat: ticket ``i`` has ``kind[offsets[i]:offsets[i+1]]`` ...

    ``kind`` holds int8 codes into ``EVENT_KINDS`` (the order of
    ``EventKind``), ``at`` UTC ``datetime64[us]`` instants, ``priority`` the
    new priority level (1-3) of ``priority_changed`` events (0 elsewhere),
    ``offsets`` (int64, one more than there are tickets) where each ticket's
    events begin. Build one with :meth:`build` (arrays, checked) or
    :meth:`from_lists` (one list of events per ticket).

    Examples
    --------
    >>> import numpy as np
    >>> events = TicketEvents.build(
    ...     offsets=[0, 2, 2],
    ...     kind=["agent_reply", "resolved"],
    ...     at=np.array(["2025-03-03T09:05", "2025-03-03T11:00"], dtype="datetime64[m]"),
    ... )
    >>> events.counts().tolist(), events.kind.tolist()
    ([2, 0], [0, 4])
    """

    offsets: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    at: npt.NDArray[np.datetime64]
    priority: npt.NDArray[np.int8]

    @classmethod
    def empty(cls, n: int) -> TicketEvents:
        """No events for ``n`` tickets."""
        if not isinstance(n, int | np.integer) or isinstance(n, bool) or not 0 <= n < 2**40:
            msg = f"n: expected a number of tickets (a whole number from 0), got {describe(n)}"
            raise (InvalidInputError if isinstance(n, int | np.integer) else InputTypeError)(msg)
        return cls(np.zeros(n + 1, np.int64), np.zeros(0, np.int8),
                   np.zeros(0, "datetime64[us]"), np.zeros(0, np.int8))  # fmt: skip

    @classmethod
    def build(
        cls, *, offsets: object, kind: object, at: object, priority: object = None
    ) -> TicketEvents:
        """Checked ragged events from array-likes.

        Parameters
        ----------
        offsets : array of int
            Where each ticket's events begin: starts at 0, never decreases,
            ends at the number of events (length: tickets + 1).
        kind : array of int or str
            ``EventKind`` codes (0-9, the order of ``EventKind``) or names.
        at : array of datetime64 or tz-aware pandas data
            UTC instants, no NaT.
        priority : array of int, optional
            The new level (1-3) of each ``priority_changed`` event (0 or
            anything for other events, which ignore it).

        Raises
        ------
        InputTypeError
            A column of the wrong type (or not 1-d).
        InvalidInputError
            Wrong lengths, offsets not monotone, unknown kinds, NaT, a
            ``priority_changed`` without a level 1-3. The message names the
            column and the first bad position; values are described, not echoed.
        """
        offs = _integers(offsets, "offsets", np.int64)
        _check_offsets(offs)
        size = int(offs[-1])
        codes = _kinds(kind)
        _check_length(codes, size, "kind")
        instants = instants_us(at, "events.at", within_years=False).reshape(-1)
        _check_length(instants, size, "at")
        missing = instants == NAT
        if missing.any():
            msg = (
                "events.at: expected an instant for every event, "
                f"got NaT at event {_first(missing)}"
            )
            raise InvalidInputError(msg)
        levels = np.zeros(size, np.int8) if priority is None else _levels(priority, size)
        events = cls(offs, codes, instants.view("datetime64[us]"), levels)
        _check_priority_changes(events)
        return events

    @classmethod
    def from_lists(cls, events: Sequence[Sequence[Mapping[str, Any]]]) -> TicketEvents:
        """Ragged events from one list per ticket of ``{"kind", "at"[, "priority"]}`` mappings.

        ``at``: a timezone-aware datetime or a UTC ``datetime64``;
        ``priority``: ``"P1"``-``"P3"`` or a level 1-3 (``priority_changed`` only).

        Examples
        --------
        >>> import datetime as dt
        >>> t = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
        >>> events = TicketEvents.from_lists([[{"kind": "pause", "at": t}], []])
        >>> events.offsets.tolist(), events.of(0)[0]["kind"]
        ([0, 1, 1], 'pause')
        """
        if isinstance(events, str | bytes | Mapping) or not isinstance(events, Sequence):
            msg = f"events: expected one list of events per ticket, got {describe(events)}"
            raise InputTypeError(msg)
        counts, kinds, instants, levels = [], [], [], []
        for row, items in enumerate(events):
            if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
                msg = f"events[{row}]: expected a list of events, got {describe(items)}"
                raise InputTypeError(msg)
            counts.append(len(items))
            for position, item in enumerate(items):
                if not isinstance(item, Mapping) or "kind" not in item or "at" not in item:
                    msg = (
                        f"events[{row}][{position}]: expected a mapping with 'kind' and 'at', "
                        f"got {describe(item)}"
                    )
                    raise InputTypeError(msg)
                kinds.append(_kind_value(item["kind"]))
                instants.append(_instant_us(item["at"], row, position))
                levels.append(_level_value(item.get("priority")))
        offsets = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        return cls.build(
            offsets=offsets,
            kind=np.array(kinds, dtype=object) if kinds else np.zeros(0, np.int8),
            at=np.array(instants, dtype=np.int64).view("datetime64[us]"),
            priority=np.array(levels, np.int8),
        )

    def of(self, row: int) -> list[dict[str, Any]]:
        """The events of ticket ``row`` as dicts (``kind``, ``at``, ``priority``)."""
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        return [
            {"kind": EVENT_KINDS[k].value, "at": aware(t),
             **({"priority": f"P{p}"} if p and k == PRIORITY_CHANGED else {})}
            for k, t, p in zip(self.kind[a:b].tolist(), self.at[a:b], self.priority[a:b].tolist(),
                               strict=True)
        ]  # fmt: skip

    def counts(self) -> npt.NDArray[np.int64]:
        """The number of events of each ticket."""
        return np.diff(self.offsets)

    def __len__(self) -> int:
        """The number of tickets."""
        return int(self.offsets.shape[0]) - 1

    @staticmethod
    def concat(parts: Sequence[TicketEvents]) -> TicketEvents:
        """The events of consecutive tables, one after the other."""
        if isinstance(parts, str | bytes) or not isinstance(parts, Sequence):
            msg = f"parts: expected a sequence of TicketEvents, got {describe(parts)}"
            raise InputTypeError(msg)
        parts = list(parts)
        if not parts or not all(isinstance(part, TicketEvents) for part in parts):
            wrong = next((p for p in parts if not isinstance(p, TicketEvents)), parts)
            msg = f"parts: expected one or more TicketEvents, got {describe(wrong)}"
            raise InputTypeError(msg)
        offsets, total = [parts[0].offsets], int(parts[0].offsets[-1])
        for part in parts[1:]:  # a part of no tickets adds no offsets
            offsets.append(part.offsets[1:] + total)
            total += int(part.offsets[-1])
        return TicketEvents(
            np.concatenate(offsets),
            np.concatenate([p.kind for p in parts]),
            np.concatenate([p.at for p in parts]),
            np.concatenate([p.priority for p in parts]),
        )


def events_from(value: object) -> TicketEvents:
    """``value`` (a :class:`TicketEvents` or a mapping of its four columns), checked."""
    if isinstance(value, TicketEvents):
        columns: Mapping[str, object] = {key: getattr(value, key) for key in _KEYS}
    elif isinstance(value, Mapping):
        unknown = [key for key in value if key not in _KEYS]
        absent = [key for key in _KEYS[:3] if key not in value]
        if unknown or absent:
            msg = (
                "events: expected a TicketEvents or a mapping with keys offsets, kind, at "
                f"(and optionally priority), got a mapping of {len(value)} keys"
                f"{' without ' + ', '.join(absent) if absent else ''}"
            )
            raise InvalidInputError(msg)
        columns = value
    else:
        msg = f"events: expected a TicketEvents or a mapping of its columns, got {describe(value)}"
        raise InputTypeError(msg)
    return TicketEvents.build(
        offsets=columns["offsets"], kind=columns["kind"], at=columns["at"],
        priority=columns.get("priority"),
    )  # fmt: skip


def aware(value: np.datetime64) -> dt.datetime:
    """A UTC ``datetime64`` as an aware UTC datetime."""
    return _EPOCH + dt.timedelta(microseconds=int(value.astype("datetime64[us]").astype(np.int64)))


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _array(values: object, name: str) -> npt.NDArray[Any]:
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):  # ragged nesting
        array = None
    if array is None or array.ndim != 1:
        msg = f"events.{name}: expected a 1-d array, got {describe(values)}"
        raise InputTypeError(msg)
    return array


def _integers(values: object, name: str, dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
    array = _array(values, name)
    if array.dtype.kind not in "iu" and not (array.dtype.kind in "fO" and array.size == 0):
        msg = f"events.{name}: expected integers, got values of dtype {array.dtype}"
        raise InputTypeError(msg)
    return array.astype(dtype, copy=False)


def _check_offsets(offsets: npt.NDArray[np.int64]) -> None:
    if offsets.shape[0] == 0:
        msg = "events.offsets: expected one offset more than there are tickets, got none"
        raise InvalidInputError(msg)
    if offsets[0] != 0:
        msg = "events.offsets: expected a first offset of 0, got another value"
        raise InvalidInputError(msg)
    down = np.diff(offsets) < 0
    if down.any():
        msg = (
            "events.offsets: expected offsets that never decrease, "
            f"got a decrease after ticket {_first(down)}"
        )
        raise InvalidInputError(msg)


def _check_length(array: npt.NDArray[Any], size: int, name: str) -> None:
    if array.shape[0] != size:
        msg = f"events.{name}: expected {size} values (the last offset), got {array.shape[0]}"
        raise InvalidInputError(msg)


def _kinds(values: object) -> npt.NDArray[np.int8]:
    array = _array(values, "kind")
    if array.dtype.kind in "iu":
        bad = (array < 0) | (array >= len(EVENT_KINDS))
        if bad.any():
            msg = (
                f"events.kind: expected codes 0-{len(EVENT_KINDS) - 1} (EventKind order), "
                f"got a code out of range at event {_first(bad)}"
            )
            raise InvalidInputError(msg)
        return array.astype(np.int8)
    if array.dtype.kind not in "UO" and array.size:
        msg = f"events.kind: expected codes or EventKind names, got values of dtype {array.dtype}"
        raise InputTypeError(msg)
    texts = array.astype(str)  # EventKind members are their names; other objects no name
    uniques, inverse = np.unique(texts, return_inverse=True)
    found = np.array([_CODES.get(text, -1) for text in uniques.tolist()], dtype=np.int8)
    codes = found[inverse.reshape(-1)]
    unknown = codes < 0
    if unknown.any():
        position = _first(unknown)
        msg = (
            f"events.kind: expected EventKind names ({', '.join(_CODES)}), "
            f"got {describe(array[position])} at event {position}"
        )
        raise InvalidInputError(msg)
    return codes


def _levels(values: object, size: int) -> npt.NDArray[np.int8]:
    array = _integers(values, "priority", np.int64)
    _check_length(array, size, "priority")
    bad = (array < 0) | (array > 3)
    if bad.any():
        msg = (
            f"events.priority: expected levels 0-3, got a level out of range at event {_first(bad)}"
        )
        raise InvalidInputError(msg)
    return array.astype(np.int8)


def _check_priority_changes(events: TicketEvents) -> None:
    """Every ``priority_changed`` event carries a level 1-3 (as a ``TicketEvent`` must)."""
    missing = (events.kind == PRIORITY_CHANGED) & (events.priority == 0)
    if missing.any():
        msg = (
            "events.priority: expected a level 1-3 for every priority_changed event, "
            f"got none at event {_first(missing)}"
        )
        raise InvalidInputError(msg)


def _kind_value(value: object) -> object:
    if isinstance(value, EventKind):
        return value.value
    number = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if number and 0 <= int(value) < len(EVENT_KINDS):  # type: ignore[call-overload]
        return EVENT_KINDS[int(value)].value  # type: ignore[call-overload]
    return value


def _instant_us(value: object, row: int, position: int) -> int:
    if isinstance(value, np.datetime64) and not np.isnat(value):
        return int(value.astype("datetime64[us]").astype(np.int64))
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return (value - _EPOCH) // dt.timedelta(microseconds=1)
    msg = (
        f"events[{row}][{position}].at: expected a timezone-aware datetime or a datetime64, "
        f"got {describe(value)}"
    )
    raise InvalidInputError(msg)


def _level_value(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and 0 <= value <= 3:
        return int(value)
    text = getattr(value, "value", value)
    if isinstance(text, str) and text in ("P1", "P2", "P3"):
        return int(text[1])
    msg = f"events: expected a priority P1-P3 or a level 1-3, got {describe(value)}"
    raise InvalidInputError(msg)


publish("csmetrics.io", TicketEvents)
