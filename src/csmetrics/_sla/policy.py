"""SLA policies: targets per priority and channel, escalation ladders, presets, loaders.

A policy is a frozen pydantic model, so it can be built from keyword
arguments, a dict, JSON or TOML (:meth:`SlaPolicy.load`). Durations are read
by :class:`~csmetrics.sla.SlaTarget` (``"15m"``, ``"2h"``,
``"PT15M"``, ``"3wd"``, ``"24h calendar"``, a number of minutes).
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from csmetrics._core.config import load_config, model_from_mapping, read_data_file
from csmetrics._core.describe import describe, id_shown
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._models.enums import Channel, Priority
from csmetrics._schedule.hours import shown
from csmetrics._sla.parts import (
    METRICS,
    ChannelRule,
    EscalationLevel,
    Metric,
    MetricTargets,
    ladder_in_order,
)
from csmetrics._sla.target import Clock, SlaTarget
from csmetrics.exceptions import InputTypeError, InvalidPolicyError, MissingTargetError

__all__ = [
    "METRICS",
    "ChannelRule",
    "Clock",
    "EscalationLevel",
    "Metric",
    "MetricPlan",
    "MetricTargets",
    "SlaPolicy",
    "SlaTarget",
    "preset_names",
]

MetricPlan = tuple[Metric, tuple[tuple[str, SlaTarget], ...], tuple[EscalationLevel, ...]]
"""One metric of :meth:`SlaPolicy.plan`: ``(metric, rules, ladder)``."""

_PRESET_DIR = ("data", "policies")


class SlaPolicy(FrozenModel):
    """Service-level targets per priority (and channel) with escalation ladders.

    Parameters
    ----------
    name, description : str
        For people and reports.
    priorities : dict
        Priority (``"P1"``, ``"一级"``, ``"red"`` ...) -> :class:`MetricTargets`.
    defaults : MetricTargets
        Targets for every priority where its own table leaves a metric unset
        (e.g. follow-ups).
    channels : tuple of ChannelRule
        Channel targets; the stricter of priority and channel target wins.
    escalation : dict
        Priority -> ladder of :class:`EscalationLevel`, in increasing level.
    default_priority : Priority, optional
        Used for tickets without a priority (else :class:`MissingTargetError`).
    reopen : {"cumulative", "per_cycle"}
        Whether the resolution clock goes on after a reopen (default) or
        starts again with the full target.
    revisit_scope : {"all", "complaints"}
        Which tickets the revisit target applies to.

    Examples
    --------
    >>> from csmetrics.models import Priority
    >>> policy = SlaPolicy(priorities={"P1": {"first_response": "15m", "resolution": "2h"}})
    >>> policy.priorities[Priority.P1].resolution.duration
    datetime.timedelta(seconds=7200)
    >>> SlaPolicy.preset("tiered").priorities[Priority.P3].first_response.duration
    datetime.timedelta(seconds=3600)
    """

    name: str = "custom"
    description: str = ""
    priorities: dict[Priority, MetricTargets] = Field(default_factory=dict)
    defaults: MetricTargets = MetricTargets()
    channels: tuple[ChannelRule, ...] = ()
    escalation: dict[Priority, tuple[EscalationLevel, ...]] = Field(default_factory=dict)
    default_priority: Priority | None = None
    reopen: Literal["cumulative", "per_cycle"] = "cumulative"
    revisit_scope: Literal["all", "complaints"] = "all"

    @field_validator("priorities", "escalation", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {Priority.parse(key): item for key, item in value.items()}
        return value

    @field_validator("default_priority", mode="before")
    @classmethod
    def _parse_default(cls, value: object) -> object:
        return None if value is None else Priority.parse(value)

    @model_validator(mode="after")
    def _check(self) -> SlaPolicy:
        for priority, ladder in self.escalation.items():
            ladder_in_order(ladder, priority.value)
        if self.priorities and self.default_priority not in (None, *self.priorities):
            raise PydanticCustomError(
                "default_priority_missing",
                "default_priority: expected one of the policy's priorities {known}, got {value}",
                {"known": [p.value for p in self.priorities], "value": str(self.default_priority)},
            )
        return self

    def priority_for(self, priority: Priority | None, *, ticket_id: str = "") -> Priority | None:
        """The priority whose targets apply, checking that the policy has them.

        Returns ``None`` only when the policy has no priority targets at all.

        Raises
        ------
        MissingTargetError
            The policy has priority targets but none for ``priority`` (or the
            ticket has no priority and the policy no ``default_priority``).

        Examples
        --------
        >>> policy = SlaPolicy(priorities={"P3": {"resolution": "24h"}}, default_priority="P3")
        >>> policy.priority_for(None)
        <Priority.P3: 'P3'>
        """
        if not self.priorities:
            return None
        chosen = priority if priority is not None else self.default_priority
        if chosen is None or chosen not in self.priorities:
            what = "no priority and the policy has no default_priority"
            if chosen is not None:
                policy = shown(self.name)
                what = f"priority {chosen.value!r}, which policy {policy} has no targets for"
            known = ", ".join(p.value for p in self.priorities)
            msg = f"ticket {id_shown(ticket_id)}: expected a priority among {known}, got {what}"
            raise MissingTargetError(msg)
        return chosen

    def candidates(
        self, metric: Metric, priority: Priority | None, channel: Channel | None, *, complaint: bool
    ) -> list[tuple[str, SlaTarget]]:
        """The targets that apply to a ticket for ``metric``, each with the rule's name.

        Examples
        --------
        >>> policy = SlaPolicy(
        ...     priorities={"P3": {"first_response": "1h"}},
        ...     channels=[{"channel": "email", "first_response": "24h"}],
        ... )
        >>> [name for name, _ in policy.candidates("first_response", Priority.P3, Channel.EMAIL,
        ...                                         complaint=False)]
        ['priority:P3', 'channel:email']
        """
        if metric == "revisit" and self.revisit_scope == "complaints" and not complaint:
            return []
        found: list[tuple[str, SlaTarget]] = []
        own = self.priorities.get(priority) if priority is not None else None
        target = own.get(metric) if own is not None else None
        if target is not None:
            found.append((f"priority:{priority}", target))
        elif (target := self.defaults.get(metric)) is not None:
            found.append(("defaults", target))
        for rule in self.channels:
            rule_target = rule.get(metric)
            if rule_target is not None and rule.applies(channel, complaint=complaint):
                found.append((rule.name, rule_target))
        return found

    def ladder(self, priority: Priority | None, metric: Metric) -> tuple[EscalationLevel, ...]:
        """The escalation rungs for ``metric`` of a ticket of ``priority``."""
        rungs = self.escalation.get(priority, ()) if priority is not None else ()
        return tuple(rung for rung in rungs if rung.covers(metric))

    @cached_property
    def _plans(self) -> dict[tuple[object, ...], tuple[MetricPlan, ...]]:
        # Memo of ``plan``, cached per instance (see FrozenModel): not part of the policy.
        return {}

    def plan(
        self, priority: Priority | None, channel: Channel | None, *, complaint: bool
    ) -> tuple[MetricPlan, ...]:
        """Per metric: the candidate targets and the escalation rungs (memoized).

        Examples
        --------
        >>> plan = SlaPolicy.preset("tiered").plan(Priority.P2, None, complaint=False)
        >>> [(metric, [name for name, _ in rules]) for metric, rules, _ in plan][:2]
        [('first_response', ['priority:P2']), ('resolution', ['priority:P2'])]
        """
        key = (priority, channel, complaint)
        found = self._plans.get(key)
        if found is None:
            found = tuple(
                (metric, tuple(self.candidates(metric, priority, channel, complaint=complaint)),
                 self.ladder(priority, metric))
                for metric in METRICS
            )  # fmt: skip
            self._plans[key] = found
        return found

    def updated(self, **changes: Any) -> SlaPolicy:
        """A copy with some fields changed, validated like a new policy.

        Examples
        --------
        >>> SlaPolicy.preset("tiered").updated(default_priority="三级").default_priority
        <Priority.P3: 'P3'>
        """
        return type(self).model_validate({**self.model_dump(), **changes})

    @classmethod
    def preset(cls, name: str) -> SlaPolicy:
        """A shipped policy; see :func:`preset_names` and the SLA docs page.

        Raises
        ------
        InvalidPolicyError
            For an unknown name.

        Examples
        --------
        >>> SlaPolicy.preset("tiered-2h").priorities[Priority.P3].first_response.duration
        datetime.timedelta(seconds=7200)
        """
        names = preset_names()
        if not isinstance(name, str):
            msg = f"name: expected a preset name (str), got {describe(name)}"
            raise InputTypeError(msg)
        if name not in names:
            msg = f"name: expected one of the presets {', '.join(names)}, got {shown(name)}"
            raise InvalidPolicyError(msg)
        file = f"{name}.toml"
        return model_from_mapping(cls, read_data_file(*_PRESET_DIR[1:], file), file)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlaPolicy:
        """Build a policy from a mapping (as JSON or TOML would give).

        Raises
        ------
        InvalidConfigError
            Naming the key path and the problem, e.g. ``priorities.P1.resolution``.
        """
        return load_config(cls, data, param="policy")

    @classmethod
    def from_json(cls, text: str | bytes) -> SlaPolicy:
        """Build a policy from JSON text.

        Examples
        --------
        >>> SlaPolicy.from_json('{"priorities": {"P2": {"resolution": "PT4H"}}}').name
        'custom'
        """
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        return load_config(cls, text, fmt="json")

    @classmethod
    def from_toml(cls, text: str) -> SlaPolicy:
        """Build a policy from TOML text.

        Examples
        --------
        >>> SlaPolicy.from_toml('[priorities.P1]\\nfirst_response = "15m"').name
        'custom'
        """
        return load_config(cls, text, fmt="toml")

    @classmethod
    def load(cls, path: str | Path) -> SlaPolicy:
        """Read a policy from a ``.toml`` or ``.json`` file."""
        return load_config(cls, path, param="path")


def _preset_dir() -> Any:
    return resources.files("csmetrics").joinpath(*_PRESET_DIR)


def preset_names() -> tuple[str, ...]:
    """The names of the shipped policy presets, sorted.

    Examples
    --------
    >>> preset_names()
    ('coarse', 'follow-ups', 'go-live', 'tiered', 'tiered-2h')
    """
    files = _preset_dir().iterdir()
    return tuple(sorted(f.name[: -len(".toml")] for f in files if f.name.endswith(".toml")))


publish("csmetrics.sla", SlaPolicy)
