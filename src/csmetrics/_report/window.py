"""Which tickets and answers fall in a window, and the totals the period comparison needs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._report.changes import Totals
from csmetrics._report.columns import NAT, SurveyColumns, TicketData
from csmetrics._report.sla_section import evaluate
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import SlaPolicy

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["inside", "survey_times", "totals"]


def inside(values: npt.NDArray[np.int64], lo: int, hi: int) -> npt.NDArray[np.bool_]:
    """``lo <= values < hi`` (NaT never inside)."""
    found: npt.NDArray[np.bool_] = (values != NAT) & (values >= lo) & (values < hi)
    return found


def survey_times(
    surveys: SurveyColumns, data: TicketData, *, bounded: bool
) -> npt.NDArray[np.int64]:
    """When each answer counts: ``answered_at``; without one, its ticket's creation."""
    times = surveys.answered
    missing = times == NAT
    if not bounded or not bool(missing.any()):
        return times
    created = dict(zip(map(str, data.id.tolist()), data.created.tolist(), strict=True))
    placed = times.copy()
    rows = np.flatnonzero(missing)
    placed[rows] = [created.get(str(surveys.ticket_id[i]), NAT) for i in rows.tolist()]
    return placed


def totals(
    data: TicketData,
    answers: SurveyColumns,
    policy: SlaPolicy | None,
    calendar: Schedule,
    now: dt.datetime,
) -> Totals:
    met = decided = 0
    if policy is not None and len(data):
        out = evaluate(data, policy, calendar, now, ("first_response",))
        has = out["first_response_has_target"]
        late = out["first_response_breached"] & has
        done = out["first_response_stopped"] & ~out["first_response_breached"] & has
        met, decided = int(np.count_nonzero(done)), int(np.count_nonzero(done | late))
    return Totals(len(data), met, decided, answers.scores["overall"], answers.scores["nps"])
