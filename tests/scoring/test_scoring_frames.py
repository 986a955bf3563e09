"""Scoring results as frames; grouping over several keys; trends in a reporting time zone."""

from __future__ import annotations

import datetime as dt
import math
import sys
import warnings
import zoneinfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import CsMetricsError, InputTypeError, UndefinedMetricWarning
from csmetrics.grouping import MISSING
from csmetrics.scoring import clean, csat, group_by, pareto, quality_score, trend


def test_several_keys_give_tuple_keys_in_order_with_an_explicit_missing_group() -> None:
    keys = {"agent": ["Li", "Li", None, "Wang", float("nan")], "channel": ["chat"] * 4 + [None]}
    g = group_by(keys, [5, 3, 4, 2, 1])
    assert g.names == ("agent", "channel")
    assert g.keys == (("Li", "chat"), ("Wang", "chat"), (MISSING, "chat"), (MISSING, MISSING))
    assert g.values("n").tolist() == [2, 1, 1, 1]
    assert g.values("mean").tolist() == [4.0, 2.0, 4.0, 1.0]


def test_a_dataframe_of_keys_groups_by_its_columns_and_its_frame_has_no_nan_key() -> None:
    data = pd.DataFrame(
        {
            "agent": ["Li", "Li", None, "Wang"],
            "week": pd.to_datetime(["2025-03-10", "2025-03-10", "2025-03-10", None]),
            "fcr": [True, False, True, None],
        },
        index=["a", "b", "c", "d"],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # Wang has no answer
        g = group_by(data[["agent", "week"]], data["fcr"], metric="rate")
    frame = g.to_frame()
    assert list(frame.index.names) == ["agent", "week"]
    assert not frame.index.to_frame().isna().any().any()
    assert frame.loc[("Li", pd.Timestamp("2025-03-10"))]["value"] == 0.5
    assert (MISSING, pd.Timestamp("2025-03-10")) in frame.index
    assert ("Wang", MISSING) in frame.index


def test_single_key_frames_name_the_index_after_a_series_and_label_missing_keys() -> None:
    agents = pd.Series(["Li", None, "Li"], name="agent")
    frame = group_by(agents, [5, 4, 3]).to_frame()
    assert frame.index.name == "agent"
    assert list(frame.index) == ["Li", MISSING]
    assert frame["mean"].tolist() == [4.0, 4.0]
    assert frame.loc["Li", "n"] == 2
    r = csat([5, 3])
    assert frame.loc["Li", "mean_low"] == r.mean_ci.low


def test_nps_and_rate_frames_carry_the_interval() -> None:
    nps_frame = group_by(["a", "a", "b"], [10, 0, 9], metric="nps").to_frame()
    assert list(nps_frame.columns[:4]) == ["score", "n", "low", "high"]
    rate_frame = group_by(["a", "b"], [True, False], metric="rate").to_frame()
    assert rate_frame["value"].tolist() == [1.0, 0.0]


def test_empty_groups_make_an_empty_frame_with_the_columns() -> None:
    frame = group_by([], [], metric="nps").to_frame()
    assert frame.empty
    assert "score" in frame.columns


def test_pareto_and_quality_frames() -> None:
    frame = pareto(["late", "broken", "late", None]).to_frame()
    assert list(frame.index) == ["late", "broken"]
    assert frame["count"].tolist() == [2, 1]
    q = quality_score({"csat": 4.0, "fcr": 0.9}, weights={"csat": 1, "fcr": 1},
                      targets={"csat": 4.2, "fcr": 0.85})  # fmt: skip
    qf = q.to_frame()
    assert list(qf.index) == ["csat", "fcr"]
    assert qf["to_improve"].tolist() == [True, False]


def test_frames_without_pandas_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    g = group_by(["a"], [5])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"csmetrics\[pandas\]"):
        g.to_frame()
    with pytest.raises(ImportError, match=r"csmetrics\[pandas\]"):
        pareto(["a"]).to_frame()


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"a": ["x"], "b": ["x", "y"]},
        {1: ["x", "y"]},
        {"a": "xy"},
        {"a": [["unhashable"], ["x"]]},
    ],
)
def test_wrong_key_tables_raise_our_errors(keys: object) -> None:
    with pytest.raises(CsMetricsError):
        group_by(keys, [5, 4])  # type: ignore[arg-type]


