"""Weighted service-quality score with "to improve" (待改善) flags.

Each indicator is normalised to 0..100 (higher is always better after
normalisation), multiplied by its normalised weight and summed:

- a bounded indicator on ``low..high`` (CSAT mean 1..5, NPS -100..100, rates
  0..1) maps linearly: ``100 * (x - low) / (high - low)``, or
  ``100 * (high - x) / (high - low)`` when lower is better (reopen rate);
- a time (lower is better, unbounded) maps relative to its target ``T``:
  ``100 * min(1, T / x)``: 100 at or under the target, 50 at twice the target.
  A time indicator therefore needs a target.

An indicator is flagged "to improve" when its raw value is on the wrong side
of its target. In ``strict`` mode, an indicator given as a result with a
confidence interval is flagged only when the whole interval is on the wrong
side, so a small week does not raise false alarms.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._scoring.indicators import (
    KNOWN_INDICATORS,
    SPEC_TARGETS,
    IndicatorSpec,
    label,
    real_number,
)
from csmetrics._scoring.results import CsatResult, Interval, NpsResult
from csmetrics.exceptions import InputTypeError, InvalidInputError, MissingTargetError

__all__ = [
    "KNOWN_INDICATORS",
    "SPEC_TARGETS",
    "TO_IMPROVE",
    "TO_IMPROVE_ZH",
    "IndicatorSpec",
    "QualityComponent",
    "QualityScore",
    "quality_score",
]

TO_IMPROVE = "to improve"
TO_IMPROVE_ZH = "待改善"


@dataclass(frozen=True, slots=True)
class QualityComponent:
    """One indicator's part in the quality score.

    ``normalized`` is 0..100; ``weight`` is normalised (all weights sum to 1);
    ``contribution = weight * normalized``.

    Examples
    --------
    >>> q = quality_score({"fcr": 0.7}, weights={"fcr": 1}, targets={"fcr": 0.85})
    >>> c = q.components[0]
    >>> c.normalized, c.contribution, c.status, c.status_zh
    (70.0, 70.0, 'to improve', '待改善')
    """

    name: str
    value: float
    normalized: float
    weight: float
    contribution: float
    target: float | None
    ci: Interval | None
    to_improve: bool

    @property
    def status(self) -> str:
        """``"to improve"`` or ``"ok"``."""
        return TO_IMPROVE if self.to_improve else "ok"

    @property
    def status_zh(self) -> str:
        """``"待改善"`` or ``"达标"``."""
        return TO_IMPROVE_ZH if self.to_improve else "达标"


@dataclass(frozen=True, slots=True)
class QualityScore:
    """Weighted quality score: ``value`` (0..100), ``components``, ``flags``.

    Examples
    --------
    >>> from csmetrics.quality import SPEC_TARGETS
    >>> from csmetrics.scoring import quality_score
    >>> q = quality_score({"csat": 4.6, "nps": 50}, weights={"csat": 1, "nps": 1},
    ...                   targets=SPEC_TARGETS)
    >>> q.value, q.flags  # (90 + 75) / 2; no target missed
    (82.5, ())
    """

    value: float
    components: tuple[QualityComponent, ...]
    flags: tuple[str, ...]
    strict: bool

    def to_frame(self) -> Any:
        """One row per indicator, indexed by its name (needs pandas).

        >>> from csmetrics.scoring import quality_score
        >>> q = quality_score({"fcr": 0.7}, weights={"fcr": 1}, targets={"fcr": 0.85})
        >>> q.to_frame()[["normalized", "to_improve"]]
                   normalized  to_improve
        indicator
        fcr              70.0        True
        """
        from csmetrics._scoring.frames import quality_frame  # noqa: PLC0415 - pandas on use

        return quality_frame(self)


def _raw(name: str, indicator: object) -> tuple[float, Interval | None]:
    where = f"indicators[{label(name)}]"
    if isinstance(indicator, CsatResult):
        value, ci = indicator.mean, indicator.mean_ci
    elif isinstance(indicator, NpsResult):
        value, ci = indicator.score, indicator.ci
    elif isinstance(indicator, numbers.Real) and not isinstance(indicator, bool):
        value, ci = real_number(indicator, where), None
    elif hasattr(indicator, "value") and isinstance(
        getattr(indicator, "value", None), numbers.Real
    ):
        value, ci = (
            real_number(indicator.value, where),
            _interval(getattr(indicator, "ci", None), where),
        )
    else:
        msg = f"{where}: expected a number or a result object, got {describe(indicator)}"
        raise InputTypeError(msg)
    if math.isnan(value):
        msg = f"{where}: expected a defined value, got NaN (no data?)"
        raise InvalidInputError(msg)
    return value, ci


def _interval(raw: object, where: str) -> Interval | None:
    """A result's ``ci`` as an :class:`Interval` (``None`` when it has none)."""
    if raw is None:
        return None
    pair: Any = raw
    try:
        low, high = pair
    except (TypeError, ValueError):
        msg = f"{where}.ci: expected a (low, high) pair, got {describe(raw)}"
        raise InputTypeError(msg) from None
    return Interval(
        real_number(low, f"{where}.ci", finite=False),
        real_number(high, f"{where}.ci", finite=False),
    )


