"""csmetrics.plot: each chart draws the numbers of its result (checked on the Agg backend)."""

from __future__ import annotations

import datetime as dt
import warnings

import matplotlib as mpl

mpl.use("Agg")

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from csmetrics.datasets import DEFAULT_START, sample_surveys, sample_tickets
from csmetrics.exceptions import InputTypeError, InvalidInputError, UndefinedMetricWarning
from csmetrics.plot import (
    figure_svg,
    group_chart,
    pareto_chart,
    report_figures,
    response_time_chart,
    sla_share_chart,
    trend_chart,
)
from csmetrics.report import build_report
from csmetrics.schedule import Schedule
from csmetrics.scoring import group_by, pareto, trend
from csmetrics.sla import ComplianceRow, ComplianceTable, SlaPolicy

UTC = dt.UTC


def _new_axes() -> Axes:
    return Figure().subplots()


def _twin(ax: Axes) -> Axes:
    siblings = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax]
    assert len(siblings) == 1
    return siblings[0]


def test_pareto_chart_bars_are_the_counts_and_the_line_the_cumulative_share() -> None:
    labels = ["broken"] * 6 + ["late"] * 3 + ["rude"]
    ax = pareto_chart(labels, ax=_new_axes(), cutoff=0.8)
    assert [p.get_height() for p in ax.patches] == [6, 3, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["broken", "late", "rude"]
    line = _twin(ax).lines[0]
    np.testing.assert_allclose(line.get_ydata(), [0.6, 0.9, 1.0])
    colors = {p.get_facecolor() for p in ax.patches[:2]}
    assert len(colors) == 1  # the vital few (broken, late) share a colour
    assert ax.patches[2].get_facecolor() not in colors


def test_pareto_chart_takes_a_result_and_returns_the_axes_it_was_given() -> None:
    ax = _new_axes()
    assert pareto_chart(pareto(["a", "b", "a"]), ax=ax) is ax


def _csat_trend() -> object:
    times = [dt.datetime(2025, 1, d, 9, tzinfo=UTC) for d in (6, 7, 8, 13, 14)]
    return trend(times, [5, 4, 3, 2, 4], freq="W")


def test_trend_chart_line_is_the_mean_and_the_band_its_interval() -> None:
    grouped = _csat_trend()
    ax = trend_chart(grouped, ax=_new_axes())
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), grouped.values("mean"))
    assert [str(x) for x in line.get_xdata()] == ["2025-01-06", "2025-01-13"]
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    expected = [r.mean_ci.low for r in grouped.results] + [r.mean_ci.high for r in grouped.results]
    assert set(np.round(band, 9)) == set(np.round(expected, 9))


def test_trend_chart_of_nps_draws_the_score_and_its_interval() -> None:
    times = np.array(["2025-01-06", "2025-01-06", "2025-02-03"], dtype="datetime64[D]")
    grouped = trend(times, [10, 0, 9], metric="nps", freq="M")
    ax = trend_chart(grouped, ax=_new_axes(), label="NPS")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.0, 100.0])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(min(r.ci.low for r in grouped.results))
    assert band.max() == pytest.approx(max(r.ci.high for r in grouped.results))


