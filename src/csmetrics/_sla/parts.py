"""Parts of an SLA policy: metric names, targets per metric, channel rules, escalation rungs."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._models.channels import channel_text, channel_value
from csmetrics._models.enums import Channel
from csmetrics._schedule.hours import shown
from csmetrics._sla.target import MAX_TARGET, SlaTarget, parse_duration

__all__ = [
    "METRICS",
    "ChannelRule",
    "EscalationLevel",
    "Metric",
    "MetricTargets",
    "ladder_in_order",
]

Metric = Literal["first_response", "resolution", "next_reply", "survey", "revisit"]
METRICS: tuple[Metric, ...] = ("first_response", "resolution", "next_reply", "survey", "revisit")
"""The metric names, in the order results list them."""


class MetricTargets(FrozenModel):
    """One target per metric (``None``: no target for that metric).

    Examples
    --------
    >>> MetricTargets(first_response="15m", resolution="2h").get("resolution").duration
    datetime.timedelta(seconds=7200)
    """

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

    Any channel can have a rule (see :func:`csmetrics.models.channel_value`):

    >>> ChannelRule(channel="微信", first_response="30m").name
    'channel:wechat'
    """

    channel: Channel | str
    complaints_only: bool = False

    @field_validator("channel", mode="before")
    @classmethod
    def _parse_channel(cls, value: object) -> object:
        return channel_value(value)

    @property
    def name(self) -> str:
        """How results name this rule: ``"channel:<channel>"``."""
        return f"channel:{channel_text(self.channel)}"

    def applies(self, channel: Channel | str | None, *, complaint: bool) -> bool:
        """Whether this rule covers a ticket of ``channel`` (and complaint flag)."""
        return (
            channel is not None
            and channel == self.channel
            and (complaint or not self.complaints_only)
        )


class EscalationLevel(FrozenModel):
    """One rung of an escalation ladder: overdue by ``overdue`` -> ``level``, ``action``.

    ``overdue`` is measured on the clock of the metric's target (business
    time unless the target is calendar time). ``metrics`` limits the rung to
    some metrics (default: every metric of the ticket).

    Examples
    --------
    >>> EscalationLevel(level=1, overdue="15m", action="SMS + phone to the supervisor").overdue
    datetime.timedelta(seconds=900)
    """

    level: int = Field(ge=1)
    overdue: dt.timedelta = Field(ge=dt.timedelta(0), le=MAX_TARGET)
    action: str
    metrics: tuple[Metric, ...] | None = None

    @field_validator("overdue", mode="before")
    @classmethod
    def _parse_overdue(cls, value: object) -> object:
        if isinstance(value, dt.timedelta):
            return value  # the field's bounds check it
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 <= value <= MAX_TARGET / dt.timedelta(minutes=1):  # NaN fails too
                raise PydanticCustomError(
                    "invalid_duration",
                    "overdue: expected minutes from 0 to 1,000,000,000, got {value}",
                    {"value": describe(value)},
                )
            return dt.timedelta(minutes=value)
        clock, duration, _ = parse_duration(value)
        if clock == "working_days":
            raise PydanticCustomError(
                "invalid_duration",
                "overdue: expected a duration in hours or minutes, got working days {value}",
                {"value": shown(value)},
            )
        return duration

    def covers(self, metric: Metric) -> bool:
        """Whether this rung applies to ``metric``."""
        return self.metrics is None or metric in self.metrics


def ladder_in_order(ladder: tuple[EscalationLevel, ...], key: str) -> None:
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


publish("csmetrics.sla", ChannelRule, EscalationLevel, MetricTargets)
