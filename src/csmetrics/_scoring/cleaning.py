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

from collections.abc import Hashable, Mapping, Sequence, Set
from datetime import tzinfo
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.zones import resolve_timezone
from csmetrics._scoring.cleaning_report import CleaningReport, RemovedRow
from csmetrics._scoring.durations import to_unit
from csmetrics._scoring.inputs import is_missing, unmask
from csmetrics._scoring.options import name_label as _label
from csmetrics._scoring.options import require_int
from csmetrics._scoring.order import Comparable, comparable, later_rows
from csmetrics._scoring.scores import MISSING, score_offset
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "DUPLICATE",
    "END_BEFORE_START",
    "NON_POSITIVE_DURATION",
    "OFF_SCALE_SCORE",
    "CleaningReport",
    "RemovedRow",
    "clean",
]

DUPLICATE = "duplicate"
OFF_SCALE_SCORE = "off_scale_score"
NON_POSITIVE_DURATION = "non_positive_duration"
END_BEFORE_START = "end_before_start"
_Issues = list[list[tuple[str, str]]]


class _Table:
    """Uniform column access over records or columns (every row the same length)."""

    def __init__(self, data: Any) -> None:
        if (
            isinstance(data, str | bytes | Set)
            or not hasattr(data, "__len__")
            or (getattr(data, "ndim", 1) != 1 and not hasattr(data, "columns"))
        ):
            msg = f"data: expected records or a mapping of columns, got {describe(data)}"
            raise InputTypeError(msg)
        self.columnar = isinstance(data, Mapping) or hasattr(data, "columns")
        self.data = data
        index = getattr(data, "index", None) if hasattr(data, "columns") else None
        self.labels: list[Hashable] | None = None if index is None else index.tolist()
        self._cache: dict[tuple[str, ...], list[list[Any]]] = {}
        if self.columnar:
            self.size = self._column_size()
        else:
            self.size = len(data)
            for i, row in enumerate(data):
                if not isinstance(row, Mapping):
                    msg = (
                        f"data: expected a mapping per record, got {describe(row)} at position {i}"
                    )
                    raise InputTypeError(msg)

    def _column_size(self) -> int:
        sizes = {name: _length(self.data[name], name) for name in self.data}
        if len(set(sizes.values())) > 1:
            found = sorted(set(sizes.values()))
            msg = f"data: expected columns of one length, got lengths {found}"
            raise InvalidInputError(msg)
        return next(iter(sizes.values()), 0)

    def column(self, name: str) -> list[Any]:
        if self.columnar:
            if name not in self.data:
                msg = (
                    f"data: expected a column {_label(name)}, "
                    f"got columns {_names(self.data.keys())}"
                )
                raise InvalidInputError(msg)
            col = unmask(self.data[name])
            return col.tolist() if hasattr(col, "tolist") else list(col)
        if self.size and not any(name in row for row in self.data):
            msg = f"data: no record has a field {_label(name)} (misspelled?)"
            raise InvalidInputError(msg)
        return [row.get(name) for row in self.data]

    def times(self, name: str) -> list[Any]:
        """Column ``name``, with numpy datetimes kept (``tolist`` makes nanoseconds ints)."""
        raw = self.data.get(name) if isinstance(self.data, Mapping) else None
        if isinstance(raw, np.ndarray) and raw.dtype.kind in "mM" and not np.ma.isMaskedArray(raw):
            return list(raw.ravel())
        return self.column(name)

    def row_key(self, i: int, key: tuple[str, ...] | None) -> Hashable:
        if key is None and not self.columnar:
            row = self.data[i]
            return tuple(sorted(((str(k), _hashable(v)) for k, v in row.items()), key=str))
        names = tuple(self.data.keys()) if key is None else key
        return tuple(_hashable(col[i]) for col in self._key_columns(names))

    def _key_columns(self, key: tuple[str, ...]) -> list[list[Any]]:
        if key not in self._cache:
            self._cache[key] = [self.column(name) for name in key]
        return self._cache[key]


def _length(column: object, name: object) -> int:
    if (
        isinstance(column, str | bytes)
        or not hasattr(column, "__len__")
        or getattr(column, "ndim", 1) != 1
    ):
        msg = f"data[{_label(name)}]: expected a column (a sequence), got {describe(column)}"
        raise InputTypeError(msg)
    return len(column)  # type: ignore[arg-type,unused-ignore]


