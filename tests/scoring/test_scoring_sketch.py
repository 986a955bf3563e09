"""QuantileSketch: within 1% of time_stats's quantiles, merged exactly, pickled whole."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import InputTypeError, InvalidInputError
from csmetrics.scoring import QuantileSketch, sketch_time_stats, time_stats

durations_us = st.lists(
    st.one_of(st.none(), st.integers(0, 2**62), st.integers(0, 10**10)), max_size=80
)


def _array(values: list[int | None]) -> np.ndarray:
    return np.array(
        [np.timedelta64("NaT", "us") if v is None else np.timedelta64(v, "us") for v in values],
        dtype="timedelta64[us]",
    )


@given(durations_us, st.sampled_from([0.0, 0.1, 0.5, 0.9, 0.99, 1.0]))
def test_every_quantile_is_within_one_percent_of_the_exact_one(values, q) -> None:
    array = _array(values)
    sketch = QuantileSketch.from_durations(array, unit="seconds")
    kept = np.sort(array[~np.isnat(array)].astype(np.int64) / 1e6)
    assert sketch.n == kept.size
    assert sketch.missing == len(values) - kept.size
    if not kept.size:
        assert math.isnan(sketch.quantile(q, "seconds"))
        return
    exact = float(np.quantile(kept, q))
    assert abs(sketch.quantile(q, "seconds") - exact) <= 0.01 * exact * (1 + 1e-9)


@given(durations_us, st.lists(st.integers(0, 80), max_size=6))
def test_sketches_of_parts_add_up_to_the_sketch_of_the_whole(values, cuts) -> None:
    array = _array(values)
    edges = [0, *sorted(min(c, len(values)) for c in cuts), len(values)]
    parts = [
        QuantileSketch.from_durations(array[a:b], unit="seconds")
        for a, b in itertools.pairwise(edges)
    ]
    whole = QuantileSketch.from_durations(array, unit="seconds")
    merged = sum(parts)
    assert merged == whole
    assert pickle.loads(pickle.dumps(merged)) == whole
    for q in (0.5, 0.9):
        got, want = merged.quantile(q), whole.quantile(q)
        assert got == want or (math.isnan(got) and math.isnan(want))


@pytest.mark.parametrize(
    ("minutes", "median", "p90"),
    [([10, 20, 30, 40], 25.0, 37.0), ([5], 5.0, 5.0), ([0, 0, 60], 0.0, 48.0)],
)
def test_small_cases_against_time_stats(minutes, median, p90) -> None:
    exact = time_stats(minutes, unit="minutes")
    assert (exact.median, exact.p90) == (median, p90)
    stats = sketch_time_stats(minutes, unit="minutes")
    assert stats["n"] == exact.n
    assert stats["mean"] == exact.mean
    assert abs(stats["p50"] - median) <= 0.01 * median
    assert abs(stats["p90"] - p90) <= 0.01 * p90


def test_timedeltas_give_the_same_sketch_in_any_unit() -> None:
    array = np.array([90, 3600, 7, 0], dtype="timedelta64[s]")
    assert QuantileSketch.from_durations(array, unit="hours") == QuantileSketch.from_durations(
        array, unit="seconds"
    )
    assert QuantileSketch.from_durations([dt.timedelta(minutes=3)], unit="minutes").n == 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: QuantileSketch.from_durations([-1]), InvalidInputError),
        (lambda: QuantileSketch.from_durations("12"), InputTypeError),
        (lambda: QuantileSketch.from_durations([1], relative_accuracy=0.0), InvalidInputError),
        (lambda: QuantileSketch.from_durations([1], relative_accuracy=True), InputTypeError),
        (lambda: QuantileSketch.from_durations([1]).quantile(1.5), InvalidInputError),
        (
            lambda: (
                QuantileSketch.from_durations([1])
                + QuantileSketch.from_durations([1], relative_accuracy=0.02)
            ),
            InvalidInputError,
        ),
    ],
)
def test_bad_input_raises(call, error) -> None:
    with pytest.raises(error):
        call()


def test_the_bucket_count_is_bounded_by_the_range_not_the_size() -> None:
    widest = np.array([1, 2**63 - 1], dtype="timedelta64[us]")
    sketch = QuantileSketch.from_durations(widest, unit="seconds")
    assert sketch._counts.size <= 2_200
