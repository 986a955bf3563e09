"""The sample helpdesk export the notebook tutorial reads (docs/tutorials/data/*.csv).

Made from ``csmetrics.datasets`` with a fixed seed and written with the
header of a made-up helpdesk product, so that the tutorial has to map its
columns. ``python -m tests.notebook.sample_export`` rewrites the files; a
test checks that the shipped files are exactly what this writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from csmetrics.datasets import sample_surveys, sample_tickets
from csmetrics.models import EventKind, Ticket

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "tutorials" / "data"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2025, 3, 3, tzinfo=SHANGHAI)  # a Monday
URGENCY = {"P1": "urgent", "P2": "high", "P3": "normal"}
TICKET_HEADER = [
    "Ticket ID", "Created", "Channel", "Urgency", "Subject", "Assignee",
    "First reply", "Solved", "Reopened",
]  # fmt: skip
SURVEY_HEADER = ["Ticket ID", "Answered", "Agent", "Overall", "NPS", "Comment"]


def _local(at: dt.datetime | None) -> str:
    return "" if at is None else at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def _first(ticket: Ticket, kind: EventKind) -> dt.datetime | None:
    return next((e.at for e in ticket.events if e.kind is kind), None)


def _last(ticket: Ticket, kind: EventKind) -> dt.datetime | None:
    return next((e.at for e in reversed(ticket.events) if e.kind is kind), None)


def _agent(name: str | None) -> str:
    return "" if name is None else "agent " + name.removeprefix("客服")


def _ticket_row(ticket: Ticket) -> list[str]:
    priority = ticket.priority.value if ticket.priority else ""
    return [
        str(ticket.id), _local(ticket.created_at), ticket.channel.value if ticket.channel else "",
        URGENCY.get(priority, ""), ticket.text, _agent(ticket.assignee),
        _local(_first(ticket, EventKind.AGENT_REPLY)), _local(_last(ticket, EventKind.RESOLVED)),
        _local(_first(ticket, EventKind.REOPENED)),
    ]  # fmt: skip


def export_texts(n: int = 900, seed: int = 42) -> dict[str, str]:
    """File name -> CSV text of the tickets and survey answers (eight weeks of them)."""
    tickets = sample_tickets(n, seed=seed, start=START, days=56)
    surveys = sample_surveys(tickets, seed=seed)
    texts: dict[str, str] = {}
    for name, header, rows in (
        ("tickets.csv", TICKET_HEADER, [_ticket_row(t) for t in tickets]),
        ("surveys.csv", SURVEY_HEADER, [
            [s.ticket_id or "", _local(s.answered_at), _agent(s.agent),
             "" if s.overall is None else str(s.overall), "" if s.nps is None else str(s.nps),
             s.comment]
            for s in surveys
        ]),
    ):  # fmt: skip
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        texts[name] = buffer.getvalue()
    return texts


def main() -> None:
    """Write the files into docs/tutorials/data."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, text in export_texts().items():
        (FOLDER / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
