"""matplotlib on use: new axes, colours, and a figure as inline SVG text."""

from __future__ import annotations

import io
import re
import warnings
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from csmetrics._core.describe import describe
from csmetrics._core.optional import require_extra
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BAND_ALPHA",
    "COLORS",
    "axes_or_new",
    "date_axis",
    "figure_svg",
    "matplotlib",
    "new_figure",
]

COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
"""Line and bar colours, in order (matplotlib's default cycle)."""
BAND_ALPHA = 0.2
_PURPOSE = "csmetrics.plot"


def matplotlib() -> ModuleType:
    """The matplotlib package (an ImportError naming the ``plot`` extra when missing)."""
    return require_extra("matplotlib", "plot", _PURPOSE)


def axes_or_new(ax: object) -> Axes:
    """``ax`` when given (checked), else the axes of a new pyplot figure."""
    if ax is None:
        require_extra("matplotlib", "plot", _PURPOSE)
        pyplot = require_extra("matplotlib.pyplot", "plot", _PURPOSE)
        return pyplot.subplots()[1]  # type: ignore[no-any-return]
    axes = require_extra("matplotlib.axes", "plot", _PURPOSE)
    if not isinstance(ax, axes.Axes):
        msg = f"ax: expected matplotlib Axes or None, got {describe(ax)}"
        raise InputTypeError(msg)
    return cast("Axes", ax)


def date_axis(axes: Axes) -> None:
    """Short date labels on the x axis that do not overlap (``2025``, ``Mar``, ``10`` ...)."""
    dates = require_extra("matplotlib.dates", "plot", _PURPOSE)
    locator = dates.AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def new_figure(*, width: float = 6.4, height: float = 4.0) -> Figure:
    """A figure outside pyplot (no global state: safe in servers and threads)."""
    figure_module = require_extra("matplotlib.figure", "plot", _PURPOSE)
    figure: Figure = figure_module.Figure(figsize=(width, height), layout="constrained")
    return figure


_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def figure_svg(figure: Any) -> str:
    """The figure as inline SVG text (``<svg ...>...</svg>``), reproducible byte for byte.

    No XML prologue (ready to embed in HTML), no date, fixed element ids.
    Glyphs a font lacks are drawn as boxes without a warning.
    """
    mpl = matplotlib()
    figure_module = require_extra("matplotlib.figure", "plot", _PURPOSE)
    if not isinstance(figure, figure_module.Figure):
        msg = f"figure: expected a matplotlib Figure, got {describe(figure)}"
        raise InputTypeError(msg)
    buffer = io.StringIO()
    with warnings.catch_warnings(), mpl.rc_context({"svg.hashsalt": "csmetrics"}):
        warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)
