"""The figures of a weekly report, drawn from its sections (without pyplot)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._plot.base import COLORS, matplotlib, new_figure
from csmetrics._plot.charts import pareto_chart
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["report_figures"]

_SECTIONS = ("volume", "sla", "satisfaction", "categories", "quality")
_RED = "#d62728"


def _name(value: object) -> str:
    return str(getattr(value, "value", value))


def _volume(section: Any) -> Figure:
    figure = new_figure(width=8.0, height=3.2)
    left, right = figure.subplots(1, 2)
    for axes, pairs, title in (
        (left, section.by_channel, "by channel"),
        (right, section.by_priority, "by priority"),
    ):
        axes.bar([_name(key) for key, _ in pairs], [count for _, count in pairs], color=COLORS[0])
        axes.set_title(f"Tickets {title}")
        axes.tick_params(axis="x", labelrotation=30)
    return figure


def _sla(section: Any) -> Figure:
    figure = new_figure()
    axes = figure.subplots()
    metrics = (("first response", section.first_response), ("resolution", section.resolution))
    priorities = sorted({_name(p) for _, rows in metrics for p in rows})
    positions = np.arange(len(priorities))
    for number, (label, rows) in enumerate(metrics):
        by_name = {_name(p): row.share_met for p, row in rows.items()}
        shares = [by_name.get(p) for p in priorities]
        heights = [float("nan") if s is None else s for s in shares]
        axes.bar(positions + (number - 0.5) * 0.4, heights, width=0.4, label=label,
                 color=COLORS[number])  # fmt: skip
    axes.set_xticks(positions, priorities)
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(matplotlib().ticker.PercentFormatter(xmax=1.0))
    axes.set_ylabel("share within target")
    axes.set_title("SLA: share within target per priority")
    axes.legend(loc="best")
    return figure


def _satisfaction(section: Any) -> Figure:
    figure = new_figure(width=8.0, height=3.2)
    left, right = figure.subplots(1, 2, width_ratios=(3, 1))
    dimensions: Mapping[str, Any] = section.by_dimension or {"overall": section.csat}
    names = list(dimensions)
    means = np.array([dimensions[n].mean for n in names], dtype=float)
    low = np.array([dimensions[n].mean_ci.low for n in names], dtype=float)
    high = np.array([dimensions[n].mean_ci.high for n in names], dtype=float)
    errors = np.vstack([np.nan_to_num(means - low), np.nan_to_num(high - means)])
    left.bar(names, np.nan_to_num(means), yerr=errors, capsize=4, color=COLORS[0])
    left.set_ylim(1, 5)
    left.set_title("CSAT per dimension (mean, 1-5)")
    nps = section.nps
    nps_error = np.nan_to_num([[nps.score - nps.ci.low], [nps.ci.high - nps.score]])
    right.bar(["NPS"], [np.nan_to_num(nps.score)], yerr=nps_error, capsize=4, color=COLORS[1])
    right.set_ylim(-100, 100)
    right.axhline(0, color="#555555", linewidth=0.8)
    right.set_title(f"NPS (n={nps.n})")
    return figure


def _categories(section: Any) -> Figure:
    figure = new_figure(width=8.0, height=4.0)
    pareto_chart(section.problems, ax=figure.subplots())
    return figure


def _quality(score: Any) -> Figure:
    figure = new_figure()
    axes = figure.subplots()
    components = list(score.components)
    colors = [_RED if c.to_improve else COLORS[2] for c in components]
    axes.barh([c.name for c in components], [c.normalized for c in components], color=colors)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("score (0-100); red: to improve")
    axes.set_title(f"Quality score {score.value:.1f} / 100")
    return figure


_DRAW = {
    "volume": _volume,
    "sla": _sla,
    "satisfaction": _satisfaction,
    "categories": _categories,
    "quality": _quality,
}


def report_figures(report: object) -> dict[str, Figure]:
    """One figure per section the report has: volume, sla, satisfaction, categories, quality.

    Parameters
    ----------
    report : WeeklyReport
        From :func:`~csmetrics.report.build_report`; a section that is
        ``None`` (no policy, no surveys, no categories) has no figure.

    Returns
    -------
    dict of str to matplotlib Figure
        In the order above. The figures are made without pyplot (no global
        state), so this is safe in a server; :func:`figure_svg` turns each
        into inline SVG.
    """
    if not all(hasattr(report, name) for name in _SECTIONS):
        msg = f"report: expected a WeeklyReport (from build_report), got {describe(report)}"
        raise InputTypeError(msg)
    figures: dict[str, Figure] = {}
    for name in _SECTIONS:
        section = getattr(report, name)
        if section is not None:
            figures[name] = _DRAW[name](section)
    return figures
