"""Indicators of the quality score: their scale and direction, and reading their values.

:class:`IndicatorSpec` says how one indicator is normalised;
:data:`KNOWN_INDICATORS` holds the names whose scale and direction are
known; :func:`real_number` reads a value, weight or target (a finite real
number, never a bool) and :func:`label` names an indicator in a message
without echoing a long or non-text key.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from typing import Any, Literal

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.validate import require_choice
from csmetrics._scoring.options import name_label
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["KNOWN_INDICATORS", "SPEC_TARGETS", "IndicatorSpec", "label", "real_number"]


def label(name: object) -> str:
    """An indicator name for a message (:func:`~csmetrics._scoring.inputs.name_label`)."""
    return name_label(name)


def real_number(value: object, where: str, *, finite: bool = True) -> float:
    """A real number (not a bool) as a float; NaN refused, and infinity unless ``finite=False``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = f"{where}: expected a number, got {describe(value)}"
        raise InputTypeError(msg)
    real: Any = value
    try:
        number = float(real)
    except OverflowError:  # an int or fraction beyond the float range
        number = math.inf if real > 0 else -math.inf
    if math.isnan(number):
        msg = f"{where}: expected a defined value, got NaN (no data?)"
        raise InvalidInputError(msg)
    if finite and math.isinf(number):
        msg = f"{where}: expected a finite number, got {describe(value)}"
        raise InvalidInputError(msg)
    return number


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """How to normalise one indicator.

    ``kind="bounded"``: values on ``low..high``, ``higher_is_better`` says the
    direction. ``kind="time"``: a duration, lower is better, normalised
    relative to its target (``low``/``high`` unused).

    Examples
    --------
    >>> ces = IndicatorSpec(1, 7, higher_is_better=False)  # customer effort, 1..7
    >>> quality_score({"ces": 2.5}, weights={"ces": 1}, specs={"ces": ces}).value
    75.0
    """

    low: float = 0.0
    high: float = 1.0
    _: KW_ONLY
    higher_is_better: bool = True
    kind: Literal["bounded", "time"] = "bounded"

    def __post_init__(self) -> None:
        require_choice(self.kind, ("bounded", "time"), param="kind")
        if not isinstance(self.higher_is_better, bool):
            msg = f"higher_is_better: expected a bool, got {describe(self.higher_is_better)}"
            raise InputTypeError(msg)
        low, high = real_number(self.low, "low"), real_number(self.high, "high")
        if self.kind == "bounded" and not low < high:
            msg = f"low, high: expected low < high, got {describe(low)} and {describe(high)}"
            raise InvalidInputError(msg)


_RATE = IndicatorSpec(0.0, 1.0)
_LOW_RATE = IndicatorSpec(0.0, 1.0, higher_is_better=False)
_TIME = IndicatorSpec(kind="time", higher_is_better=False)

KNOWN_INDICATORS: Mapping[str, IndicatorSpec] = {
    "csat": IndicatorSpec(1.0, 5.0),
    "nps": IndicatorSpec(-100.0, 100.0),
    **dict.fromkeys(
        (
            "fcr", "first_contact_resolution", "resolution_rate", "on_time", "on_time_rate",
            "within_target", "complaint_close_rate", "complaint_on_time", "revisit_rate",
            "connection_rate", "on_time_arrival", "compliance", "warmth", "satisfied_share",
        ),
        _RATE,
    ),
    **dict.fromkeys(("reopen_rate", "repeat_contact_rate", "breach_rate"), _LOW_RATE),
    **dict.fromkeys(
        (
            "first_response_seconds", "first_response_minutes", "first_response_hours",
            "resolution_minutes", "resolution_hours", "resolution_days",
        ),
        _TIME,
    ),
}  # fmt: skip
"""Indicator names whose scale and direction are known."""

SPEC_TARGETS: Mapping[str, float] = {"csat": 4.2, "on_time": 0.95}
"""Thresholds of the service templates: CSAT >= 4.2, on-time >= 95%."""


publish("csmetrics.scoring", IndicatorSpec)
