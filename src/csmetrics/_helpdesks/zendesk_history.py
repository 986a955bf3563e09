"""Zendesk ticket histories from ticket metric events or status-change audits.

A :class:`History` is what the clocks need of one ticket: its status over
time (``new``/``open``/``pending``/``hold``/``solved``/``closed``), the
public agent replies, the end-user comments and the priority changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from csmetrics._core.describe import id_shown
from csmetrics._core.validate import require_aware
from csmetrics._helpdesks.paths import error, fail, is_choice, items_at, mapping_at, utc_at
from csmetrics.exceptions import InvalidConfigError

__all__ = [
    "STATUSES",
    "History",
    "agent_ids",
    "histories_from_audits",
    "histories_from_metric_events",
    "ticket_key",
]

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
_EVENT_TYPES = (
    "activate",
    "pause",
    "fulfill",
    "apply_sla",
    "apply_group_sla",
    "breach",
    "update_status",
    "measure",
)
_EVENT_METRICS = (
    "agent_work_time",
    "pausable_update_time",
    "periodic_update_time",
    "reply_time",
    "requester_wait_time",
    "resolution_time",
    "group_ownership_time",
)


@dataclass
class History:
    """One ticket's timeline (instants in UTC, in time order once :meth:`settle` ran)."""

    created_at: dt.datetime
    statuses: list[tuple[dt.datetime, str]] = field(default_factory=list)
    agent_replies: list[dt.datetime] = field(default_factory=list)
    customer_replies: list[dt.datetime] = field(default_factory=list)
    priorities: list[tuple[dt.datetime, str]] = field(default_factory=list)

    def settle(self) -> History:
        """Sort every list by time (stable) and drop repeated statuses."""
        self.statuses.sort(key=lambda item: item[0])
        kept: list[tuple[dt.datetime, str]] = []
        for moment, status in self.statuses:
            if not kept or kept[-1][1] != status:
                kept.append((max(moment, self.created_at), status))
        self.statuses = kept
        self.agent_replies.sort()
        self.customer_replies.sort()
        self.priorities.sort(key=lambda item: item[0])
        return self

    def status_at(self, moment: dt.datetime) -> str:
        """The status in force at ``moment`` (aware; ``new`` before the first change)."""
        require_aware(moment, param="moment")
        found = "new"
        for at, status in self.statuses:
            if at > moment:
                break
            found = status
        return found


