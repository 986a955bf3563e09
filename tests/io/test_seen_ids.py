"""The compact store of seen ticket ids answers exactly as a Python set would.

Text ids are kept as 64-bit hashes with their bytes: the hash is injected
here to force collisions, which must never turn two different ids into a
repeat. Whole numbers (and floats or booleans equal to them) are one id
with each other and never with a text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._io import seen_ids
from csmetrics._io.seen_ids import SeenIds, text_hashes
from csmetrics.exceptions import InvalidInputError
from csmetrics.io import iter_tickets, read_tickets


def _constant(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.zeros(len(texts), dtype=np.int64)


def _by_length(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.array([len(t) % 3 for t in texts], dtype=np.int64)


HASHERS = {"python": text_hashes, "constant": _constant, "length": _by_length}


def _reference(batches: Sequence[Sequence[Any]]) -> tuple[list[list[bool]], set[Any]]:
    """What a Python set says: per value, whether it was seen before."""
    seen: set[Any] = set()
    out = []
    for batch in batches:
        flags = []
        for value in batch:
            flags.append(value in seen)
            seen.add(value)
        out.append(flags)
    return out, seen


CASES = {
    "repeat within a batch": [["a", "b", "a", "a"]],
    "repeat across batches": [["a", "b"], ["c", "b"], ["a"]],
    "int and str are different ids": [[5, "5"], ["5", 5]],
    "equal numbers are one id": [[5, 5.0], [True, 1, 1.0, np.int64(5), np.float64(5.0)]],
    "large and non-integer numbers": [[2**70, 1.5], [2**70, 1.5, -(2**63), 2**63]],
    "non-ascii texts": [["工单-1", "工单-2"], ["工单-1", "e\u0301", "é"]],
    "a lone surrogate": [["\ud800", "x"], ["\ud800"]],
    "prefixes are not repeats": [["ab", "a", "abc", ""], ["b", "abcd"]],
    "one big batch, then small ones": [
        [f"T{i}" for i in range(300)],
        *[[f"T{i}"] for i in range(0, 600, 7)],
    ],
}


@pytest.mark.parametrize("compact", [True, False], ids=["compact", "set"])
@pytest.mark.parametrize("hasher", HASHERS.values(), ids=HASHERS.keys())
@pytest.mark.parametrize("batches", CASES.values(), ids=CASES.keys())
def test_repeats_are_those_a_set_sees(
    batches: list[list[Any]], hasher: Any, *, compact: bool
) -> None:
    seen = SeenIds(hasher, compact=compact)
    expected, every = _reference(batches)
    assert [seen.add(batch).tolist() for batch in batches] == expected
    probes = [*every, "never", -7, 2.5, "a" * 40]
    assert seen.contains(probes).tolist() == [p in every for p in probes]


def test_a_hash_collision_between_different_ids_is_no_repeat() -> None:
    seen = SeenIds(_constant)
    assert seen.add(["x"]).tolist() == [False]
    assert seen.add(["y", "z", "y"]).tolist() == [False, False, True]
    assert seen.contains(["x", "y", "z", "w"]).tolist() == [True, True, True, False]


@pytest.mark.parametrize("compact", [True, False])
def test_unhashable_values_fail_as_in_a_set(*, compact: bool) -> None:
    with pytest.raises(TypeError):
        SeenIds(compact=compact).add([["a"]])


ids = st.one_of(
    st.text(max_size=6),
    st.integers(min_value=-(2**65), max_value=2**65),
    st.integers(-3, 3).map(float),
    st.booleans(),
    st.sampled_from([0.5, -2.25, 1e300]),
)


@given(
    batches=st.lists(st.lists(ids, max_size=30), max_size=8),
    hasher=st.sampled_from(sorted(HASHERS)),
    compact=st.booleans(),
)
def test_the_store_agrees_with_a_set(
    batches: list[list[Any]], hasher: str, *, compact: bool
) -> None:
    seen = SeenIds(HASHERS[hasher], compact=compact)
    expected, every = _reference(batches)
    assert [seen.add(batch).tolist() for batch in batches] == expected
    probes = [*every, "zz-not-added", 12345678901]
    assert seen.contains(probes).tolist() == [p in every for p in probes]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("hasher", HASHERS.values(), ids=HASHERS.keys())
def test_streamed_repeats_and_unknown_event_ids_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hasher: Any
) -> None:
    monkeypatch.setattr(seen_ids, "text_hashes", hasher)
    tickets = _write(tmp_path / "t.csv", "id,created_at\n" + "".join(
        f"{i},2025-03-03T09:00Z\n" for i in ["A", "B", "A", "C", "BB", "B", "", "C"]
    ))  # fmt: skip
    events = _write(tmp_path / "e.csv", "ticket_id,kind,at\nA,resolved,2025-03-03T10:00Z\n"
                    "Z,resolved,2025-03-03T10:00Z\nC,resolved,2025-03-03T10:00Z\n"
                    "AB,resolved,2025-03-03T10:00Z\n")  # fmt: skip
    for size in (1, 3, 100):
        tables = list(iter_tickets(tickets, batch_size=size, events=events, errors="collect"))
        rejected = [(r.line, r.column, r.reason) for t in tables for r in t.rejected]
        assert rejected == [
            (4, "id", "expected a unique id, got a repeat"),
            (7, "id", "expected a unique id, got a repeat"),
            (8, "id", "expected a non-blank id"),
            (9, "id", "expected a unique id, got a repeat"),
            (3, "ticket_id", "expected the id of a ticket that was read, got an unknown one"),
            (5, "ticket_id", "expected the id of a ticket that was read, got an unknown one"),
        ]
        assert [i for t in tables for i in t.id.tolist()] == ["A", "B", "C", "BB"]
    whole = read_tickets(tickets, events=events, errors="collect")  # ids kept in a set
    assert [(r.line, r.column, r.reason) for r in whole.rejected] == rejected


def test_numbers_and_texts_as_ticket_ids_from_records(tmp_path: Path) -> None:
    rows = [{"id": i, "created_at": "2025-03-03T09:00Z"} for i in [5, "5", 5.0, True, 1, "1"]]
    table = read_tickets(rows, errors="collect")
    assert table.id.tolist() == [5, "5", True, "1"]
    assert [(r.position, r.reason) for r in table.rejected] == [
        (2, "expected a unique id, got a repeat"),
        (4, "expected a unique id, got a repeat"),
    ]


@pytest.mark.parametrize("value", [["T1"], {"id": 1}])
def test_an_unhashable_id_is_a_bad_row_not_a_crash(tmp_path: Path, value: Any) -> None:
    rows = [{"id": value, "created_at": "2025-03-03T09:00Z"},
            {"id": "T2", "created_at": "2025-03-03T09:00Z"}]  # fmt: skip
    table = read_tickets(rows, errors="collect")
    assert table.id.tolist() == ["T2"]
    assert table.rejected[0].field == "id"
    assert "expected a text or a number as id" in table.rejected[0].reason
    with pytest.raises(InvalidInputError, match=r"row 0.*expected a text or a number as id"):
        read_tickets(rows)
    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps({"ticket_id": value, "kind": "resolved",
                                  "at": "2025-03-03T10:00Z"}) + "\n")  # fmt: skip
    found = read_tickets(rows[1:], events=events, errors="collect")
    assert [r.reason for r in found.rejected] == [
        f"expected a text or a number as ticket_id, got {type(value).__name__} of 1 item"
    ]
