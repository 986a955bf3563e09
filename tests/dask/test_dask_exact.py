"""Whatever the partitioning (1-50 parts, empty ones too): the one-process numbers.

The properties run many partitionings through the same task graphs on Dask's
synchronous scheduler (the merge does not depend on the scheduler); the
cluster tests at the end run fixed partitionings, empty partitions included,
through the two worker processes, so every argument and result is pickled.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dask
from csmetrics.dask import (
    compliance_frame,
    csat_frame,
    evaluate_frame,
    nps_frame,
    time_stats_frame,
)
from csmetrics.exceptions import UndefinedMetricWarning
from csmetrics.scoring import CsatCounts, NpsCounts, QuantileSketch, time_stats
from csmetrics.sla import compliance, evaluate_many

from .dask_helpers import NOW, OFFICE, TIERED, split, surveys, tickets

# Each example computes a few graphs: a tenth of the profile's examples (200 under fuzz).
EXAMPLES = max(8, settings.default.max_examples // 10)
partitionings = st.tuples(
    st.integers(0, 120),  # rows
    st.lists(st.integers(0, 120), max_size=49),  # cut points: 1-50 partitions, repeats = empty
    st.integers(0, 2**32 - 1),  # data seed
)


@pytest.fixture
def sync() -> Iterator[None]:
    with dask.config.set(scheduler="sync"):
        yield


def one_process(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return evaluate_many(
        frame["created_at"],
        first_response_at=frame["first_response_at"],
        resolved_at=frame["resolved_at"],
        priority=frame["priority"].to_numpy(),
        channel=frame["channel"].to_numpy(dtype=object),
        complaint=frame["complaint"].to_numpy(),
        policy=TIERED,
        schedule=OFFICE,
        now=NOW,
    )


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return function(*args, **kwargs)


def compliance_rows(table: pd.DataFrame) -> dict[object, tuple[int, int, int]]:
    return {k: (r.met, r.breached, r.pending) for k, r in table.iterrows()}


@settings(max_examples=EXAMPLES, deadline=None)
@given(partitionings, st.sampled_from([None, "priority", "channel", "metric"]))
def test_compliance_and_evaluation_equal_one_process(case, by) -> None:
    with dask.config.set(scheduler="sync"):  # a context per example
        n, cuts, seed = case
        frame = tickets(n, seed)
        ddf = split(frame, cuts)
        assert ddf.npartitions == len(cuts) + 1
        expected = one_process(frame)
        evaluated = evaluate_frame(ddf, TIERED, OFFICE, now=NOW).compute()
        for name, values in expected.items():
            got = evaluated[name].to_numpy()
            if values.dtype.kind == "M":
                got = evaluated[name].dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
            np.testing.assert_array_equal(got.astype(values.dtype), values, err_msg=name)
        want = quiet(compliance, expected, by=by)
        got = quiet(compliance_frame, ddf, by=by, policy=TIERED, schedule=OFFICE, now=NOW)
        assert {k: (r.met, r.breached, r.pending) for k, r in want.items()} == {
            k: (r["met"], r["breached"], r["pending"]) for k, r in got.iterrows()
        }
        assert list(got.index) == list(want)  # the same stable order


@settings(max_examples=EXAMPLES, deadline=None)
@given(partitionings)
def test_compliance_by_priority_and_week_equals_each_week_alone(case) -> None:
    with dask.config.set(scheduler="sync"):  # a context per example
        n, cuts, seed = case
        frame = tickets(n, seed)
        expected = one_process(frame)
        sla = evaluate_frame(split(frame, cuts), TIERED, OFFICE, now=NOW)
        got = quiet(compliance_frame, sla, by=("priority", "week"), timezone="Asia/Shanghai")
        local = frame["created_at"].dt.tz_convert("Asia/Shanghai")
        weeks = (local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")).to_numpy()
        want = {}
        for week in np.unique(weeks):
            rows = weeks == week
            part = {k: v[rows] for k, v in expected.items()}
            for key, row in quiet(compliance, part, by="priority").items():
                want[(key, pd.Timestamp(week))] = (row.met, row.breached, row.pending)
        assert {k: (r["met"], r["breached"], r["pending"]) for k, r in got.iterrows()} == want


@settings(max_examples=EXAMPLES, deadline=None)
@given(partitionings, st.sampled_from([None, "priority", ("priority", "week")]))
def test_csat_and_nps_counts_merge_exactly(case, by) -> None:
    with dask.config.set(scheduler="sync"):  # a context per example
        n, cuts, seed = case
        frame = surveys(n, seed)
        ddf = split(frame, cuts)
        got = quiet(csat_frame, ddf, by=by)
        promoters = quiet(nps_frame, ddf, by=by)
        if by is None:
            want = quiet(CsatCounts.from_scores(frame["overall"]).result)
            assert got.loc["all", "n"] == want.n
            assert got.loc["all", "missing"] == want.missing
            for column, value in (("mean", want.mean), ("ci_low", want.ci.low), ("std", want.std)):
                assert _close(got.loc["all", column], value)
            score = quiet(NpsCounts.from_scores(frame["nps"]).result)
            assert _close(promoters.loc["all", "score"], score.score)
            assert _close(promoters.loc["all", "ci_high"], score.ci.high)
        else:
            assert got["n"].sum() + got["missing"].sum() == n
            assert promoters["n"].sum() == n


def _close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * max(1.0, abs(b))


@settings(max_examples=EXAMPLES, deadline=None)
@given(partitionings, st.sampled_from(["first_response", "resolution"]))
def test_time_stats_sketch_equals_the_one_process_sketch(case, metric) -> None:
    with dask.config.set(scheduler="sync"):  # a context per example
        n, cuts, seed = case
        frame = tickets(n, seed)
        end = {"first_response": "first_response_at", "resolution": "resolved_at"}[metric]
        durations = (frame[end] - frame["created_at"]).to_numpy(dtype="timedelta64[us]")
        got = quiet(time_stats_frame, split(frame, cuts), metric=metric, quantiles=(0.5, 0.9, 0.99))
        sketch = QuantileSketch.from_durations(durations, unit="minutes")
        exact = quiet(time_stats, durations)
        row = got.loc["all"]
        assert row["n"] == sketch.n == exact.n
        assert row["missing"] == exact.missing
        for q, column in ((0.5, "p50"), (0.9, "p90"), (0.99, "p99")):
            assert _close(row[column], sketch.quantile(q)) or math.isnan(row[column])
        if exact.n:
            assert _close(row["mean"], exact.mean) or abs(row["mean"] - exact.mean) <= 1e-9
            assert abs(row["p50"] - exact.median) <= 0.01 * exact.median + 1e-9
            assert abs(row["p90"] - exact.p90) <= 0.01 * exact.p90 + 1e-9


@pytest.mark.parametrize("by", [None, "priority"])
def test_the_exact_option_shuffles_and_equals_time_stats(sync, by) -> None:
    frame = tickets(300, 7)
    ddf = split(frame, [0, 0, 50, 51, 200])
    got = quiet(time_stats_frame, ddf, metric="resolution", by=by, exact=True)
    groups = (
        [("all", frame)]
        if by is None
        else [(level, frame[frame["priority"] == level]) for level in (1, 2, 3)]
    )
    for key, part in groups:
        exact = quiet(time_stats, part["resolved_at"] - part["created_at"])
        row = got.loc[key]
        assert row["method"] == "exact"
        assert (row["n"], row["missing"]) == (exact.n, exact.missing)
        assert _close(row["p50"], exact.median)
        assert _close(row["p90"], exact.p90)
        assert _close(row["mean"], exact.mean)


@pytest.mark.parametrize("cuts", [[], [0, 0, 37, 37, 90]])
def test_on_the_cluster_every_function_equals_one_process(client, cuts) -> None:
    frame = tickets(120, 11)
    ddf = split(frame, cuts)
    expected = one_process(frame)
    for by in (None, "priority", "metric"):
        want = quiet(compliance, expected, by=by)
        got = quiet(compliance_frame, ddf, by=by, policy=TIERED, schedule=OFFICE, now=NOW)
        assert {k: (r.met, r.breached, r.pending) for k, r in want.items()} == {
            k: (r["met"], r["breached"], r["pending"]) for k, r in got.iterrows()
        }
    durations = (frame["resolved_at"] - frame["created_at"]).to_numpy(dtype="timedelta64[us]")
    sketch = QuantileSketch.from_durations(durations, unit="minutes")
    row = quiet(time_stats_frame, ddf, metric="resolution").loc["all"]
    assert (row["n"], row["p90"]) == (sketch.n, sketch.quantile(0.9))
    exact = quiet(time_stats_frame, ddf, metric="resolution", exact=True).loc["all"]
    assert _close(exact["p90"], quiet(time_stats, durations).p90)
    answers = surveys(120, 12)
    got = quiet(csat_frame, split(answers, cuts)).loc["all"]
    want = CsatCounts.from_scores(answers["overall"]).result()
    assert (got["n"], got["missing"]) == (want.n, want.missing)
    assert _close(got["mean"], want.mean)
    assert _close(got["ci_low"], want.ci.low)
