"""CSAT, NPS and their mergeable counts: known values, inputs, errors, properties."""

from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import csmetrics.scoring as scoring
from csmetrics.exceptions import (
    CsMetricsError,
    InputTypeError,
    InvalidInputError,
    InvalidScoreError,
    UndefinedMetricWarning,
)
from csmetrics.models import SurveyResponse
from csmetrics.scoring import (
    CsatCounts,
    NpsCounts,
    RateCounts,
    csat,
    csat_by_dimension,
    needs_follow_up,
    nps,
)

Z95 = 1.959963984540054

csat_scores = st.lists(st.one_of(st.integers(1, 5), st.none()), max_size=60)
nps_scores = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=60)


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# --- CSAT known values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "mean", "share", "counts"),
    [
        ([5, 4, 4, 3], (5 + 4 + 4 + 3) / 4, 3 / 4, (0, 0, 1, 2, 1)),
        ([1, 2, 3, 4, 5], 3.0, 2 / 5, (1, 1, 1, 1, 1)),
        ([5, 5, 5], 5.0, 1.0, (0, 0, 0, 0, 3)),
        ([1], 1.0, 0.0, (1, 0, 0, 0, 0)),
    ],
)
def test_csat_known_values(
    scores: list[int], mean: float, share: float, counts: tuple[int, ...]
) -> None:
    r = csat(scores)
    assert r.mean == pytest.approx(mean)
    assert r.satisfied_share == pytest.approx(share)
    assert r.n == len(scores)
    assert r.counts == counts
    assert r.missing == 0
    assert r.effective_n == len(scores)


def test_csat_intervals_by_hand() -> None:
    r = csat([5, 4, 4, 3, 2])
    mean = (5 + 4 + 4 + 3 + 2) / 5
    sd = math.sqrt(((5 - 3.6) ** 2 + 2 * (4 - 3.6) ** 2 + (3 - 3.6) ** 2 + (2 - 3.6) ** 2) / 4)
    t_975_4 = 2.7764451051977987  # Student t quantile, 4 degrees of freedom
    assert r.mean == pytest.approx(mean)
    assert r.std == pytest.approx(sd)
    assert r.mean_se == pytest.approx(sd / math.sqrt(5))
    assert r.mean_ci.low == pytest.approx(mean - t_975_4 * sd / math.sqrt(5))
    assert mean + t_975_4 * sd / math.sqrt(5) > 5.0  # 5.016: past the top of the scale
    assert r.mean_ci.high == 5.0  # so clamped to it
    low, high = wilson(3, 5)
    assert r.ci == pytest.approx((low, high))


@pytest.mark.parametrize(
    ("scale", "satisfied_at", "scores", "share"),
    [(10, 9, [10, 9, 8, 1], 2 / 4), (7, 6, [7, 6, 5, 5], 2 / 4), (5, 5, [5, 4, 4, 4], 1 / 4)],
)
def test_csat_other_scales(scale: int, satisfied_at: int, scores: list[int], share: float) -> None:
    r = csat(scores, scale=scale, satisfied_at=satisfied_at)
    assert r.satisfied_share == pytest.approx(share)
    assert len(r.counts) == scale


def test_csat_single_response_has_no_mean_interval() -> None:
    r = csat([4])
    assert r.mean == 4.0
    assert math.isnan(r.std)
    assert math.isnan(r.mean_ci.low)
    assert math.isnan(r.mean_ci.high)


def test_csat_weights_and_kish() -> None:
    r = csat([5, 1], weights=[3.0, 1.0])
    assert r.mean == pytest.approx((3 * 5 + 1 * 1) / 4)
    assert r.satisfied_share == pytest.approx(3 / 4)
    assert r.effective_n == pytest.approx((3 + 1) ** 2 / (3**2 + 1**2))
    low, high = wilson(0.75 * 1.6, 1.6)
    assert r.ci == pytest.approx((low, high))


def test_equal_weights_change_nothing() -> None:
    plain, weighted = csat([5, 4, 3, 2]), csat([5, 4, 3, 2], weights=[2.5] * 4)
    assert weighted.mean == pytest.approx(plain.mean)
    assert weighted.effective_n == pytest.approx(plain.effective_n)
    assert weighted.ci == pytest.approx(plain.ci)
    assert weighted.mean_ci == pytest.approx(plain.mean_ci)