def _normalize(name: str, value: float, spec: IndicatorSpec, target: float | None) -> float:
    if spec.kind == "time":
        if target is None or not target > 0:
            got = describe(target)
            msg = f"targets[{label(name)}]: a time indicator needs a target > 0, got {got}"
            raise MissingTargetError(msg)
        if value < 0:
            msg = f"indicators[{label(name)}]: expected a duration >= 0, got {describe(value)}"
            raise InvalidInputError(msg)
        return 100.0 if value <= target else 100.0 * target / value
    if not spec.low <= value <= spec.high:
        msg = (
            f"indicators[{label(name)}]: expected a value in {spec.low}..{spec.high}, "
            f"got {describe(value)}"
        )
        raise InvalidInputError(msg)
    share = (value - spec.low) / (spec.high - spec.low)
    return 100.0 * (share if spec.higher_is_better else 1.0 - share)


def _flagged(
    value: float, ci: Interval | None, spec: IndicatorSpec, target: float | None, *, strict: bool
) -> bool:
    if target is None:
        return False
    if spec.higher_is_better:
        worst = ci.high if strict and ci is not None and not math.isnan(ci.high) else value
        return worst < target
    best = ci.low if strict and ci is not None and not math.isnan(ci.low) else value
    return best > target


def _weights(weights: Mapping[str, float], names: Mapping[str, object]) -> dict[str, float]:
    """Weights normalised to sum to 1 (scaled by the largest first: no overflow)."""
    given: dict[str, float] = {}
    for name, w in weights.items():
        if name not in names:
            msg = f"weights: {label(name)} is not among the indicators given"
            raise InvalidInputError(msg)
        given[name] = real_number(w, f"weights[{label(name)}]")
        if given[name] < 0:
            msg = f"weights[{label(name)}]: expected a finite number >= 0, got {describe(w)}"
            raise InvalidInputError(msg)
    largest = max(given.values(), default=0.0)
    if largest <= 0:
        msg = "weights: expected at least one positive weight"
        raise InvalidInputError(msg)
    scaled = {name: w / largest for name, w in given.items()}
    total = math.fsum(scaled.values())
    return {name: scaled.get(name, 0.0) / total for name in names}


def _targets(
    targets: Mapping[str, object], names: Mapping[str, object], specs: Mapping[str, object]
) -> dict[str, float]:
    """Targets as floats; a name neither given, known nor in ``specs`` is a misspelling."""
    found = {}
    for name, target in targets.items():
        if name not in names and name not in KNOWN_INDICATORS and name not in specs:
            msg = (
                f"targets: {label(name)} is neither an indicator given, a known indicator "
                "nor in specs (misspelled?)"
            )
            raise InvalidInputError(msg)
        found[name] = real_number(target, f"targets[{label(name)}]")
    return found