def ticket_key(value: object, path: str) -> str:
    """A ticket id as a string key (integers and id-like strings), or an error naming ``path``."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**20:
        return str(value)
    if isinstance(value, str) and value.isdigit() and len(value) <= 20:
        return value
    raise error(path, "a ticket id (a non-negative integer)", value)


def _lookup(known: Mapping[str, History], entry: Mapping[str, Any], path: str) -> History:
    key = ticket_key(entry.get("ticket_id"), f"{path}.ticket_id")
    found = known.get(key)
    if found is None:
        msg = f"{path}.ticket_id: expected the id of one of the tickets given, got {id_shown(key)}"
        raise InvalidConfigError(msg)
    return found


def histories_from_metric_events(known: Mapping[str, History], events: object) -> None:
    """Fill ``known`` (ticket id -> History) from ticket metric events.

    ``reply_time`` fulfils are agent replies (instance 1 the first reply);
    a ``reply_time`` activation after the first is an end-user comment
    waiting for a reply; a ``requester_wait_time`` pause is Pending, an
    ``agent_work_time`` pause at another instant On-hold; a fulfil of
    ``resolution_time`` or ``requester_wait_time`` is Solved and a later
    activation of either reopens the ticket.
    """
    rows = items_at(events, "metric_events")
    parsed = []
    for index, item in enumerate(rows):
        path = f"metric_events[{index}]"
        entry = mapping_at(item, path)
        history = _lookup(known, entry, path)
        kind = entry.get("type")
        metric = entry.get("metric")
        if not is_choice(kind, _EVENT_TYPES):
            fail(f"{path}.type", f"one of {', '.join(_EVENT_TYPES)}", kind, show=True)
        if not is_choice(metric, _EVENT_METRICS):
            fail(f"{path}.metric", f"one of {', '.join(_EVENT_METRICS)}", metric, show=True)
        if entry.get("deleted") is True:
            continue
        instance = entry.get("instance_id", 1)
        parsed.append((utc_at(entry, "time", path), index, history, metric, kind, instance))
    parsed.sort(key=lambda item: (item[0], item[1]))
    pending_pauses = {
        (id(h), t) for t, _, h, m, k, _ in parsed if m == "requester_wait_time" and k == "pause"
    }
    for moment, _, history, metric, kind, instance in parsed:
        _apply_metric_event(
            history, moment, metric, kind, instance=instance, pending=pending_pauses
        )


def _apply_metric_event(
    history: History,
    moment: dt.datetime,
    metric: str,
    kind: str,
    *,
    instance: object,
    pending: set[tuple[int, dt.datetime]],
) -> None:
    solved = history.statuses and history.statuses[-1][1] == "solved"
    if metric == "reply_time":
        if kind == "fulfill":
            history.agent_replies.append(moment)
        elif kind == "activate" and instance != 1 and moment > history.created_at:
            history.customer_replies.append(moment)
    elif metric in ("resolution_time", "requester_wait_time") and kind == "fulfill":
        history.statuses.append((moment, "solved"))
    elif metric == "requester_wait_time" and kind == "pause":
        history.statuses.append((moment, "pending"))
    elif metric == "agent_work_time" and kind == "pause" and (id(history), moment) not in pending:
        history.statuses.append((moment, "hold"))
    elif metric in ("agent_work_time", "requester_wait_time", "resolution_time") and (
        kind == "activate" and (moment > history.created_at or solved)
    ):
        history.statuses.append((moment, "open"))


def histories_from_audits(
    known: Mapping[str, History],
    audits: object,
    requesters: Mapping[str, str],
    agents: frozenset[str] | None,
) -> None:
    """Fill ``known`` from ticket audits: status and priority changes, public comments.

    A public comment is an agent reply when its author is in ``agents``
    (users with role agent or admin) or, without a user list, when its
    author is not the ticket's requester; the ticket's first comment (its
    description) is no reply.
    """
    rows = items_at(audits, "audits")
    parsed = []
    for index, item in enumerate(rows):
        path = f"audits[{index}]"
        entry = mapping_at(item, path)
        if "audit" in entry and "ticket_id" not in entry:
            entry = mapping_at(entry["audit"], path)
        history = _lookup(known, entry, path)
        parsed.append((utc_at(entry, "created_at", path), index, history, entry, path))
    parsed.sort(key=lambda item: (item[0], item[1]))
    described: set[int] = set()
    for moment, _, history, entry, path in parsed:
        key = ticket_key(entry.get("ticket_id"), f"{path}.ticket_id")
        steps = items_at(entry.get("events") or [], f"{path}.events")
        for number, step in enumerate(steps):
            where = f"{path}.events[{number}]"
            _apply_audit_event(
                history,
                moment,
                mapping_at(step, where),
                audit_author=entry.get("author_id"),
                requester=requesters.get(key),
                agents=agents,
                described=described,
                path=where,
            )


def _apply_audit_event(
    history: History,
    moment: dt.datetime,
    step: Mapping[str, Any],
    *,
    audit_author: object,
    requester: str | None,
    agents: frozenset[str] | None,
    described: set[int],
    path: str,
) -> None:
    kind = step.get("type")
    name = step.get("field_name")
    if kind in ("Create", "Change") and name == "status":
        value = step.get("value")
        if value not in STATUSES:
            fail(f"{path}.value", f"a status among {', '.join(STATUSES)}", value, show=True)
        history.statuses.append((moment, value))
    elif kind in ("Create", "Change") and name == "priority":
        value = step.get("value")
        history.priorities.append((moment, value if isinstance(value, str) else ""))
    elif kind == "Comment" and step.get("public") is not False:
        if id(history) not in described:
            described.add(id(history))  # the description opens the ticket: no reply
            return
        author = step.get("author_id", audit_author)
        by_agent = (str(author) in agents) if agents is not None else str(author) != requester
        (history.agent_replies if by_agent else history.customer_replies).append(moment)


def agent_ids(users: Sequence[Any] | None) -> frozenset[str] | None:
    """The ids of the users whose role is agent or admin (None without a user list)."""
    if users is None:
        return None
    found = set()
    for index, user in enumerate(items_at(users, "users")):
        entry = mapping_at(user, f"users[{index}]")
        if entry.get("role") in ("agent", "admin"):
            found.add(str(entry.get("id")))
    return frozenset(found)
