"""Weighted quality score: normalisation per indicator kind, weights, flags, strict mode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import InputTypeError, InvalidInputError, MissingTargetError
from csmetrics.quality import SPEC_TARGETS, TO_IMPROVE, TO_IMPROVE_ZH
from csmetrics.scoring import (
    IndicatorSpec,
    csat,
    nps,
    quality_score,
    rate,
)


@pytest.mark.parametrize(
    ("name", "value", "target", "normalized"),
    [
        ("csat", 4.2, None, 100 * (4.2 - 1) / (5 - 1)),
        ("csat", 1.0, None, 0.0),
        ("nps", 40.0, None, 100 * (40 + 100) / 200),
        ("fcr", 0.78, None, 78.0),
        ("reopen_rate", 0.1, None, 100 * (1 - 0.1)),
        ("first_response_minutes", 22.0, 30.0, 100.0),
        ("first_response_minutes", 60.0, 30.0, 100 * 30 / 60),
        ("resolution_hours", 0.0, 24.0, 100.0),
    ],
)
def test_normalisation_per_kind(
    name: str, value: float, target: float | None, normalized: float
) -> None:
    targets = {} if target is None else {name: target}
    q = quality_score({name: value}, weights={name: 1.0}, targets=targets)
    assert q.components[0].normalized == pytest.approx(normalized)
    assert q.value == pytest.approx(normalized)


def test_weighted_sum_with_normalised_weights() -> None:
    q = quality_score(
        {"csat": 4.6, "fcr": 0.85, "on_time": 0.9},
        weights={"csat": 30, "fcr": 25, "on_time": 45},
        targets=SPEC_TARGETS,
    )
    expected = 0.30 * 100 * (4.6 - 1) / 4 + 0.25 * 85 + 0.45 * 90
    assert q.value == pytest.approx(expected)
    assert [c.weight for c in q.components] == pytest.approx([0.30, 0.25, 0.45])
    assert q.flags == ("on_time",)
    assert q.components[2].status == TO_IMPROVE
    assert q.components[2].status_zh == TO_IMPROVE_ZH
    assert q.components[0].status == "ok"
    assert q.components[0].status_zh == "达标"


@pytest.mark.parametrize(
    ("indicators", "flags"),
    [
        ({"csat": 4.19, "on_time": 0.95}, ("csat",)),
        ({"csat": 4.2, "on_time": 0.949}, ("on_time",)),
        ({"csat": 4.2, "on_time": 0.95}, ()),
    ],
)
def test_spec_thresholds(indicators: dict[str, float], flags: tuple[str, ...]) -> None:
    q = quality_score(indicators, weights={"csat": 1, "on_time": 1}, targets=SPEC_TARGETS)
    assert q.flags == flags


def test_lower_is_better_flags() -> None:
    q = quality_score(
        {"reopen_rate": 0.12, "first_response_minutes": 31},
        weights={"reopen_rate": 1},
        targets={"reopen_rate": 0.1, "first_response_minutes": 30},
    )
    assert q.flags == ("reopen_rate", "first_response_minutes")
    assert q.components[1].weight == 0.0


def test_strict_mode_uses_the_interval() -> None:
    small_week = csat([5, 4, 3, 5, 3])  # mean 4.0 below 4.2, but a wide interval
    bad_week = csat([3] * 40 + [4] * 10)  # mean 3.2, interval well below 4.2
    for strict, expected in ((False, ("small", "bad")), (True, ("bad",))):
        q = quality_score(
            {"small": small_week, "bad": bad_week},
            weights={"small": 1, "bad": 1},
            targets={"small": 4.2, "bad": 4.2},
            specs={"small": IndicatorSpec(1, 5), "bad": IndicatorSpec(1, 5)},
            strict=strict,
        )
        assert q.flags == expected


def test_strict_mode_lower_is_better_and_results() -> None:
    reopen = rate(3, 20)  # 15% observed, interval reaches below 10%
    q = quality_score(
        {"reopen_rate": reopen, "nps": nps([10] * 8 + [3] * 2)},
        weights={"nps": 1},
        targets={"reopen_rate": 0.10, "nps": 70},
        strict=True,
    )
    assert q.flags == ()
    assert q.components[0].value == pytest.approx(3 / 20)
    assert q.components[1].value == pytest.approx(100 * (8 - 2) / 10)
    loose = quality_score(
        {"reopen_rate": reopen}, weights={"reopen_rate": 1}, targets={"reopen_rate": 0.1}
    )
    assert loose.flags == ("reopen_rate",)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"indicators": {"csat": 6.0}, "weights": {"csat": 1}}, InvalidInputError, r"1\.0\.\.5\.0"),
        ({"indicators": {"fcr": 85}, "weights": {"fcr": 1}}, InvalidInputError, "fcr"),
        ({"indicators": {"csat": 4.0}, "weights": {"nps": 1}}, InvalidInputError, "weights"),
        ({"indicators": {"csat": 4.0}, "weights": {"csat": -1}}, InvalidInputError, ">= 0"),
        ({"indicators": {"csat": 4.0}, "weights": {"csat": 0}}, InvalidInputError, "positive"),
        ({"indicators": {"speed": 4.0}, "weights": {"speed": 1}}, InvalidInputError, "specs"),
        ({"indicators": {"csat": "4"}, "weights": {"csat": 1}}, InputTypeError, "csat"),
        ({"indicators": {"csat": float("nan")}, "weights": {"csat": 1}}, InvalidInputError, "NaN"),
        (
            {"indicators": {"first_response_minutes": 5}, "weights": {"first_response_minutes": 1}},
            MissingTargetError,
            "target",
        ),
        (
            {
                "indicators": {"first_response_minutes": -5},
                "weights": {"first_response_minutes": 1},
                "targets": {"first_response_minutes": 30},
            },
            InvalidInputError,
            ">= 0",
        ),
    ],
)
def test_errors(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        quality_score(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "match"), [({"low": 5, "high": 1}, "low < high"), ({"kind": "log"}, "kind")]
)
def test_bad_specs(spec: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        IndicatorSpec(**spec)  # type: ignore[arg-type]


def test_targets_of_absent_indicators_are_ignored() -> None:
    q = quality_score({"csat": 4.0}, weights={"csat": 1}, targets=SPEC_TARGETS)
    assert q.flags == ("csat",)
    assert [c.name for c in q.components] == ["csat"]


def test_custom_spec() -> None:
    q = quality_score(
        {"ces": 2.0}, weights={"ces": 1}, specs={"ces": IndicatorSpec(1, 7, higher_is_better=False)}
    )
    assert q.value == pytest.approx(100 * (7 - 2) / 6)


@given(
    st.floats(1, 5),
    st.floats(0, 1),
    st.floats(0, 500),
    st.lists(st.floats(0.01, 10), min_size=3, max_size=3),
)
def test_value_stays_in_0_100(csat_mean: float, fcr: float, minutes: float, w: list[float]) -> None:
    q = quality_score(
        {"csat": csat_mean, "fcr": fcr, "first_response_minutes": minutes},
        weights={"csat": w[0], "fcr": w[1], "first_response_minutes": w[2]},
        targets={"first_response_minutes": 30},
    )
    assert 0.0 <= q.value <= 100.0
    assert sum(c.weight for c in q.components) == pytest.approx(1.0)