def _names(names: Any) -> str:
    return "[" + ", ".join(_label(n) for n in names) + "]"


def _hashable(value: Any) -> Hashable:
    if is_missing(value):
        return None
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value  # type: ignore[no-any-return]


def _check_scores(table: _Table, scores: Mapping[str, tuple[int, int]], issues: _Issues) -> None:
    for name, (low, high) in scores.items():
        for i, v in enumerate(table.column(name)):
            if score_offset(v, low, high) < MISSING:  # the scores' own rule: csat() would refuse v
                detail = f"{name} is not an integer {low}..{high} (got {describe(v)})"
                issues[i].append((OFF_SCALE_SCORE, detail))


def _check_positive(table: _Table, positive: Sequence[str], issues: _Issues) -> None:
    for name in positive:
        values = to_unit(table.column(name), "seconds", name=name)
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(values <= 0)
        for i in bad.tolist():
            detail = f"{name} is not > 0 (got {describe(values[i].item())} seconds)"
            issues[i].append((NON_POSITIVE_DURATION, detail))


def _check_order(
    table: _Table, ordered: Sequence[tuple[str, str]], zone: tzinfo | None, issues: _Issues
) -> None:
    columns: dict[str, Comparable] = {}
    for start_name, end_name in ordered:
        for name in (start_name, end_name):
            if name not in columns:
                columns[name] = comparable(table.times(name), name, zone)
        for i in later_rows(columns[start_name], columns[end_name], (start_name, end_name)):
            issues[i].append((END_BEFORE_START, f"{end_name} is earlier than {start_name}"))


def _names_arg(value: object, param: str) -> tuple[str, ...]:
    """A column name or a sequence of them, as a tuple of strings."""
    names = (value,) if isinstance(value, str) else value
    if isinstance(names, Mapping | Set) or not isinstance(names, Sequence):
        msg = f"{param}: expected a column name or a sequence of them, got {describe(value)}"
        raise InputTypeError(msg)
    for name in names:
        if not isinstance(name, str):
            msg = f"{param}: expected column names (str), got {describe(name)}"
            raise InputTypeError(msg)
    return tuple(names)


def _scales_arg(scores: object) -> dict[str, tuple[int, int]]:
    """``{column: (low, high)}`` with integer bounds, ``low <= high``."""
    if not isinstance(scores, Mapping):
        msg = f"scores: expected a mapping of column to (low, high), got {describe(scores)}"
        raise InputTypeError(msg)
    found = {}
    for name, bounds in scores.items():
        _names_arg(name, "scores")
        if not isinstance(bounds, Sequence) or isinstance(bounds, str) or len(bounds) != 2:
            msg = f"scores[{_label(name)}]: expected a (low, high) pair, got {describe(bounds)}"
            raise InputTypeError(msg)
        low = require_int(bounds[0], f"scores[{_label(name)}] low", low=-(2**63))
        high = require_int(bounds[1], f"scores[{_label(name)}] high", low=low, high=2**63 - 1)
        found[name] = (low, high)
    return found


def _pairs_arg(ordered: object) -> tuple[tuple[str, str], ...]:
    """``(start, end)`` column pairs."""
    if isinstance(ordered, str | Mapping | Set) or not isinstance(ordered, Sequence):
        msg = f"ordered: expected a sequence of (start, end) column pairs, got {describe(ordered)}"
        raise InputTypeError(msg)
    pairs = []
    for pair in ordered:
        names = _names_arg(pair, "ordered") if not isinstance(pair, str) else ()
        if len(names) != 2:
            msg = f"ordered: expected (start, end) column pairs, got {describe(pair)}"
            raise InputTypeError(msg)
        pairs.append((names[0], names[1]))
    return tuple(pairs)