def test_group_chart_bars_are_the_rates_with_their_intervals() -> None:
    grouped = group_by(["Li", "Li", "Wang", "Wang", "Wang"], [1, 0, 1, 1, 1], metric="rate")
    ax = group_chart(grouped, ax=_new_axes())
    assert [p.get_width() for p in ax.patches] == [0.5, 1.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Li (n=2)", "Wang (n=3)"]


def test_sla_share_chart_draws_a_line_per_priority_with_the_weekly_shares() -> None:
    table = ComplianceTable(
        {
            ("2025-03-03", "P1"): ComplianceRow(met=3, breached=1),
            ("2025-03-03", "P2"): ComplianceRow(met=1, breached=1),
            ("2025-03-10", "P1"): ComplianceRow(met=1, breached=0),
            ("2025-03-10", "P2"): ComplianceRow(pending=2),
        },
        by=("week", "priority"),
    )
    ax = sla_share_chart(table, ax=_new_axes(), target=0.95)
    by_label = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(by_label["P1"].get_ydata(), [0.75, 1.0])
    p2 = by_label["P2"].get_ydata()
    assert p2[0] == 0.5
    assert np.isnan(p2[1])
    assert list(by_label["target"].get_ydata()) == [0.95, 0.95]


def test_sla_share_chart_needs_a_period() -> None:
    table = ComplianceTable({"P1": ComplianceRow(met=1)}, by=("priority",))
    with pytest.raises(InvalidInputError, match="period"):
        sla_share_chart(table, ax=_new_axes())


def test_response_time_chart_histogram_counts_every_time_and_marks_the_target() -> None:
    minutes = np.array([5, 10, 20, 40, 90, -1], dtype="timedelta64[m]")
    minutes[-1] = np.timedelta64("NaT")
    ax = response_time_chart(minutes, target=dt.timedelta(minutes=30), ax=_new_axes(), bins=5)
    assert sum(p.get_height() for p in ax.patches) == 5
    assert list(ax.lines[0].get_xdata()) == [30.0, 30.0]
    assert "60% within target" in ax.get_title()


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: trend_chart([1, 2]), InputTypeError),
        (lambda: group_chart(None), InputTypeError),
        (lambda: sla_share_chart({"P1": 1}), InputTypeError),
        (lambda: pareto_chart(["a"], ax="not axes"), InputTypeError),
        (lambda: response_time_chart([], target=dt.timedelta(0)), InvalidInputError),
        (lambda: response_time_chart([], target=dt.timedelta(1), bins=0), InvalidInputError),
        (lambda: report_figures(object()), InputTypeError),
        (lambda: figure_svg("<svg/>"), InputTypeError),
    ],
)
def test_wrong_arguments_raise_our_errors(call, error) -> None:
    with pytest.raises(error):
        call()


NOW = DEFAULT_START + dt.timedelta(days=7)
TICKETS = sample_tickets(120, seed=5)
REPORT = build_report(
    TICKETS,
    sample_surveys(TICKETS, seed=5),
    now=NOW,
    policy=SlaPolicy.preset("tiered"),
    schedule=Schedule.always("Asia/Shanghai"),
)


def test_report_figures_draw_each_section_from_its_numbers() -> None:
    figures = report_figures(REPORT)
    assert list(figures) == ["volume", "sla", "satisfaction", "categories", "quality"]
    volume = figures["volume"].axes[0]
    assert [p.get_height() for p in volume.patches] == [n for _, n in REPORT.volume.by_channel]
    sla = figures["sla"].axes[0]
    shares = [row.share_met for row in REPORT.sla.first_response.values()]
    drawn = [p.get_height() for p in sla.patches[: len(shares)]]
    np.testing.assert_allclose(drawn, [np.nan if s is None else s for s in shares])
    quality = figures["quality"].axes[0]
    assert [p.get_width() for p in quality.patches] == [
        c.normalized for c in REPORT.quality.components
    ]
    problems = figures["categories"].axes[0]
    assert [p.get_height() for p in problems.patches] == list(REPORT.categories.problems.counts)


def test_report_figures_leave_out_absent_sections() -> None:
    bare = build_report(TICKETS, now=NOW)
    assert "sla" not in report_figures(bare)
    assert "satisfaction" not in report_figures(bare)


def test_figure_svg_is_inline_svg_and_the_same_on_every_run() -> None:
    first = figure_svg(report_figures(REPORT)["categories"])
    second = figure_svg(report_figures(REPORT)["categories"])
    assert first.startswith("<svg")
    assert first.rstrip().endswith("</svg>")
    assert first == second


@given(st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=1, max_size=40))
def test_pareto_bars_always_equal_the_counts(labels: list[str | None]) -> None:
    result = pareto(labels)
    ax = pareto_chart(result, ax=_new_axes())
    assert [p.get_height() for p in ax.patches] == list(result.counts)
    if result.n:
        assert _twin(ax).lines[0].get_ydata()[-1] == pytest.approx(1.0)


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(1, 5))),
        min_size=1,
        max_size=30,
    )
)
def test_trend_line_always_equals_the_defined_means(rows: list[tuple[int, int | None]]) -> None:
    days = np.array([np.datetime64("2025-01-01") + d for d, _ in rows], dtype="datetime64[D]")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # weeks of no scores
        grouped = trend(days, [s for _, s in rows], freq="W")
    ax = trend_chart(grouped, ax=_new_axes())
    means = grouped.values("mean")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), means[~np.isnan(means)])
