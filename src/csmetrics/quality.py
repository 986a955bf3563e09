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

from csmetrics._scoring.quality import (
    KNOWN_INDICATORS,
    SPEC_TARGETS,
    TO_IMPROVE,
    TO_IMPROVE_ZH,
    IndicatorSpec,
    QualityComponent,
    QualityScore,
    quality_score,
)

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
