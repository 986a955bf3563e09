"""``TicketEvents``: the checked constructors, and their errors for bad ragged inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError
from csmetrics.io import TicketEvents
from csmetrics.models import EventKind

T = np.array(["2025-03-03T09:00", "2025-03-03T10:00", "2025-03-03T11:00"], "M8[m]")
CANARY = "张三 13812345678"
GOOD: dict[str, Any] = {"offsets": [0, 1, 3], "kind": [0, 9, 4], "at": T, "priority": [0, 2, 0]}


def test_build_and_read_back():
    events = TicketEvents.build(**GOOD)
    assert events.offsets.dtype == np.int64
    assert events.kind.dtype == np.int8
    assert events.at.dtype == np.dtype("M8[us]")
    assert len(events) == 2
    assert events.counts().tolist() == [1, 2]
    assert [e["kind"] for e in events.of(1)] == ["priority_changed", "resolved"]
    assert events.of(1)[0]["priority"] == "P2"
    assert events.of(1)[1]["at"] == dt.datetime(2025, 3, 3, 11, tzinfo=dt.UTC)


def test_names_and_codes_agree():
    names = [EventKind.AGENT_REPLY, "priority_changed", "resolved"]
    by_name = TicketEvents.build(**{**GOOD, "kind": np.array(names, dtype=object)})
    assert by_name.kind.tolist() == TicketEvents.build(**GOOD).kind.tolist()


def test_public_module_is_io():
    assert TicketEvents.__module__ == "csmetrics.io"


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"offsets": [1, 1, 3]}, InvalidInputError, "first offset of 0"),
        ({"offsets": [0, 2, 1, 3]}, InvalidInputError, "a decrease after ticket 1"),
        ({"offsets": []}, InvalidInputError, "^events.offsets: expected one offset more"),
        ({"offsets": [0, 1, 4]}, InvalidInputError, r"^events.kind: expected 4 values"),
        ({"offsets": [0.0, 1.0, 3.0]}, InputTypeError, "^events.offsets: expected integers"),
        ({"offsets": [[0, 1, 3]]}, InputTypeError, "^events.offsets: expected a 1-d array"),
        ({"kind": [0, 10, 4]}, InvalidInputError, "code out of range at event 1"),
        ({"kind": [0, -1, 4]}, InvalidInputError, "code out of range at event 1"),
        ({"kind": [0, CANARY, 4]}, InvalidInputError, "^events.kind: expected EventKind names"),
        ({"kind": [0.5, 1.0, 2.0]}, InputTypeError, "^events.kind: expected codes"),
        ({"kind": [0, 9]}, InvalidInputError, r"^events.kind: expected 3 values"),
        ({"at": T[:2]}, InvalidInputError, r"^events.at: expected 3 values"),
        ({"at": np.array(["2025-03-03", "NaT", "NaT"], "M8[D]")}, InvalidInputError,
         "got NaT at event 1"),
        ({"at": [CANARY] * 3}, CsMetricsError, "events.at"),
        ({"priority": [0, 0, 0]}, InvalidInputError, "got none at event 1"),
        ({"priority": [0, 7, 0]}, InvalidInputError, "level out of range at event 1"),
        ({"priority": [0, 2]}, InvalidInputError, r"^events.priority: expected 3 values"),
    ],
)  # fmt: skip
def test_bad_columns(change: dict[str, Any], error: type[Exception], match: str):
    with pytest.raises(error, match=match) as info:
        TicketEvents.build(**{**GOOD, **change})
    assert CANARY not in str(info.value)


@pytest.mark.parametrize(
    ("lists", "error", "match"),
    [
        ("abc", InputTypeError, "^events: expected one list of events per ticket"),
        ([{"kind": "pause"}], InputTypeError, r"^events\[0\]: expected a list of events"),
        ([[{"kind": "pause"}]], InputTypeError, r"^events\[0\]\[0\]: expected a mapping"),
        ([[{"kind": "pause", "at": dt.datetime(2025, 3, 3)}]], InvalidInputError,
         r"^events\[0\]\[0\].at: expected a timezone-aware datetime"),
        ([[{"kind": CANARY, "at": dt.datetime(2025, 3, 3, tzinfo=dt.UTC)}]], InvalidInputError,
         "^events.kind: expected EventKind names"),
        ([[{"kind": "priority_changed", "at": dt.datetime(2025, 3, 3, tzinfo=dt.UTC),
            "priority": CANARY}]], InvalidInputError, "expected a priority P1-P3"),
    ],
)  # fmt: skip
def test_bad_lists(lists: Any, error: type[Exception], match: str):
    with pytest.raises(error, match=match) as info:
        TicketEvents.from_lists(lists)
    assert CANARY not in str(info.value)


@st.composite
def ragged(draw: st.DrawFn) -> dict[str, Any]:
    counts = draw(st.lists(st.integers(0, 4), max_size=6))
    size = sum(counts)
    kinds = draw(st.lists(st.integers(0, 9), min_size=size, max_size=size))
    return {
        "offsets": np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        "kind": np.array(kinds, np.int64),
        "at": np.array(draw(st.lists(st.integers(0, 10**9), min_size=size, max_size=size)),
                       dtype=np.int64).view("M8[s]"),
        "priority": np.array([2 if k == 9 else 0 for k in kinds], np.int8),
    }  # fmt: skip


MUTATIONS = st.sampled_from(["offset", "kind", "at", "length", "priority", "none"])


@given(ragged(), MUTATIONS, st.data())
def test_any_ragged_input_is_accepted_or_refused_with_our_errors(
    columns: dict[str, Any], mutation: str, data: st.DataObject
):
    size = columns["kind"].shape[0]
    if mutation == "offset" and columns["offsets"].shape[0] > 1:
        i = data.draw(st.integers(0, columns["offsets"].shape[0] - 1))
        columns["offsets"][i] = data.draw(st.integers(-3, size + 3))
    elif mutation == "kind" and size:
        columns["kind"][data.draw(st.integers(0, size - 1))] = data.draw(st.integers(-50, 50))
    elif mutation == "at" and size:
        columns["at"] = columns["at"].astype("M8[us]")
        columns["at"][data.draw(st.integers(0, size - 1))] = np.datetime64("NaT")
    elif mutation == "length":
        key = data.draw(st.sampled_from(["kind", "at", "priority"]))
        columns[key] = columns[key][: max(size - 1, 0)] if size else columns[key].repeat(2)[:1]
    elif mutation == "priority" and size:
        columns["priority"][data.draw(st.integers(0, size - 1))] = data.draw(st.integers(-5, 9))
    try:
        events = TicketEvents.build(**columns)
    except CsMetricsError:
        return
    offsets = events.offsets
    assert offsets[0] == 0
    assert (np.diff(offsets) >= 0).all()
    assert offsets[-1] == events.kind.shape[0] == events.at.shape[0] == events.priority.shape[0]
    assert ((events.kind >= 0) & (events.kind <= 9)).all()
    assert not np.isnat(events.at).any()
    assert TicketEvents.from_lists([events.of(i) for i in range(len(events))]).kind.tolist() \
        == events.kind.tolist()  # fmt: skip


@given(sizes=st.lists(st.integers(0, 3), min_size=1, max_size=6), data=st.data())
def test_concat_of_parts_with_no_tickets_or_no_events_equals_the_whole(
    sizes: list[int], data: st.DataObject
) -> None:
    counts = [data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)) for n in sizes]
    parts = []
    for part_counts in counts:
        total = sum(part_counts)
        parts.append(TicketEvents.build(
            offsets=np.concatenate(([0], np.cumsum(part_counts))).astype(np.int64),
            kind=np.zeros(total, np.int8),
            at=np.arange(total).astype("datetime64[s]").astype("datetime64[us]"),
        ))  # fmt: skip
    whole = TicketEvents.concat(parts)
    flat = [c for part_counts in counts for c in part_counts]
    assert len(whole) == len(flat)
    assert whole.counts().tolist() == flat
    assert whole.offsets[-1] == sum(flat)