def clean(
    data: Any,
    *,
    key: str | Sequence[str] | None = None,
    scores: Mapping[str, tuple[int, int]] | None = None,
    positive: Sequence[str] = (),
    ordered: Sequence[tuple[str, str]] = (),
    timezone: str | tzinfo | None = None,
) -> CleaningReport:
    """Find duplicates and anomalies; report every removed row and why.

    Parameters
    ----------
    data : records or columns
        A sequence of mappings, a mapping of columns, or a pandas DataFrame.
    key : str or sequence of str, optional
        Columns that identify a row for duplicate detection (default: all).
    scores : mapping of str to (low, high), optional
        Score columns and their scales, e.g. ``{"csat": (1, 5), "nps": (0, 10)}``.
    positive : str or sequence of str
        Duration columns (timedeltas or numbers) that must be > 0 when present;
        durations beyond the range of ``timedelta64[us]`` (292,271 years) raise.
    ordered : sequence of (str, str)
        ``(start, end)`` column pairs where ``end`` must not precede ``start``.
        Times are compared as instants: text is parsed as the readers of
        :mod:`csmetrics.io` parse it (ISO 8601, ``YYYY-MM-DD HH:MM[:SS]``,
        ``YYYY/MM/DD HH:MM``, epoch seconds or milliseconds), numpy
        ``datetime64`` values are UTC. Numbers and durations compare as such.
    timezone : str or tzinfo, optional
        The zone of naive times (text without an offset, naive datetimes).
        Without it, naive times are compared by wall time with each other,
        and comparing one with an instant raises.

    Every column named must exist: a mapping of columns must hold it, and at
    least one record must have the field (a misspelled name raises instead
    of finding nothing). Columns must all have the same length.

    Returns
    -------
    CleaningReport
        ``.kept`` positions, ``.removed`` rows with reasons, ``.counts`` per reason.

    Examples
    --------
    >>> rows = [
    ...     {"id": "A1", "csat": 5, "first_response_minutes": 12},
    ...     {"id": "A1", "csat": 5, "first_response_minutes": 12},
    ...     {"id": "A2", "csat": 6, "first_response_minutes": 20},
    ...     {"id": "A3", "csat": None, "first_response_minutes": 0},
    ... ]
    >>> report = clean(rows, key="id", scores={"csat": (1, 5)},
    ...                positive=["first_response_minutes"])
    >>> report.kept, dict(report.counts)
    ((0,), {'duplicate': 1, 'off_scale_score': 1, 'non_positive_duration': 1})
    >>> report.removed[0].details
    ('duplicate of row 0',)

    Text times are parsed, not compared letter by letter:

    >>> times = {"created": ["2025-3-9 10:00", "2025-03-09T10:00:00+08:00"],
    ...          "resolved": ["2025-10-01 09:00", "2025-03-09 01:59Z"]}
    >>> [(row.index, row.reasons) for row in clean(times, ordered=[("created", "resolved")],
    ...                                           timezone="Asia/Shanghai").removed]
    [(1, ('end_before_start',))]
    """
    key_cols = None if key is None else _names_arg(key, "key")
    scales, durations = (
        _scales_arg({} if scores is None else scores),
        _names_arg(positive, "positive"),
    )
    pairs = _pairs_arg(ordered)
    zone = None if timezone is None else resolve_timezone(timezone)
    table = _Table(data)
    issues: _Issues = [[] for _ in range(table.size)]
    _check_scores(table, scales, issues)
    _check_positive(table, durations, issues)
    _check_order(table, pairs, zone, issues)
    first_seen: dict[Hashable, int] = {}
    for i in range(table.size):
        if issues[i]:
            continue
        row_key = table.row_key(i, key_cols)
        if row_key in first_seen:
            issues[i].append((DUPLICATE, f"duplicate of row {first_seen[row_key]}"))
        else:
            first_seen[row_key] = i
    return _report(issues, table.labels)


def _report(issues: _Issues, labels: list[Hashable] | None) -> CleaningReport:
    removed = tuple(
        RemovedRow(i, tuple(r for r, _ in found), tuple(d for _, d in found),
                   None if labels is None else labels[i])
        for i, found in enumerate(issues)
        if found
    )  # fmt: skip
    counts: dict[str, int] = {}
    for row in removed:
        for reason in dict.fromkeys(row.reasons):
            counts[reason] = counts.get(reason, 0) + 1
    kept = tuple(i for i, found in enumerate(issues) if not found)
    ordered_counts = dict(sorted(counts.items(), key=lambda kv: _REASONS.index(kv[0])))
    return CleaningReport(kept, removed, ordered_counts, len(issues))


_REASONS = (DUPLICATE, OFF_SCALE_SCORE, NON_POSITIVE_DURATION, END_BEFORE_START)
