"""Plain-text rendering of the weekly report sections.

Columns are aligned by display width: a Chinese character takes two cells
in a terminal, so padding counts East Asian wide characters twice.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping

from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import Priority
from csmetrics._report.sections import (
    CategorySection,
    SatisfactionSection,
    SlaSection,
    VolumeSection,
)
from csmetrics._scoring.metrics import CsatResult, ParetoResult, QualityScore
from csmetrics._sla.api import ComplianceRow

__all__ = [
    "display_width",
    "pad",
    "render_categories",
    "render_quality",
    "render_satisfaction",
    "render_sla",
    "render_volume",
]

_DIMENSION_ZH = dict(
    zip(DIMENSIONS, ("响应及时性", "解决有效性", "服务态度", "整体体验"), strict=True)
)
_RATES = frozenset({"fcr", "on_time", "resolution_rate", "warmth"})
_QUALITY_LABELS = {
    "csat": "CSAT (mean 1-5)",
    "nps": "NPS (-100..100)",
    "fcr": "first-contact resolution",
    "on_time": "first response on time",
    "resolution_rate": "resolution rate",
    "warmth": "warmth of comments",
}


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal cells."""
    return text + " " * max(0, width - display_width(text))


def _pct(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{100 * value:.1f}%"


def _counts(pairs: list[tuple[str, int]]) -> str:
    return " | ".join(f"{label} {count}" for label, count in pairs)


def render_volume(section: VolumeSection) -> list[str]:
    """Lines of the volume section."""
    return [
        (
            f"Volume: {section.total} tickets, {section.complaints} complaints, "
            f"urgent (P1) share {_pct(section.urgent_share)}"
        ),
        "  by channel:  " + _counts([(f"{c.zh} {c.value}", n) for c, n in section.by_channel]),
        "  by priority: "
        + _counts([(f"{p.value} {p.zh} {p.colour}", n) for p, n in section.by_priority]),
        "  by status:   " + _counts([(s.value, n) for s, n in section.by_status if n]),
    ]


def _row(row: ComplianceRow | None) -> str:
    if row is None:
        return "-"
    text = f"{row.met}/{row.met + row.breached} met ({_pct(row.share_met)})"
    return text + (f", {row.pending} pending" if row.pending else "")


def render_sla(section: SlaSection) -> list[str]:
    """Lines of the SLA section: compliance per priority, breaches, escalations."""
    lines = [
        f"SLA compliance ({section.evaluated} tickets)",
        "  " + pad("priority", 16) + pad("first response", 30) + "resolution",
    ]
    for priority in Priority:
        first = section.first_response.get(priority)
        resolution = section.resolution.get(priority)
        if first is not None or resolution is not None:
            label = f"{priority.value} {priority.zh} {priority.colour}"
            lines.append("  " + pad(label, 16) + pad(_row(first), 30) + _row(resolution))
    if section.on_time is not None:
        ci = section.on_time.ci
        lines.append(
            f"  first responses on time: {_pct(section.on_time.value)} "
            f"(95% CI {_pct(ci.low)} to {_pct(ci.high)})"
        )
    lines.append(f"  tickets with a breach: {section.breached_tickets} of {section.evaluated}")
    lines.extend(
        f"  escalation level {level}, {action}: {n} tickets"
        for level, action, n in section.escalations
    )
    if section.overdue_reasons:
        lines.append("  overdue reasons: " + _counts(list(section.overdue_reasons)))
    return lines


def _csat_line(label: str, result: CsatResult) -> str:
    return (
        f"  {pad(label, 26)}mean {result.mean:.2f} "
        f"(95% CI {result.mean_ci.low:.2f}-{result.mean_ci.high:.2f}), "
        f"satisfied {_pct(result.satisfied_share)} "
        f"({_pct(result.ci.low)}-{_pct(result.ci.high)}), n={result.n}"
    )


def render_satisfaction(section: SatisfactionSection) -> list[str]:
    """Lines of the satisfaction section: CSAT per dimension and NPS."""
    lines = [f"Satisfaction ({section.responses} survey responses)"]
    dimensions: Mapping[str, CsatResult] = section.by_dimension or {"overall": section.csat}
    for name, result in dimensions.items():
        lines.append(_csat_line(f"{_DIMENSION_ZH[name]} {name}", result))
    score = section.nps
    lines.append(
        f"  NPS {score.score:+.1f} (95% CI {score.ci.low:+.1f} to {score.ci.high:+.1f}): "
        f"promoters {_pct(score.promoters)}, passives {_pct(score.passives)}, "
        f"detractors {_pct(score.detractors)}, n={score.n}"
    )
    lines.append(f"  needs follow-up (a score <= 3 or NPS <= 6): {section.follow_up} responses")
    return lines


def _pareto_lines(result: ParetoResult, limit: int) -> list[str]:
    width = max(display_width(str(label)) for label in result.labels[:limit]) + 2
    lines = []
    rows = zip(result.labels, result.counts, result.shares, result.cumulative, strict=True)
    for rank, (label, count, share, cumulative) in enumerate(rows, start=1):
        if rank > limit:
            break
        mark = "  vital few" if label in result.vital_few else ""
        lines.append(
            f"  {rank}. {pad(str(label), width)}{count:>5}  {_pct(share):>6}"
            f"  cumulative {_pct(cumulative):>6}{mark}"
        )
    return lines


def render_categories(section: CategorySection) -> list[str]:
    """Lines of the Pareto section: categories, then the top three problem types."""
    categories, problems = section.categories, section.problems
    return [
        f"Top categories (Pareto: the vital few cover {_pct(categories.cutoff)} of tickets)",
        *_pareto_lines(categories, len(categories.labels)),
        "  top 3 problem types:",
        *_pareto_lines(problems, 3),
    ]


def _indicator(name: str, value: float) -> str:
    return _pct(value) if name in _RATES else f"{value:.2f}"


def render_quality(score: QualityScore) -> list[str]:
    """Lines of the quality score with its components and "to improve" flags."""
    lines = [f"Quality score: {score.value:.1f} / 100"]
    for c in score.components:
        target = "-" if c.target is None else _indicator(c.name, c.target)
        flag = "  to improve (待改善)" if c.to_improve else ""
        lines.append(
            f"  {pad(_QUALITY_LABELS.get(c.name, c.name), 26)}{_indicator(c.name, c.value):>8}"
            f"  target {target:>6}  weight {c.weight:.0%}{flag}"
        )
    return lines
