"""report_frame: the WeeklyReport of build_report on the same records, whatever the partitions."""

from __future__ import annotations

import datetime as dt

import pytest

import dask
from csmetrics.dask import report_frame
from csmetrics.exceptions import InputTypeError, InvalidInputError
from csmetrics.io import read_surveys, read_tickets
from csmetrics.report import build_report

from .dask_helpers import NOW, OFFICE, TIERED, split, surveys, tickets

TEXTS = ["快递丢件了，很生气", "发票开具延迟", "thanks", "建议包装再加层泡沫"]
COMMENTS = ["感谢解决问题", "推诿扯皮", "", "谢谢,理解了", "问题未解决"]


def _frames(n: int, seed: int):
    frame = tickets(n, seed).assign(id=range(n), text=[TEXTS[i % 4] for i in range(n)])
    answers = surveys(n, seed + 1).assign(
        comment=[COMMENTS[i % 5] for i in range(n)], effectiveness=4, attitude=5
    )
    return frame, answers


@pytest.mark.parametrize(
    ("cuts", "since", "policy"),
    [
        ([], None, TIERED),
        ([0, 0, 31, 31, 77], None, TIERED),
        ([5, 60], NOW - dt.timedelta(days=10), TIERED),
        ([40], None, None),
    ],
)
def test_the_report_equals_build_report(cuts, since, policy) -> None:
    frame, answers = _frames(90, 3)
    want = build_report(
        list(read_tickets(frame).records()), list(read_surveys(answers).records()),
        now=NOW, since=since, policy=policy, schedule=OFFICE,
    )  # fmt: skip
    with dask.config.set(scheduler="sync"):
        got = report_frame(
            split(frame, cuts), split(answers, cuts), now=NOW, since=since, policy=policy,
            schedule=OFFICE,
        )  # fmt: skip
    assert got == want


def test_without_surveys_the_satisfaction_sections_are_left_out() -> None:
    frame, _ = _frames(20, 5)
    with dask.config.set(scheduler="sync"):
        got = report_frame(split(frame, [10]), now=NOW)
    assert got == build_report(list(read_tickets(frame).records()), now=NOW)
    assert got.satisfaction is None
    assert got.sentiment is None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"now": dt.datetime(2025, 3, 1)}, InputTypeError),
        ({"now": NOW, "since": NOW + dt.timedelta(days=1)}, InvalidInputError),
        ({"now": NOW, "policy": "tiered"}, InputTypeError),
    ],
)
def test_bad_arguments_raise_before_any_work(kwargs, error) -> None:
    with pytest.raises((error, ValueError)):
        report_frame(split(tickets(3, 1), []), **kwargs)
