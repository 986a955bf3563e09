"""Zendesk tickets (+ metric events or audits, + users) -> :class:`~csmetrics.io.TicketTable`.

Personal data is masked on the way in: a requester's name and phone (from
the ``users`` side-load) go through :class:`~csmetrics.models.Customer`,
which keeps the surname's initial and the last four digits; e-mail
addresses, the ``via.source`` names and addresses and comment bodies are
never read. The subject becomes the ticket text only with ``text="subject"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from csmetrics._helpdesks.paths import fail, is_choice, items_at, mapping_at, utc_at
from csmetrics._helpdesks.priorities import read_priority_map
from csmetrics._helpdesks.zendesk_history import (
    History,
    agent_ids,
    histories_from_audits,
    histories_from_metric_events,
    ticket_key,
)
from csmetrics._helpdesks.zendesk_policy import DEFAULT_PRIORITY_MAP
from csmetrics._io.read import read_tickets
from csmetrics._io.ticket_table import TicketTable
from csmetrics._models.customer import Customer
from csmetrics._models.enums import Priority
from csmetrics._models.records import Ticket

__all__ = ["CHANNELS", "tickets_from_zendesk", "zendesk_histories"]

CHANNELS = {
    "email": "email",
    "chat": "chat",
    "native_messaging": "chat",
    "voice": "phone",
    "twitter": "social_media",
    "facebook": "social_media",
}
"""Zendesk ``via.channel`` -> csmetrics channel; other channels (web, api ...) give none."""
_PAUSABLE = ("new", "open", "pending", "hold")
_RANK = {
    "reopened": 0,
    "resume": 1,
    "priority_changed": 1,
    "customer_reply": 2,
    "agent_reply": 3,
    "pause": 4,
    "resolved": 5,
    "closed": 6,
}


def zendesk_histories(
    tickets: object,
    metric_events: object = None,
    audits: object = None,
    *,
    users: Sequence[Any] | None = None,
) -> dict[str, History]:
    """Ticket id -> :class:`History` from tickets and their metric events or audits."""
    rows = items_at(tickets, "tickets")
    known: dict[str, History] = {}
    requesters: dict[str, str] = {}
    for index, item in enumerate(rows):
        path = f"tickets[{index}]"
        entry = mapping_at(item, path)
        key = ticket_key(entry.get("id"), f"{path}.id")
        if key in known:
            fail(f"{path}.id", "ids that differ from every other ticket's", int(key))
        known[key] = History(created_at=utc_at(entry, "created_at", path))
        requesters[key] = str(entry.get("requester_id"))
    if metric_events is not None:
        histories_from_metric_events(known, metric_events)
    if audits is not None:
        histories_from_audits(known, audits, requesters, agent_ids(users))
    return {key: history.settle() for key, history in known.items()}


def tickets_from_zendesk(
    tickets: object,
    metric_events: object = None,
    audits: object = None,
    *,
    users: Sequence[Any] | None = None,
    priority_map: Mapping[object, object] | None = None,
    pause_on: Collection[str] = ("pending",),
    text: str = "none",
) -> TicketTable:
    """A :class:`TicketTable` of Zendesk tickets with the events of their metric events or audits.

    Statuses in ``pause_on`` (default Pending) pause the csmetrics clocks;
    Solved is ``resolved``, leaving Solved ``reopened``, Closed ``closed``;
    priority changes are ``priority_changed`` events (tiers by
    ``priority_map``). See the Zendesk page for what this changes against
    Zendesk's own clocks.

    Raises
    ------
    InvalidConfigError
        Naming the JSON path: a malformed ticket, an event or audit of a
        ticket that is not in ``tickets``, an unknown status or event type.
    """
    if not is_choice(text, ("none", "subject")):
        fail("text", "'none' or 'subject'", text, show=True)
    plain = isinstance(pause_on, Collection) and not isinstance(pause_on, str | bytes | Mapping)
    given = list(pause_on) if plain else None
    if (
        given is None
        or not all(x in _PAUSABLE for x in given if isinstance(x, str))
        or not all(isinstance(x, str) for x in given)
    ):
        fail("pause_on", "statuses among new, open, pending, hold", pause_on)
    pauses = frozenset(given)
    tiers = read_priority_map(priority_map, DEFAULT_PRIORITY_MAP, "priority_map")
    histories = zendesk_histories(tickets, metric_events, audits, users=users)
    people = _users_by_id(users)
    records = []
    for index, item in enumerate(items_at(tickets, "tickets")):
        entry = mapping_at(item, f"tickets[{index}]")
        history = histories[ticket_key(entry.get("id"), f"tickets[{index}].id")]
        records.append(_ticket(entry, history, tiers, pauses, people, text=text, index=index))
    return read_tickets(records)


def _users_by_id(users: Sequence[Any] | None) -> dict[str, Mapping[str, Any]]:
    if users is None:
        return {}
    return {
        str(mapping_at(u, f"users[{i}]").get("id")): u
        for i, u in enumerate(items_at(users, "users"))
    }


def _tier(value: object, tiers: Mapping[str, Priority], path: str) -> Priority | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in tiers:
        fail(path, f"a priority among {', '.join(tiers)}", value, show=True)
    return tiers[str(value)]


def _ticket(
    entry: Mapping[str, Any],
    history: History,
    tiers: Mapping[str, Priority],
    pauses: frozenset[str],
    people: Mapping[str, Mapping[str, Any]],
    *,
    text: str,
    index: int,
) -> Ticket:
    path = f"tickets[{index}]"
    changes = [(t, _tier(v, tiers, f"{path}.priority")) for t, v in history.priorities]
    initial = changes[0][1] if changes else _tier(entry.get("priority"), tiers, f"{path}.priority")
    via = entry.get("via")
    channel = CHANNELS.get(str(via.get("channel"))) if isinstance(via, Mapping) else None
    subject = entry.get("subject") if text == "subject" else None
    requester = entry.get("requester_id")
    return Ticket.model_validate(
        {
            "id": ticket_key(entry.get("id"), f"{path}.id"),
            "created_at": history.created_at,
            "channel": channel,
            "priority": initial,
            "text": subject if isinstance(subject, str) else "",
            "customer": _customer(people.get(str(requester)), requester),
            "events": tuple(_events(history, pauses, changes[1:])),
        }
    )


def _customer(user: Mapping[str, Any] | None, requester: object) -> Customer | None:
    if requester is None:
        return None
    base: dict[str, Any] = {"id": str(requester)}
    if user is None:
        return Customer.model_validate(base)
    for extra in (("name", "phone"), ("name",), ()):
        fields = {key: user[key] for key in extra if isinstance(user.get(key), str) and user[key]}
        try:
            return Customer.model_validate({**base, **fields})
        except ValidationError:
            continue  # a value that cannot be masked is left out, never kept raw
    return Customer.model_validate(base)


def _events(
    history: History, pauses: frozenset[str], changes: list[tuple[dt.datetime, Priority | None]]
) -> list[dict[str, Any]]:
    created = history.created_at
    steps: list[tuple[dt.datetime, str, Priority | None]] = []
    paused = solved = False
    for moment, status in history.statuses:
        if status in ("solved", "closed"):
            if paused:
                steps.append((moment, "resume", None))
                paused = False
            steps.append((moment, "resolved" if status == "solved" else "closed", None))
            solved = True
            continue
        if solved:
            steps.append((moment, "reopened", None))
            solved = False
        if (status in pauses) != paused:
            steps.append((moment, "resume" if paused else "pause", None))
            paused = not paused
    steps += [(t, "agent_reply", None) for t in history.agent_replies]
    steps += [(t, "customer_reply", None) for t in history.customer_replies]
    steps += [(t, "priority_changed", p) for t, p in changes if p is not None]
    steps.sort(key=lambda s: (max(s[0], created), _RANK[s[1]]))
    return [
        {"kind": kind, "at": max(at, created), **({"priority": p} if p else {})}
        for at, kind, p in steps
    ]
