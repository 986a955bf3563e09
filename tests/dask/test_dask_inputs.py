"""Bad input in one partition, time-zone pitfalls, Parquet units, meta, a killed worker."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import warnings
from pathlib import Path

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

import dask
from csmetrics.classify import categorize_many, sentiment_many
from csmetrics.dask import (
    classify_frame,
    compliance_frame,
    csat_frame,
    evaluate_frame,
    time_stats_frame,
)
from csmetrics.exceptions import (
    InputTypeError,
    InvalidInputError,
    InvalidScoreError,
    NaiveDatetimeError,
    UndefinedMetricWarning,
)
from csmetrics.priority import assign_priority_many
from csmetrics.scoring import csat
from csmetrics.sla import compliance, evaluate_many

from .dask_helpers import NOW, OFFICE, TIERED, split, surveys, tickets


@pytest.fixture
def sync():
    """Dask's synchronous scheduler: the same graphs, no cluster round trips."""
    with dask.config.set(scheduler="sync"):
        yield


def _naive_in_partition_2(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.copy()
    bad["created_at"] = bad["created_at"].astype(object)
    bad.loc[bad.index[13], "created_at"] = pd.Timestamp("2025-03-03 09:00")  # naive
    return bad


def test_a_naive_timestamp_in_one_partition_names_the_partition_and_the_row(client) -> None:
    frame = tickets(60, 1)
    ddf = split(_naive_in_partition_2(frame), [10, 10, 40])  # partition 2 holds rows 10..39
    with pytest.raises(NaiveDatetimeError, match=r"^partition 2, row 3: created_at: ") as caught:
        evaluate_frame(ddf, TIERED, OFFICE, now=NOW).compute()
    naive = pd.Series(frame["created_at"].dt.tz_localize(None).astype("datetime64[us]"))
    with pytest.raises(NaiveDatetimeError) as one_process:
        evaluate_many(naive, policy=TIERED, schedule=OFFICE, now=NOW)
    assert type(caught.value) is type(one_process.value)
    assert "2025" not in str(caught.value)  # the value is described, never echoed


def test_an_off_scale_score_raises_as_in_one_process(sync) -> None:
    frame = surveys(40, 2)
    frame.loc[25, "overall"] = 7.0
    with pytest.raises(InvalidScoreError) as one_process:
        csat(frame["overall"])
    with pytest.raises(InvalidScoreError, match=r"^partition 1, row 5: ") as caught:
        csat_frame(split(frame, [20, 30]))
    assert str(one_process.value) in str(caught.value) or "scores" in str(caught.value)


@pytest.mark.parametrize(
    ("column", "values", "error", "pattern"),
    [
        ("created_at", pd.Series(pd.date_range("2025-03-03", periods=4, unit="us")),
         NaiveDatetimeError, "naive datetimes"),
        ("created_at", pd.Series(["2025-03-03 09:00:00"] * 4), NaiveDatetimeError, "without"),
        ("created_at", pd.Series(["not a date"] * 4), InvalidInputError, "ISO 8601"),
        ("created_at", pd.Series([1.5] * 4), InputTypeError, "dtype float64"),
        ("priority", pd.Series(["P9"] * 4), InvalidInputError, "priority"),
    ],
)  # fmt: skip
def test_bad_columns_are_refused_with_the_column_named(
    sync, column, values, error, pattern
) -> None:
    frame = tickets(4, 3)
    frame[column] = values
    with pytest.raises(error, match=pattern):
        evaluate_frame(split(frame, [2]), TIERED, OFFICE, now=NOW).compute()


def test_text_with_offsets_and_a_mapping_timezone_read_local_times() -> None:
    frame = tickets(6, 4)
    text = frame.assign(
        opened=frame["created_at"].dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m-%d %H:%M:%S")
    ).drop(columns=["created_at"])
    mapping = {"columns": {"opened": "created_at"}, "timezone": "Asia/Shanghai"}
    got = evaluate_frame(split(text, [3]), TIERED, OFFICE, now=NOW, mapping=mapping)
    assert got.compute(scheduler="sync")["created_at"].tolist() == frame["created_at"].tolist()
    offsets = frame.assign(created_at=frame["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%S%z"))
    again = evaluate_frame(split(offsets, [3]), TIERED, OFFICE, now=NOW).compute(scheduler="sync")
    assert again["created_at"].tolist() == frame["created_at"].tolist()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_parquet_timestamp_units_give_the_same_results(sync, tmp_path: Path, unit) -> None:
    frame = tickets(200, 5)
    stored = frame.copy()
    for name in ("created_at", "first_response_at", "resolved_at"):
        stored[name] = stored[name].dt.as_unit(unit) if unit != "s" else stored[name].dt.floor("s")
    stored.to_parquet(tmp_path / "t.parquet", coerce_timestamps=None if unit in "sns" else unit)
    ddf = dd.read_parquet(tmp_path / "t.parquet").repartition(npartitions=3)
    got = quiet(compliance_frame, ddf, by="priority", policy=TIERED, schedule=OFFICE, now=NOW)
    reference = stored.copy()
    want = quiet(
        compliance,
        evaluate_many(
            reference["created_at"], first_response_at=reference["first_response_at"],
            resolved_at=reference["resolved_at"], priority=reference["priority"].to_numpy(),
            channel=reference["channel"].to_numpy(object),
            complaint=reference["complaint"].to_numpy(), policy=TIERED, schedule=OFFICE, now=NOW,
        ),
        by="priority",
    )  # fmt: skip
    assert {k: (r.met, r.breached, r.pending) for k, r in want.items()} == {
        k: (r["met"], r["breached"], r["pending"]) for k, r in got.iterrows()
    }


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return function(*args, **kwargs)


def test_the_declared_meta_is_what_the_partitions_hold(sync) -> None:
    frame = tickets(30, 6).assign(text=["快递丢件了，很生气", "thanks, solved", None] * 10)
    ddf = split(frame, [10, 10, 20])
    for lazy in (
        evaluate_frame(ddf, TIERED, OFFICE, now=NOW),
        classify_frame(ddf, "text"),
    ):
        computed = lazy.compute()
        assert dict(lazy.dtypes) == dict(computed.dtypes)
        assert str(computed["created_at"].dtype if "created_at" in computed else "") in (
            "datetime64[us, UTC]", "")  # fmt: skip


def test_classify_frame_equals_the_batch_functions(sync) -> None:
    texts = ["快递丢件了，很生气", "thanks, solved", "", "发票开具延迟", "漏发两件"] * 5
    frame = pd.DataFrame({"text": texts})
    got = classify_frame(split(frame, [0, 7, 7, 20]), "text").compute()
    assert got["sentiment"].tolist() == sentiment_many(texts).labels.tolist()
    assert got["category"].astype(object).where(got["category"].notna(), None).tolist() == (
        categorize_many(texts).categories.tolist()
    )
    assert got["priority"].tolist() == assign_priority_many(texts).tolist()


def _killer(marker: str, frame: pd.DataFrame, bounds: tuple[int, int]) -> pd.DataFrame:
    if bounds[0] == 40 and not os.path.exists(marker):
        Path(marker).write_text("killed once")
        os._exit(1)  # the worker process dies while computing this partition
    return frame.iloc[bounds[0] : bounds[1]]


def test_a_worker_killed_mid_computation_gives_the_whole_count(client, tmp_path: Path) -> None:
    frame = tickets(120, 8)
    bounds = [(0, 40), (40, 80), (80, 120)]
    marker = str(tmp_path / "killed")
    ddf = dd.from_map(functools.partial(_killer, marker, frame), bounds, meta=frame.iloc[:0])
    got = quiet(compliance_frame, ddf, policy=TIERED, schedule=OFFICE, now=NOW)
    assert os.path.exists(marker)  # a worker did die
    want = quiet(compliance_frame, split(frame, [40, 80]), policy=TIERED, schedule=OFFICE, now=NOW)
    assert got.equals(want)
    assert int(got["total"].sum()) == int(want["total"].sum()) > 0


def test_errors_of_the_arguments_are_raised_before_any_work() -> None:
    ddf = split(tickets(3, 9), [])
    cases = [
        (lambda: evaluate_frame(pd.DataFrame(), TIERED, OFFICE, now=NOW), InputTypeError),
        (lambda: evaluate_frame(ddf, "tiered", OFFICE, now=NOW), InputTypeError),
        (lambda: compliance_frame(ddf, by=3), InputTypeError),
        (lambda: time_stats_frame(ddf, metric="lunch"), InvalidInputError),
        (lambda: time_stats_frame(ddf, quantiles=(1.5,)), InvalidInputError),
        (lambda: csat_frame(ddf, dimension="mood"), InvalidInputError),
    ]
    for call, error in cases:
        with pytest.raises(error):
            call()
    message = re.escape("expected a dask.dataframe.DataFrame")
    with pytest.raises(InputTypeError, match=message):
        compliance_frame(np.zeros(3))


@pytest.mark.parametrize(
    ("now", "error"),
    [
        (dt.datetime(2025, 3, 10, 9, 0), NaiveDatetimeError),  # naive: as evaluate says
        ("2025-03-10", InputTypeError),
    ],
)
def test_now_is_checked_as_everywhere(now: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^now: expected a timezone-aware datetime"):
        evaluate_frame(split(tickets(4, 3), [2]), TIERED, OFFICE, now=now)  # type: ignore[arg-type]