# --- NPS known values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "score", "shares"),
    [
        ([10, 9, 8, 7, 6, 0], 100 * (2 - 2) / 6, (2 / 6, 2 / 6, 2 / 6)),
        ([10, 10, 10, 9], 100.0, (1.0, 0.0, 0.0)),
        ([0, 6, 3], -100.0, (0.0, 0.0, 1.0)),
        ([9, 9, 9, 7, 3], 100 * (3 - 1) / 5, (3 / 5, 1 / 5, 1 / 5)),
    ],
)
def test_nps_known_values(
    scores: list[int], score: float, shares: tuple[float, float, float]
) -> None:
    r = nps(scores)
    assert r.score == pytest.approx(score)
    assert (r.promoters, r.passives, r.detractors) == pytest.approx(shares)
    assert r.n == len(scores)


def test_nps_adjusted_wald_by_hand() -> None:
    r = nps([10] * 17 + [8] * 2 + [3])  # n = 20, 17 promoters, 1 detractor
    p_adj, d_adj = (17 + 0.75) / (20 + 3), (1 + 0.75) / (20 + 3)
    centre = p_adj - d_adj
    half = Z95 * math.sqrt((p_adj + d_adj - centre**2) / (20 + 3))
    assert r.ci.low == pytest.approx(100 * (centre - half))
    assert r.ci.high == pytest.approx(min(100.0, 100 * (centre + half)))
    p, d = 17 / 20, 1 / 20
    assert r.se == pytest.approx(100 * math.sqrt((p + d - (p - d) ** 2) / 20))
    assert r.method == "adjusted-wald"


def test_nps_wald_by_hand() -> None:
    r = nps([10] * 5 + [8] * 3 + [2] * 2, method="wald")
    p, d = 5 / 10, 2 / 10
    half = Z95 * math.sqrt((p + d - (p - d) ** 2) / 10)
    assert r.ci == pytest.approx((100 * (p - d - half), 100 * (p - d + half)))


def test_nps_bootstrap_is_seeded_and_sane() -> None:
    scores = [10] * 12 + [8] * 5 + [2] * 3
    a = nps(scores, method="bootstrap", seed=7, resamples=2000)
    b = nps(scores, method="bootstrap", seed=7, resamples=2000)
    assert a.ci == b.ci
    assert a.ci.low < a.score < a.ci.high
    with pytest.raises(InvalidInputError, match="seed"):
        nps(scores, method="bootstrap")
    with pytest.raises(InvalidInputError, match="resamples"):
        nps(scores, method="bootstrap", seed=1, resamples=10)


def test_nps_interval_clamped_at_the_ceiling() -> None:
    r = nps([10] * 5, method="wald")
    assert r.ci == (100.0, 100.0)
    assert nps([10] * 5).ci.high == 100.0


def test_nps_unknown_method() -> None:
    with pytest.raises(InvalidInputError, match="method"):
        nps([10], method="exact")  # type: ignore[arg-type]


@given(st.integers(0, 10), nps_scores)
def test_nps_within_bounds(first: int, rest: list[int | None]) -> None:
    scores = [first, *rest]  # at least one answer
    present = [s for s in scores if s is not None]
    r = nps(scores)
    assert -100.0 <= r.ci.low <= r.ci.high <= 100.0
    promoters, detractors = sum(s >= 9 for s in present), sum(s <= 6 for s in present)
    assert r.score == pytest.approx(100 * (promoters - detractors) / len(present))
    assert r.promoters + r.passives + r.detractors == pytest.approx(1.0)


# --- missing, empty, bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        [5, None, 4, float("nan")],
        np.array([5, np.nan, 4, np.nan]),
        pd.Series([5, None, 4, None], dtype="Int64"),
        pd.Series([5.0, np.nan, 4.0, np.nan]),
        np.array([5, None, 4, pd.NA], dtype=object),
    ],
)
def test_missing_values_are_skipped_and_counted(scores: object) -> None:
    r = csat(scores)  # type: ignore[arg-type]
    assert (r.n, r.missing, r.mean) == (2, 2, 4.5)


@pytest.mark.parametrize(
    "scores",
    [
        [4, 5, 3],
        np.array([4, 5, 3], dtype=np.int8),
        np.array([4.0, 5.0, 3.0]),
        pd.Series([4, 5, 3]),
    ],
)
def test_input_kinds_agree(scores: object) -> None:
    assert csat(scores) == csat([4, 5, 3])  # type: ignore[arg-type]


