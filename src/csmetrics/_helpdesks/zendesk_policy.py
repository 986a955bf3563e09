"""Zendesk SLA policies -> :class:`~csmetrics.sla.SlaPolicy` plus the product-only metrics.

``policy_metrics`` entries are ``{"priority", "metric", "target" (minutes),
"target_in_seconds", "business_hours"}``. ``first_reply_time``,
``next_reply_time`` and ``total_resolution_time`` become the engine's
``first_response``, ``next_reply`` and ``resolution`` targets;
``requester_wait_time``, ``agent_work_time``, ``periodic_update_time`` and
``pausable_update_time`` have clocks of their own
(:mod:`csmetrics._helpdesks.status_clock`) and are kept in
:attr:`ZendeskPolicy.status_targets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from csmetrics._core.describe import describe
from csmetrics._helpdesks.arguments import TICKET, require_instance, require_items, require_mapping
from csmetrics._helpdesks.paths import (
    fail,
    is_choice,
    items_at,
    mapping_at,
    number_at,
    text_at,
    token_at,
)
from csmetrics._helpdesks.priorities import (
    OnConflict,
    TargetTable,
    add_target,
    read_priority_map,
    target_from_seconds,
)
from csmetrics._helpdesks.zendesk_filter import PRIORITIES, PolicyFilter, read_filter
from csmetrics._models.enums import Priority
from csmetrics._sla.parts import MetricTargets
from csmetrics._sla.policy import SlaPolicy
from csmetrics._sla.target import SlaTarget
from csmetrics.exceptions import InputTypeError, InvalidPolicyError

__all__ = [
    "DEFAULT_PRIORITY_MAP",
    "ENGINE_METRICS",
    "STATUS_METRICS",
    "ZendeskPolicy",
    "policy_from_zendesk",
    "select_policy",
    "zendesk_policy",
]

DEFAULT_PRIORITY_MAP = {"urgent": "P1", "high": "P1", "normal": "P2", "low": "P3"}
"""Zendesk priority -> csmetrics tier, unless the caller gives a ``priority_map``."""
ENGINE_METRICS = {
    "first_reply_time": "first_response",
    "next_reply_time": "next_reply",
    "total_resolution_time": "resolution",
}
"""Zendesk metrics the SLA engine evaluates, by the engine's metric name."""
STATUS_METRICS = (
    "requester_wait_time",
    "agent_work_time",
    "periodic_update_time",
    "pausable_update_time",
)
"""Zendesk metrics evaluated by the status clocks of this package."""
_METRICS = (*ENGINE_METRICS, *STATUS_METRICS)
_ON_CONFLICT = ("raise", "strictest", "loosest")


@dataclass(frozen=True)
class ZendeskPolicy:
    """A Zendesk SLA policy read into csmetrics terms.

    ``sla`` holds the targets the engine evaluates; ``status_targets`` maps
    each product-only metric to its targets per tier; ``filter`` decides
    which tickets the policy applies to (:meth:`matches`).
    """

    title: str
    position: int | None
    sla: SlaPolicy
    filter: PolicyFilter
    status_targets: dict[str, dict[Priority, SlaTarget]] = field(default_factory=dict)
    priority_map: dict[str, Priority] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_instance(self.title, str, param="title", what="a string")
        if self.position is not None and (
            isinstance(self.position, bool) or not isinstance(self.position, int)
        ):
            msg = f"position: expected an integer or None, got {describe(self.position)}"
            raise InputTypeError(msg)
        require_instance(self.sla, SlaPolicy, param="sla", what="an SlaPolicy")
        require_instance(self.filter, PolicyFilter, param="filter", what="a PolicyFilter")
        require_mapping(self.status_targets, param="status_targets", what="a dict")
        require_mapping(self.priority_map, param="priority_map", what="a dict")

    def matches(self, ticket: Mapping[str, Any]) -> bool:
        """Whether the policy's filter matches a Zendesk ticket object."""
        return self.filter.matches(ticket)

    def tier(self, zendesk_priority: object) -> Priority | None:
        """The csmetrics tier of a Zendesk priority (a string; None for none or '')."""
        if zendesk_priority is None:
            return None
        if not isinstance(zendesk_priority, str):
            msg = f"zendesk_priority: expected a string or None, got {describe(zendesk_priority)}"
            raise InputTypeError(msg)
        return self.priority_map.get(zendesk_priority) if zendesk_priority else None


