"""Events of a table come in time order per ticket, ties in ``EventKind`` order, exactly as
one ``lexsort`` over (ticket, instant, kind) would put them."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._io.assemble import _time_order

events = st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 3), st.integers(0, 6)), max_size=60)


@given(runs=st.lists(events, max_size=5))
def test_time_order_is_the_lexsort_of_ticket_instant_and_kind(
    runs: list[list[tuple[int, int, int]]],
) -> None:
    # a few runs, each sorted by ticket (as the step columns give them), or in any order
    parts = [sorted(run, key=lambda e: e[0]) if i % 2 == 0 else run for i, run in enumerate(runs)]
    flat = [event for part in parts for event in part]
    row = np.array([e[0] for e in flat], dtype=np.int64)
    at = np.array([e[1] for e in flat], dtype=np.int64)
    kind = np.array([e[2] for e in flat], dtype=np.int8)
    expected = np.lexsort((kind, at, row))
    assert _time_order(row, at, kind).tolist() == expected.tolist()
