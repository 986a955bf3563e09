"""Satisfaction and quality metrics.

Owns: input values (``inputs``), option checks (``options``), reading and
counting scores (``scores``), statistical distributions and intervals
(``distributions``, ``intervals``), result types (``results``), mergeable
counts with the one formula of each metric (``counts``: ``mergeable``,
``csat_counts``, ``nps_counts``, ``rate_counts``), CSAT / NPS (``metrics``),
ticket rates (``rates``), durations and their statistics (``durations``,
``times``), the quality score (``quality``, ``indicators``), Pareto tables
(``pareto``), comparisons (``compare``), grouping and trends (``grouping``,
``periods``) and data cleaning (``cleaning``).

May import: ``_core``, ``_models`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
