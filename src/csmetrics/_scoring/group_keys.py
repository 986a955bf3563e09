"""Grouping over several keys at once (agent x channel, category x week ...).

The keys come as a mapping of names to columns or as a pandas DataFrame
whose columns are the keys. Each column is factorized on its own (the order
of :func:`~csmetrics._scoring.grouping.factorize`); the rows of codes are then
made unique together, so the groups come in lexicographic order of their key
tuples. A missing key (``None``, NaN, pandas ``NA``, ``NaT``) is the explicit
group :data:`MISSING`, sorted last in its column: a frame of the results
never has a NaN or ``None`` key.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.codes import row_codes
from csmetrics._core.describe import describe, shown
from csmetrics._scoring.grouping import GroupedResults, factorize, grouped, keys_of
from csmetrics._scoring.inputs import FlagsLike, ScoresLike
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["MISSING", "group_by", "is_key_table", "key_label", "table_codes"]

MISSING = "(missing)"
"""The key of the rows whose key is missing, in multi-key groups and in frames."""


def is_key_table(keys: object) -> bool:
    """Whether ``keys`` holds several key columns: a mapping or a DataFrame."""
    if isinstance(keys, Mapping):
        return True
    return hasattr(keys, "columns") and hasattr(keys, "iloc") and not hasattr(keys, "name")


def key_label(key: Hashable) -> Hashable:
    """``key``, or :data:`MISSING` when it is missing (``None`` or ``NaT``)."""
    if key is None or (isinstance(key, np.datetime64) and np.isnat(key)):
        return MISSING
    return key


def _columns(keys: Any) -> tuple[tuple[str, ...], list[Any]]:
    if isinstance(keys, Mapping):
        names = tuple(keys)
        for name in names:
            if not isinstance(name, str):
                msg = f"keys: expected column names as text, got a name of {describe(name)}"
                raise InputTypeError(msg)
        values = [keys[name] for name in names]
    else:
        names = tuple(str(name) for name in keys.columns)
        values = [keys.iloc[:, i].to_numpy() for i in range(len(names))]
    if not names:
        msg = "keys: expected at least one key column, got none"
        raise InvalidInputError(msg)
    return names, [keys_of(v, name=f"keys[{shown(n)}]") for n, v in zip(names, values, strict=True)]


def table_codes(keys: Any) -> tuple[tuple[str, ...], list[tuple[Hashable, ...]], np.ndarray]:
    """The key names, the distinct key tuples in order, and each row's group code."""
    names, columns = _columns(keys)
    size = len(columns[0])
    distinct: list[list[Hashable]] = []
    codes: list[np.ndarray] = []
    for name, column in zip(names, columns, strict=True):
        found, column_codes = factorize(column, size, name=f"keys[{shown(name)}]")
        distinct.append([key_label(k) for k in found])
        codes.append(column_codes)
    if size == 0:
        return names, [], np.zeros(0, dtype=np.intp)
    rows, inverse = row_codes(codes, [len(found) for found in distinct])
    labels = [tuple(distinct[j][c] for j, c in enumerate(row)) for row in rows.tolist()]
    return names, labels, inverse


def group_by(
    keys: Iterable[Any],
    scores: ScoresLike | FlagsLike,
    *,
    metric: Literal["csat", "nps", "rate"] = "csat",
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
) -> GroupedResults:
    """The metric per group (agent, channel, category ...), in one pass.

    Parameters
    ----------
    keys : iterable of hashable, or a mapping / DataFrame of key columns
        One group key per score (the lengths must match exactly). Missing
        keys (``None``, NaN, pandas ``NA``, masked entries) form the group
        ``None``; ``NaT`` in a ``datetime64`` array forms the group ``NaT``.
    scores : array-like
        CSAT scores ``1..scale``, NPS answers 0..10, or booleans for ``"rate"``
        (e.g. first-contact resolution per ticket); ``None``/NaN missing.
    metric : {"csat", "nps", "rate"}
    scale, satisfied_at : int
        CSAT scale and top-box threshold.
    confidence : float
    weights : array-like, optional
        Survey weights, one per row.

    Returns
    -------
    GroupedResults
        Keys sorted (integers by value, text by code point, other keys by
        their text, ``None`` last); each result equals the scalar function
        on that group.

    Several keys at once: a mapping of names to key columns (or a DataFrame
    of key columns) gives one group per combination present, keyed by tuples
    in lexicographic order; a missing key there is the group ``"(missing)"``.

    Examples
    --------
    >>> g = group_by(["小张", "小李", "小张", "小李"], [True, False, True, True], metric="rate")
    >>> g.keys, g.values("value").tolist()
    (('小张', '小李'), [1.0, 0.5])
    >>> g = group_by({"agent": ["小张", "小张", None], "channel": ["chat", "email", "chat"]},
    ...              [5, 3, 4])
    >>> g.names, g.keys
    (('agent', 'channel'), (('小张', 'chat'), ('小张', 'email'), ('(missing)', 'chat')))
    """
    if is_key_table(keys):
        names, labels, codes = table_codes(keys)
        found = grouped(codes, scores, metric=metric, scale=scale, satisfied_at=satisfied_at,
                        confidence=confidence, weights=weights)  # fmt: skip
        return GroupedResults(tuple(labels), found.results, found.metric, names)
    name = getattr(keys, "name", None)
    return grouped(
        keys_of(keys),
        scores,
        metric=metric,
        scale=scale,
        satisfied_at=satisfied_at,
        confidence=confidence,
        weights=weights,
        names=(name,) if isinstance(name, str) else ("key",),
    )
