"""report_frame: build_report of the whole frames, whatever the partitions (1-20, empty too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dask
from csmetrics.dask import report_frame
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError
from csmetrics.io import read_surveys, read_tickets
from csmetrics.report import build_report, render_report

from .dask_helpers import NOW, OFFICE, TIERED, split, surveys, tickets

TEXTS = ["快递丢件了，很生气", "发票开具延迟", "thanks", "建议包装再加层泡沫", ""]
COMMENTS = ["感谢解决问题", "推诿扯皮", "", "谢谢,理解了", "问题未解决", None]
AGENTS = np.array(["ann", "bo", None], dtype=object)
# Each example reads and reports twice: a tenth of the profile's examples (200 under fuzz).
EXAMPLES = max(8, settings.default.max_examples // 10)
OPTIONS: list[dict[str, Any]] = [
    {"policy": TIERED, "schedule": OFFICE},
    {"policy": TIERED, "schedule": OFFICE, "period": "week", "timezone": "Asia/Shanghai"},
    {"since": NOW - dt.timedelta(days=10), "until": NOW - dt.timedelta(days=2)},
    {},
]


@pytest.fixture
def sync() -> Iterator[None]:
    with dask.config.set(scheduler="sync"):
        yield


def frames(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` tickets with texts and agents, and answers to them (some untimed, some comments)."""
    rng = np.random.default_rng(seed)
    frame = tickets(n, seed).assign(
        id=[f"T{i}" for i in range(n)],
        text=[TEXTS[i] for i in rng.integers(0, len(TEXTS), n)],
        agent=AGENTS[rng.integers(0, 3, n)],
    )
    answers = surveys(n, seed + 1).assign(
        ticket_id=[f"T{i}" for i in rng.integers(0, max(n, 1), n)],
        comment=pd.Series([COMMENTS[i] for i in rng.integers(0, len(COMMENTS), n)], dtype=object),
        attitude=rng.integers(1, 6, n),
        agent=AGENTS[rng.integers(0, 3, n)],
    )
    untimed = rng.random(n) < 0.2
    answers.loc[untimed, "answered_at"] = pd.NaT
    return frame, answers


def whole(frame: pd.DataFrame, answers: pd.DataFrame | None, **options: Any) -> bytes:
    surveys_table: Any = () if answers is None else read_surveys(answers)
    report = build_report(read_tickets(frame), surveys_table, now=NOW, **options)
    return render_report(report, format="json").encode()


def spread(tickets_ddf: Any, surveys_ddf: Any, **options: Any) -> bytes:
    report = report_frame(tickets_ddf, surveys_ddf, now=NOW, **options)
    return render_report(report, format="json").encode()


@settings(max_examples=EXAMPLES)
@given(
    n=st.integers(0, 80),
    ticket_cuts=st.lists(st.integers(0, 80), max_size=19),  # 1-20 partitions, repeats = empty
    survey_cuts=st.lists(st.integers(0, 80), max_size=19),
    seed=st.integers(0, 2**32 - 1),
    options=st.sampled_from(OPTIONS),
)
def test_any_partitioning_gives_the_report_of_the_whole_frames(
    n: int, ticket_cuts: list[int], survey_cuts: list[int], seed: int, options: dict[str, Any]
) -> None:
    frame, answers = frames(n, seed % 1000)
    with dask.config.set(scheduler="sync"):
        got = spread(split(frame, ticket_cuts), split(answers, survey_cuts), **options)
    assert got == whole(frame, answers, **options)


@pytest.mark.parametrize(
    ("cuts", "options"),
    [([], OPTIONS[0]), ([0, 0, 31, 31, 77], OPTIONS[1]), ([5, 60], OPTIONS[2]), ([40], {})],
)
def test_fixed_partitionings_give_the_same_report(sync: None, cuts, options) -> None:
    frame, answers = frames(90, 3)
    got = report_frame(split(frame, cuts), split(answers, cuts[::-1]), now=NOW, **options)
    assert got == build_report(read_tickets(frame), read_surveys(answers), now=NOW, **options)


def test_on_the_cluster_the_report_equals_the_whole_frames(client) -> None:
    frame, answers = frames(300, 11)
    options = OPTIONS[1]
    got = spread(split(frame, [0, 0, 50, 120, 120, 299]), split(answers, [7, 200]), **options)
    assert got == whole(frame, answers, **options)


def test_without_surveys_the_satisfaction_sections_are_left_out(sync: None) -> None:
    frame, _ = frames(20, 5)
    got = report_frame(split(frame, [10, 10]), now=NOW)
    assert got == build_report(read_tickets(frame), now=NOW)
    assert got.satisfaction is None
    assert got.sentiment is None


