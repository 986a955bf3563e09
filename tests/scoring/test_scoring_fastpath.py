"""The small-input fast paths give exactly what the array paths give.

Short lists are counted in plain Python, scalar intervals skip numpy, integer
counts skip ``np.dot`` and quantiles are cached. Each property runs the same
input through both paths and compares the ``repr`` of the result (bit for
bit, NaN and ``-0.0`` included), or the exception type and message, and the
warnings with the place they point at.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._scoring import scores as _scores
from csmetrics._scoring.counts import CsatCounts, NpsCounts
from csmetrics._scoring.distributions import normal_ppf, t_ppf
from csmetrics._scoring.intervals import nps_interval, nps_moments, wilson_interval
from csmetrics.exceptions import InvalidScoreError
from csmetrics.scoring import compare, csat, nps

Outcome = tuple[str, list[tuple[str, str, str, int]]]

_ODD_VALUES = [4.0, 5.0, -0.0, 0.5, 10.0, math.inf, -math.inf, True, False, 10**30, "5", [4]]
values = st.one_of(
    st.integers(-2, 12),
    st.none(),
    st.just(math.nan),
    st.floats(-2.0, 12.0),
    st.sampled_from(_ODD_VALUES),
    st.sampled_from([np.int64(3), np.float64(9.0), np.float64(math.nan)]),
)
small_lists = st.lists(values, max_size=40)
valid_nps = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=3 * _scores.PLAIN_MAX)
valid_csat = st.lists(st.one_of(st.integers(1, 5), st.none()), max_size=3 * _scores.PLAIN_MAX)
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


def _both_paths(func: Callable[[], object]) -> tuple[Outcome, Outcome]:
    """``func`` as it runs, and again with the plain-Python counting switched off."""
    fast = _outcome(func)
    with mock.patch.object(_scores, "PLAIN_MAX", -1):
        slow = _outcome(func)
    return fast, slow


@given(small_lists, st.integers(2, 10), confidences)
def test_csat_fast_path_matches_array_path(scores: list[Any], scale: int, level: float) -> None:
    fast, slow = _both_paths(lambda: csat(scores, scale=scale, satisfied_at=2, confidence=level))
    assert fast == slow


@given(small_lists, st.sampled_from(["adjusted-wald", "wald"]), confidences)
def test_nps_fast_path_matches_array_path(scores: list[Any], method: str, level: float) -> None:
    fast, slow = _both_paths(lambda: nps(tuple(scores), method=method, confidence=level))  # type: ignore[arg-type]
    assert fast == slow


@given(small_lists, small_lists, st.sampled_from(["nps", "csat_share", "csat_mean"]))
def test_compare_fast_path_matches_array_path(
    before: list[Any], after: list[Any], metric: str
) -> None:
    fast, slow = _both_paths(lambda: compare(before, after, metric=metric, scale=10))  # type: ignore[arg-type]
    assert fast == slow


dtypes = st.sampled_from([np.int8, np.int64, np.uint8, np.float16, np.float32, np.float64])
array_values = st.one_of(
    st.integers(-2, 12).map(float), st.sampled_from([math.nan, math.inf, -0.0, 4.5, 300.0])
)


@given(st.lists(array_values, max_size=40), dtypes, st.sampled_from(["csat", "nps"]))
def test_short_arrays_fast_path_matches_array_path(
    items: list[float], dtype: type[np.generic], metric: str
) -> None:
    with np.errstate(all="ignore"):
        scores = np.array(items).astype(dtype)
    fast, slow = _both_paths(lambda: csat(scores) if metric == "csat" else nps(scores))
    assert fast == slow


def test_masked_arrays_keep_the_array_path() -> None:
    masked = np.ma.masked_array([5, 1, 4], mask=[False, True, False])
    fast, slow = _both_paths(lambda: csat(masked))
    assert fast == slow


@given(valid_nps, confidences)
def test_nps_list_and_array_agree(scores: list[int | None], level: float) -> None:
    as_array = np.array([math.nan if s is None else s for s in scores], dtype=np.float64)
    list_run, array_run = (_outcome(partial(nps, x, confidence=level)) for x in (scores, as_array))
    assert list_run == array_run


@given(valid_csat, confidences)
def test_csat_list_and_array_agree(scores: list[int | None], level: float) -> None:
    inputs: list[Any] = [scores, np.array([math.nan if s is None else s for s in scores])]
    if None not in scores:
        inputs.append(np.array(scores, dtype=np.int8))
    runs = [_outcome(partial(csat, x, confidence=level)) for x in inputs]
    assert all(run == runs[0] for run in runs[1:])
    assert runs[0][0].startswith("CsatResult(mean=")


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


shares = st.floats(0.0, 1.0)
sizes = st.floats(0.5, 1e7)


@given(shares, sizes, st.floats(0.1, 4.0))
def test_scalar_wilson_matches_numpy(share: float, n: float, z: float) -> None:
    plain = wilson_interval(share, n, z)
    array = wilson_interval(np.float64(share), np.float64(n), z)
    assert repr(plain) == repr(tuple(float(x) for x in array))
    assert all(type(x) is float for x in plain)


@given(st.floats(0.0, 1e6), st.floats(0.0, 1e6), st.floats(0.0, 2e6), st.booleans())
def test_scalar_nps_interval_matches_numpy(pro: float, det: float, n: float, adj: bool) -> None:
    z = 1.959963984540054
    for func in (nps_moments, nps_interval):
        args = (z,) if func is nps_interval else ()
        try:
            plain: Any = func(pro, det, n, *args, adjusted=adj)
        except ZeroDivisionError:
            assert n == 0.0
            assert not adj
            continue
        with np.errstate(all="ignore"):
            array = func(np.float64(pro), np.float64(det), np.float64(n), *args, adjusted=adj)
        assert repr(plain) == repr(tuple(float(x) for x in array))


@given(st.floats(1e-6, 1 - 1e-6), st.floats(0.2, 1e4))
def test_cached_quantiles_equal_fresh_ones(p: float, df: float) -> None:
    assert t_ppf(p, df) == t_ppf.__wrapped__(p, df)
    assert t_ppf(p, df) == t_ppf(p, df)
    assert normal_ppf(p) == normal_ppf.__wrapped__(p)


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([5, 4, 6], r"expected integers 1\.\.5, got 6 at position 2"),
        ([5, None, 4.5], r"got 4\.5 at position 2"),
        ([5, math.inf], r"got inf at position 1"),
        ([0, 3], r"got 0 at position 0"),
    ],
)
def test_errors_from_short_lists_name_the_position(scores: list[Any], match: str) -> None:
    with pytest.raises(InvalidScoreError, match=match):
        csat(scores)


@pytest.mark.parametrize(
    ("scores", "counts", "missing"),
    [
        ([], (0,) * 11, 0),
        ([None, math.nan], (0,) * 11, 2),
        ([10, 10.0, -0.0, None], (1,) + (0,) * 9 + (2,), 1),
        ((7, 8, 9), (0,) * 7 + (1, 1, 1, 0), 0),
    ],
)
def test_short_list_counts(scores: list[Any], counts: tuple[int, ...], missing: int) -> None:
    got = NpsCounts.from_scores(scores)
    assert (got.counts, got.missing, got.n) == (counts, missing, sum(counts))
    assert all(type(c) is int for c in got.counts)


@pytest.mark.parametrize("size", [1, 20, _scores.PLAIN_MAX, _scores.PLAIN_MAX + 1, 2_000])
@pytest.mark.parametrize("kind", ["csat", "nps"])
def test_list_and_array_agree_around_the_cut_off(size: int, kind: str) -> None:
    rng = np.random.default_rng(size)
    low, high = (1, 5) if kind == "csat" else (0, 10)
    ints = rng.integers(low, high + 1, size=size)
    with_gaps = [None if rng.random() < 0.1 else int(x) for x in ints]
    func = csat if kind == "csat" else nps
    inputs: list[Any] = [
        ints.tolist(),
        ints,
        ints.astype(np.int8),
        with_gaps,
        tuple(with_gaps),
        np.array([math.nan if x is None else x for x in with_gaps]),
    ]
    runs = [_outcome(partial(func, x)) for x in inputs]
    assert runs[0] == runs[1] == runs[2]
    assert runs[3] == runs[4] == runs[5]
    assert runs[0][0].startswith(("CsatResult(mean=", "NpsResult(score="))
