"""Bring your data: read ticket and survey exports into columnar tables.

:func:`read_tickets` and :func:`read_surveys` read CSV, TSV, JSON Lines
(``.jsonl`` / ``.ndjson``) and JSON (an array) files, each optionally
``.gz``, Parquet files (with the ``arrow`` extra), pandas or polars
DataFrames and iterables of dicts, with a ``mapping`` from the export's
columns and values to csmetrics fields. :func:`iter_tickets` and
:func:`iter_surveys` stream the same in bounded batches. Bad rows raise
(``errors="raise"``) or are collected in the table's ``rejected``
(``errors="collect"``), with their file, line, column and reason.
"""

from __future__ import annotations

from csmetrics._io.events import TicketEvents
from csmetrics._io.read import iter_surveys, iter_tickets, read_surveys, read_tickets
from csmetrics._io.rows import Assigned, RejectedRow
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable

__all__ = [
    "Assigned",
    "RejectedRow",
    "SurveyTable",
    "TicketEvents",
    "TicketTable",
    "iter_surveys",
    "iter_tickets",
    "read_surveys",
    "read_tickets",
]