def _mapping(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"{name}: expected a mapping of indicator name to value, got {describe(value)}"
        raise InputTypeError(msg)
    return value


def _spec(name: str, specs: Mapping[str, IndicatorSpec]) -> IndicatorSpec:
    spec = specs.get(name, KNOWN_INDICATORS.get(name))
    if spec is None:
        msg = (
            f"specs: indicator {label(name)} is not a known name; give its IndicatorSpec "
            f"(known: {sorted(KNOWN_INDICATORS)!r})"
        )
        raise InvalidInputError(msg)
    if not isinstance(spec, IndicatorSpec):
        msg = f"specs[{label(name)}]: expected an IndicatorSpec, got {describe(spec)}"
        raise InputTypeError(msg)
    return spec


def quality_score(
    indicators: Mapping[str, object],
    *,
    weights: Mapping[str, float],
    targets: Mapping[str, float] | None = None,
    specs: Mapping[str, IndicatorSpec] | None = None,
    strict: bool = False,
) -> QualityScore:
    """Weighted 0..100 quality score of several indicators, with "to improve" flags.

    Parameters
    ----------
    indicators : mapping of str to number or result
        Raw values by name (``{"csat": 4.3, "fcr": 0.81}``), or result objects
        (:class:`CsatResult` gives its mean and ``mean_ci``, :class:`NpsResult`
        its score and ``ci``, anything else with ``.value`` and ``.ci`` such as
        a ``RateResult``).
    weights : mapping of str to float
        Non-negative weights, normalised to sum to 1; indicators without a
        weight count 0 (they are still checked against their targets).
    targets : mapping of str to float, optional
        Thresholds on the raw values (``SPEC_TARGETS``: CSAT 4.2, on-time 0.95),
        finite numbers. Time indicators need one. Targets of known indicators
        not given are ignored, so one preset serves every report; a name that
        is neither given, known nor in ``specs`` raises (a misspelled target
        would otherwise never flag anything).
    specs : mapping of str to IndicatorSpec, optional
        Scale and direction of indicators not in ``KNOWN_INDICATORS`` (or to
        override a known one).
    strict : bool
        Flag an indicator only when its whole interval misses the target.

    Returns
    -------
    QualityScore
        ``.value`` (0..100), ``.components``, ``.flags`` (names to improve).

    Examples
    --------
    >>> q = quality_score(
    ...     {"csat": 4.0, "fcr": 0.8, "first_response_minutes": 40},
    ...     weights={"csat": 0.5, "fcr": 0.3, "first_response_minutes": 0.2},
    ...     targets={"csat": 4.2, "first_response_minutes": 30},
    ... )
    >>> round(q.value, 6)  # 0.5 * 75 + 0.3 * 80 + 0.2 * 75
    76.5
    >>> q.flags
    ('csat', 'first_response_minutes')
    >>> q.components[0].status_zh
    '待改善'
    """
    if not isinstance(strict, bool):
        msg = f"strict: expected a bool, got {describe(strict)}"
        raise InputTypeError(msg)
    indicators = _mapping(indicators, "indicators")
    specs = dict(_mapping({} if specs is None else specs, "specs"))
    raw_targets = _mapping({} if targets is None else targets, "targets")
    targets = _targets(raw_targets, indicators, specs)
    norm_weights = _weights(_mapping(weights, "weights"), indicators)
    components = tuple(
        _component(name, indicator, norm_weights[name], specs, targets.get(name), strict=strict)
        for name, indicator in indicators.items()
    )
    value = math.fsum(c.contribution for c in components)
    flags = tuple(c.name for c in components if c.to_improve)
    return QualityScore(min(max(value, 0.0), 100.0), components, flags, strict)


def _component(
    name: str,
    indicator: object,
    weight: float,
    specs: Mapping[str, IndicatorSpec],
    target: float | None,
    *,
    strict: bool,
) -> QualityComponent:
    spec = _spec(name, specs)
    value, ci = _raw(name, indicator)
    normalized = _normalize(name, value, spec, target)
    flagged = _flagged(value, ci, spec, target, strict=strict)
    return QualityComponent(
        name, value, normalized, weight, weight * normalized, target, ci, flagged
    )


publish("csmetrics.scoring", QualityComponent, QualityScore)
