"""Product priorities -> csmetrics tiers, and merging the targets of priorities that share a tier.

Zendesk and Freshdesk have four priorities, csmetrics three tiers. Two product
priorities mapped to one tier with different targets for one metric is an
error unless the caller chooses ``on_conflict="strictest"`` (the shorter
target; on a tie the calendar one) or ``"loosest"``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Literal

from csmetrics._helpdesks.paths import fail
from csmetrics._models.enums import Priority
from csmetrics._sla.target import SlaTarget
from csmetrics.exceptions import InputTypeError, InvalidConfigError, InvalidInputError

__all__ = ["OnConflict", "TargetTable", "add_target", "read_priority_map", "target_from_seconds"]

OnConflict = Literal["raise", "strictest", "loosest"]
TargetTable = dict[Priority, dict[str, tuple[SlaTarget, str]]]
"""tier -> metric -> (target, JSON path it came from)."""
_MAX_SECONDS = 60 * 1_000_000_000


def read_priority_map(
    given: Mapping[object, object] | None, default: Mapping[str, str], param: str
) -> dict[str, Priority]:
    """The product priority -> tier map: ``default`` with ``given``'s entries over it.

    >>> read_priority_map({"high": "P2"}, {"high": "P1", "low": "P3"}, "priority_map")["high"]
    <Priority.P2: 'P2'>
    """
    merged: dict[str, Priority] = {key: Priority.parse(value) for key, value in default.items()}
    if given is None:
        return merged
    if not isinstance(given, Mapping):
        fail(param, "a mapping of product priority -> 'P1'/'P2'/'P3'", given)
    for key, value in given.items():
        if key not in merged:
            fail(param, f"keys among {', '.join(merged)}", key, show=True)
        try:
            merged[str(key)] = Priority.parse(value)
        except (InvalidInputError, InputTypeError):
            fail(f"{param}.{key}", "a csmetrics priority ('P1', 'P2' or 'P3')", value, show=True)
    return merged


def target_from_seconds(seconds: float, *, business: bool, path: str) -> SlaTarget:
    """An SLA target of ``seconds`` on the business or calendar clock.

    >>> str(target_from_seconds(3600, business=False, path="x"))
    '60m calendar'
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or math.isnan(seconds):
        fail(path, "a number of seconds", seconds)
    if not 0 < seconds <= _MAX_SECONDS:
        fail(path, "a positive target of at most 1,000,000,000 minutes", seconds)
    duration = dt.timedelta(seconds=seconds)
    if business:
        return SlaTarget(clock="business", duration=duration)
    return SlaTarget(clock="calendar", duration=duration)


def add_target(
    table: TargetTable,
    tier: Priority,
    metric: str,
    found: tuple[SlaTarget, str],
    on_conflict: OnConflict,
) -> None:
    """Put ``found`` in ``table`` for ``tier`` and ``metric``, settling a conflict."""
    cell = table.setdefault(tier, {})
    held = cell.get(metric)
    if held is None or held[0] == found[0]:
        cell[metric] = found
        return
    if on_conflict == "raise":
        msg = (
            f"{found[1]}: expected the same {metric} target as {held[1]} (both map to "
            f"{tier.value}), got {found[0]} and {held[0]}; pass on_conflict='strictest' or "
            "'loosest', or a priority_map that keeps them apart"
        )
        raise InvalidConfigError(msg)
    ordered = sorted(
        (held, found), key=lambda item: (item[0].duration, item[0].clock != "calendar")
    )
    cell[metric] = ordered[0] if on_conflict == "strictest" else ordered[-1]
