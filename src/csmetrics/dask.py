"""The metrics on a Dask cluster: the same numbers as one process, partition by partition.

Needs the ``dask`` extra (``pip install 'csmetrics[dask]'``); this module
imports without it, and each function raises an ImportError naming the
extra when it is missing.

- :func:`evaluate_frame`: the SLA status of every ticket (lazy, one row per
  ticket, the columns of :func:`csmetrics.sla.evaluate_many`);
- :func:`compliance_frame`: targets met / breached / pending per group;
- :func:`csat_frame`, :func:`nps_frame`, :func:`rates_frame`: mergeable
  counts per partition, intervals computed once from the merged counts;
- :func:`time_stats_frame`: mean and quantiles of response and resolution
  times, from a mergeable sketch within 1% of the value (or exact, after a
  shuffle);
- :func:`classify_frame`: sentiment, category and priority of every text
  (lazy);
- :func:`report_frame`: the weekly report (:class:`csmetrics.report.WeeklyReport`)
  of ticket and survey frames: partitions read into tables on the workers,
  ``build_report`` run once on the collected columns.

The "Scaling out" docs page shows a worked example and explains why the
merged numbers are exact.
"""

from __future__ import annotations

from csmetrics._dask.report import report_frame
from csmetrics._dask.scores import csat_frame, nps_frame, rates_frame
from csmetrics._dask.sla import compliance_frame, evaluate_frame
from csmetrics._dask.text import classify_frame
from csmetrics._dask.times import time_stats_frame

__all__ = [
    "classify_frame",
    "compliance_frame",
    "csat_frame",
    "evaluate_frame",
    "nps_frame",
    "rates_frame",
    "report_frame",
    "time_stats_frame",
]
