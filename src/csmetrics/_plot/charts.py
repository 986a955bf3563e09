"""Charts of result objects: each takes ``ax=`` (new axes when None) and returns the Axes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.instants import NAT, durations_us, to_us_duration
from csmetrics._plot.base import BAND_ALPHA, COLORS, axes_or_new, date_axis, matplotlib
from csmetrics._scoring.group_keys import key_label
from csmetrics._scoring.grouping import GroupedResults
from csmetrics._scoring.pareto import ParetoResult, pareto
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["group_chart", "pareto_chart", "response_time_chart", "trend_chart"]

_MUTED = "#b0b0b0"
_US_PER_MINUTE = 60_000_000
# metric -> (attribute of the value, attribute of the interval, axis label)
_VALUES = {
    "csat": ("mean", "mean_ci", "CSAT (mean score, 1-5)"),
    "nps": ("score", "ci", "NPS (-100 to 100)"),
    "rate": ("value", "ci", "share"),
}


def _percent_axis(axis: Any) -> None:
    axis.set_major_formatter(matplotlib().ticker.PercentFormatter(xmax=1.0))


def _text(label: Hashable) -> str:
    return str(key_label(label))


def pareto_chart(result: object, *, ax: object = None, cutoff: float = 0.8) -> Axes:
    """Pareto chart: a bar per problem type, most frequent first, and the cumulative share.

    Parameters
    ----------
    result : ParetoResult or sequence of labels
        A :func:`~csmetrics.scoring.pareto` result, or the labels to count.
    ax : matplotlib Axes, optional
        Where to draw (a new figure when None).
    cutoff : float
        For labels only: the cumulative share that makes the vital few.

    Returns
    -------
    matplotlib Axes
        The bars (counts; the vital few in colour, the rest grey). The
        cumulative share (0..1, a line with the cutoff dashed) is on a twin
        axes sharing x: ``ax.get_shared_x_axes().get_siblings(ax)``.
    """
    found = result if isinstance(result, ParetoResult) else pareto(result, cutoff=cutoff)  # type: ignore[arg-type]
    axes = axes_or_new(ax)
    vital = set(found.vital_few)
    positions = np.arange(len(found.labels))
    colors = [COLORS[0] if label in vital else _MUTED for label in found.labels]
    axes.bar(positions, found.counts, color=colors)
    axes.set_xticks(positions, [_text(label) for label in found.labels], rotation=30, ha="right")
    axes.set_ylabel("tickets")
    twin = axes.twinx()
    twin.plot(positions, found.cumulative, color=COLORS[1], marker="o")
    twin.axhline(found.cutoff, color=COLORS[1], linestyle="--", linewidth=1)
    twin.set_ylim(0, 1.05)
    _percent_axis(twin.yaxis)
    twin.set_ylabel("cumulative share")
    axes.set_title(f"Problem types (n={found.n}; vital few in colour)")
    return axes


def _checked_grouped(grouped: object, name: str) -> GroupedResults:
    if not isinstance(grouped, GroupedResults):
        msg = f"{name}: expected GroupedResults (from group_by or trend), got {describe(grouped)}"
        raise InputTypeError(msg)
    return grouped


def _series(grouped: GroupedResults) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values and interval ends of every group (NaN where undefined)."""
    value_name, ci_name, _ = _VALUES[grouped.metric]
    values = np.array([getattr(r, value_name) for r in grouped.results], dtype=float)
    low = np.array([getattr(r, ci_name).low for r in grouped.results], dtype=float)
    high = np.array([getattr(r, ci_name).high for r in grouped.results], dtype=float)
    return values, low, high


