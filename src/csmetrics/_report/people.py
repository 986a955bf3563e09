"""The survey sections: satisfaction, the per-agent table and the follow-up list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._report.outcomes import FCR_NO, FCR_YES, Outcomes
from csmetrics._report.sections import codes_of
from csmetrics._scoring.metrics import CsatResult, NpsResult, csat, nps

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._report.columns import SurveyColumns, TicketData

__all__ = [
    "UNASSIGNED",
    "AgentRow",
    "FollowUp",
    "SatisfactionSection",
    "agent_rows",
    "follow_ups",
    "low_answers",
    "satisfaction_section",
]

UNASSIGNED = "unassigned"
"""The agent shown for tickets and answers without one."""


@dataclass(frozen=True)
class SatisfactionSection:
    """CSAT (overall and per dimension) and NPS with their intervals.

    ``by_dimension`` holds the dimensions that have at least one answer.
    """

    responses: int
    csat: CsatResult
    by_dimension: Mapping[str, CsatResult]
    nps: NpsResult
    follow_up: int
    """Responses with a score <= 3 or an NPS <= 6."""


@dataclass(frozen=True, slots=True)
class AgentRow:
    """One agent's tickets, resolutions, first-contact resolution and CSAT.

    ``fcr_known`` counts the resolved tickets whose history tells whether
    they were solved at first contact; ``fcr_yes`` of them were.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import SurveyResponse, Ticket
    >>> from csmetrics.report import build_report
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> report = build_report([Ticket(id="1", created_at=t0, assignee="王芳")],
    ...                       [SurveyResponse(agent="王芳", overall=4)], now=t0)
    >>> row = report.agents[0]
    >>> row.agent, row.tickets, row.fcr_known, row.surveys, row.csat_mean
    ('王芳', 1, 0, 1, 4.0)
    """

    agent: str
    tickets: int
    resolved: int
    fcr_yes: int
    fcr_known: int
    surveys: int
    csat_mean: float | None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A survey answer calling for follow-up (a score <= 3 or an NPS <= 6).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import SurveyResponse
    >>> from csmetrics.report import build_report
    >>> now = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> build_report([], [SurveyResponse(ticket_id="T1", overall=2, nps=9)], now=now).follow_up
    (FollowUp(ticket_id='T1', agent=None, lowest_score=2, nps=9),)
    """

    ticket_id: str | None
    agent: str | None
    lowest_score: int | None
    nps: int | None


def low_answers(surveys: SurveyColumns) -> npt.NDArray[np.bool_]:
    """Answers with a dimension score <= 3 or an NPS <= 6."""
    low = surveys.scores["nps"] <= 6
    for name in DIMENSIONS:
        low |= surveys.scores[name] <= 3
    return low


def satisfaction_section(surveys: SurveyColumns) -> SatisfactionSection | None:
    """CSAT and NPS of the answers (None when no overall score or no NPS was given)."""
    overall, answers = surveys.scores["overall"], surveys.scores["nps"]
    if np.isnan(overall).all() or np.isnan(answers).all():
        return None
    dimensions = {
        name: csat(surveys.scores[name])
        for name in DIMENSIONS
        if not np.isnan(surveys.scores[name]).all()
    }
    return SatisfactionSection(
        responses=len(surveys),
        csat=csat(overall),
        by_dimension=dimensions,
        nps=nps(answers),
        follow_up=int(np.count_nonzero(low_answers(surveys))),
    )


def agent_rows(
    data: TicketData, outcomes: Outcomes, surveys: SurveyColumns
) -> tuple[AgentRow, ...]:
    """Per agent (tickets' assignee; survey answers by their agent), most tickets first."""
    agents = np.concatenate([data.agent, surveys.agent])
    codes, labels = codes_of(agents, UNASSIGNED)
    size = len(labels)
    mine, theirs = codes[: len(data)], codes[len(data) :]
    overall = surveys.scores["overall"]
    scored = ~np.isnan(overall)
    answered = np.bincount(theirs[scored], minlength=size)
    sums = np.bincount(theirs[scored], weights=overall[scored], minlength=size)
    tickets = np.bincount(mine, minlength=size)
    resolved = np.bincount(mine[outcomes.is_resolved], minlength=size)
    yes = np.bincount(mine[outcomes.fcr == FCR_YES], minlength=size)
    known = yes + np.bincount(mine[outcomes.fcr == FCR_NO], minlength=size)
    rows = [
        AgentRow(
            agent=labels[i],
            tickets=int(tickets[i]),
            resolved=int(resolved[i]),
            fcr_yes=int(yes[i]),
            fcr_known=int(known[i]),
            surveys=int(answered[i]),
            csat_mean=float(sums[i] / answered[i]) if answered[i] else None,
        )
        for i in range(size)
    ]
    return tuple(sorted(rows, key=lambda r: (-r.tickets, -r.surveys, r.agent)))


def _int(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def follow_ups(surveys: SurveyColumns, limit: int) -> tuple[tuple[FollowUp, ...], int]:
    """The answers to follow up (lowest scores first), at most ``limit``, and their number."""
    low = np.flatnonzero(low_answers(surveys))
    if low.size == 0:
        return (), 0
    stacked = np.vstack([surveys.scores[name][low] for name in DIMENSIONS])
    lowest = np.where(np.isnan(stacked), np.inf, stacked).min(axis=0)
    answer = surveys.scores["nps"][low]
    nps_key = np.nan_to_num(answer, nan=11.0)
    first = np.lexsort((nps_key, lowest))
    if first.size > limit:  # ties at the cut are broken by ticket id below
        cut = (lowest[first[limit - 1]], nps_key[first[limit - 1]])
        keep = (lowest < cut[0]) | ((lowest == cut[0]) & (nps_key <= cut[1]))
        first = np.flatnonzero(keep)
    ids = np.array(["" if v is None else str(v) for v in surveys.ticket_id[low[first]].tolist()])
    order = first[np.lexsort((ids, nps_key[first], lowest[first]))][:limit]
    listed = tuple(
        FollowUp(
            ticket_id=surveys.ticket_id[low[i]],
            agent=surveys.agent[low[i]],
            lowest_score=None if np.isinf(lowest[i]) else int(lowest[i]),
            nps=_int(float(answer[i])),
        )
        for i in order.tolist()
    )
    return listed, int(low.size)


publish("csmetrics.report", SatisfactionSection, AgentRow, FollowUp)