key_values = st.one_of(st.sampled_from(["a", "b"]), st.none(), st.just(float("nan")))


@given(st.lists(st.tuples(key_values, key_values, st.integers(1, 5)), min_size=1, max_size=40))
def test_multi_key_groups_equal_the_scalar_metric_on_their_rows(
    rows: list[tuple[object, object, int]],
) -> None:
    g = group_by({"x": [r[0] for r in rows], "y": [r[1] for r in rows]}, [r[2] for r in rows])
    label = lambda v: MISSING if v is None or (isinstance(v, float) and math.isnan(v)) else v  # noqa: E731
    for key, result in g.as_dict().items():
        mine = [s for x, y, s in rows if (label(x), label(y)) == key]
        assert repr(result) == repr(csat(mine))  # repr: NaN spreads of one answer compare
        assert None not in key
    assert sum(g.values("n")) == len(rows)
    assert list(g.keys) == sorted(g.keys, key=lambda k: tuple((v == MISSING, v) for v in k))


SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@given(
    st.lists(st.tuples(st.integers(0, 60 * 24 * 400), st.integers(1, 5)), min_size=1, max_size=30),
    st.sampled_from(["D", "W", "M"]),
    st.sampled_from(["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_trend_in_a_zone_equals_the_trend_of_the_same_instants_on_that_wall_clock(
    rows: list[tuple[int, int]], freq: str, zone: str
) -> None:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    instants = np.array(
        [np.datetime64("2024-01-01T00:00") + np.timedelta64(m, "m") for m, _ in rows]
    )
    local = [(start + dt.timedelta(minutes=m)).astimezone(zoneinfo.ZoneInfo(zone)) for m, _ in rows]
    scores = [s for _, s in rows]
    zoned = trend(instants, scores, freq=freq, timezone=zone)  # type: ignore[arg-type]
    on_wall_clock = trend(local, scores, freq=freq)  # type: ignore[arg-type]
    assert [str(k) for k in zoned.keys] == [str(k) for k in on_wall_clock.keys]
    assert repr(zoned.results) == repr(on_wall_clock.results)
    assert zoned.names == ("period",)


def test_trend_timezone_takes_pandas_and_lists_with_missing_values() -> None:
    series = pd.Series(pd.to_datetime(["2025-01-12T16:00Z", None]))
    t = trend(series, [5, 3], freq="W", timezone="Asia/Shanghai")
    assert [str(k) for k in t.keys] == ["2025-01-13", "NaT"]
    aware = [dt.datetime(2025, 1, 12, 16, tzinfo=dt.UTC), None]
    assert str(trend(aware, [5, 3], freq="W", timezone=SH).keys) == str(t.keys)


@pytest.mark.parametrize(
    ("timestamps", "error"),
    [
        ([dt.datetime(2025, 1, 1)], CsMetricsError),  # naive
        (["2025-01-01"], InputTypeError),
        ([dt.datetime(2025, 1, 1, tzinfo=dt.UTC)], CsMetricsError),  # with a bad zone below
    ],
)
def test_trend_timezone_errors(timestamps: list[object], error: type) -> None:
    zone = "No/Such_Zone" if timestamps[0] == dt.datetime(2025, 1, 1, tzinfo=dt.UTC) else "UTC"
    with pytest.raises(error):
        trend(timestamps, [5], timezone=zone)


def test_cleaning_report_frame_keeps_the_callers_index_labels() -> None:
    data = pd.DataFrame({"id": ["a", "a", "b"], "csat": [5, 5, 9]}, index=["x", "y", "z"])
    report = clean(data, key="id", scores={"csat": (1, 5)})
    frame = report.to_frame()
    assert list(frame.index) == ["y", "z"]
    assert frame["position"].tolist() == [1, 2]
    assert frame["reasons"].tolist() == ["duplicate", "off_scale_score"]
    assert clean({"id": ["a"]}, key="id").to_frame().empty