def trend_chart(
    grouped: object, *, ax: object = None, label: str | None = None, color: str | None = None
) -> Axes:
    """CSAT, NPS or a rate per period, with its interval as a band.

    Parameters
    ----------
    grouped : GroupedResults
        From :func:`~csmetrics.scoring.trend`: CSAT draws the mean score
        with the interval of the mean, NPS the score with its interval, a
        rate its share. Periods without data (and a missing period) are
        left out.
    ax : matplotlib Axes, optional
    label, color : str, optional
        The line's legend label (default: the metric) and colour.

    Returns
    -------
    matplotlib Axes
        One line (x: each period's first day, y: the value) and one band
        (``fill_between`` of the interval).
    """
    found = _checked_grouped(grouped, "grouped")
    keys = np.array(found.keys, dtype="datetime64[D]") if found.keys else np.array([], "M8[D]")
    values, low, high = _series(found)
    keep = ~np.isnat(keys) & ~np.isnan(values)
    axes = axes_or_new(ax)
    line_color = color or COLORS[0]
    name = label or found.metric.upper()
    axes.plot(keys[keep], values[keep], marker="o", color=line_color, label=name)
    axes.fill_between(keys[keep], low[keep], high[keep], color=line_color, alpha=BAND_ALPHA,
                      label=f"{name} interval")  # fmt: skip
    date_axis(axes)
    axes.set_ylabel(_VALUES[found.metric][2])
    if found.metric == "rate":
        _percent_axis(axes.yaxis)
    axes.legend(loc="best")
    return axes


def group_chart(grouped: object, *, ax: object = None, title: str | None = None) -> Axes:
    """A horizontal bar per group (e.g. first-contact resolution per agent) with its interval.

    Parameters
    ----------
    grouped : GroupedResults
        From :func:`~csmetrics.scoring.group_by` (e.g. ``metric="rate"`` on
        first-contact flags keyed by agent). Groups without data have no bar.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
        Bars in key order from the top, widths the values, error bars the
        intervals; each label says ``n``.
    """
    found = _checked_grouped(grouped, "grouped")
    values, low, high = _series(found)
    axes = axes_or_new(ax)
    positions = np.arange(len(found.keys))
    shown = np.nan_to_num(values)
    errors = np.vstack([np.nan_to_num(values - low), np.nan_to_num(high - values)])
    axes.barh(positions, shown, xerr=errors, color=COLORS[0], capsize=3)
    names = [
        f"{_key_text(key)} (n={r.n})" for key, r in zip(found.keys, found.results, strict=True)
    ]
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlabel(_VALUES[found.metric][2])
    if found.metric == "rate":
        axes.set_xlim(0, 1)
        _percent_axis(axes.xaxis)
    if title:
        axes.set_title(title)
    return axes


def _key_text(key: Hashable) -> str:
    if isinstance(key, tuple):
        return " / ".join(_text(part) for part in key)
    return _text(key)


def response_time_chart(
    times: object, *, target: dt.timedelta, ax: object = None, bins: int = 30
) -> Axes:
    """The distribution of first-response times (minutes) against the target.

    Parameters
    ----------
    times : array of timedelta64, pandas timedeltas or list of timedelta
        E.g. ``first_response_elapsed`` of ``evaluate_many`` (business time;
        tickets still waiting count their time so far). NaT is left out.
    target : timedelta
        Drawn as a vertical dashed line; the title gives the share within it.
    ax : matplotlib Axes, optional
    bins : int
        Number of histogram bins (at least 1).

    Returns
    -------
    matplotlib Axes
        The histogram (bars) and the target line.
    """
    us = durations_us(times, "times").reshape(-1)
    limit = to_us_duration(target, "target")
    if limit <= 0:
        msg = "target: expected a positive duration, got zero or less"
        raise InvalidInputError(msg)
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        msg = f"bins: expected an integer >= 1, got {describe(bins)}"
        raise InvalidInputError(msg) if isinstance(bins, int) else InputTypeError(msg)
    valid = us[us != NAT]
    minutes = valid / _US_PER_MINUTE
    axes = axes_or_new(ax)
    axes.hist(minutes, bins=bins, color=COLORS[0])
    axes.axvline(limit / _US_PER_MINUTE, color=COLORS[3], linestyle="--", label="target")
    within = float(np.mean(valid <= limit)) if valid.size else float("nan")
    share = "no data" if not valid.size else f"{within:.0%} within target"
    axes.set_title(f"First-response time (n={valid.size}; {share})")
    axes.set_xlabel("minutes")
    axes.set_ylabel("tickets")
    axes.legend(loc="best")
    return axes
