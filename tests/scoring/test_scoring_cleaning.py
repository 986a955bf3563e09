"""Cleaning: duplicates and anomalies removed with a reason, never silently."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.cleaning import (
    DUPLICATE,
    END_BEFORE_START,
    NON_POSITIVE_DURATION,
    OFF_SCALE_SCORE,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError, UndefinedMetricWarning
from csmetrics.scoring import clean, csat

T0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)

RECORDS = [
    {"id": "T1", "csat": 5, "wait": dt.timedelta(minutes=12), "start": T0, "end": T0},
    {"id": "T1", "csat": 5, "wait": dt.timedelta(minutes=12), "start": T0, "end": T0},  # dup
    {"id": "T2", "csat": 6, "wait": dt.timedelta(minutes=3), "start": T0, "end": None},  # off
    {"id": "T3", "csat": None, "wait": dt.timedelta(0), "start": T0, "end": T0},  # 0 wait
    {"id": "T4", "csat": 4, "wait": None, "start": T0, "end": T0 - dt.timedelta(hours=1)},
    {"id": "T5", "csat": 4.5, "wait": dt.timedelta(minutes=-2), "start": None, "end": T0},
    {"id": "T6", "csat": 3, "wait": None, "start": None, "end": None},
]
CHECKS = {
    "key": "id",
    "scores": {"csat": (1, 5)},
    "positive": ["wait"],
    "ordered": [("start", "end")],
}


def test_every_removed_row_has_a_reason() -> None:
    report = clean(RECORDS, **CHECKS)  # type: ignore[arg-type]
    assert report.kept == (0, 6)
    assert report.n_input == len(RECORDS)
    assert report.n_kept == 2
    reasons = {row.index: row.reasons for row in report.removed}
    assert reasons == {
        1: (DUPLICATE,),
        2: (OFF_SCALE_SCORE,),
        3: (NON_POSITIVE_DURATION,),
        4: (END_BEFORE_START,),
        5: (OFF_SCALE_SCORE, NON_POSITIVE_DURATION),
    }
    assert dict(report.counts) == {
        DUPLICATE: 1,
        OFF_SCALE_SCORE: 2,
        NON_POSITIVE_DURATION: 2,
        END_BEFORE_START: 1,
    }
    assert report.removed[0].details == ("duplicate of row 0",)
    assert report.removed[1].details[0] == "csat is not an integer 1..5 (got int 6)"
    assert report.take(RECORDS) == [RECORDS[0], RECORDS[6]]


def test_columns_and_dataframe_agree_with_records() -> None:
    columns = {name: [r[name] for r in RECORDS] for name in RECORDS[0]}
    from_columns = clean(columns, **CHECKS)  # type: ignore[arg-type]
    frame = pd.DataFrame(columns)
    from_frame = clean(frame, **CHECKS)  # type: ignore[arg-type]
    expected = clean(RECORDS, **CHECKS)  # type: ignore[arg-type]
    assert from_columns.kept == from_frame.kept == expected.kept
    assert from_columns.counts == expected.counts
    assert list(from_columns.take(columns)["id"]) == ["T1", "T6"]
    assert list(from_frame.take(frame)["id"]) == ["T1", "T6"]


def test_first_valid_copy_is_kept() -> None:
    rows = [{"id": "A", "csat": 9}, {"id": "A", "csat": 4}, {"id": "A", "csat": 4}]
    report = clean(rows, key=["id"], scores={"csat": (1, 5)})
    assert report.kept == (1,)
    assert [r.reasons for r in report.removed] == [(OFF_SCALE_SCORE,), (DUPLICATE,)]


def test_whole_row_duplicates_by_default() -> None:
    rows = [{"a": 1, "b": [1]}, {"b": [1], "a": 1}, {"a": 1, "b": [2]}]
    assert clean(rows).kept == (0, 2)
    columns = {"a": np.array([1, 1, 2]), "b": np.array(["x", "x", "x"])}
    assert clean(columns).kept == (0, 2)


def test_whole_row_duplicates_of_a_dataframe_read_rows_by_position() -> None:
    frame = pd.DataFrame({"id": ["a", "a", "b"], "csat": [5, 5, 4]}, index=[10, 11, 12])
    report = clean(frame)
    assert report.kept == (0, 2)
    assert report.take(frame).index.tolist() == [10, 12]


def test_numeric_durations_and_times() -> None:
    columns = {"minutes": [5, 0, -1, float("nan")], "s": [1, 5, 1, 1], "e": [2, 4, 1, None]}
    report = clean(columns, positive=["minutes"], ordered=[("s", "e")])
    assert report.kept == (0, 3)
    assert report.removed[0].reasons == (NON_POSITIVE_DURATION, END_BEFORE_START)
    assert report.counts == {NON_POSITIVE_DURATION: 2, END_BEFORE_START: 1}


@pytest.mark.parametrize(
    ("data", "kwargs", "error"),
    [
        ("abc", {}, InputTypeError),
        (5, {}, InputTypeError),
        ([{"a": 1}, 3], {"key": "a"}, InputTypeError),
        ({"a": [1]}, {"positive": ["b"]}, InvalidInputError),
        ([{"s": T0, "e": 3}], {"ordered": [("s", "e")]}, InvalidInputError),
    ],
)
def test_bad_input(data: object, kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        clean(data, **kwargs)  # type: ignore[arg-type]


def test_empty_input() -> None:
    report = clean([])
    assert (report.kept, report.removed, dict(report.counts)) == ((), (), {})
    assert clean({}).n_input == 0


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from("abcde"),
                "csat": st.one_of(st.none(), st.integers(-1, 7), st.floats(allow_nan=True)),
                "wait": st.one_of(st.none(), st.integers(-3, 3)),
            }
        ),
        max_size=30,
    )
)
def test_nothing_disappears(rows: list[dict[str, object]]) -> None:
    report = clean(rows, key="id", scores={"csat": (1, 5)}, positive=["wait"])
    removed = {row.index for row in report.removed}
    assert removed.isdisjoint(report.kept)
    assert removed | set(report.kept) == set(range(len(rows)))
    assert all(row.reasons for row in report.removed)
    assert sum(report.counts.values()) >= len(removed)
    kept_ids = [rows[i]["id"] for i in report.kept]
    assert len(kept_ids) == len(set(kept_ids))


def test_huge_integers_and_booleans_are_off_scale_not_a_crash() -> None:
    rows = [{"csat": 10**400}, {"csat": True}, {"csat": np.float64("nan")}, {"csat": 4.0}]
    report = clean(rows, scores={"csat": (1, 5)})
    assert report.kept == (2, 3)
    assert [r.reasons for r in report.removed] == [(OFF_SCALE_SCORE,), (OFF_SCALE_SCORE,)]
    assert report.removed[1].details == ("csat is not an integer 1..5 (got bool True)",)


score_items = st.one_of(
    st.integers(-2, 8),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.sampled_from(["4", 10**400, np.int64(3), np.float64(2.5), pd.NA]),
)


@given(score_items)
def test_a_score_is_removed_exactly_when_csat_refuses_it(value: object) -> None:
    report = clean([{"csat": value}], scores={"csat": (1, 5)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)  # a missing value
            csat([value])  # type: ignore[list-item]
    except (InputTypeError, InvalidInputError):
        assert report.kept == ()
    else:
        assert report.kept == (0,)


# Exports write times in many shapes; letter-by-letter comparison got these wrong.
TEXT_TIMES = [
    # (created, resolved, end before start?)
    ("2025-3-9 10:00", "2025-10-01 09:00", False),  # unpadded month sorts after "10"
    ("2025/3/9 9:05", "2025/3/9 10:00", False),  # hour 9 vs 10
    ("2025-03-09T10:00:00+08:00", "2025-03-09 02:30Z", False),  # the same day in UTC
    ("2025-03-09T10:00:00+08:00", "2025-03-09 01:59Z", True),
    ("1741000000", "1741000000000", False),  # epoch seconds and milliseconds, the same instant
    ("2025-03-09 10:00:00", "2025-03-09 09:59:59", True),
    ("2025-03-09", "2025-03-09 00:00", False),
]


@pytest.mark.parametrize(("created", "resolved", "late"), TEXT_TIMES)
def test_text_times_are_parsed_before_comparing(created: str, resolved: str, late: bool) -> None:
    rows = [{"created": created, "resolved": resolved}]
    report = clean(rows, ordered=[("created", "resolved")], timezone="Asia/Shanghai")
    assert report.counts.get(END_BEFORE_START, 0) == int(late)


def test_naive_times_compare_by_wall_time_only_with_each_other() -> None:
    naive = [{"s": "2025-03-09 10:00", "e": "2025-03-09 09:00"}]
    assert clean(naive, ordered=[("s", "e")]).counts == {END_BEFORE_START: 1}
    mixed = [{"s": "2025-03-09 10:00", "e": "2025-03-09T09:00Z"}]
    with pytest.raises(InvalidInputError, match="give timezone="):
        clean(mixed, ordered=[("s", "e")])
    # In Shanghai 10:00 is 02:00 UTC: before 09:00 UTC.
    assert clean(mixed, ordered=[("s", "e")], timezone="Asia/Shanghai").kept == (0,)


def test_numpy_and_pandas_times_are_instants() -> None:
    start = np.array(["2025-03-09T10:00", "2025-03-09T10:00"], dtype="datetime64[ns]")
    end = np.array(["2025-03-09T09:00", "NaT"], dtype="datetime64[s]")
    assert clean({"s": start, "e": end}, ordered=[("s", "e")]).kept == (1,)
    frame = pd.DataFrame(
        {"s": pd.to_datetime(start).tz_localize("UTC"), "e": ["2025-03-09T17:30+08:00", None]},
        index=["x", "y"],
    )
    report = clean(frame, ordered=[("s", "e")])
    assert [(row.index, row.label) for row in report.removed] == [(0, "x")]


def test_labels_only_for_frames() -> None:
    assert clean([{"c": 9}], scores={"c": (1, 5)}).removed[0].label is None
    frame = pd.DataFrame({"c": [9, 3, 9]}, index=[30, 20, 10])
    assert [(r.index, r.label) for r in clean(frame, scores={"c": (1, 5)}).removed] == [
        (0, 30),
        (2, 10),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"s": "yesterday", "e": "2025-03-09 09:00"}], "expected a timestamp"),
        ([{"s": "2025-03-09 09:00", "e": 5}], "cannot compare"),
        ([{"s": "2025-03-09 09:00", "e": None}, {"s": 3, "e": None}], "one kind per column"),
        ([{"s": dt.timedelta(1), "e": "2025-03-09 09:00"}], "cannot compare"),
        ([{"s": "2025-02-30 09:00", "e": "2025-03-09 09:00"}], "expected a timestamp"),
    ],
)
def test_times_that_cannot_be_compared_raise(rows: list[dict[str, object]], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        clean(rows, ordered=[("s", "e")])


def test_private_text_in_a_time_column_is_not_echoed() -> None:
    with pytest.raises(InvalidInputError) as info:
        clean([{"s": "张三 13800138000", "e": None}, {"s": None, "e": "2025-03-09"}],
              ordered=[("s", "e")])  # fmt: skip
    assert "张三" not in str(info.value)
    assert "13800138000" not in str(info.value)
    assert "row 0" in str(info.value)


instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2040, 1, 1),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8))]),
)


@given(st.lists(st.tuples(instants, instants), max_size=20))
def test_text_and_datetimes_give_the_same_answer(
    pairs: list[tuple[dt.datetime, dt.datetime]],
) -> None:
    as_datetimes = [{"i": i, "s": s, "e": e} for i, (s, e) in enumerate(pairs)]
    as_text = [{"i": i, "s": s.isoformat(), "e": e.isoformat(sep=" ")}
               for i, (s, e) in enumerate(pairs)]  # fmt: skip
    expected = tuple(i for i, (s, e) in enumerate(pairs) if e >= s)
    assert clean(as_datetimes, key="i", ordered=[("s", "e")]).kept == expected
    assert clean(as_text, key="i", ordered=[("s", "e")]).kept == expected
