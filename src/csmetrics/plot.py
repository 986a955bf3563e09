"""Charts for notebooks and reports (the optional ``plot`` extra: ``pip install csmetrics[plot]``).

Every chart takes ``ax=`` (a new figure when None) and returns the matplotlib
``Axes`` it drew on:

- :func:`pareto_chart`: problem types, most frequent first, with the cumulative share;
- :func:`trend_chart`: CSAT, NPS or a rate per period with its interval band;
- :func:`sla_share_chart`: the share within target per week (day, month) and priority;
- :func:`group_chart`: a metric per group, e.g. first-contact resolution per agent;
- :func:`response_time_chart`: first-response times against the target.

:func:`report_figures` draws the figures of a weekly report and
:func:`figure_svg` turns a figure into inline SVG text. matplotlib is
imported on first use: without it the calls raise an ImportError naming the
extra.
"""

from __future__ import annotations

from csmetrics._plot.base import figure_svg
from csmetrics._plot.charts import group_chart, pareto_chart, response_time_chart, trend_chart
from csmetrics._plot.report import report_figures
from csmetrics._plot.sla_chart import sla_share_chart

__all__ = [
    "figure_svg",
    "group_chart",
    "pareto_chart",
    "report_figures",
    "response_time_chart",
    "sla_share_chart",
    "trend_chart",
]
