"""Working days of a schedule: the mixin behind ``Schedule.working_day_close`` (private)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from csmetrics._core.describe import describe
from csmetrics._core.instants import from_us_fast, to_us
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from csmetrics._schedule.timeline import Timeline

__all__ = ["WorkingDays"]


class WorkingDays:
    """Working-day queries of :class:`~csmetrics.schedule.Schedule` (see there).

    A working day is a local date with open hours after holidays and make-up
    days; an overnight shift belongs to the date it starts on.
    """

    __slots__ = ()

    _epoch: datetime
    _tl: Timeline

    def working_day_close(self, start: datetime, days: int) -> datetime:
        """The closing time of the ``days``-th working day after the day of ``start``.

        A working day is a local date with open hours (after holidays and
        make-up days); its close is the end of its last range, and an
        overnight shift counts toward the date it starts on (so the day of an
        instant inside Monday's 22:00-06:00 shift is Monday, even after
        midnight). ``days=0`` is the close of the start's own working day, or
        of the next one when that date is closed. Use it for targets such as
        "within 3 working days".

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from csmetrics.schedule import Schedule
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> friday = datetime(2026, 1, 9, 20, 0, tzinfo=timezone.utc)
        >>> s.working_day_close(friday, 3).isoformat()
        '2026-01-14T18:00:00+00:00'
        >>> night = Schedule({"mon-fri": "22:00-06:00"})
        >>> tuesday_3am = datetime(2026, 1, 6, 3, 0, tzinfo=timezone.utc)  # Monday's shift
        >>> night.working_day_close(tuesday_3am, 1).isoformat()
        '2026-01-07T06:00:00+00:00'
        """
        return self._working_day(start, days)[1]

    def working_day_open(self, start: datetime, days: int) -> datetime:
        """The opening time of the working day :meth:`working_day_close` closes.

        Use it for the start of a window such as "not before the 3rd working day".

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from csmetrics.schedule import Schedule
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> friday = datetime(2026, 1, 9, 20, 0, tzinfo=timezone.utc)
        >>> s.working_day_open(friday, 3).isoformat()
        '2026-01-14T09:00:00+00:00'
        """
        return self._working_day(start, days)[0]

    def working_date(self, t: datetime) -> date:
        """The date of the working day ``t`` counts toward.

        The local date of ``t``, except inside an overnight shift after
        midnight: the shift (and ``t``) belongs to the day it started on.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from csmetrics.schedule import Schedule
        >>> night = Schedule({"mon-fri": "22:00-06:00"})
        >>> night.working_date(datetime(2026, 1, 6, 3, 0, tzinfo=timezone.utc))
        datetime.date(2026, 1, 5)
        """
        return self._tl.working_date(to_us(t, "t"))

    def _working_day(self, start: datetime, days: int) -> tuple[datetime, datetime]:
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            msg = f"days: expected an integer >= 0, got {describe(days)}"
            raise InvalidInputError(msg) if isinstance(days, int) else InputTypeError(msg)
        opening, closing = self._tl.working_day(to_us(start, "start"), days)
        return from_us_fast(opening, self._epoch), from_us_fast(closing, self._epoch)
