"""The report of Dask frames: partitions read into tables on the workers, one columnar pass.

Each partition is read on a worker as :func:`csmetrics.io.read_tickets` /
:func:`~csmetrics.io.read_surveys` read a frame (the row-wise work: parsing,
masking, filling in priorities and categories) into a compact
``TicketTable`` / ``SurveyTable``; the tables come back to the client in
partition order, are concatenated, and :func:`csmetrics.report.build_report`
runs once on their columns. The final pass runs in one process: the
collected columns must fit in its memory (the "Scaling out" page gives the
figures).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from csmetrics._core.config import read_config
from csmetrics._dask.engine import located, require_frame, shared
from csmetrics._io.mapping import _is_path as is_path
from csmetrics._io.mapping import load_mapping
from csmetrics._io.read import read_surveys, read_tickets
from csmetrics._io.seen_ids import SeenIds
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable
from csmetrics._report.build import WeeklyReport, build_report
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import SlaPolicy
from csmetrics.exceptions import InvalidInputError

__all__ = ["UNREAD_TICKET_COLUMNS", "report_frame"]

UNREAD_TICKET_COLUMNS = ("text", "team", "product", "customer_id", "tier", "customer_phone")
"""Ticket columns the report never reads: left blank on the workers, never sent to the client."""


def _compact_tickets(frame: Any, mapping: object) -> TicketTable:
    table = read_tickets(frame, mapping=mapping)
    blank: dict[str, Any] = {
        name: np.full(len(table), None, dtype=object) for name in UNREAD_TICKET_COLUMNS
    }
    return dataclasses.replace(table, labels=None, lines=None, **blank)


def _compact_surveys(frame: Any, mapping: object) -> SurveyTable:
    return dataclasses.replace(read_surveys(frame, mapping=mapping), labels=None, lines=None)


def _portable(mapping: object) -> object:
    """The mapping as data the workers can read (a file is read here, on the client)."""
    if not is_path(mapping):
        return mapping
    data, _ = read_config(mapping, param="mapping")
    return dict(data)


def _read_all(ddf: Any, chunk: Callable[[Any, object], Any], mapping: object) -> list[Any]:
    """``chunk(partition, mapping)`` of every partition, in partition order."""
    from dask.base import compute  # noqa: PLC0415 - optional dependency, imported on use
    from dask.delayed import delayed  # noqa: PLC0415

    job = shared(mapping)
    tasks = [
        delayed(located, pure=True)(chunk, part, number, job)
        for number, part in enumerate(ddf.to_delayed())
    ]
    return list(compute(*tasks))  # type: ignore[no-untyped-call]


def _joined(tables: Sequence[Any]) -> Any:
    """The tables one after the other (empty ones left out: an empty read has no event offsets)."""
    full = [table for table in tables if len(table)] or list(tables[:1])
    return full[0].concat(*full[1:])


def _unique_ids(tables: Sequence[TicketTable]) -> None:
    """An id repeated across partitions, as ``read_tickets`` refuses it in one frame."""
    seen = SeenIds(compact=False)  # the joined tables hold every id anyway
    for number, table in enumerate(tables):
        repeated = np.flatnonzero(seen.add(table.id.tolist()))
        if repeated.size:
            msg = f"partition {number}, row {repeated[0]}: id: expected a unique id, got a repeat"
            raise InvalidInputError(msg)


def report_frame(
    tickets_ddf: Any,
    surveys_ddf: Any = None,
    *,
    now: dt.datetime,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    period: Literal["day", "week", "month"] | None = None,
    timezone: str | None = None,
    policy: SlaPolicy | None = None,
    schedule: Schedule | None = None,
    mapping: object = None,
) -> WeeklyReport:
    """The :class:`~csmetrics.report.WeeklyReport` of Dask frames, as ``build_report`` makes it.

    Each partition is read on the workers as :func:`csmetrics.io.read_tickets`
    and :func:`~csmetrics.io.read_surveys` read a frame (``mapping`` applies,
    with its ``timezone`` for local times) into a ``TicketTable`` /
    ``SurveyTable``; the tables are collected in partition order and
    concatenated, and :func:`csmetrics.report.build_report` runs once on
    their columns with the other arguments. The report equals
    ``build_report(read_tickets(frame, mapping=mapping),
    read_surveys(answers, mapping=mapping), ...)`` of the whole frames,
    whatever the partitioning.

    The final columnar pass runs in this process: the collected columns
    (a few hundred bytes per ticket) must fit in its memory.

    Raises
    ------
    InputTypeError
        If a frame is not a dask DataFrame, or another argument has the wrong type.
    CsMetricsError
        The error of ``read_tickets`` / ``read_surveys`` / ``build_report``; an
        error reading a partition names the partition and the row.
    """
    require_frame(tickets_ddf, "tickets_ddf")
    if surveys_ddf is not None:
        require_frame(surveys_ddf, "surveys_ddf")
    options: dict[str, Any] = {
        "now": now, "since": since, "until": until, "period": period,
        "timezone": timezone, "policy": policy, "schedule": schedule,
    }  # fmt: skip
    load_mapping(mapping, "tickets")
    if surveys_ddf is not None:
        load_mapping(mapping, "surveys")
    portable = _portable(mapping)
    # the frames' empty meta checks the columns and every argument before any work
    empty: Any = () if surveys_ddf is None else read_surveys(surveys_ddf._meta, mapping=portable)
    build_report(read_tickets(tickets_ddf._meta, mapping=portable), empty, **options)
    tickets: list[TicketTable] = _read_all(tickets_ddf, _compact_tickets, portable)
    _unique_ids(tickets)
    answers: Any = ()
    if surveys_ddf is not None:
        parts: list[SurveyTable] = _read_all(surveys_ddf, _compact_surveys, portable)
        answers = _joined(parts)
    return build_report(_joined(tickets), answers, **options)
