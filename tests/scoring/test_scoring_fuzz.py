"""Fuzz the public scoring functions with bad input: only our errors, never a crash.

Every argument of every public function gets each value of a table of bad
inputs (None, empty, wrong types, NaN, inf, negative, huge ints, booleans,
masked arrays, nested lists, text, ...). A call either returns or raises a
:class:`~csmetrics.exceptions.CsMetricsError`: never ``ZeroDivisionError``,
``statistics.StatisticsError``, ``IndexError``, ``KeyError``,
``AttributeError``, ``OverflowError`` or a numpy ``RuntimeWarning`` (pytest
turns warnings into errors). A hypothesis test then draws mixed lists of the
same values for the functions that take data.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import csmetrics.scoring as scoring
from csmetrics.cleaning import clean
from csmetrics.exceptions import CsMetricsError, UndefinedMetricWarning
from csmetrics.models import SurveyResponse, Ticket
from csmetrics.quality import IndicatorSpec
from csmetrics.scoring import (
    CsatCounts,
    LabelCounts,
    NpsCounts,
    RateCounts,
    compare,
    complaint_close_rate,
    csat,
    csat_by_dimension,
    first_contact_resolution_rate,
    first_response_times,
    group_by,
    needs_follow_up,
    nps,
    on_time_rate,
    pareto,
    quality_score,
    rate,
    reopen_rate,
    repeat_contact_rate,
    resolution_rate,
    resolution_times,
    slow_categories,
    time_stats,
    top_shares,
    trend,
    within_target_rate,
)

T0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
TICKET = Ticket(id="1", created_at=T0)
SECRET = "张三13812345678"


def _bad_values() -> dict[str, Any]:
    """Fresh bad inputs (some are consumed when iterated)."""
    return {
        "None": None,
        "empty list": [],
        "empty array": np.array([]),
        "int": 5,
        "negative int": -3,
        "zero": 0,
        "bool": True,
        "float nan": math.nan,
        "float inf": math.inf,
        "huge int": 10**400,
        "text": SECRET,
        "bytes": b"\xff\x00",
        "dict": {"a": 1, SECRET: 2},
        "set": {1, 2},
        "object": object(),
        "ellipsis": ...,
        "nan list": [math.nan, math.nan],
        "inf list": [math.inf, -math.inf],
        "negative list": [-1, -5],
        "huge ints": [10**400, 2**63, -(2**64)],
        "int64 extremes": np.array([2**63 - 1, -(2**63)], dtype=np.int64),
        "uint64 top": np.array([2**64 - 1], dtype=np.uint64),
        "huge floats": [1e308, 1e308],
        "denormal": [5e-324],
        "bool list": [True, False],
        "bool array": np.array([True, False]),
        "pandas boolean": pd.Series([True, None], dtype="boolean"),
        "pandas Int64 NA": pd.Series([5, None], dtype="Int64"),
        "pandas text": pd.Series([SECRET, "b"], dtype="string"),
        "masked": np.ma.masked_array([5, 4], mask=[False, True]),
        "fully masked": np.ma.masked_all(3),
        "masked text": np.ma.masked_array(["a", SECRET], mask=[True, False]),
        "nested": [[1, 2], [3]],
        "nested same length": [[5, 4], [3, 2]],
        "2-D array": np.ones((2, 2)),
        "0-D array": np.array(5),
        "text list": ["5", SECRET],
        "object mix": np.array([1, SECRET, None], dtype=object),
        "generator": (x for x in [5, 4]),
        "float16": np.array([1, 2], dtype=np.float16),
        "complex": np.array([1 + 2j]),
        "datetime64": np.array(["2025-01-01"], dtype="M8[D]"),
        "timedelta64 years": np.array([1], dtype="m8[Y]"),
        "timedelta64 NaT": np.array(["NaT"], dtype="m8[s]"),
        "huge timedelta64": np.array([2**62], dtype="m8[D]"),
        "pd.NA list": [pd.NA, None],
        "decimal list": [Decimal("4"), Decimal("NaN")],
        "fraction list": [Fraction(9, 2), Fraction(10**400, 3)],
        "timedelta list": [dt.timedelta.max, dt.timedelta(-1)],
        "naive datetime list": [dt.datetime(2025, 1, 1)],
        "aware datetime": T0,
        "list of dicts": [{"a": 1}, {SECRET: None}],
        "list of None": [None, None],
        "tuple": (5, None),
        "range": range(3),
    }


# (name, call): each call takes one bad value and puts it in one argument.
CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("csat scores", csat),
    ("csat weights", lambda x: csat([5, 4], weights=x)),
    ("csat scale", lambda x: csat([5], scale=x)),
    ("csat satisfied_at", lambda x: csat([5], satisfied_at=x)),
    ("csat confidence", lambda x: csat([5, 4], confidence=x)),
    ("nps scores", nps),
    ("nps weights", lambda x: nps([10, 3], weights=x)),
    ("nps method", lambda x: nps([10], method=x)),
    ("nps seed", lambda x: nps([10, 3], method="bootstrap", seed=x, resamples=100)),
    ("nps resamples", lambda x: nps([10, 3], method="bootstrap", seed=1, resamples=x)),
    ("csat_by_dimension responses", csat_by_dimension),
    ("csat_by_dimension confidence",
     lambda x: csat_by_dimension([SurveyResponse(overall=4)], confidence=x)),
    ("csat_by_dimension satisfied_at",
     lambda x: csat_by_dimension([SurveyResponse(overall=4)], satisfied_at=x)),
    ("needs_follow_up scores", needs_follow_up),
    ("needs_follow_up kind", lambda x: needs_follow_up([5], kind=x)),
    ("CsatCounts.from_scores", CsatCounts.from_scores),
    ("CsatCounts.from_counts", CsatCounts.from_counts),
    ("CsatCounts counts", lambda x: CsatCounts(x, 1, 1.0)),
    ("CsatCounts n", lambda x: CsatCounts((1, 0, 0, 0, 0), x, 1.0)),
    ("CsatCounts sum_sq_weights", lambda x: CsatCounts((1, 0, 0, 0, 0), 1, x)),
    ("CsatCounts.result confidence", lambda x: CsatCounts.from_scores([5]).result(confidence=x)),
    ("NpsCounts.from_scores", NpsCounts.from_scores),
    ("NpsCounts.from_groups", lambda x: NpsCounts.from_groups(x, 1, 1)),
    ("NpsCounts counts", lambda x: NpsCounts(x, 1, 1.0)),
    ("RateCounts.from_flags", RateCounts.from_flags),
    ("RateCounts.from_flags weights", lambda x: RateCounts.from_flags([True, False], weights=x)),
    ("RateCounts.from_counts successes", lambda x: RateCounts.from_counts(x, 5)),
    ("RateCounts.from_counts n", lambda x: RateCounts.from_counts(1, x)),
    ("LabelCounts.from_labels", LabelCounts.from_labels),
    ("LabelCounts.from_mapping", LabelCounts.from_mapping),
    ("LabelCounts.from_mapping count", lambda x: LabelCounts.from_mapping({"a": x})),
    ("LabelCounts.from_mapping missing", lambda x: LabelCounts.from_mapping({}, missing=x)),
    ("rate successes", lambda x: rate(x, 5)),
    ("rate n", lambda x: rate(1, x)),
    ("rate confidence", lambda x: rate(1, 2, confidence=x)),
    ("first_contact_resolution_rate", first_contact_resolution_rate),
    ("first_contact_resolution_rate now",
     lambda x: first_contact_resolution_rate([TICKET], now=x)),
    ("resolution_rate", resolution_rate),
    ("reopen_rate", reopen_rate),
    ("repeat_contact_rate", repeat_contact_rate),
    ("complaint_close_rate", complaint_close_rate),
    ("on_time_rate items", on_time_rate),
    ("on_time_rate metric", lambda x: on_time_rate([False], metric=x)),
    ("within_target_rate durations", lambda x: within_target_rate(x, 30)),
    ("within_target_rate target", lambda x: within_target_rate([10, 40], x)),
    ("within_target_rate unit", lambda x: within_target_rate([10], 30, unit=x)),
    ("time_stats durations", time_stats),
    ("time_stats unit", lambda x: time_stats([10], unit=x)),
    ("sketch_time_stats durations", scoring.sketch_time_stats),
    ("sketch_time_stats unit", lambda x: scoring.sketch_time_stats([10], unit=x)),
    ("sketch_time_stats quantiles", lambda x: scoring.sketch_time_stats([10], quantiles=x)),
    ("sketch_time_stats accuracy", lambda x: scoring.sketch_time_stats([10], relative_accuracy=x)),
    ("QuantileSketch.quantile q", lambda x: scoring.QuantileSketch.from_durations([1]).quantile(x)),
    ("first_response_times", first_response_times),
    ("resolution_times", resolution_times),
    ("slow_categories categories", lambda x: slow_categories(x, [50, 60])),
    ("slow_categories durations", lambda x: slow_categories(["a", "b"], x)),
    ("slow_categories bound", lambda x: slow_categories(["a"], [50], bound=x)),
    ("quality_score indicators", lambda x: quality_score(x, weights={"csat": 1})),
    ("quality_score value", lambda x: quality_score({"csat": x}, weights={"csat": 1})),
    ("quality_score weights", lambda x: quality_score({"csat": 4.0}, weights=x)),
    ("quality_score weight", lambda x: quality_score({"csat": 4.0}, weights={"csat": x})),
    ("quality_score targets",
     lambda x: quality_score({"csat": 4.0}, weights={"csat": 1}, targets=x)),
    ("quality_score target",
     lambda x: quality_score({"csat": 4.0}, weights={"csat": 1}, targets={"csat": x})),
    ("quality_score specs", lambda x: quality_score({"csat": 4.0}, weights={"csat": 1}, specs=x)),
    ("quality_score spec",
     lambda x: quality_score({"ces": 4.0}, weights={"ces": 1}, specs={"ces": x})),
    ("quality_score strict", lambda x: quality_score({"csat": 4.0}, weights={"csat": 1}, strict=x)),
    ("quality_score time target",
     lambda x: quality_score({"first_response_minutes": 20}, weights={"first_response_minutes": 1},
                             targets={"first_response_minutes": x})),
    ("IndicatorSpec low", lambda x: IndicatorSpec(x, 1)),
    ("IndicatorSpec kind", lambda x: IndicatorSpec(kind=x)),
    ("IndicatorSpec higher_is_better", lambda x: IndicatorSpec(higher_is_better=x)),
    ("pareto labels", pareto),
    ("pareto cutoff", lambda x: pareto(["a", "b"], cutoff=x)),
    ("ParetoResult.top", lambda x: pareto(["a", "b"]).top(x)),
    ("top_shares labels", top_shares),
    ("top_shares n", lambda x: top_shares(["a", "b"], n=x)),
    ("compare before", lambda x: compare(x, [10, 3])),
    ("compare after", lambda x: compare([10, 3], x)),
    ("compare csat_mean", lambda x: compare(x, [5, 4], metric="csat_mean")),
    ("compare csat_share", lambda x: compare([5, 4], x, metric="csat_share")),
    ("compare rate", lambda x: compare(x, [True, False], metric="rate")),
    ("compare metric", lambda x: compare([10], [10], metric=x)),
    ("compare confidence", lambda x: compare([10], [10], confidence=x)),
    ("compare scale", lambda x: compare([5], [5], metric="csat_mean", scale=x)),
    ("group_by keys", lambda x: group_by(x, [5, 4])),
    ("group_by scores", lambda x: group_by(["a", "b"], x)),
    ("group_by nps scores", lambda x: group_by(["a", "b"], x, metric="nps")),
    ("group_by rate flags", lambda x: group_by(["a", "b"], x, metric="rate")),
    ("group_by metric", lambda x: group_by(["a"], [5], metric=x)),
    ("group_by weights", lambda x: group_by(["a", "b"], [5, 4], weights=x)),
    ("group_by scale", lambda x: group_by(["a"], [5], scale=x)),
    ("group_by confidence", lambda x: group_by(["a"], [5], confidence=x)),
    ("trend timestamps", lambda x: trend(x, [5, 4])),
    ("trend scores", lambda x: trend([T0, T0], x)),
    ("trend freq", lambda x: trend([T0], [5], freq=x)),
    ("clean data", clean),
    ("clean column", lambda x: clean({"a": x})),
    ("clean score", lambda x: clean([{"a": x}], scores={"a": (1, 5)})),
    ("clean duration", lambda x: clean([{"a": x}], positive=["a"])),
    ("clean ordered values", lambda x: clean([{"a": x, "b": 1}], ordered=[("a", "b")])),
    ("clean key", lambda x: clean([{"a": 1}], key=x)),
    ("clean scores", lambda x: clean([{"a": 1}], scores=x)),
    ("clean positive", lambda x: clean([{"a": 1}], positive=x)),
    ("clean ordered", lambda x: clean([{"a": 1, "b": 2}], ordered=x)),
]  # fmt: skip

# Not in the table: ``counts + other`` follows Python's operator protocol (NotImplemented,
# then TypeError) so that other types may handle the sum.


def _outcome(call: Callable[[Any], Any], value: Any) -> str | None:
    """``None`` when the call returned or raised our error; else what went wrong."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            call(value)
    except CsMetricsError as exc:
        if SECRET in str(exc) or "张三" in str(exc):
            return f"echoed a value: {exc}"
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_bad_inputs_raise_only_our_errors(name: str, call: Callable[[Any], Any]) -> None:
    failures = {
        label: problem
        for label, value in _bad_values().items()
        if (problem := _outcome(call, value)) is not None
    }
    assert not failures, f"{name}: {failures}"