@pytest.mark.parametrize("empty", [[], [None, None], np.array([], dtype=float)])
def test_empty_input_warns_and_gives_nan(empty: object) -> None:
    with pytest.warns(UndefinedMetricWarning):
        r = csat(empty)  # type: ignore[arg-type]
    assert r.n == 0
    assert math.isnan(r.mean)
    assert math.isnan(r.satisfied_share)
    with pytest.warns(UndefinedMetricWarning):
        s = nps(empty)  # type: ignore[arg-type]
    assert s.n == 0
    assert math.isnan(s.score)
    assert math.isnan(s.ci.low)


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([1, 2, 6], r"expected integers 1\.\.5, got int 6 at position 2"),
        ([0, 3], r"got int 0 at position 0"),
        ([4.5], r"got float 4\.5 at position 0"),
        ([3, float("inf")], r"got float inf at position 1"),
        (np.array([-1, 3]), r"got int -1 at position 0"),
    ],
)
def test_off_scale_scores_raise(scores: object, match: str) -> None:
    with pytest.raises(InvalidScoreError, match=match):
        csat(scores)  # type: ignore[arg-type]


def test_off_scale_nps_raises() -> None:
    with pytest.raises(InvalidScoreError, match=r"0\.\.10, got int 11"):
        nps([10, 11])
    with pytest.raises(ValueError, match="scores"):
        nps([-1])


@pytest.mark.parametrize(
    "scores",
    [
        ["5", "4"],
        [True, False],
        np.array([True, False]),
        np.array(["a", "b"]),
        [[1, 2], [3, 4]],
        5,
        "54321",
    ],
)
def test_wrong_types_raise_type_errors(scores: object) -> None:
    with pytest.raises(InputTypeError):
        csat(scores)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ((x for x in [5, 4]), r"expected a 1-D sequence, got an array of shape \(\)"),
        (np.array([[5, 4], [3, 2]]), r"expected a 1-D sequence, got an array of shape \(2, 2\)"),
        (
            pd.Series(["a", "b"], dtype="string"),
            r"expected numbers or None, got str of 1 character at position 0",
        ),
    ],
)
def test_wrong_shapes_and_text_arrays_say_what_came(scores: object, match: str) -> None:
    with pytest.raises(InputTypeError, match=match):
        csat(scores)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "error", "match"),
    [
        ([1.0], InvalidInputError, "expected 2 weights"),
        ([1.0, -1.0], InvalidInputError, ">= 0"),
        ([1.0, float("nan")], InvalidInputError, ">= 0"),
        (
            [1.0, None],
            InvalidInputError,
            r"expected finite weights >= 0, got float nan at position 1",
        ),
        (
            np.array([1.0, "x"], dtype=object),
            InputTypeError,
            r"got str of 1 character at position 1",
        ),
        ([[1.0], [2.0, 3.0]], InputTypeError, r"weights: expected a 1-D sequence or array"),
    ],
)
def test_bad_weights_raise(weights: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        csat([4, 5], weights=weights)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1])
def test_bad_confidence_raises(confidence: float) -> None:
    with pytest.raises(InvalidInputError, match="confidence"):
        csat([4, 5], confidence=confidence)


@pytest.mark.parametrize(("scale", "satisfied_at"), [(1, 1), (5, 6), (5, 0), (101, 4)])
def test_bad_scale_raises(scale: int, satisfied_at: int) -> None:
    with pytest.raises(InvalidInputError, match="scale"):
        csat([1], scale=scale, satisfied_at=satisfied_at)


def test_all_zero_weights_are_undefined() -> None:
    with pytest.warns(UndefinedMetricWarning):
        r = csat([4, 5], weights=[0.0, 0.0])
    assert r.n == 2
    assert math.isnan(r.mean)


# --- survey responses --------------------------------------------------------------------


def test_csat_by_dimension() -> None:
    responses = [
        SurveyResponse(responsiveness=5, effectiveness=4, attitude=5, overall=4, nps=9),
        SurveyResponse(responsiveness=3, effectiveness=2, attitude=4, overall=3, nps=6),
        SurveyResponse(responsiveness=4, effectiveness=None, attitude=5, overall=5),
    ]
    by_dim = csat_by_dimension(responses)
    assert list(by_dim) == list(scoring.DIMENSIONS)
    assert by_dim["responsiveness"].mean == pytest.approx((5 + 3 + 4) / 3)
    assert by_dim["effectiveness"].n == 2
    assert by_dim["effectiveness"].missing == 1
    assert by_dim["attitude"].satisfied_share == pytest.approx(3 / 3)
    assert by_dim["overall"].satisfied_share == pytest.approx(2 / 3)
    assert nps([r.nps for r in responses]).score == pytest.approx(100 * (1 - 1) / 2)


