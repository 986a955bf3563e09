"""Synthetic tickets and surveys, and frames split at chosen rows (empty partitions too)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Sequence
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd

import dask
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy

NOW = dt.datetime(2025, 3, 21, 18, 0, tzinfo=dt.UTC)
START = np.datetime64("2025-03-01T00:00:00", "us")
OFFICE = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
TIERED = SlaPolicy.preset("tiered")
CHANNELS = np.array(["email", "phone", "social_media", "chat", None], dtype=object)


def tickets(n: int, seed: int) -> pd.DataFrame:
    """``n`` synthetic tickets in ``evaluate_many``'s own column names (UTC, microseconds)."""
    rng = np.random.default_rng(seed)
    created = START + rng.integers(0, 20 * 86_400, n).astype("timedelta64[s]")
    reply = created + rng.integers(60, 30 * 3600, n).astype("timedelta64[s]")
    reply[rng.random(n) < 0.15] = np.datetime64("NaT")
    resolved = created + rng.integers(600, 6 * 86_400, n).astype("timedelta64[s]")
    resolved[rng.random(n) < 0.25] = np.datetime64("NaT")
    utc = functools.partial(pd.Series, dtype="datetime64[us, UTC]")
    return pd.DataFrame(
        {
            "created_at": utc(pd.DatetimeIndex(created).tz_localize("UTC")),
            "first_response_at": utc(pd.DatetimeIndex(reply).tz_localize("UTC")),
            "resolved_at": utc(pd.DatetimeIndex(resolved).tz_localize("UTC")),
            "priority": rng.integers(1, 4, n).astype(np.int8),
            "channel": pd.Series(CHANNELS[rng.integers(0, len(CHANNELS), n)], dtype=object),
            "complaint": rng.random(n) < 0.1,
            "team": pd.Series(np.array(["a", "b"], dtype=object)[rng.integers(0, 2, n)]),
        }
    )


def surveys(n: int, seed: int) -> pd.DataFrame:
    """``n`` survey answers: 1-5 dimensions (some missing), NPS 0-10, answered_at in UTC."""
    rng = np.random.default_rng(seed)
    overall = rng.integers(1, 6, n).astype(np.float64)
    overall[rng.random(n) < 0.1] = np.nan
    answered = START + rng.integers(0, 20 * 86_400, n).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "overall": overall,
            "responsiveness": rng.integers(1, 6, n),
            "nps": rng.integers(0, 11, n),
            "answered_at": pd.Series(
                pd.DatetimeIndex(answered).tz_localize("UTC"), dtype="datetime64[us, UTC]"
            ),
            "priority": pd.Series(
                np.array(["P1", "P2", None], dtype=object)[rng.integers(0, 3, n)]
            ),
        }
    )


def _rows(frame: pd.DataFrame, bounds: tuple[int, int]) -> pd.DataFrame:
    return frame.iloc[bounds[0] : bounds[1]]


def split(frame: pd.DataFrame, cuts: Sequence[int]) -> Any:
    """``frame`` as a dask frame cut at ``cuts`` (repeated cuts make empty partitions)."""
    edges = [0, *sorted(min(c, len(frame)) for c in cuts), len(frame)]
    bounds = list(itertools.pairwise(edges))
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(
            functools.partial(_rows, frame), bounds, meta=frame.iloc[:0], enforce_metadata=False
        )
