"""Sample survey answers whose scores follow what happened to each ticket.

A latent satisfaction starts high and drops for a late first response, a
late resolution, a reopen and a complaint; each dimension adds its own
noise (responsiveness suffers most from a late reply, effectiveness from a
reopen), NPS follows the same latent value on its 0-10 scale, and the comment
matches the overall score's mood in the ticket's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from csmetrics._datasets.text import COMMENTS
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import EventKind
from csmetrics._models.records import SurveyResponse, Ticket

__all__ = ["build_surveys"]

F64 = npt.NDArray[np.float64]

_RESPONSE_TARGET = {1: dt.timedelta(minutes=15), 2: dt.timedelta(minutes=30)}
_RESOLUTION_TARGET = {1: dt.timedelta(hours=2), 2: dt.timedelta(hours=4)}
_DEFAULT_RESPONSE = dt.timedelta(hours=1)
_DEFAULT_RESOLUTION = dt.timedelta(hours=24)
_SKIP_SHARE = 0.04
_COMMENT_SHARE = 0.65


def _features(ticket: Ticket) -> tuple[float, float, float, float]:
    """(late first response, late resolution, reopened, complaint) as 0/1."""
    level = ticket.priority.level if ticket.priority is not None else 3
    first, resolved = ticket.first_response_at, ticket.resolved_at
    created = ticket.created_at.astimezone(dt.UTC)  # in UTC: same-zone datetimes subtract
    # by wall time, which is an hour off across a daylight-saving fold
    late_reply = first is None or first.astimezone(dt.UTC) - created > _RESPONSE_TARGET.get(
        level, _DEFAULT_RESPONSE
    )
    late_fix = resolved is None or resolved.astimezone(dt.UTC) - created > _RESOLUTION_TARGET.get(
        level, _DEFAULT_RESOLUTION
    )
    return (
        float(late_reply),
        float(late_fix),
        float(ticket.reopen_count > 0),
        float(ticket.complaint),
    )


def _scores(rng: np.random.Generator, features: F64) -> dict[str, F64]:
    """Dimension scores (1-5, NaN when skipped) and NPS (0-10) for each row."""
    k = features.shape[0]
    late_reply, late_fix, reopened, complaint = features.T
    latent = 4.6 - 0.7 * late_reply - 0.4 * late_fix - 1.1 * reopened - 0.5 * complaint
    latent = latent + rng.normal(0.0, 0.6, k)
    shifts = {
        "responsiveness": -0.6 * late_reply,
        "effectiveness": -0.7 * reopened,
        "attitude": np.full(k, 0.2),
        "overall": np.zeros(k),
    }
    scores = {}
    for name in DIMENSIONS:
        value = np.clip(np.rint(latent + shifts[name] + rng.normal(0.0, 0.45, k)), 1, 5)
        scores[name] = np.where(rng.random(k) < _SKIP_SHARE, np.nan, value)
    nps = np.clip(np.rint(2.4 * latent - 1.6 + rng.normal(0.0, 1.0, k)), 0, 10)
    scores["nps"] = np.where(rng.random(k) < _SKIP_SHARE, np.nan, nps)
    return scores


def _mood(overall: float, draw: float) -> str:
    if overall != overall or overall == 3:  # noqa: PLR0124 - NaN check
        return "neutral"
    if overall >= 4:
        return "mixed" if draw < (0.1 if overall == 5 else 0.4) else "positive"
    return "negative"


def _comment(rng: np.random.Generator, overall: float, *, english: bool) -> str:
    if rng.random() >= _COMMENT_SHARE:
        return ""
    choices = COMMENTS[_mood(overall, float(rng.random()))]
    return choices[int(rng.integers(len(choices)))][int(english)]


def _score(value: float) -> int | None:
    return None if value != value else int(value)  # noqa: PLR0124 - NaN check


def build_surveys(
    tickets: Sequence[Ticket], seed: int, response_rate: float
) -> list[SurveyResponse]:
    """Answers to the surveys sent on ``tickets`` (about ``response_rate`` of them)."""
    rng = np.random.default_rng([seed, 2])
    sent = [
        (ticket, at)
        for ticket in tickets
        if (at := next((e.at for e in ticket.events if e.kind is EventKind.SURVEY_SENT), None))
    ]
    answered = [pair for pair in sent if rng.random() < response_rate]
    features = np.array([_features(t) for t, _ in answered], dtype=float).reshape(-1, 4)
    scores = _scores(rng, features)
    delays = rng.lognormal(np.log(180.0), 1.0, len(answered))
    responses = []
    for row, ((ticket, at), delay) in enumerate(zip(answered, delays, strict=True)):
        values = {name: _score(float(scores[name][row])) for name in scores}
        responses.append(
            SurveyResponse(
                ticket_id=ticket.id,
                agent=ticket.assignee,
                **values,
                comment=_comment(rng, float(scores["overall"][row]), english=ticket.text.isascii()),
                answered_at=at + dt.timedelta(minutes=float(delay)),
            )
        )
    return responses