def test_a_mapping_renames_the_columns_on_the_workers(sync: None, tmp_path: Path) -> None:
    frame, answers = frames(40, 8)
    frame = frame.rename(columns={"id": "Ticket No"})
    answers = answers.rename(columns={"ticket_id": "Ticket No"})
    mapping = {"tickets": {"columns": {"Ticket No": "id"}},
               "surveys": {"columns": {"Ticket No": "ticket_id"}}}  # fmt: skip
    path = tmp_path / "mapping.toml"
    path.write_text(
        '[tickets.columns]\n"Ticket No" = "id"\n[surveys.columns]\n"Ticket No" = "ticket_id"\n',
        encoding="utf-8",
    )
    want = build_report(
        read_tickets(frame, mapping=mapping), read_surveys(answers, mapping=mapping), now=NOW
    )
    for given_mapping in (mapping, path, str(path)):
        got = report_frame(split(frame, [9]), split(answers, [30]), now=NOW, mapping=given_mapping)
        assert got == want


@pytest.mark.parametrize(
    ("part", "row", "column", "value"),
    [
        (0, 3, "resolved_at", pd.Timestamp("2025-02-01", tz="UTC")),  # before created_at
        (2, 0, "resolved_at", pd.Timestamp("2025-02-01", tz="UTC")),
        (1, 4, "id", None),  # a blank id
    ],
)
def test_a_bad_ticket_names_the_partition_and_the_row(sync: None, part, row, column, value):
    frame, _ = frames(30, 2)
    cuts = [10, 20]
    frame.loc[cuts[part - 1] + row if part else row, column] = value
    with pytest.raises(InvalidInputError) as single:
        read_tickets(frame)
    with pytest.raises(InvalidInputError, match=rf"^partition {part}, row {row}: ") as caught:
        report_frame(split(frame, cuts), now=NOW)
    assert type(caught.value) is type(single.value)
    assert column in str(caught.value)


def test_a_bad_answer_on_the_cluster_names_the_partition_and_the_row(client) -> None:
    frame, answers = frames(30, 2)
    answers.loc[17, "overall"] = 9.0  # off the 1-5 scale, in the second partition
    with pytest.raises(InvalidInputError) as single:
        read_surveys(answers)
    with pytest.raises(type(single.value), match=r"^partition 1, row 7: .*overall"):
        report_frame(split(frame, [10]), split(answers, [10]), now=NOW)


def test_an_id_repeated_in_another_partition_is_refused_as_in_one_frame(sync: None) -> None:
    frame, _ = frames(30, 2)
    frame.loc[25, "id"] = frame.loc[3, "id"]
    with pytest.raises(InvalidInputError, match="unique id"):
        read_tickets(frame)
    with pytest.raises(InvalidInputError, match=r"^partition 2, row 5: id: expected a unique id"):
        report_frame(split(frame, [10, 20]), now=NOW)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("tickets",), {"now": NOW}, InputTypeError),
        ((None, "surveys"), {"now": NOW}, InputTypeError),
        ((None,), {"now": dt.datetime(2025, 3, 1)}, NaiveDatetimeError),
        ((None,), {"now": NOW, "since": NOW + dt.timedelta(days=1)}, InvalidInputError),
        ((None,), {"now": NOW, "policy": "tiered"}, InputTypeError),
        ((None,), {"now": NOW, "period": "year"}, InvalidInputError),
        ((None,), {"now": NOW, "mapping": {"tickets": {"colums": {}}}}, InvalidInputError),
    ],
)
def test_bad_arguments_raise_before_any_work(args, kwargs, error) -> None:
    def boom(frame: pd.DataFrame) -> pd.DataFrame:
        raise AssertionError  # no partition is read

    frame, _ = frames(3, 1)
    lazy = split(frame, []).map_partitions(boom, meta=frame.iloc[:0])
    given_args = tuple(lazy if a is None else a for a in args)
    with pytest.raises(error):
        report_frame(*given_args, **kwargs)


def test_the_tables_sent_back_carry_no_text_or_customer_details() -> None:
    from csmetrics._dask.report import UNREAD_TICKET_COLUMNS, _compact_tickets  # noqa: PLC0415

    frame, _ = frames(12, 4)
    frame = frame.assign(customer_phone="13800138000", customer_id="C1", tier="vip")
    table = _compact_tickets(frame, None)
    assert len(table) == 12
    assert table.labels is None
    for name in UNREAD_TICKET_COLUMNS:
        assert getattr(table, name).tolist() == [None] * 12


def test_frames_with_arrow_strings_give_the_same_report(sync: None) -> None:
    import dask.dataframe as dd  # noqa: PLC0415 - the default conversion to Arrow strings

    frame, answers = frames(60, 9)
    got = spread(dd.from_pandas(frame, npartitions=4), dd.from_pandas(answers, npartitions=3))
    assert got == whole(frame, answers)
