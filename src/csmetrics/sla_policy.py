"""SLA policies: targets per priority and channel, escalation ladders, presets, loaders.

A policy is a frozen pydantic model, so it can be built from keyword
arguments, a dict, JSON or TOML (:meth:`SlaPolicy.load`). Durations are read
by :class:`~csmetrics._sla_target.SlaTarget` (``"15m"``, ``"2h"``,
``"PT15M"``, ``"3wd"``, ``"24h calendar"``, a number of minutes).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from csmetrics._enums import Channel, Priority
from csmetrics._sla_target import Clock, SlaTarget, parse_duration
from csmetrics.exceptions import InvalidPolicyError, MissingTargetError

__all__ = [
    "METRICS",
    "ChannelRule",
    "Clock",
    "EscalationLevel",
    "Metric",
    "MetricTargets",
    "SlaPolicy",
    "SlaTarget",
    "preset_names",
]

Metric = Literal["first_response", "resolution", "next_reply", "survey", "revisit"]
METRICS: tuple[Metric, ...] = ("first_response", "resolution", "next_reply", "survey", "revisit")
"""The metric names, in the order results list them."""

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_PRESET_DIR = ("data", "policies")


class MetricTargets(BaseModel):
    """One target per metric (``None``: no target for that metric).

    Examples
    --------
    >>> MetricTargets(first_response="15m", resolution="2h").get("resolution").duration
    datetime.timedelta(seconds=7200)
    """

    model_config = _FROZEN

    first_response: SlaTarget | None = None
    resolution: SlaTarget | None = None
    next_reply: SlaTarget | None = None
    survey: SlaTarget | None = None
    revisit: SlaTarget | None = None

    def get(self, metric: Metric) -> SlaTarget | None:
        """The target of ``metric``, or ``None``."""
        target: SlaTarget | None = getattr(self, metric)
        return target


class ChannelRule(MetricTargets):
    """Targets for the tickets of one channel (optionally complaints only).

    When a channel target and a priority target both apply, the stricter
    (earlier deadline) wins.

    Examples
    --------
    >>> rule = ChannelRule(channel="微博", complaints_only=True, first_response="2h")
    >>> rule.channel, rule.name
    (<Channel.SOCIAL_MEDIA: 'social_media'>, 'channel:social_media')
    """

    channel: Channel
    complaints_only: bool = False

    @field_validator("channel", mode="before")
    @classmethod
    def _parse_channel(cls, value: object) -> object:
        return Channel.parse(value)

    @property
    def name(self) -> str:
        """How results name this rule: ``"channel:<channel>"``."""
        return f"channel:{self.channel.value}"

    def applies(self, channel: Channel | None, *, complaint: bool) -> bool:
        """Whether this rule covers a ticket of ``channel`` (and complaint flag)."""
        return channel is self.channel and (complaint or not self.complaints_only)


class EscalationLevel(BaseModel):
    """One rung of an escalation ladder: overdue by ``overdue`` -> ``level``, ``action``.

    ``overdue`` is measured on the clock of the metric's target (business
    time unless the target is calendar time). ``metrics`` limits the rung to
    some metrics (default: every metric of the ticket).

    Examples
    --------
    >>> EscalationLevel(level=1, overdue="15m", action="SMS + phone to the supervisor").overdue
    datetime.timedelta(seconds=900)
    """

    model_config = _FROZEN

    level: int = Field(ge=1)
    overdue: dt.timedelta = Field(ge=dt.timedelta(0))
    action: str
    metrics: tuple[Metric, ...] | None = None

    @field_validator("overdue", mode="before")
    @classmethod
    def _parse_overdue(cls, value: object) -> object:
        if isinstance(value, dt.timedelta | int | float) and not isinstance(value, bool):
            return dt.timedelta(minutes=value) if not isinstance(value, dt.timedelta) else value
        clock, duration, _ = parse_duration(value)
        if clock == "working_days":
            raise PydanticCustomError(
                "invalid_duration",
                "overdue: expected a duration in hours or minutes, got working days {value}",
                {"value": repr(value)},
            )
        return duration

    def covers(self, metric: Metric) -> bool:
        """Whether this rung applies to ``metric``."""
        return self.metrics is None or metric in self.metrics


def _ladder_in_order(ladder: tuple[EscalationLevel, ...], key: str) -> None:
    for lower, upper in itertools.pairwise(ladder):
        if upper.level <= lower.level or upper.overdue < lower.overdue:
            raise PydanticCustomError(
                "ladder_out_of_order",
                "escalation[{key}]: expected levels increasing with non-decreasing overdue "
                "thresholds, got level {a} ({ta}) before level {b} ({tb})",
                {
                    "key": key,
                    "a": lower.level,
                    "ta": str(lower.overdue),
                    "b": upper.level,
                    "tb": str(upper.overdue),
                },
            )


class SlaPolicy(BaseModel):
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
    >>> policy = SlaPolicy(priorities={"P1": {"first_response": "15m", "resolution": "2h"}})
    >>> policy.priorities[Priority.P1].resolution.duration
    datetime.timedelta(seconds=7200)
    >>> SlaPolicy.preset("tiered").priorities[Priority.P3].first_response.duration
    datetime.timedelta(seconds=3600)
    """

    model_config = _FROZEN

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
            _ladder_in_order(ladder, priority.value)
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
                what = f"priority {chosen.value!r}, which policy {self.name!r} has no targets for"
            known = ", ".join(p.value for p in self.priorities)
            msg = f"ticket {ticket_id!r}: expected a priority among {known}, got {what}"
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
        if name not in names:
            msg = f"name: expected one of the presets {', '.join(names)}, got {name!r}"
            raise InvalidPolicyError(msg)
        text = _preset_dir().joinpath(f"{name}.toml").read_text(encoding="utf-8")
        return cls.from_toml(text)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlaPolicy:
        """Build a policy from a mapping (as JSON or TOML would give)."""
        return cls.model_validate(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> SlaPolicy:
        """Build a policy from JSON text.

        Examples
        --------
        >>> SlaPolicy.from_json('{"priorities": {"P2": {"resolution": "PT4H"}}}').name
        'custom'
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"text: expected a JSON policy, got invalid JSON ({exc})"
            raise InvalidPolicyError(msg) from None
        return cls.from_dict(_mapping(data, "JSON"))

    @classmethod
    def from_toml(cls, text: str) -> SlaPolicy:
        """Build a policy from TOML text.

        Examples
        --------
        >>> SlaPolicy.from_toml('[priorities.P1]\\nfirst_response = "15m"').name
        'custom'
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = f"text: expected a TOML policy, got invalid TOML ({exc})"
            raise InvalidPolicyError(msg) from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> SlaPolicy:
        """Read a policy from a ``.toml`` or ``.json`` file."""
        file = Path(path)
        if file.suffix.lower() not in (".toml", ".json"):
            msg = f"path: expected a .toml or .json file, got {str(path)!r}"
            raise InvalidPolicyError(msg)
        text = file.read_text(encoding="utf-8")
        return cls.from_toml(text) if file.suffix.lower() == ".toml" else cls.from_json(text)


def _mapping(data: object, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        msg = f"text: expected a {what} object at the top level, got {type(data).__name__}"
        raise InvalidPolicyError(msg)
    return data


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
