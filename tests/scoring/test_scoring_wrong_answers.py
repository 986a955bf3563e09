"""Inputs that used to give a plausible but wrong number now raise, or count as they should.

Each table names the class of the bug: a missing target taken as "every
duration late", a misspelled metric or column read as "every row missing",
a numpy mask ignored, booleans counted as scores, a length-1 column
broadcast, a negative or zero size accepted, a value echoed in a message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import warnings
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._scoring import durations as durations_mod
from csmetrics._scoring import grouping as grouping_mod
from csmetrics._scoring import pareto as pareto_mod
from csmetrics._scoring import scores as scores_mod
from csmetrics._scoring import times as times_mod
from csmetrics.cleaning import clean
from csmetrics.exceptions import (
    CsMetricsError,
    InputTypeError,
    InvalidInputError,
    UndefinedMetricWarning,
)
from csmetrics.scoring import (
    CsatCounts,
    NpsCounts,
    RateCounts,
    compare,
    csat,
    group_by,
    needs_follow_up,
    nps,
    on_time_rate,
    pareto,
    quality_score,
    slow_categories,
    time_stats,
    top_shares,
    trend,
    within_target_rate,
)

from ..strategies import cjk_names, phone_numbers

UTC = dt.UTC
T0 = dt.datetime(2025, 3, 3, 9, tzinfo=UTC)


def _quiet(call: Callable[[], Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return call()


# --- an error where an answer used to be made up ---------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: within_target_rate([1, 2], None), InvalidInputError, "target: expected a"),
        (lambda: within_target_rate([1, 2], math.nan), InvalidInputError, "target"),
        (lambda: within_target_rate([1, 2], -5), InvalidInputError, ">= 0"),
        (lambda: within_target_rate([1, 2], [30]), InputTypeError, "target: expected one duration"),
        (lambda: within_target_rate([1, 2], "30"), InputTypeError, "target"),
        (lambda: within_target_rate([1, -2], 30), InvalidInputError, "durations >= 0"),
        (lambda: slow_categories(["a"], [50], bound=None), InvalidInputError, "bound"),
        (lambda: slow_categories(["a"], [50], bound=-1), InvalidInputError, "bound"),
        (lambda: time_stats([5, -1]), InvalidInputError, "at position 1"),
    ],
)  # fmt: skip
def test_a_missing_or_negative_target_raises(
    call: Callable[[], Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        call()


def test_a_zero_target_is_a_target() -> None:
    assert within_target_rate([0, 1], 0).value == 0.5
    assert slow_categories(["a", "b"], [0, 1], bound=0) == (("b", 1.0),)


class _Sla:
    """A TicketSla-like result with a first-response status."""

    def __init__(self, *, breached: bool) -> None:
        self.first_response = SimpleNamespace(breached=breached, stopped_at=T0)
        self.resolution = None


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: on_time_rate([_Sla(breached=False)], metric="frist_response"), InvalidInputError,
         "metric: expected one of"),
        (lambda: on_time_rate([_Sla(breached=False)], metric="First_Response"), InvalidInputError,
         "metric"),
        (lambda: on_time_rate([object()]), InputTypeError, "'first_response' attribute"),
        (lambda: on_time_rate([5]), InputTypeError, "position 0"),
        (lambda: on_time_rate([SimpleNamespace(first_response=SimpleNamespace())]), InputTypeError,
         "boolean 'breached'"),
        (lambda: quality_score({"csat": 4.0}, weights={"csat": 1}, targets={"cast": 4.2}),
         InvalidInputError, "misspelled"),
        (lambda: clean([{"csat": 5}, {"csat": 7}], scores={"cast": (1, 5)}), InvalidInputError,
         "no record has a field 'cast'"),
        (lambda: clean([{"id": 1}, {"id": 1}], key="ID"), InvalidInputError, "'ID'"),
        (lambda: clean([{"t": 1}], positive=["time"]), InvalidInputError, "'time'"),
        (lambda: clean({"csat": [5, 7]}, scores={"cast": (1, 5)}), InvalidInputError,
         "expected a column 'cast'"),
    ],
)  # fmt: skip
def test_a_misspelled_name_raises_instead_of_counting_every_row_missing(
    call: Callable[[], Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        call()


def test_sla_items_without_a_target_are_still_missing() -> None:
    r = _quiet(lambda: on_time_rate([_Sla(breached=True)], metric="resolution"))
    assert (r.n, r.missing) == (0, 1)  # the attribute is there, with no target: missing
    r = on_time_rate([_Sla(breached=False), _Sla(breached=True), None, True])  # True: late
    assert (r.successes, r.n, r.missing) == (1, 3, 1)


def test_a_known_target_of_an_indicator_not_given_is_still_ignored() -> None:
    q = quality_score({"csat": 4.5}, weights={"csat": 1}, targets={"csat": 4.2, "on_time": 0.95})
    assert q.flags == ()


# --- masked arrays: a masked entry is missing, everywhere ------------------------------------


def _m(data: list[Any], mask: list[bool]) -> np.ma.MaskedArray:
    return np.ma.masked_array(data, mask=mask)


MASK = [False, True, False, True, False]
CSAT = [5, 1, 4, 1, 3]
CSAT_NONE = [5, None, 4, None, 3]
NPS = [10, 0, 9, 0, 3]
NPS_NONE = [10, None, 9, None, 3]
FLAGS = [True, False, True, False, False]
FLAGS_NONE = [True, None, True, None, False]
MINUTES = [10.0, 1e6, 20.0, 1e6, 30.0]
MINUTES_NONE = [10.0, None, 20.0, None, 30.0]
KEYS = ["a", "b", "a", "b", "c"]
KEYS_NONE = ["a", None, "a", None, "c"]
DAYS = np.array(["2025-01-01", "2025-02-01", "2025-01-02", "2025-03-01", "2025-02-02"], "M8[us]")


@pytest.mark.parametrize(
    ("name", "masked", "expected"),
    [
        ("csat", lambda: csat(_m(CSAT, MASK)), lambda: csat(CSAT_NONE)),
        ("csat float", lambda: csat(_m([float(s) for s in CSAT], MASK)), lambda: csat(CSAT_NONE)),
        ("nps", lambda: nps(_m(NPS, MASK)), lambda: nps(NPS_NONE)),
        ("CsatCounts", lambda: CsatCounts.from_scores(_m(CSAT, MASK)),
         lambda: CsatCounts.from_scores(CSAT_NONE)),
        ("NpsCounts", lambda: NpsCounts.from_scores(_m(NPS, MASK)),
         lambda: NpsCounts.from_scores(NPS_NONE)),
        ("weighted csat", lambda: csat(_m(CSAT, MASK), weights=[1.0] * 5),
         lambda: csat(CSAT_NONE, weights=[1.0] * 5)),
        ("needs_follow_up", lambda: needs_follow_up(_m(CSAT, MASK)).tolist(),
         lambda: needs_follow_up(CSAT_NONE).tolist()),
        ("RateCounts", lambda: RateCounts.from_flags(_m(FLAGS, MASK)),
         lambda: RateCounts.from_flags(FLAGS_NONE)),
        ("compare", lambda: compare(_m(NPS, MASK), NPS), lambda: compare(NPS_NONE, NPS)),
        ("compare rate", lambda: compare(_m(FLAGS, MASK), FLAGS, metric="rate"),
         lambda: compare(FLAGS_NONE, FLAGS, metric="rate")),
        ("group_by scores", lambda: group_by(KEYS, _m(CSAT, MASK)),
         lambda: group_by(KEYS, CSAT_NONE)),
        ("group_by keys", lambda: group_by(_m(KEYS, MASK), CSAT),
         lambda: group_by(KEYS_NONE, CSAT)),
        ("group_by int keys", lambda: group_by(_m([1, 2, 1, 2, 3], MASK), CSAT),
         lambda: group_by([1, None, 1, None, 3], CSAT)),
        ("trend scores", lambda: trend(DAYS, _m(CSAT, MASK)), lambda: trend(DAYS, CSAT_NONE)),
        ("time_stats", lambda: time_stats(_m(MINUTES, MASK)), lambda: time_stats(MINUTES_NONE)),
        ("time_stats timedelta64", lambda: time_stats(_m(MINUTES, MASK).astype("m8[m]")),
         lambda: time_stats(MINUTES_NONE)),
        ("within_target_rate", lambda: within_target_rate(_m(MINUTES, MASK), 25),
         lambda: within_target_rate(MINUTES_NONE, 25)),
        ("slow_categories durations", lambda: slow_categories(KEYS, _m(MINUTES, MASK), bound=1),
         lambda: slow_categories(KEYS, MINUTES_NONE, bound=1)),
        ("slow_categories labels", lambda: slow_categories(_m(KEYS, MASK), MINUTES, bound=1),
         lambda: slow_categories(KEYS_NONE, MINUTES, bound=1)),
        ("pareto", lambda: pareto(_m(KEYS, MASK)), lambda: pareto(KEYS_NONE)),
        ("top_shares", lambda: top_shares(_m(KEYS, MASK)), lambda: top_shares(KEYS_NONE)),
        ("on_time_rate", lambda: on_time_rate(_m(FLAGS, MASK)), lambda: on_time_rate(FLAGS_NONE)),
        ("clean", lambda: clean({"csat": _m([5, 9, 4, 9, 3], MASK)}, scores={"csat": (1, 5)}),
         lambda: clean({"csat": CSAT_NONE}, scores={"csat": (1, 5)})),
    ],
)  # fmt: skip
def test_masked_values_count_as_missing(
    name: str, masked: Callable[[], Any], expected: Callable[[], Any]
) -> None:
    assert repr(_quiet(masked)) == repr(_quiet(expected)), name


def test_masked_timestamps_form_the_missing_period() -> None:
    t = trend(_m(list(DAYS), MASK), CSAT)
    assert [r.n for r in t.results] == [2, 1, 2]  # January, February, and NaT: the masked rows
    assert np.isnat(t.keys[-1])  # type: ignore[arg-type]


def test_a_masked_weight_is_refused_like_a_missing_one() -> None:
    with pytest.raises(InvalidInputError, match="weights"):
        csat(CSAT, weights=_m([1.0] * 5, MASK))


@given(
    st.lists(st.tuples(st.integers(1, 5), st.booleans()), max_size=30),
    st.sampled_from(["int64", "float64", "int8"]),
)
def test_any_mask_is_the_same_as_none(rows: list[tuple[int, bool]], dtype: str) -> None:
    scores = np.ma.masked_array([s for s, _ in rows], mask=[m for _, m in rows], dtype=dtype)
    listed = [None if m else s for s, m in rows]
    for func in (csat, nps):
        assert repr(_quiet(lambda f=func: f(scores))) == repr(_quiet(lambda f=func: f(listed)))
    keys = ["k" if i % 3 else "j" for i in range(len(rows))]
    grouped = _quiet(lambda: group_by(keys, scores))
    assert repr(grouped) == repr(_quiet(lambda: group_by(keys, listed)))


# --- booleans are never scores --------------------------------------------------------------

BOOLEANS = {
    "pandas boolean": lambda: pd.Series([True, True, False], dtype="boolean"),
    "pandas boolean with NA": lambda: pd.Series([True, None, False], dtype="boolean"),
    "pandas bool": lambda: pd.Series([True, True, False]),
    "numpy bool": lambda: np.array([True, True, False]),
    "list of bool": lambda: [True, True, False],
    "list of numpy bool": lambda: [np.True_, np.True_, np.False_],
    "masked bool": lambda: np.ma.masked_array([True, True, False], mask=[False, True, False]),
    "pandas categorical": lambda: pd.Series([True, False, True], dtype="category"),
}
SCORE_TAKERS = {
    "csat": csat,
    "nps": nps,
    "CsatCounts": CsatCounts.from_scores,
    "NpsCounts": NpsCounts.from_scores,
    "weighted csat": lambda s: csat(s, weights=[1.0, 1.0, 1.0]),
    "needs_follow_up": needs_follow_up,
    "needs_follow_up nps": lambda s: needs_follow_up(s, kind="nps"),
    "compare nps": lambda s: compare(s, [10, 9, 8]),
    "compare csat_share": lambda s: compare([5, 4, 3], s, metric="csat_share"),
    "compare csat_mean": lambda s: compare(s, [5, 4, 3], metric="csat_mean"),
    "group_by csat": lambda s: group_by(["a", "b", "a"], s),
    "group_by nps": lambda s: group_by(["a", "b", "a"], s, metric="nps"),
    "trend": lambda s: trend(DAYS[:3], s),
    "weights": lambda s: csat([5, 4, 3], weights=s),
    "time_stats": time_stats,
    "within_target_rate": lambda s: within_target_rate(s, 1),
    "slow_categories": lambda s: slow_categories(["a", "b", "a"], s),
}


@pytest.mark.parametrize("kind", sorted(BOOLEANS))
@pytest.mark.parametrize("taker", sorted(SCORE_TAKERS))
def test_booleans_are_not_scores(kind: str, taker: str) -> None:
    with pytest.raises(InputTypeError):
        _quiet(lambda: SCORE_TAKERS[taker](BOOLEANS[kind]()))


@pytest.mark.parametrize("kind", sorted(set(BOOLEANS) - {"pandas categorical"}))
def test_booleans_are_flags(kind: str) -> None:
    flags = BOOLEANS[kind]()
    expected = (1, 2) if kind in {"pandas boolean with NA", "masked bool"} else (2, 3)
    r = RateCounts.from_flags(flags).result()
    assert (r.successes, r.n) == expected
    g = _quiet(lambda: group_by(["a", "b", "a"], flags, metric="rate"))
    assert sum(x.n for x in g.results) == expected[1]


# --- lengths must match exactly (no broadcasting of a length-1 column) ------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: csat([5, 4, 3], weights=[2.0]), "expected 3 weights"),
        (lambda: nps([5, 4, 3], weights=np.array([2.0])), "expected 3 weights"),
        (lambda: RateCounts.from_flags([True, False], weights=[1.0]), "expected 2 weights"),
        (lambda: group_by(["a"], [5, 4, 3]), "keys: expected 3"),
        (lambda: group_by(np.array(["a"]), np.array([5, 4, 3])), "keys: expected 3"),
        (lambda: group_by(np.array([1]), [5, 4, 3]), "keys: expected 3"),
        (lambda: group_by(["a", "b", "c"], [5]), "keys: expected 1"),
        (lambda: group_by(["a", "b", "c"], [5, 4, 3], weights=[1.0]), "expected 3 weights"),
        (lambda: group_by(["a"] * 3000, [5] * 2999), "keys: expected 2999"),
        (lambda: trend(DAYS[:1], [5, 4, 3]), "timestamps: expected 3"),
        (lambda: trend([T0], [5, 4, 3], freq="D"), "timestamps: expected 3"),
        (lambda: slow_categories(["a"], [50, 60]), "categories: expected 2"),
        (lambda: slow_categories(["a", "b"], [50]), "categories: expected 1"),
        (lambda: clean({"a": [1, 2, 3], "b": [1]}), "one length"),
        (lambda: clean({"a": [1, 2, 3], "b": [1]}, ordered=[("a", "b")]), "one length"),
    ],
)
def test_lengths_must_match_exactly(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        _quiet(call)


# --- sizes and cutoffs: negative, zero, booleans, floats --------------------------------------


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: top_shares(["a", "b"], n=-1), InvalidInputError),
        (lambda: top_shares(["a", "b"], n=0), InvalidInputError),
        (lambda: top_shares(["a", "b"], n=True), InputTypeError),
        (lambda: top_shares(["a", "b"], n=1.5), InputTypeError),
        (lambda: pareto(["a"]).top(-1), InvalidInputError),
        (lambda: pareto(["a"]).top(0), InvalidInputError),
        (lambda: pareto(["a"], cutoff=0), InvalidInputError),
        (lambda: pareto(["a"], cutoff=-0.5), InvalidInputError),
        (lambda: pareto(["a"], cutoff=math.nan), InvalidInputError),
        (lambda: pareto(["a"], cutoff=math.inf), InvalidInputError),
        (lambda: pareto(["a"], cutoff=True), InvalidInputError),
        (lambda: pareto(["a"], cutoff=10**400), InvalidInputError),
        (lambda: nps([10], method="bootstrap", seed=1, resamples=99), InvalidInputError),
        (lambda: nps([10], method="bootstrap", seed=1, resamples=10**12), InvalidInputError),
        (lambda: nps([10], method="bootstrap", seed=1, resamples=True), InputTypeError),
        (lambda: nps([10], method="bootstrap", seed=-1), InvalidInputError),
        (lambda: nps([10], method="bootstrap", seed=True), InputTypeError),
        (lambda: nps([10], method="bootstrap", seed="1"), InputTypeError),
        (lambda: csat([5], scale=1), InvalidInputError),
        (lambda: csat([5], scale=101), InvalidInputError),
        (lambda: csat([5], scale=True), InputTypeError),
        (lambda: csat([5], scale=5.0), InputTypeError),
        (lambda: csat([5], satisfied_at=0), InvalidInputError),
        (lambda: csat([5], satisfied_at=6), InvalidInputError),
        (lambda: group_by(["a"], [5], scale=0), InvalidInputError),
        (lambda: compare([5], [5], metric="csat_mean", scale=-5), InvalidInputError),
        (lambda: CsatCounts.from_counts((1,)), InvalidInputError),
        (lambda: CsatCounts.from_counts((1, -1, 0, 0, 0)), InvalidInputError),
        (lambda: RateCounts.from_counts(-1, 5), InvalidInputError),
        (lambda: RateCounts.from_counts(1, -5), InvalidInputError),
        (lambda: NpsCounts.from_groups(-1, 0, 0), InvalidInputError),
    ],
)
def test_negative_zero_and_wrongly_typed_sizes_raise(
    call: Callable[[], Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        call()


def test_pareto_cutoff_is_the_decimal_it_prints_as() -> None:
    labels = ["a"] * 8 + ["b"] * 2
    assert pareto(labels, cutoff=0.8).vital_few == ("a",)  # 8/10 reaches 0.8 exactly
    assert pareto(labels, cutoff=0.8000001).vital_few == ("a", "b")
    assert pareto(labels, cutoff=1).vital_few == ("a", "b")


# --- messages describe a value, never echo it -------------------------------------------------


def _secret_calls(secret: str) -> list[Callable[[], Any]]:
    """Calls that must fail, each with ``secret`` somewhere in a wrong argument."""
    return [
        lambda: csat([5, secret]),
        lambda: csat(pd.Series([5, secret])),
        lambda: csat(np.array([secret, 5], dtype=object)),
        lambda: nps([secret]),
        lambda: csat([5], weights=[secret]),
        lambda: needs_follow_up([secret]),
        lambda: needs_follow_up([5], kind=secret),  # type: ignore[arg-type]
        lambda: RateCounts.from_flags([True, secret]),
        lambda: group_by(["a"], [secret]),
        lambda: group_by(["a"], [secret], metric="rate"),
        lambda: group_by(["a"], [5], metric=secret),  # type: ignore[arg-type]
        lambda: group_by([[secret]], [5]),
        lambda: trend([secret], [5]),
        lambda: trend([T0], [5], freq=secret),  # type: ignore[arg-type]
        lambda: compare([secret], [5]),
        lambda: compare([5], [5], metric=secret),  # type: ignore[arg-type]
        lambda: time_stats([secret]),
        lambda: time_stats(secret),
        lambda: time_stats([5], unit=secret),  # type: ignore[arg-type]
        lambda: within_target_rate([5], secret),
        lambda: on_time_rate([secret]),
        lambda: on_time_rate([True], metric=secret),  # type: ignore[arg-type]
        lambda: pareto(secret),
        lambda: pareto([[secret]]),
        lambda: pareto(["a"], cutoff=secret),  # type: ignore[arg-type]
        lambda: top_shares(["a"], n=secret),  # type: ignore[arg-type]
        lambda: quality_score({"csat": secret}, weights={"csat": 1}),
        lambda: quality_score({"csat": 4.0}, weights={"csat": secret}),  # type: ignore[dict-item]
        lambda: quality_score({"csat": 4.0}, weights={"csat": 1}, targets={"csat": secret}),
        lambda: nps([10], method=secret),  # type: ignore[arg-type]
        lambda: nps([10], method="bootstrap", seed=secret),  # type: ignore[arg-type]
        lambda: csat([5], confidence=secret),  # type: ignore[arg-type]
        lambda: csat([5], scale=secret),  # type: ignore[arg-type]
        lambda: clean(secret),
        lambda: clean([secret]),
        lambda: clean([{"a": secret, "b": 1}], ordered=[("a", "b")]),
        lambda: clean([{"a": secret}], positive=["a"]),
        lambda: clean([{"a": 1}], key=[secret]),  # not an identifier: described, not shown
    ]


@given(st.one_of(cjk_names, phone_numbers))
def test_messages_never_echo_a_value(secret: str) -> None:
    for i, call in enumerate(_secret_calls(secret)):
        with pytest.raises(CsMetricsError) as caught:
            _quiet(call)
        message = str(caught.value)
        assert secret not in message, (i, message)
        assert "!r}" not in message, (i, message)
        assert "{value" not in message, (i, message)


def test_clean_details_do_not_echo_values() -> None:
    report = clean([{"csat": "张三 13812345678"}, {"t": -5}], scores={"csat": (1, 5)})
    assert "张三" not in repr(report.removed)
    report = clean([{"a": dt.datetime(2025, 1, 2), "b": dt.datetime(2025, 1, 1)}],
                   ordered=[("a", "b")])  # fmt: skip
    assert report.removed[0].details == ("b is earlier than a",)


# --- short inputs are counted in plain Python, long ones with numpy: the same answers ---------


@contextlib.contextmanager
def _numpy_paths() -> Iterator[None]:
    """Every reader takes its numpy path, whatever the size (threshold 0)."""
    modules = [scores_mod, grouping_mod, pareto_mod, durations_mod, times_mod]
    saved = [m.SMALL_ARRAY for m in modules]
    try:
        for m in modules:
            m.SMALL_ARRAY = -1
        yield
    finally:
        for m, value in zip(modules, saved, strict=True):
            m.SMALL_ARRAY = value


@given(
    st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=40),
    st.sampled_from(["int64", "float64", "int8", "list"]),
)
def test_python_and_numpy_paths_agree(values: list[int | None], kind: str) -> None:
    present = [v for v in values if v is not None]
    data: Any = (
        values
        if kind == "list"
        else np.array(
            [np.nan if v is None else v for v in values] if kind == "float64" else present,
            dtype=kind,
        )
    )
    csat_data: Any = [None if v is None else v // 3 + 1 for v in values]
    keys = [("x", "y", "z")[i % 3] for i in range(len(data))]
    labels = np.array([str(v) for v in present], dtype=str)
    calls: list[Callable[[], Any]] = [
        lambda: nps(data),
        lambda: csat(csat_data),
        lambda: group_by(keys, data, metric="nps"),
        lambda: group_by(np.array([("x", "y")[i % 2] for i in range(len(values))]), csat_data),
        lambda: pareto(labels),
        lambda: time_stats(data),
        lambda: time_stats(np.array(present, dtype="m8[m]")),
    ]
    for call in calls:
        python = repr(_quiet(call))
        with _numpy_paths():
            vectorized = repr(_quiet(call))
        assert python == vectorized


def test_integer_keys_sort_by_value_whatever_the_container() -> None:
    scores = [5, 4, 3, 2]
    as_list = group_by([10, 2, 10, 9], scores)
    as_array = group_by(np.array([10, 2, 10, 9]), scores)
    assert as_list.keys == as_array.keys == (2, 9, 10)  # not "10" < "2" by text
    assert repr(as_list.results) == repr(as_array.results)
