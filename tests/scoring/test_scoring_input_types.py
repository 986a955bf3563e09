"""One path through different input types: the same scores give the same answer.

Scores are read once (Python objects item by item, numeric arrays
vectorized), counted once, and every statistic comes from the counts. Each
property runs the same values as a list, a tuple, a numpy array and a pandas
Series and compares the ``repr`` of the results (bit for bit, NaN and
``-0.0`` included), or the exception type and message, and the warnings with
the file and line they point at.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._scoring import scores as _scores
from csmetrics._scoring.distributions import normal_ppf, t_ppf
from csmetrics._scoring.intervals import nps_interval, nps_moments, wald_interval, wilson_interval
from csmetrics.exceptions import InputTypeError, InvalidScoreError
from csmetrics.scoring import CsatCounts, NpsCounts, compare, csat, group_by, needs_follow_up, nps

Outcome = tuple[str, list[tuple[str, str, str, int]]]

_ODD_VALUES = [4.0, 5.0, -0.0, 0.5, 10.0, math.inf, -math.inf, 10**30]
values = st.one_of(
    st.integers(-2, 12),
    st.none(),
    st.just(math.nan),
    st.floats(-2.0, 12.0),
    st.sampled_from(_ODD_VALUES),
    st.sampled_from([np.int64(3), np.float64(9.0), np.float64(math.nan)]),
)
score_lists = st.lists(values, max_size=40)
valid_nps = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=300)
valid_csat = st.lists(st.one_of(st.integers(1, 5), st.none()), max_size=300)
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99])


def _outcome(func: Callable[[], object]) -> Outcome:
    """``repr`` of the result (or the error) and the warnings raised on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            text = repr(func())
        except (ValueError, TypeError, ArithmeticError) as exc:
            text = f"{type(exc).__name__}: {exc}"
    return text, [(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught]


def _with_nan(items: list[Any]) -> list[Any]:
    return [math.nan if v is None else v for v in items]


def input_types(items: list[Any]) -> list[Any]:
    """The same scores as a list, a tuple, a numpy array and a pandas Series."""
    return [items, tuple(items), np.array(_with_nan(items)), pd.Series(_with_nan(items))]


def _same_everywhere(func: Callable[[Any], object], inputs: list[Any]) -> Outcome:
    runs = [_outcome(partial(func, x)) for x in inputs]
    for kind, run in zip(inputs, runs, strict=True):
        assert run == runs[0], type(kind).__name__
    return runs[0]


@given(score_lists, st.integers(2, 10), confidences)
def test_csat_is_the_same_for_every_input_type(items: list[Any], scale: int, level: float) -> None:
    _same_everywhere(
        lambda x: csat(x, scale=scale, satisfied_at=2, confidence=level), input_types(items)
    )


@given(score_lists, st.sampled_from(["adjusted-wald", "wald"]), confidences)
def test_nps_is_the_same_for_every_input_type(items: list[Any], method: str, level: float) -> None:
    _same_everywhere(
        lambda x: nps(x, method=method, confidence=level),  # type: ignore[arg-type]
        input_types(items),
    )


@given(score_lists, score_lists, st.sampled_from(["nps", "csat_share", "csat_mean"]))
def test_compare_is_the_same_for_every_input_type(
    before: list[Any], after: list[Any], metric: str
) -> None:
    pairs = list(zip(input_types(before), input_types(after), strict=True))
    _same_everywhere(lambda p: compare(*p, metric=metric, scale=10), pairs)  # type: ignore[arg-type]


@given(valid_csat)
def test_needs_follow_up_and_group_by_read_every_input_type_alike(items: list[int | None]) -> None:
    keys = [i % 3 for i in range(len(items))]
    follow = _same_everywhere(lambda x: needs_follow_up(x).tolist(), input_types(items))
    assert follow[0] == repr([s is not None and s <= 3 for s in items])
    _same_everywhere(lambda x: group_by(keys, x).results, input_types(items))


@given(
    st.lists(st.tuples(st.one_of(st.integers(0, 10), st.none()), st.floats(0.0, 10.0)), max_size=30)
)
def test_weighted_results_are_the_same_for_every_input_type(
    pairs: list[tuple[int | None, float]],
) -> None:
    items, weights = [s for s, _ in pairs], [w for _, w in pairs]
    _same_everywhere(lambda x: nps(x, weights=weights), input_types(items))
    _same_everywhere(lambda x: csat(x, scale=10, weights=np.array(weights)), input_types(items))


dtypes = st.sampled_from([np.int8, np.int16, np.int64, np.uint8, np.float16, np.float32])


@given(st.lists(st.integers(0, 10), max_size=40), dtypes, st.booleans())
def test_arrays_of_every_dtype_count_like_the_list(
    items: list[int], dtype: type[np.generic], with_gap: bool
) -> None:
    gap = [None] if with_gap and np.dtype(dtype).kind == "f" else []
    answers = np.array(_with_nan([*items, *gap])).astype(dtype)
    assert _outcome(partial(nps, answers)) == _outcome(partial(nps, [*items, *gap]))
    ones_up = np.array(_with_nan([*(s + 1 for s in items), *gap])).astype(dtype)
    as_list = [*(s + 1 for s in items), *gap]
    assert _outcome(partial(csat, ones_up, scale=11)) == _outcome(partial(csat, as_list, scale=11))


@given(st.lists(st.integers(1, 5), max_size=40))
def test_nullable_pandas_integers_count_like_the_list(items: list[int]) -> None:
    with_gaps: list[int | None] = [None if i % 4 == 0 else s for i, s in enumerate(items)]
    nullable = pd.Series(with_gaps, dtype="Int64")
    assert _outcome(partial(csat, nullable)) == _outcome(partial(csat, with_gaps))


@given(valid_nps, st.randoms(use_true_random=False), confidences)
def test_results_are_order_invariant(items: list[int | None], rnd: Any, level: float) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    for mixed in (shuffled, np.array(_with_nan(shuffled))):
        assert _outcome(partial(nps, mixed, confidence=level)) == _outcome(
            partial(nps, items, confidence=level)
        )
    up, mixed_up = ([None if s is None else s + 1 for s in x] for x in (items, shuffled))
    assert _outcome(partial(csat, mixed_up, scale=11)) == _outcome(partial(csat, up, scale=11))


@pytest.mark.parametrize("size", [1, 20, _scores.COMPARE_MIN - 1, _scores.COMPARE_MIN, 20_000])
@pytest.mark.parametrize("kind", ["csat", "nps"])
def test_every_counting_strategy_gives_the_same_counts(size: int, kind: str) -> None:
    # short int8 arrays are counted with one bincount, long ones by comparison in place
    rng = np.random.default_rng(size)
    low, high = (1, 5) if kind == "csat" else (0, 10)
    ints = rng.integers(low, high + 1, size=size)
    with_gaps = [None if rng.random() < 0.1 else int(x) for x in ints]
    func = csat if kind == "csat" else nps
    whole = [ints.tolist(), ints, ints.astype(np.int8), pd.Series(ints)]
    gappy = [with_gaps, tuple(with_gaps), np.array(_with_nan(with_gaps)), pd.Series(with_gaps)]
    full, gaps = _same_everywhere(func, whole), _same_everywhere(func, gappy)
    counts = np.bincount(ints - low, minlength=high - low + 1).tolist()
    assert f"counts={tuple(counts)!r}" in full[0]
    assert f"missing={with_gaps.count(None)}" in gaps[0]


@pytest.mark.parametrize(
    ("scores", "error", "match"),
    [
        ([5, 4, 6], InvalidScoreError, r"expected integers 1\.\.5, got int 6 at position 2"),
        ([5, None, 6], InvalidScoreError, r"got float 6\.0 at position 2"),  # a float array
        ([5, None, 4.5], InvalidScoreError, r"got float 4\.5 at position 2"),
        ([5, math.inf], InvalidScoreError, r"got float inf at position 1"),
        ([0, 3], InvalidScoreError, r"got int 0 at position 0"),
        ([np.int64(7), 3], InvalidScoreError, r"got int 7 at position 0"),
        ([Fraction(9, 2)], InvalidScoreError, r"got float 4\.5 at position 0"),
        ([3, 10**400], InvalidScoreError, r"huge number at position 1"),
        ([Fraction(10**400, 3)], InvalidScoreError, r"huge number at position 0"),
        ([True, 3], InputTypeError, r"expected numbers or None, got bool True at position 0"),
        ([1, True], InputTypeError, r"got bool True at position 1"),  # True == 1, yet not a score
        ([1.0, True], InputTypeError, r"got bool True at position 1"),
        ([3, "5"], InputTypeError, r"got str of 1 character at position 1"),
        ([3, Decimal(4)], InputTypeError, r"got Decimal at position 1"),
        ([[1, 2], [3, 4]], InputTypeError, r"got list of 2 items at position 0"),
    ],
)
def test_errors_name_the_first_position(
    scores: list[Any], error: type[Exception], match: str
) -> None:
    objects = np.empty(len(scores), dtype=object)  # an object array holds the items as they are
    for i, item in enumerate(scores):
        objects[i] = item
    for kind in (scores, tuple(scores), objects, pd.Series(objects)):
        with pytest.raises(error, match=match):
            csat(kind)


@pytest.mark.parametrize(
    ("scores", "counts", "missing"),
    [
        ([], (0,) * 11, 0),
        ([None, math.nan], (0,) * 11, 2),
        ([10, 10.0, -0.0, None], (1,) + (0,) * 9 + (2,), 1),
        ((7, 8, 9), (0,) * 7 + (1, 1, 1, 0), 0),
        ([np.int64(3), np.float64(3.0), Fraction(6, 2), pd.NA], (0, 0, 0, 3) + (0,) * 7, 1),
    ],
)
def test_list_counts(scores: list[Any], counts: tuple[int, ...], missing: int) -> None:
    got = NpsCounts.from_scores(scores)
    assert (got.counts, got.missing, got.n) == (counts, missing, sum(counts))
    assert all(type(c) is int for c in got.counts)


def test_a_masked_array_counts_its_masked_values_as_missing() -> None:
    masked = np.ma.masked_array([5, 1, 4], mask=[False, True, False])
    assert _outcome(partial(csat, masked)) == _outcome(partial(csat, [5, None, 4]))


@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=12), confidences)
def test_integer_counts_match_float_counts(counts: list[int], level: float) -> None:
    n = sum(counts)
    exact = CsatCounts(tuple(counts), n, float(n), 0, len(counts), 1)
    floats = CsatCounts(tuple(float(c) for c in counts), n, float(n), 0, len(counts), 1)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        a, b = exact.result(confidence=level), floats.result(confidence=level)
    assert repr((a.mean, a.satisfied_share, a.ci, a.mean_ci, a.mean_se, a.std)) == repr(
        (b.mean, b.satisfied_share, b.ci, b.mean_ci, b.mean_se, b.std)
    )


