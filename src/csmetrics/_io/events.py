"""Every ticket's events as flat columns with offsets (ragged arrays), for the columnar engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._models.enums import EventKind

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["EVENT_KINDS", "TicketEvents", "aware"]

EVENT_KINDS = tuple(EventKind)
"""Event kinds by code: ``TicketEvents.kind`` holds the index into this tuple."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True, eq=False)
class TicketEvents:
    """Every ticket's events, flat: ticket ``i`` has ``kind[offsets[i]:offsets[i+1]]`` ..."""

    offsets: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    at: npt.NDArray[np.datetime64]
    priority: npt.NDArray[np.int8]

    @classmethod
    def empty(cls, n: int) -> TicketEvents:
        """No events for ``n`` tickets."""
        return cls(np.zeros(n + 1, np.int64), np.zeros(0, np.int8),
                   np.zeros(0, "datetime64[us]"), np.zeros(0, np.int8))  # fmt: skip

    def of(self, row: int) -> list[dict[str, Any]]:
        """The events of ticket ``row`` as dicts (``kind``, ``at``, ``priority``)."""
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        return [
            {"kind": EVENT_KINDS[k].value, "at": aware(t),
             **({"priority": f"P{p}"} if p else {})}
            for k, t, p in zip(self.kind[a:b].tolist(), self.at[a:b], self.priority[a:b].tolist(),
                               strict=True)
        ]  # fmt: skip

    def counts(self) -> npt.NDArray[np.int64]:
        """The number of events of each ticket."""
        return np.diff(self.offsets)

    @staticmethod
    def concat(parts: Sequence[TicketEvents]) -> TicketEvents:
        """The events of consecutive tables, one after the other."""
        offsets = [parts[0].offsets]
        for part in parts[1:]:
            offsets.append(part.offsets[1:] + offsets[-1][-1])
        return TicketEvents(
            np.concatenate(offsets),
            np.concatenate([p.kind for p in parts]),
            np.concatenate([p.at for p in parts]),
            np.concatenate([p.priority for p in parts]),
        )


def aware(value: np.datetime64) -> dt.datetime:
    """A UTC ``datetime64`` as an aware UTC datetime."""
    return _EPOCH + dt.timedelta(microseconds=int(value.astype("datetime64[us]").astype(np.int64)))


publish("csmetrics.io", TicketEvents)
