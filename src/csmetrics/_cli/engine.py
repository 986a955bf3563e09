"""The one place the command calls the report engine and the plots.

:func:`build` calls :func:`csmetrics.report.build_report` with the tables
read and the period; :func:`render` calls
:func:`csmetrics.report.render_report`; :func:`write_figures` writes the
report's figures for ``--plots``. The rest of the command never calls them
directly.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from csmetrics._cli.options import UsageError
from csmetrics._core.instants import instant64
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable
from csmetrics._models.enums import Channel
from csmetrics._models.records import SurveyResponse, Ticket
from csmetrics._report.build import build_report, render_report
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.policy import SlaPolicy
from csmetrics.exceptions import CsMetricsError

__all__ = ["Period", "build", "render", "write_figures"]

Period = Literal["day", "week", "month"]


def _accepts(function: Any, name: str) -> bool:
    return name in inspect.signature(function).parameters


def build(
    tickets: TicketTable,
    surveys: SurveyTable | None,
    *,
    now: dt.datetime,
    since: dt.datetime,
    until: dt.datetime | None,
    period: Period,
    timezone: str,
    policy: SlaPolicy,
    schedule: Schedule | None,
) -> Any:
    """The report of the tickets created in ``[since, until)``, measured as of ``now``."""
    engine: Any = build_report
    if _accepts(engine, "period"):  # the table-aware engine: it selects the period itself
        return engine(
            tickets,
            () if surveys is None else surveys,
            now=now,
            since=since,
            until=until,
            period=period,
            timezone=timezone,
            policy=policy,
            schedule=schedule,
        )
    # The model-only engine: the rows of the period become models here.
    kept = _ticket_rows(tickets, since, until, now)
    models = [Ticket.model_validate(_known(tickets._record(int(row)))) for row in kept]
    answers: list[SurveyResponse] = []
    if surveys is not None:
        ids = {str(tickets.id[row]) for row in kept}
        rows = _survey_rows(surveys, ids, since, until, now)
        columns = {name: _scores(name, values[rows]) for name, values in surveys.columns().items()}
        subset = replace(surveys, positions=surveys.positions[rows], lines=None, labels=None,
                         **columns)  # fmt: skip
        answers = list(subset.records())
    return engine(models, answers, now=now, since=since, policy=policy, schedule=schedule)


_SCORES = ("responsiveness", "effectiveness", "attitude", "overall", "nps")


def _scores(name: str, values: Any) -> Any:
    """A score column absent from the file (None objects) as missing numbers, as records() reads."""
    if name in _SCORES and values.dtype == object:
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    return values


def _known(record: dict[str, Any]) -> dict[str, Any]:
    """A table row as a model's fields: a channel the models do not know becomes missing."""
    try:
        Channel.parse(record["channel"]) if record["channel"] is not None else None
    except CsMetricsError:
        record["channel"] = None
    return record


def _window(values: Any, since: dt.datetime, until: dt.datetime | None, now: dt.datetime) -> Any:
    end = now if until is None else min(now, until - dt.timedelta(microseconds=1))
    present = ~np.isnat(values)
    inside = present.copy()
    inside[present] = (values[present] >= instant64(since)) & (values[present] <= instant64(end))
    return inside


def _ticket_rows(
    tickets: TicketTable, since: dt.datetime, until: dt.datetime | None, now: dt.datetime
) -> Any:
    return np.flatnonzero(_window(tickets.created_at, since, until, now))


def _survey_rows(
    surveys: SurveyTable,
    ids: set[str],
    since: dt.datetime,
    until: dt.datetime | None,
    now: dt.datetime,
) -> Any:
    answered = _window(surveys.answered_at, since, until, now)
    unknown_time = np.isnat(surveys.answered_at)
    of_period = np.fromiter(
        (str(t) in ids for t in surveys.ticket_id), dtype=bool, count=len(surveys)
    )
    return np.flatnonzero(answered | (unknown_time & of_period))


def render(report: Any, fmt: str, language: str) -> str:
    """The report as ``fmt`` (``md``, ``json`` or ``html``) in ``language`` (``en`` or ``zh``)."""
    renderer: Any = render_report
    if _accepts(renderer, "format"):
        text: str = renderer(report, format=fmt, language=language)
        return text
    if fmt != "md" or language != "en":
        msg = (
            f"--format {fmt} --language {language}: this build renders the report as md in en only"
        )
        raise UsageError(msg)
    plain: str = renderer(report)
    return plain


def write_figures(report: Any, directory: Path) -> list[Path]:
    """Write the report's figures into ``directory`` (it exists); the files written.

    The figures come from :mod:`csmetrics.plot` (the ``plot`` extra).
    """
    del report, directory
    msg = "--plots: this build does not write figures yet"
    raise UsageError(msg)