# --- the interval formulas: written once, on Python scalars and on numpy arrays -----------

shares = st.floats(0.0, 1.0)
sizes = st.floats(0.5, 1e7)


def _one(x: float) -> np.ndarray:
    return np.array([x])


@given(shares, sizes, st.floats(0.1, 4.0))
def test_scalar_share_intervals_equal_the_vectorized_ones(share: float, n: float, z: float) -> None:
    for interval in (wilson_interval, wald_interval):
        scalar = interval(share, n, z)
        array = interval(_one(share), _one(n), z)
        assert repr(scalar) == repr(tuple(float(x[0]) for x in array))
        assert all(type(x) is float for x in scalar)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.booleans())
def test_scalar_nps_intervals_equal_the_vectorized_ones(
    pro: int, det: int, passives: int, adjusted: bool
) -> None:
    n = float(pro + det + passives)
    z = 1.959963984540054
    with np.errstate(all="ignore"):  # n == 0: 0/0 in the array version too
        array_moments = nps_moments(_one(pro), _one(det), _one(n), adjusted=adjusted)
        array_ci = nps_interval(_one(pro), _one(det), _one(n), z, adjusted=adjusted)
    scalar_moments = nps_moments(float(pro), float(det), n, adjusted=adjusted)
    scalar_ci = nps_interval(float(pro), float(det), n, z, adjusted=adjusted)
    assert repr(scalar_moments) == repr(tuple(float(x[0]) for x in array_moments))
    assert repr(scalar_ci) == repr(tuple(float(x[0]) for x in array_ci))


def test_scalar_intervals_over_no_data_are_nan() -> None:
    assert all(math.isnan(x) for x in wilson_interval(0.5, 0.0, 1.96))
    assert all(math.isnan(x) for x in wald_interval(0.5, 0.0, 1.96))
    assert all(math.isnan(x) for x in nps_interval(0.0, 0.0, 0.0, 1.96, adjusted=False))


@given(st.floats(1e-6, 1 - 1e-6), st.floats(0.2, 1e4))
def test_cached_quantiles_equal_fresh_ones(p: float, df: float) -> None:
    assert t_ppf(p, df) == t_ppf.__wrapped__(p, df)
    assert normal_ppf(p) == normal_ppf.__wrapped__(p)
    whole = float(round(df))
    if whole >= 1:  # an int and a float df are cached apart (typed) and agree
        assert t_ppf(p, int(whole)) == t_ppf(p, whole) == t_ppf.__wrapped__(p, whole)