def test_the_table_covers_every_public_scoring_function() -> None:
    assert len(DATA_CALLS) == len(DATA_NAMES)
    called = " ".join(name for name, _ in CALLS)
    functions = [n for n in scoring.__all__ if callable(getattr(scoring, n)) and n[0].islower()]
    missing = [n for n in functions if n not in called]
    assert not missing


nasty_items = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=3),
    st.just(pd.NA),
    st.just(np.ma.masked),
    st.just(np.nan),
    st.just(np.int64(3)),
    st.just(np.float32(2.5)),
    st.just(np.True_),
    st.just(dt.timedelta(minutes=5)),
    st.just(dt.timedelta.max),
    st.just(Fraction(9, 2)),
    st.lists(st.integers(0, 5), max_size=2),
)
containers = st.sampled_from(["list", "tuple", "object array", "masked", "series"])


def _wrap(items: list[Any], kind: str) -> Any:
    if kind == "tuple":
        return tuple(items)
    objects = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        objects[i] = item
    if kind == "object array":
        return objects
    if kind == "masked":
        return np.ma.masked_array(objects, mask=[i % 2 == 1 for i in range(len(items))])
    if kind == "series":
        return pd.Series(objects, dtype=object)
    return items


DATA_NAMES = {
    "csat scores", "csat weights", "nps scores", "nps weights", "needs_follow_up scores",
    "CsatCounts.from_scores", "NpsCounts.from_scores", "RateCounts.from_flags",
    "RateCounts.from_flags weights", "LabelCounts.from_labels", "on_time_rate items",
    "within_target_rate durations", "time_stats durations", "sketch_time_stats durations",
    "slow_categories categories",
    "slow_categories durations", "pareto labels", "top_shares labels", "compare before",
    "compare csat_mean", "compare csat_share", "compare rate", "group_by keys", "group_by scores",
    "group_by nps scores", "group_by rate flags", "group_by weights", "trend timestamps",
    "trend scores", "clean column", "clean score", "clean duration", "clean ordered values",
    "first_response_times", "csat_by_dimension responses",
}  # fmt: skip
DATA_CALLS = [(name, call) for name, call in CALLS if name in DATA_NAMES]


@given(st.lists(nasty_items, max_size=8), containers)
def test_fuzzed_data_raises_only_our_errors(items: list[Any], kind: str) -> None:
    for name, call in DATA_CALLS:
        problem = _outcome(call, _wrap(items, kind))
        assert problem is None, (name, problem)
