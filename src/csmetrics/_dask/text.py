"""Sentiment, category and priority of every text, partition by partition."""

from __future__ import annotations

from typing import Any

import numpy as np

from csmetrics._classify.api import categorize_many, sentiment_many
from csmetrics._core.describe import describe
from csmetrics._dask.engine import located, require_frame, shared
from csmetrics._priority.assign import assign_priority_many
from csmetrics._priority.rules import PriorityRules
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["classify_frame", "classify_partition"]

_OPTIONS = ("customer_tier", "channel")


def classify_partition(
    frame: Any, text_column: str, rules: PriorityRules | None, options: tuple[str, ...]
) -> Any:
    """Sentiment label and score, category, subcategory and priority level of each text."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    if text_column not in frame.columns:
        msg = f"text_column: expected a column of the frame, got {describe(text_column)}"
        raise InvalidInputError(msg)
    column = frame[text_column]
    texts = column.astype(object).where(column.notna(), "").to_numpy(dtype=object)
    feelings = sentiment_many(texts)
    kinds = categorize_many(texts)
    given = {
        name: frame[name].astype(object).where(frame[name].notna(), None).tolist()
        for name in options
    }
    levels = assign_priority_many(texts, rules=rules, **given)
    return pd.DataFrame(
        {
            "sentiment": pd.Series(
                feelings.labels.astype(object), index=frame.index, dtype="string"
            ),
            "sentiment_score": feelings.scores,
            "category": pd.Series(kinds.categories, index=frame.index, dtype="string"),
            "subcategory": pd.Series(kinds.subcategories, index=frame.index, dtype="string"),
            "priority": np.asarray(levels, dtype=np.int8),
        },
        index=frame.index,
    )


def _classify_located(
    frame: Any,
    text_column: str,
    rules: PriorityRules | None,
    options: tuple[str, ...],
    partition_info: dict[str, Any] | None = None,
) -> Any:
    number = -1 if partition_info is None else int(partition_info["number"])
    return located(classify_partition, frame, number, text_column, rules, options)


def classify_frame(
    ddf: Any,
    text_column: str,
    *,
    rules: PriorityRules | None = None,
    tier_column: str | None = None,
    channel_column: str | None = None,
) -> Any:
    """Sentiment, category and priority of every text of a Dask frame (lazy).

    Each partition goes through :func:`csmetrics.classify.sentiment_many`,
    :func:`csmetrics.classify.categorize_many` and
    :func:`csmetrics.priority.assign_priority_many` (missing texts read as
    ``""``); ``rules`` (shipped to each worker once), ``tier_column`` and
    ``channel_column`` are passed on to the priority.

    Returns
    -------
    dask.dataframe.DataFrame
        The input's index; ``sentiment`` (label), ``sentiment_score``,
        ``category``, ``subcategory`` (missing where nothing matched) and
        ``priority`` (level, int8).
    """
    require_frame(ddf)
    if not isinstance(text_column, str):
        msg = f"text_column: expected a column name, got {describe(text_column)}"
        raise InputTypeError(msg)
    if rules is not None and not isinstance(rules, PriorityRules):
        msg = f"rules: expected PriorityRules or None, got {describe(rules)}"
        raise InputTypeError(msg)
    frame = ddf
    renames = {}
    for option, name in zip(_OPTIONS, (tier_column, channel_column), strict=True):
        if name is not None:
            if name not in ddf.columns:
                msg = f"{option}: expected a column of the frame, got {describe(name)}"
                raise InvalidInputError(msg)
            renames[option] = name
    if renames:
        frame = ddf.assign(**{k: ddf[v] for k, v in renames.items()})
    options = tuple(renames)
    meta = classify_partition(frame._meta, text_column, rules, options)
    return frame.map_partitions(
        _classify_located,
        text_column,
        shared(rules),
        options,
        meta=meta,
        enforce_metadata=False,
        align_dataframes=False,
    )
