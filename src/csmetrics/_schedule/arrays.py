"""Vectorized business time: the mixin behind ``Schedule.add_many`` / ``between_many``.

Instants and durations are converted once (``_core.instants``), broadcast
against each other, and answered from the compiled timeline with numpy
(``ops``); NaT in gives NaT out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.instants import (
    NAT,
    durations_us,
    instants_us,
    to_datetime64,
    to_timedelta64,
)
from csmetrics._schedule import ops
from csmetrics.exceptions import InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.timeline import Timeline

__all__ = ["ArrayQueries"]


def _broadcast(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], names: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], tuple[int, ...]]:
    try:
        a2, b2 = np.broadcast_arrays(a, b)
    except ValueError as exc:
        msg = f"{names}: expected shapes that broadcast together, got {a.shape} and {b.shape}"
        raise InvalidInputError(msg) from exc
    return a2.ravel(), b2.ravel(), a2.shape


class ArrayQueries:
    """Array queries of :class:`~csmetrics.schedule.Schedule` (see there)."""

    __slots__ = ()

    _tl: Timeline

    def add_many(self, starts: object, durations: object) -> npt.NDArray[np.datetime64]:
        """Vectorized :meth:`add`: ``datetime64[us]`` UTC deadlines, NaT where an input is NaT.

        ``starts``: ``datetime64`` (UTC instants, any unit), tz-aware pandas
        data or aware datetimes; ``durations``: ``timedelta64`` (any unit), or
        a single ``timedelta`` broadcast over ``starts``.

        Examples
        --------
        >>> import numpy as np
        >>> from datetime import timedelta
        >>> from csmetrics.schedule import Schedule
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> starts = np.array(["2026-01-05T17:00", "NaT"], dtype="datetime64[m]")
        >>> s.add_many(starts, timedelta(hours=2))
        array(['2026-01-06T10:00:00.000000',                        'NaT'],
              dtype='datetime64[us]')
        """
        s, d, shape = _broadcast(
            instants_us(starts, "starts"), durations_us(durations, "durations"),
            "starts, durations",
        )  # fmt: skip
        valid = (s != NAT) & (d != NAT)
        out = np.full(s.shape, NAT, dtype=np.int64)
        out[valid] = ops.add_many(self._tl, s[valid], d[valid])
        return to_datetime64(out.reshape(shape))

    def between_many(self, starts: object, ends: object) -> npt.NDArray[np.timedelta64]:
        """Vectorized :meth:`between`: signed ``timedelta64[us]``, NaT where an input is NaT.

        Examples
        --------
        >>> import numpy as np
        >>> from csmetrics.schedule import Schedule
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> a = np.array(["2026-01-02T17:00"], dtype="datetime64[m]")
        >>> b = np.array(["2026-01-05T10:00"], dtype="datetime64[m]")
        >>> s.between_many(a, b).astype("timedelta64[m]")
        array([120], dtype='timedelta64[m]')
        """
        a, b, shape = _broadcast(
            instants_us(starts, "starts"), instants_us(ends, "ends"), "starts, ends"
        )
        valid = (a != NAT) & (b != NAT)
        out = np.full(a.shape, NAT, dtype=np.int64)
        out[valid] = ops.between_many(self._tl, a[valid], b[valid])
        return to_timedelta64(out.reshape(shape))
