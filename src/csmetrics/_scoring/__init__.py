"""Satisfaction and quality metrics.

Owns: score checks (``scores``), statistical distributions and intervals
(``distributions``, ``intervals``), result types (``results``), mergeable
counts (``counts``), CSAT / NPS (``metrics``), ticket rates (``rates``,
``durations``), the quality score (``quality``), Pareto tables (``pareto``),
comparisons (``compare``), grouping and trends (``grouping``) and data
cleaning (``cleaning``).

May import: ``_core``, ``_models`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
