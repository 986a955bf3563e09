"""``csmetrics validate``, ``sla`` and ``classify``."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import sys
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from csmetrics._classify.api import categorize, sentiment
from csmetrics._cli.inputs import read_kind
from csmetrics._cli.options import InputError, load_policy, load_schedule, parse_instant, parse_zone
from csmetrics._cli.output import EXIT_FOUND_BAD_ROWS, EXIT_OK, write_text
from csmetrics._cli.progress import Progress
from csmetrics._core.text import MAX_TEXT_LENGTH
from csmetrics._models.records import Ticket
from csmetrics._priority.assign import assign_priority
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import evaluate
from csmetrics.exceptions import CsMetricsError

__all__ = ["MAX_TICKET_BYTES", "run_classify", "run_sla", "run_validate", "to_json"]

MAX_TICKET_BYTES = 4 * 1024 * 1024
"""Largest ticket JSON ``csmetrics sla`` reads from standard input."""


def run_validate(args: argparse.Namespace, progress: Progress) -> int:
    """List the bad rows of ``args.file``; 1 when there is any."""
    kind = "surveys" if args.surveys else "tickets"
    zone = parse_zone(args.timezone)
    table = read_kind(kind, [args.file], option="FILE", mapping=args.mapping, zone=zone,
                      strict=False, progress=progress)  # fmt: skip
    progress.done()
    lines = [str(row) for row in table.rejected]
    read = len(table) + len(table.rejected)
    lines.append(
        f"{table.source}: {read:,} {kind[:-1]} rows read, {len(table.rejected):,} rejected"
    )
    write_text("\n".join(lines))
    return EXIT_FOUND_BAD_ROWS if table.rejected else EXIT_OK


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def to_json(value: Any) -> str:
    """One line of JSON: instants ISO 8601, durations in seconds, enumerations by value."""
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=False)


def _read_ticket() -> Ticket:
    data = sys.stdin.buffer.read(MAX_TICKET_BYTES + 1)
    if len(data) > MAX_TICKET_BYTES:
        msg = f"stdin: expected a ticket of at most {MAX_TICKET_BYTES:,} bytes of JSON"
        raise InputError(msg)
    if not data.strip():
        msg = "stdin: expected one ticket as JSON, got nothing"
        raise InputError(msg)
    try:
        return Ticket.model_validate_json(data)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False, include_context=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "ticket"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        msg = f"stdin: {where}: {first['msg']}{more}"
        raise InputError(msg) from None


def _latest(ticket: Ticket) -> dt.datetime:
    return max([ticket.created_at, *(event.at for event in ticket.events)])


def run_sla(args: argparse.Namespace, progress: Progress) -> int:
    """The SLA status of the ticket on standard input, as one line of JSON."""
    del progress
    zone_given = parse_zone(args.timezone)
    schedule = load_schedule(args.schedule, args.hours, args.country, zone_given)
    policy = load_policy(args.policy)
    ticket = _read_ticket()
    zone = zone_given or (schedule.timezone if schedule is not None else dt.UTC)
    calendar = schedule or Schedule.always(timezone=zone)
    now = _latest(ticket) if args.now is None else parse_instant(args.now, "--now", zone)
    try:
        result = evaluate(ticket, policy, calendar, now=now)
    except CsMetricsError as error:
        raise InputError(str(error)) from None
    write_text(to_json(result))
    return EXIT_OK


def _texts(source: str) -> Iterator[tuple[str, str]]:
    if source != "-":
        yield "TEXT", source
        return
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        if len(raw) > 4 * MAX_TEXT_LENGTH + 2:
            msg = f"stdin:{number}: expected a line of at most {MAX_TEXT_LENGTH:,} characters"
            raise InputError(msg)
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            msg = f"stdin:{number}: expected UTF-8 text"
            raise InputError(msg) from None
        yield f"stdin:{number}", line.rstrip("\r\n")


def _classified(text: str) -> dict[str, Any]:
    decision = assign_priority(text)
    category = categorize(text)
    mood = sentiment(text)
    return {
        "priority": decision.priority.value,
        "priority_reasons": list(decision.reasons),
        "category": category.category,
        "subcategory": category.subcategory,
        "category_evidence": list(category.evidence),
        "sentiment": mood.label.value,
        "sentiment_score": mood.score,
        "sentiment_evidence": [list(evidence) for evidence in mood.evidence],
        "warmth_words": list(mood.warmth_words),
    }


def run_classify(args: argparse.Namespace, progress: Progress) -> int:
    """Priority, category and sentiment of each text, one line of JSON each."""
    del progress
    for where, text in _texts(args.text):
        try:
            line = json.dumps(_classified(text), ensure_ascii=False)
        except CsMetricsError as error:
            msg = f"{where}: {error}"
            raise InputError(msg) from None
        write_text(line)
    return EXIT_OK
