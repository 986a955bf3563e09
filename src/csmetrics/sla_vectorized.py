"""Vectorized SLA status over columns of tickets, for notebooks and batch jobs.

:func:`evaluate_many` computes first-response and resolution status for
millions of tickets with a handful of ``Schedule.add_many`` /
``Schedule.between_many`` calls (no Python loop per row). Row by row it
equals :func:`csmetrics.sla.evaluate` for a ticket whose events are the
first agent reply, one pause / resume and the resolution.
"""

from __future__ import annotations

from csmetrics._sla.vectorized import (
    evaluate_many,
    results_to_columns,
    tickets_to_columns,
    to_dataframe,
)

__all__ = [
    "evaluate_many",
    "results_to_columns",
    "tickets_to_columns",
    "to_dataframe",
]
