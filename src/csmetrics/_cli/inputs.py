"""Reading the command's input files in bounded batches, with the progress bar.

Tickets and surveys are read with :func:`csmetrics.io.iter_tickets` /
:func:`~csmetrics.io.iter_surveys` in batches of :data:`BATCH_ROWS` rows, so
the raw text of a file is never held whole; the typed tables of the batches
are joined at the end. With ``strict`` the first bad row stops the command
(:class:`~csmetrics._cli.options.InputError`, exit code 4); otherwise bad rows
are skipped and listed in the table's ``rejected``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import numpy as np

from csmetrics._cli.options import InputError
from csmetrics._cli.progress import CountingReader, Progress, open_counted
from csmetrics._io.mapping import load_mapping
from csmetrics._io.read import iter_surveys, iter_tickets
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable
from csmetrics.exceptions import CsMetricsError

__all__ = ["BATCH_ROWS", "Inputs", "read_inputs", "reading_zone"]

BATCH_ROWS = 50_000
"""Rows per batch read (bounds the memory of the raw text being converted)."""
SHARED_VALUES = 100_000
"""Distinct values of a text column held once each, across batches (then the column is left)."""
_COUNTABLE = (".csv", ".tsv", ".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class Inputs:
    """The tables read: tickets (all files joined) and surveys (or None)."""

    tickets: TicketTable
    surveys: SurveyTable | None


def reading_zone(mapping: str | None, kind: str, zone: dt.tzinfo | None) -> dt.tzinfo | None:
    """The zone of naive timestamps: the mapping's when it names one, else ``--timezone``."""
    try:
        section = load_mapping(mapping, "tickets" if kind == "tickets" else "surveys")
    except CsMetricsError as error:
        msg = f"--mapping: {error}"
        raise InputError(msg) from None
    return None if section.timezone is not None else zone


class _Shared:
    """Repeated text values (channels, agents, tiers ...) kept as one object each.

    A reader gives every row its own string object; a column of a few
    distinct values then costs a string per row. Each kept batch's text
    columns are pointed at one object per distinct value, until a column
    shows more than :data:`SHARED_VALUES` of them (ids, free text).
    """

    def __init__(self) -> None:
        self._values: dict[str, dict[object, object] | None] = {}

    def share(self, table: Any) -> None:
        for name, column in table.columns().items():
            if column.dtype != object or len(column) == 0:
                continue
            values = self._values.setdefault(name, {})
            if values is None:
                continue
            try:
                column[:] = [values.setdefault(value, value) for value in column.tolist()]
            except TypeError:  # a value that cannot be a key: leave the column
                values.clear()
            if not values or len(values) > SHARED_VALUES:
                self._values[name] = None


def _check_file(path: str, option: str) -> None:
    if not os.path.isfile(path):
        reason = "it is a folder" if os.path.isdir(path) else "no such file"
        msg = f"{option}: cannot read {Path(path).name!r}: {reason}"
        raise InputError(msg)
    if not os.access(path, os.R_OK):
        msg = f"{option}: cannot read {Path(path).name!r}: permission denied"
        raise InputError(msg)


@contextlib.contextmanager
def _source(path: str, progress: Progress) -> Iterator[tuple[Any, CountingReader | None, int]]:
    """The source to read ``path`` from: the path, or (bar shown) a file that counts its bytes."""
    size = os.path.getsize(path)
    if not progress.enabled or not path.lower().removesuffix(".gz").endswith(_COUNTABLE):
        yield path, None, size
        return
    handle: IO[bytes]
    handle, counter = open_counted(path)
    try:
        yield handle, counter, size
    finally:
        handle.close()


def _tables(
    kind: str,
    path: str,
    options: dict[str, Any],
    progress: Progress,
    rows_before: int,
    *,
    shared: _Shared,
) -> Iterator[Any]:
    label = f"reading {Path(path).name[:30]}"
    with _source(path, progress) as (source, counter, size):
        reader = iter_tickets if kind == "tickets" else iter_surveys
        if counter is not None:
            options = {**options, "reader": "builtin"}
        rows = rows_before
        for table in reader(source, batch_size=BATCH_ROWS, **options):
            shared.share(table)
            rows += len(table) + len(table.rejected)
            progress.update(label, None if counter is None else counter.count, size, rows)
            yield table


def read_kind(
    kind: str,
    paths: Sequence[str],
    *,
    option: str,
    mapping: str | None,
    zone: dt.tzinfo | None,
    strict: bool,
    progress: Progress,
    events: str | None = None,
) -> Any:
    """All ``paths`` read as one table of ``kind`` (``tickets`` or ``surveys``)."""
    options: dict[str, Any] = {
        "mapping": mapping,
        "timezone": reading_zone(mapping, kind, zone),
        "errors": "raise" if strict else "collect",
    }
    if events is not None:
        _check_file(events, "--events")
    tables: list[Any] = []
    shared = _Shared()
    for path in paths:
        _check_file(path, option)
        if kind == "tickets":
            options["events"] = events
        try:
            before = sum(map(len, tables))
            tables.extend(_tables(kind, path, options, progress, before, shared=shared))
        except CsMetricsError as error:
            raise InputError(str(error)) from None
        except OSError as error:
            msg = f"{option}: cannot read {Path(path).name!r}: {error.strerror or 'read error'}"
            raise InputError(msg) from None
    if not tables:
        msg = f"{option}: expected a header or at least one row, got nothing to read"
        raise InputError(msg)
    return _join(tables)


def _join(tables: list[Any]) -> Any:
    """One table of the batches, merged column by column.

    Each column's parts are released as soon as it is merged, so the peak is
    about one table and one column, not two tables. The batches are this
    module's own and are not used again.
    """
    rejected = tuple(row for table in tables for row in table.rejected)
    kept = [table for table in tables if len(table)] or tables[:1]  # events join non-empty parts
    if len(kept) == 1:
        return replace(kept[0], rejected=rejected)
    tables = kept
    merged: dict[str, Any] = {"rejected": rejected}
    for name in tables[0].columns():
        parts = [getattr(table, name) for table in tables]
        for table in tables:
            object.__setattr__(table, name, np.empty(0, dtype=parts[0].dtype))
        merged[name] = np.concatenate(parts)
        del parts
    return replace(tables[0].concat(*tables[1:]), **merged)


def read_inputs(
    tickets: Sequence[str],
    surveys: str | None,
    *,
    mapping: str | None,
    zone: dt.tzinfo | None,
    strict: bool,
    progress: Progress,
    events: str | None = None,
) -> Inputs:
    """The tickets of ``tickets`` (with ``events``) and the survey answers of ``surveys``."""
    common: dict[str, Any] = {"mapping": mapping, "zone": zone, "strict": strict,
                              "progress": progress}  # fmt: skip
    ticket_table = read_kind("tickets", tickets, option="TICKETS", events=events, **common)
    survey_table = None
    if surveys is not None:
        survey_table = read_kind("surveys", [surveys], option="--surveys", **common)
    return Inputs(ticket_table, survey_table)