@pytest.mark.parametrize(
    ("scores", "kind", "expected"),
    [
        ([5, 4, 3, 1, None], "csat", [False, False, True, True, False]),
        ([10, 7, 6, 0], "nps", [False, False, True, True]),
    ],
)
def test_needs_follow_up(scores: list[int | None], kind: str, expected: list[bool]) -> None:
    assert needs_follow_up(scores, kind=kind).tolist() == expected  # type: ignore[arg-type]


def test_needs_follow_up_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="kind"):
        needs_follow_up([1], kind="ces")  # type: ignore[arg-type]
    with pytest.raises(InvalidScoreError):
        needs_follow_up([6])


# --- mergeable counts --------------------------------------------------------------------


@given(csat_scores, csat_scores)
def test_csat_counts_merge_equals_concatenation(a: list[int | None], b: list[int | None]) -> None:
    merged = CsatCounts.from_scores(a) + CsatCounts.from_scores(b)
    assert merged == CsatCounts.from_scores(a + b)


@given(nps_scores, nps_scores, nps_scores)
def test_nps_counts_merge_is_exact_and_associative(
    a: list[int | None], b: list[int | None], c: list[int | None]
) -> None:
    ca, cb, cc = (NpsCounts.from_scores(x) for x in (a, b, c))
    assert (ca + cb) + cc == ca + (cb + cc) == NpsCounts.from_scores(a + b + c)
    assert sum([ca, cb, cc]) == NpsCounts.from_scores(a + b + c)


@given(st.lists(st.one_of(st.booleans(), st.none())), st.lists(st.one_of(st.booleans(), st.none())))
def test_rate_counts_merge(a: list[bool | None], b: list[bool | None]) -> None:
    assert RateCounts.from_flags(a) + RateCounts.from_flags(b) == RateCounts.from_flags(a + b)


@given(
    st.lists(st.tuples(st.integers(1, 5), st.floats(0.1, 10.0)), min_size=1, max_size=40),
    st.integers(0, 40),
)
def test_weighted_counts_merge_up_to_rounding(pairs: list[tuple[int, float]], cut: int) -> None:
    scores, weights = [s for s, _ in pairs], [w for _, w in pairs]
    whole = CsatCounts.from_scores(scores, weights=weights)
    parts = CsatCounts.from_scores(scores[:cut], weights=weights[:cut]) + CsatCounts.from_scores(
        scores[cut:], weights=weights[cut:]
    )
    assert parts.counts == pytest.approx(whole.counts)
    assert parts.sum_sq_weights == pytest.approx(whole.sum_sq_weights)
    assert parts.result().mean == pytest.approx(whole.result().mean)


@given(csat_scores, st.randoms(use_true_random=False))
def test_csat_is_order_invariant(scores: list[int | None], rnd: object) -> None:
    shuffled = list(scores)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert CsatCounts.from_scores(shuffled) == CsatCounts.from_scores(scores)


def test_counts_refuse_mismatched_merges() -> None:
    with pytest.raises(InvalidInputError, match="same scale"):
        _ = CsatCounts.from_scores([1], scale=5) + CsatCounts.from_scores([1], scale=7)
    with pytest.raises(TypeError):
        _ = CsatCounts.from_scores([1]) + NpsCounts.from_scores([1])  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = 1 + NpsCounts.from_scores([1])  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = 1 + RateCounts.from_flags([True])  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = 1 + CsatCounts.from_scores([1])  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = RateCounts.from_flags([True]) + NpsCounts.from_scores([1])  # type: ignore[operator]


@pytest.mark.parametrize(
    ("counts", "size"),
    [((1, 2, 3), 5), ((1, -1, 0, 0, 0), 5)],
)
def test_counts_validate(counts: tuple[int, ...], size: int) -> None:
    with pytest.raises(InvalidInputError, match="counts"):
        CsatCounts(counts, 1, 1.0, 0, size, 4)