def zendesk_policy(
    obj: object,
    *,
    priority_map: Mapping[object, object] | None = None,
    on_conflict: OnConflict = "raise",
) -> ZendeskPolicy:
    """Read a Zendesk SLA policy object (``{"sla_policy": {...}}`` accepted) in full.

    Examples
    --------
    >>> p = zendesk_policy({"title": "Gold", "filter": {"all": [], "any": []},
    ...     "policy_metrics": [{"priority": "low", "metric": "agent_work_time", "target": 480,
    ...                         "business_hours": True}]})
    >>> str(p.status_targets["agent_work_time"][Priority.P3])
    '480m'
    """
    if not is_choice(on_conflict, _ON_CONFLICT):
        fail("on_conflict", "'raise', 'strictest' or 'loosest'", on_conflict, show=True)
    data = mapping_at(obj, "policy")
    if "sla_policy" in data and "policy_metrics" not in data:
        data = mapping_at(data["sla_policy"], "policy")
    tiers = read_priority_map(priority_map, DEFAULT_PRIORITY_MAP, "priority_map")
    engine: TargetTable = {}
    status: TargetTable = {}
    rows = items_at(data.get("policy_metrics"), "policy.policy_metrics")
    for index, item in enumerate(rows):
        path = f"policy.policy_metrics[{index}]"
        metric, tier, target = _metric(item, path, tiers)
        if metric in ENGINE_METRICS:
            add_target(engine, tier, ENGINE_METRICS[metric], (target, path), on_conflict)
        else:
            add_target(status, tier, metric, (target, path), on_conflict)
    title = text_at(data, "title", "policy") if "title" in data else "zendesk"
    position = number_at(data, "position", "policy") if data.get("position") is not None else None
    sla = SlaPolicy(
        name=title[:200],
        priorities={
            tier: MetricTargets.model_validate({m: t for m, (t, _) in cell.items()})
            for tier, cell in engine.items()
        },
    )
    by_metric: dict[str, dict[Priority, SlaTarget]] = {}
    for tier, cell in status.items():
        for metric, (target, _) in cell.items():
            by_metric.setdefault(metric, {})[tier] = target
    return ZendeskPolicy(
        title=title,
        position=position,
        sla=sla,
        filter=read_filter(data.get("filter"), "policy.filter"),
        status_targets=by_metric,
        priority_map=tiers,
    )


def _metric(item: object, path: str, tiers: dict[str, Priority]) -> tuple[str, Priority, SlaTarget]:
    entry = mapping_at(item, path)
    priority = token_at(entry, "priority", path, PRIORITIES)
    metric = token_at(entry, "metric", path, _METRICS)
    business = entry.get("business_hours", True)
    if not isinstance(business, bool):
        fail(f"{path}.business_hours", "true or false", business)
    if entry.get("target_in_seconds") is not None:
        seconds = number_at(entry, "target_in_seconds", path, low=1)
        where = f"{path}.target_in_seconds"
    else:
        seconds = 60 * number_at(entry, "target", path, low=1)
        where = f"{path}.target"
    return metric, tiers[priority], target_from_seconds(seconds, business=business, path=where)


def policy_from_zendesk(
    obj: object,
    priority_map: Mapping[object, object] | None = None,
    *,
    on_conflict: OnConflict = "raise",
    status_metrics: str = "raise",
) -> SlaPolicy:
    """An :class:`SlaPolicy` from a Zendesk SLA policy object.

    Targets with ``business_hours: false`` run on the calendar clock. A
    policy with requester-wait, agent-work or update targets raises
    :class:`InvalidPolicyError` naming them unless ``status_metrics="omit"``
    (the caller then evaluates them with :func:`zendesk_policy` and the
    status clocks): they are never dropped silently.

    Examples
    --------
    >>> policy = policy_from_zendesk({"title": "Std", "policy_metrics": [
    ...     {"priority": "urgent", "metric": "first_reply_time", "target": 60,
    ...      "business_hours": False},
    ...     {"priority": "high", "metric": "first_reply_time", "target": 60,
    ...      "business_hours": False}]})
    >>> str(policy.priorities[Priority.P1].first_response)
    '60m calendar'
    """
    if not is_choice(status_metrics, ("raise", "omit")):
        fail("status_metrics", "'raise' or 'omit'", status_metrics, show=True)
    read = zendesk_policy(obj, priority_map=priority_map, on_conflict=on_conflict)
    if read.status_targets and status_metrics == "raise":
        names = ", ".join(sorted(read.status_targets))
        msg = (
            f"policy.policy_metrics: expected metrics an SlaPolicy holds (first_reply_time, "
            f"next_reply_time, total_resolution_time), got also {names}; read the policy "
            "with zendesk_policy() to evaluate them, or pass status_metrics='omit'"
        )
        raise InvalidPolicyError(msg)
    return read.sla


def select_policy(
    policies: Iterable[ZendeskPolicy], ticket: Mapping[str, Any]
) -> ZendeskPolicy | None:
    """The policy Zendesk applies to ``ticket``: the first match in ``position`` order.

    Policies without a position come last, in the given order. None when no
    policy matches.

    Raises
    ------
    InputTypeError
        ``policies`` not an iterable of :class:`ZendeskPolicy`, or ``ticket``
        not a mapping (a Zendesk ticket object).
    """
    given = require_items(policies, ZendeskPolicy, param="policies", what="ZendeskPolicy objects")
    require_mapping(ticket, param="ticket", what=TICKET)
    ordered = sorted(
        enumerate(given),
        key=lambda item: (item[1].position is None, item[1].position or 0, item[0]),
    )
    return next((policy for _, policy in ordered if policy.matches(ticket)), None)
