"""Cleaning before analysis: remove duplicates and anomalies, and say why.

:func:`clean` never changes the data: it returns a :class:`CleaningReport`
with the kept row positions, every removed row with its reasons, and counts
per reason, so nothing disappears silently. ``report.take(data)`` gives the
kept rows in the input's own shape.

Input is either records (a sequence of mappings, e.g. dicts from JSON) or
columns (a mapping of column name to sequence or array, or a pandas
DataFrame). Checks, each on the columns you name:

- ``scores={"csat": (1, 5)}``: a present value must be an integer on the
  scale (``off_scale_score``);
- ``positive=("first_response_minutes",)``: a present duration must be
  greater than zero (``non_positive_duration``; a response time of 0 is
  missing data, not a fast answer);
- ``ordered=(("created_at", "resolved_at"),)``: when both are present the
  second must not be earlier than the first (``end_before_start``);
- ``key=("ticket_id",)`` (default: the whole row): later rows with the same
  key as a kept row are ``duplicate`` of it.

Missing values (``None``, NaN, ``NaT``) are not anomalies. A row removed for
an anomaly is not also counted as a duplicate; duplicates are looked for
among the rows that passed the checks, so the first valid copy is kept.
"""

from __future__ import annotations

from csmetrics._scoring.cleaning import (
    DUPLICATE,
    END_BEFORE_START,
    NON_POSITIVE_DURATION,
    OFF_SCALE_SCORE,
    CleaningReport,
    RemovedRow,
    clean,
)

__all__ = [
    "DUPLICATE",
    "END_BEFORE_START",
    "NON_POSITIVE_DURATION",
    "OFF_SCALE_SCORE",
    "CleaningReport",
    "RemovedRow",
    "clean",
]
