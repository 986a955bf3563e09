"""SLA share within target per period (and priority, channel or metric)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.periods import PERIODS
from csmetrics._plot.base import COLORS, axes_or_new, date_axis, matplotlib
from csmetrics._sla.compliance_table import ComplianceTable
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["sla_share_chart"]


def _layout(table: ComplianceTable) -> tuple[int, int | None]:
    """Positions of the period and of the series grouping in the table's keys."""
    periods = [i for i, name in enumerate(table.by) if name in PERIODS]
    if not periods or len(table.by) > 2:
        msg = (
            "table: expected compliance by a period and at most one more grouping, "
            f"e.g. by=('week', 'priority'), got by={table.by!r}"
        )
        raise InvalidInputError(msg)
    others = [i for i in range(len(table.by)) if i != periods[0]]
    return periods[0], (others[0] if others else None)


def sla_share_chart(table: object, *, ax: object = None, target: float | None = None) -> Axes:
    """Share of targets met per period, a line per priority (or channel, or metric).

    Parameters
    ----------
    table : ComplianceTable
        From :func:`~csmetrics.sla.compliance` with ``by="week"`` (or day,
        month) or ``by=("week", "priority")``. Periods where nothing is
        decided leave a gap.
    ax : matplotlib Axes, optional
    target : float, optional
        The share to reach (e.g. ``0.95``), drawn as a dashed line.

    Returns
    -------
    matplotlib Axes
        One line per series, x the period's first day, y ``share_met`` (0..1).
    """
    if not isinstance(table, ComplianceTable):
        msg = f"table: expected a ComplianceTable from compliance(), got {describe(table)}"
        raise InputTypeError(msg)
    if target is not None and (isinstance(target, bool) or not 0 <= float(target) <= 1):
        msg = f"target: expected a share between 0 and 1, got {describe(target)}"
        raise InvalidInputError(msg)
    at, series = _layout(table)
    lines: dict[str, list[tuple[np.datetime64, float]]] = {}
    for key, row in table.items():
        parts = key if isinstance(key, tuple) else (key,)
        if not str(parts[at])[:1].isdigit():
            continue  # the "(missing)" period has no place on a time axis
        name = "all" if series is None else str(parts[series])
        share = row.share_met
        lines.setdefault(name, []).append(
            (np.datetime64(parts[at], "D"), float("nan") if share is None else share)
        )
    axes = axes_or_new(ax)
    for number, (name, points) in enumerate(lines.items()):
        points.sort()
        days = np.array([day for day, _ in points], dtype="datetime64[D]")
        shares = np.array([share for _, share in points], dtype=float)
        axes.plot(days, shares, marker="o", color=COLORS[number % len(COLORS)], label=name)
    if target is not None:
        axes.axhline(float(target), color="#555555", linestyle="--", linewidth=1, label="target")
    date_axis(axes)
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(matplotlib().ticker.PercentFormatter(xmax=1.0))
    axes.set_ylabel("share within target")
    axes.set_title(f"SLA share within target per {table.by[at]}")
    axes.legend(loc="best")
    return axes
