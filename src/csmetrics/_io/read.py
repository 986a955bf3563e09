"""``read_tickets``, ``iter_tickets``, ``read_surveys``, ``iter_surveys``: data coming in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.optional import has_module
from csmetrics._core.zones import resolve_timezone
from csmetrics._io.arrow_source import read_csv_arrow
from csmetrics._io.assemble import (
    StepEvents,
    build_events,
    check_tickets,
    fill_in,
    model_events,
    pause_events,
    step_events,
    summarize,
)
from csmetrics._io.batch import RawBatch
from csmetrics._io.convert import Problem, Typed, convert_batch, field_columns
from csmetrics._io.csv_source import read_csv_file
from csmetrics._io.event_file import EventIndex, read_event_file
from csmetrics._io.frames import frame_batches, is_frame, iterable_batches, parquet_batches
from csmetrics._io.mapping import Kind, SurveySection, TicketSection, load_mapping
from csmetrics._io.models import EVENTS_COLUMN, is_model_source, model_batches, peek
from csmetrics._io.rows import Assigned, RejectedRow
from csmetrics._io.seen_ids import SeenIds
from csmetrics._io.survey_table import SURVEY_COLUMNS, SurveyTable
from csmetrics._io.text_files import detect_format, read_json_file
from csmetrics._io.ticket_table import TICKET_COLUMNS, TicketTable
from csmetrics.exceptions import InvalidInputError

__all__ = ["MAX_BATCH", "batches", "iter_surveys", "iter_tickets", "read_surveys", "read_tickets"]

Errors = Literal["raise", "collect"]
MAX_BATCH = 10_000_000
"""Largest ``batch_size`` (rows)."""
_EMPTY = {"priority": (0, np.int8), "complaint": (False, bool)}


Reader = Literal["auto", "builtin", "arrow"]


def batches(
    source: object,
    *,
    fmt: str | None,
    encoding: str | None,
    batch_size: int,
    kind: str,
    reader: Reader = "auto",
) -> Iterator[RawBatch]:
    """The raw batches of any source (CSV through ``reader``: pyarrow when installed)."""
    if is_frame(source):
        return frame_batches(source, batch_size)
    name = source if isinstance(source, str | os.PathLike) else getattr(source, "name", None)
    if name is None and fmt is None and not hasattr(source, "read"):
        if isinstance(source, Iterable) and not isinstance(source, str | bytes | dict):
            first, items = peek(source)
            if is_model_source(first):
                return model_batches(items, batch_size)
            return iterable_batches(items, batch_size, kind)
        return iterable_batches(source, batch_size, kind)  # type: ignore[arg-type]
    found = detect_format(str(name or ""), fmt)
    if found in ("csv", "tsv"):
        delimiter = "\t" if found == "tsv" else ","
        if _arrow(reader, source):
            return read_csv_arrow(
                source, delimiter=delimiter, encoding=encoding, batch_size=batch_size
            )
        return read_csv_file(source, delimiter=delimiter, encoding=encoding, batch_size=batch_size)
    if found == "parquet":
        return parquet_batches(source, batch_size)
    return read_json_file(source, found, encoding=encoding, batch_size=batch_size)


def _arrow(reader: object, source: object) -> bool:
    if reader not in ("auto", "builtin", "arrow"):
        msg = f"reader: expected 'auto', 'builtin' or 'arrow', got {describe(reader)}"
        raise InvalidInputError(msg)
    compressed = str(source).lower().endswith(".gz") and not hasattr(source, "read")
    if reader == "arrow":
        return True
    return reader == "auto" and not compressed and has_module("pyarrow.csv")


@dataclass
class _Reading:
    """One read: its options and what it has seen so far."""

    kind: Kind
    section: TicketSection | SurveySection
    zone: dt.tzinfo | None
    errors: Errors
    columns: dict[str, str] | None = None
    seen: SeenIds = field(default_factory=SeenIds)
    index: EventIndex | None = None

    @classmethod
    def start(
        cls, kind: Kind, mapping: object, timezone: object, errors: object, batch_size: object
    ) -> _Reading:
        if errors not in ("raise", "collect"):
            msg = f"errors: expected 'raise' or 'collect', got {describe(errors)}"
            raise InvalidInputError(msg)
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            msg = (
                f"batch_size: expected a whole number 1..{MAX_BATCH:,}, got {describe(batch_size)}"
            )
            raise InvalidInputError(msg)
        section = load_mapping(mapping, kind)
        chosen = timezone if timezone is not None else section.timezone
        zone = None if chosen is None else resolve_timezone(chosen)
        return cls(kind, section, zone, errors)

    def typed(self, batch: RawBatch) -> Typed:
        if self.columns is None or batch.lines is None:  # records may differ from batch to batch
            self.columns = field_columns(list(batch.columns), self.section, self.kind, batch.source)
        present = {f: c for f, c in self.columns.items() if c in batch.columns}
        return convert_batch(batch, present, self.section, self.zone)

    def keep(self, batch: RawBatch, problems: list[Problem]) -> tuple[Any, tuple[RejectedRow, ...]]:
        keep, rejected = _rejected(batch, problems)
        if self.errors == "raise" and rejected:
            raise InvalidInputError(str(rejected[0]))
        return keep, tuple(rejected)


def _rejected(batch: RawBatch, problems: list[Problem]) -> tuple[Any, list[RejectedRow]]:
    """The bad rows of a batch (first problem of each) and the mask of the rows kept."""
    keep = np.ones(len(batch), dtype=bool)
    out: list[RejectedRow] = []
    for problem in sorted(problems, key=lambda p: p.row):
        if not keep[problem.row]:
            continue
        keep[problem.row] = False
        line = None if batch.lines is None else int(batch.lines[problem.row])
        label = None if batch.labels is None else batch.labels[problem.row]
        out.append(RejectedRow(batch.source, line, int(batch.positions[problem.row]), label,
                               problem.column, problem.field, problem.reason))  # fmt: skip
    out += [RejectedRow(batch.source, p.line, p.position, None, None, None, p.reason)
            for p in batch.problems]  # fmt: skip
    return keep, sorted(out, key=lambda r: r.position)


def _full(typed: Typed, names: Iterable[str], keep: Any) -> dict[str, Any]:
    """Every field column of the kept rows, absent ones filled with their missing value."""
    n = int(keep.sum())
    out: dict[str, Any] = {}
    for name in names:
        if name in typed.columns:
            out[name] = typed.columns[name][keep]
        elif name.endswith("_at"):
            out[name] = np.full(n, np.datetime64("NaT", "us"))
        else:
            value, dtype = _EMPTY.get(name, (None, object))
            out[name] = np.full(n, value, dtype=dtype)
    return out


def _provenance(batch: RawBatch, keep: Any, rejected: tuple[RejectedRow, ...]) -> dict[str, Any]:
    return {
        "source": batch.source,
        "positions": batch.positions[keep],
        "lines": None if batch.lines is None else batch.lines[keep],
        "labels": None if batch.labels is None else batch.labels[keep],
        "rejected": rejected,
    }


def iter_tickets(
    source: object,
    *,
    batch_size: int = 100_000,
    mapping: object = None,
    timezone: str | dt.tzinfo | None = None,
    errors: Errors = "raise",
    events: object = None,
    format: str | None = None,  # noqa: A002 - the name users know from pandas
    encoding: str | None = None,
    reader: Reader = "auto",
) -> Iterator[TicketTable]:
    """Tickets from ``source`` as a stream of :class:`TicketTable` of at most ``batch_size`` rows.

    Same options as :func:`read_tickets`; memory stays bounded by the batch
    size, plus about 21 bytes per ticket id (every id seen is kept, compactly,
    to report a repeat in a later batch; an events file, when given, is read
    whole first). Events of unknown tickets are reported in the last table's
    ``rejected``.
    """
    options = {"mapping": mapping, "timezone": timezone, "errors": errors, "events": events,
               "format": format, "encoding": encoding, "reader": reader}  # fmt: skip
    yield from _tickets(source, batch_size, options, compact_ids=True)


def _tickets(
    source: object, batch_size: int, options: dict[str, Any], *, compact_ids: bool
) -> Iterator[TicketTable]:
    """The tables of ``iter_tickets``; ``compact_ids=False`` keeps the seen ids in a set
    (quicker, for ``read_tickets``, whose result holds every id anyway)."""
    errors, events = options["errors"], options["events"]
    reading = _Reading.start("tickets", options["mapping"], options["timezone"], errors,
                             batch_size)  # fmt: skip
    reading.seen = SeenIds(compact=compact_ids)
    if events is not None:
        assert isinstance(reading.section, TicketSection)
        reading.index = read_event_file(events, reading.section, reading.zone, errors=errors)
    held: TicketTable | None = None
    raw = batches(source, fmt=options["format"], encoding=options["encoding"],
                  batch_size=batch_size, kind="tickets", reader=options["reader"])  # fmt: skip
    for batch in raw:
        if held is not None:
            yield held
        held = _ticket_table(batch, reading)
    unknown = [] if reading.index is None else reading.index.unknown(reading.seen)
    if errors == "raise" and unknown:
        raise InvalidInputError(str(unknown[0]))
    if held is not None:
        yield replace(held, rejected=(*held.rejected, *unknown)) if unknown else held


def _ticket_table(batch: RawBatch, reading: _Reading) -> TicketTable:
    n = len(batch)
    typed = reading.typed(batch)
    check_tickets(typed, n, reading.seen)
    found = [step_events(typed, n)]
    if "pauses" in typed.columns:
        found.append(pause_events(typed.columns["pauses"], reading.zone, typed))
    keep, rejected = reading.keep(batch, typed.problems)
    steps = StepEvents.join(found)
    if EVENTS_COLUMN in batch.columns:
        steps = model_events(batch.columns[EVENTS_COLUMN])
    if reading.index is not None:
        steps = reading.index.replace(steps, typed.columns.get("id"), keep)
    full = _full(typed, TICKET_COLUMNS, keep)
    events = build_events(steps, keep)
    full.update(summarize(events))
    assigned = Assigned(*fill_in(full)) if keep.any() else Assigned()
    return TicketTable(**_provenance(batch, keep, rejected), events=events, assigned=assigned,
                       **full)  # fmt: skip


def read_tickets(
    source: object,
    *,
    mapping: object = None,
    timezone: str | dt.tzinfo | None = None,
    errors: Errors = "raise",
    events: object = None,
    format: str | None = None,  # noqa: A002 - the name users know from pandas
    encoding: str | None = None,
    reader: Reader = "auto",
) -> TicketTable:
    """Read tickets from a file, a DataFrame or an iterable into one :class:`TicketTable`.

    See the "Bring your data" page for the sources, the mapping, the
    missing-value rules and the errors.
    """
    options = {"mapping": mapping, "timezone": timezone, "errors": errors, "events": events,
               "format": format, "encoding": encoding, "reader": reader}  # fmt: skip
    tables = list(_tickets(source, MAX_BATCH, options, compact_ids=False))
    if not tables:
        msg = "source: expected a header or at least one row, got nothing to read"
        raise InvalidInputError(msg)
    return tables[0].concat(*tables[1:])


def iter_surveys(
    source: object,
    *,
    batch_size: int = 100_000,
    mapping: object = None,
    timezone: str | dt.tzinfo | None = None,
    errors: Errors = "raise",
    format: str | None = None,  # noqa: A002 - the name users know from pandas
    encoding: str | None = None,
    reader: Reader = "auto",
) -> Iterator[SurveyTable]:
    """Survey answers as a stream of :class:`SurveyTable` (options of :func:`read_surveys`)."""
    reading = _Reading.start("surveys", mapping, timezone, errors, batch_size)
    for batch in batches(
        source, fmt=format, encoding=encoding, batch_size=batch_size, kind="surveys", reader=reader
    ):
        typed = reading.typed(batch)
        keep, rejected = reading.keep(batch, typed.problems)
        yield SurveyTable(
            **_provenance(batch, keep, rejected), **_full(typed, SURVEY_COLUMNS, keep)
        )


def read_surveys(
    source: object,
    *,
    mapping: object = None,
    timezone: str | dt.tzinfo | None = None,
    errors: Errors = "raise",
    format: str | None = None,  # noqa: A002 - the name users know from pandas
    encoding: str | None = None,
    reader: Reader = "auto",
) -> SurveyTable:
    """Read survey answers from a file, a DataFrame or an iterable into one :class:`SurveyTable`."""
    options = {"mapping": mapping, "timezone": timezone, "errors": errors, "format": format,
               "encoding": encoding, "reader": reader}  # fmt: skip
    tables = list(iter_surveys(source, batch_size=MAX_BATCH, **options))  # type: ignore[arg-type]
    if not tables:
        msg = "source: expected a header or at least one row, got nothing to read"
        raise InvalidInputError(msg)
    return tables[0].concat(*tables[1:])