def test_counts_constructors() -> None:
    assert CsatCounts.from_counts((1, 0, 0, 0, 3)).result().mean == pytest.approx((1 + 15) / 4)
    assert NpsCounts.from_groups(6, 3, 1).result().score == pytest.approx(100 * (6 - 1) / 10)
    assert RateCounts.from_counts(3, 4).result().value == pytest.approx(3 / 4)
    assert NpsCounts.from_scores([10, 3]).effective_n == 2
    assert RateCounts.from_counts(3, 4).effective_n == 4
    assert CsatCounts.from_scores([1, 2]).effective_n == 2


def test_weighted_nps_and_rate() -> None:
    r = nps([10, 0], weights=[3.0, 1.0])
    assert r.score == pytest.approx(100 * (3 - 1) / 4)
    assert r.effective_n == pytest.approx(16 / 10)
    rr = RateCounts.from_flags([True, False, None], weights=[3.0, 1.0, 5.0]).result()
    assert rr.value == pytest.approx(3 / 4)
    assert rr.missing == 1
    assert rr.effective_n == pytest.approx(16 / 10)


def test_rate_flags_validation() -> None:
    assert RateCounts.from_flags(np.array([1.0, 0.0, np.nan])).counts == (1, 1)
    assert RateCounts.from_flags([1, 0, None, True]).counts == (1, 2)
    with pytest.raises(InvalidInputError, match="0/1"):
        RateCounts.from_flags([0, 2])
    with pytest.raises(InvalidInputError, match="0/1"):
        RateCounts.from_flags(["yes", None])
    with pytest.raises(InputTypeError, match="1-D"):
        RateCounts.from_flags([[True], [False]])
    with pytest.raises(InputTypeError):
        RateCounts.from_counts(1.5, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="successes"):
        RateCounts.from_counts(4, 3)
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(RateCounts.from_counts(0, 0).result().value)


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        (np.array([4.0, np.inf]), r"got float inf at position 1"),
        (np.array([4.0, -np.inf, np.nan]), r"got float -inf at position 1"),
        (np.array([np.nan, 2.5]), r"got float 2\.5 at position 1"),
        (np.array([7], dtype=np.uint8), r"got int 7 at position 0"),
        (np.array([3, 300], dtype=np.int16), r"got int 300 at position 1"),
    ],
)
def test_bad_arrays_are_refused_without_numpy_warnings(scores: np.ndarray, match: str) -> None:
    with pytest.raises(InvalidScoreError, match=match):  # filterwarnings=error: no RuntimeWarning
        csat(scores)


def test_weighted_with_missing_scores() -> None:
    r = csat([5, None, 1], weights=[3.0, 100.0, 1.0])
    assert r.mean == pytest.approx((3 * 5 + 1) / 4)
    assert r.missing == 1
    assert r.effective_n == pytest.approx(16 / 10)
    objects = np.array([3, 100.0, 1], dtype=object)  # weights as an object array
    assert repr(csat([5, None, 1], weights=objects)) == repr(r)


@given(
    st.lists(
        st.one_of(
            st.integers(),
            st.floats(),
            st.none(),
            st.text(max_size=3),
            st.booleans(),
            st.lists(st.integers(0, 5), max_size=2),
        ),
        max_size=12,
    )
)
def test_fuzzed_input_raises_only_our_errors(values: list[object]) -> None:
    for func in (csat, nps):
        with warnings.catch_warnings(), contextlib.suppress(CsMetricsError):
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            r = func(values)  # type: ignore[arg-type]
            assert r.n + r.missing == len(values)  # every value counted or skipped
    with contextlib.suppress(CsMetricsError):
        assert needs_follow_up(values).shape == (len(values),)  # type: ignore[arg-type]


@pytest.mark.parametrize("scores", [[10**400], [10**400, None], [3, -(10**400)], [10**5000]])
def test_huge_integers_are_off_scale(scores: list[int | None]) -> None:
    with pytest.raises(InvalidScoreError, match="huge"):
        csat(scores)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CsatCounts.from_counts((1, 2.5, 0, 0, 0)),  # type: ignore[arg-type]
        lambda: NpsCounts.from_groups(1, True, 0),
        lambda: RateCounts.from_counts(1, 2.0),  # type: ignore[arg-type]
    ],
)
def test_count_constructors_want_integers(call: object) -> None:
    with pytest.raises(InputTypeError, match="integer count"):
        call()  # type: ignore[operator]
