"""Pareto analysis of labels (complaint types, categories): the vital few.

Labels are counted into a mergeable :class:`LabelCounts` (``+`` adds counts
of disjoint parts exactly); :func:`pareto` orders them most frequent first,
ties broken by the label's text so the order never depends on input order.
"""

from __future__ import annotations

from csmetrics._scoring.pareto import (
    LabelCounts,
    ParetoResult,
    pareto,
    top_shares,
)

__all__ = [
    "LabelCounts",
    "ParetoResult",
    "pareto",
    "top_shares",
]
