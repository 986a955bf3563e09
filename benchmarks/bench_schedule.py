"""Business-hour deadlines: csmetrics vs pandas CustomBusinessHour vs businesstimedelta.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_schedule

All libraries get the same tickets (start instants in UTC, whole-hour
business durations) on the same calendar: Monday to Friday 09:00-12:00 and
13:00-18:00, US federal holidays of 2025-2027. pandas and businesstimedelta
work one ticket at a time; they are timed on a random subsample (stated in
the table) and reported per ticket. Every timing is the best of 3 runs.
``np.busday_offset`` works on whole days only and is shown as a floor for
what vectorized calendar code can cost.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import businesstimedelta as btd
import holidays
import numpy as np
import pandas as pd
from pandas.tseries.offsets import CustomBusinessHour

from benchmarks._timing import best_of
from csmetrics.schedule import Schedule

__all__ = ["main"]

N_TICKETS = 200_000
N_SLOW = 2_000
N_SCALAR = 20_000
SEED = 20_261_123
OPENS, CLOSES = ["09:00", "13:00"], ["12:00", "18:00"]


def _tickets() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    minutes = rng.integers(0, 540 * 24 * 60, N_TICKETS)
    starts = np.datetime64("2025-01-01T00:00", "us") + minutes.astype("timedelta64[m]")
    hours = rng.integers(1, 49, N_TICKETS)
    return starts, hours


def _holiday_dates() -> list[date]:
    return sorted(holidays.US(years=range(2025, 2028)))


def _pandas_one(
    offsets: dict[int, CustomBusinessHour], starts: list[pd.Timestamp], hours: np.ndarray
) -> list[pd.Timestamp]:
    return [t + offsets[int(k)] for t, k in zip(starts, hours, strict=True)]


def _btd_rules(days: list[date]) -> btd.Rules:
    work = btd.WorkDayRule(start_time=clock(9), end_time=clock(18), working_days=[0, 1, 2, 3, 4])
    lunch = btd.LunchTimeRule(
        start_time=clock(12), end_time=clock(13), working_days=[0, 1, 2, 3, 4]
    )
    return btd.Rules([work, lunch, btd.HolidayRule(days)])


def _row(name: str, n: int, seconds: float, ours: float) -> str:
    per = seconds / n * 1e6
    ratio = per / ours
    shown = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.2f}x"
    return f"| {name} | {n:,} | {seconds:.3f} | {per:.3f} | {shown} |"


def _vectorized(schedule: Schedule, starts: np.ndarray, durations: np.ndarray) -> dict[str, float]:
    t0 = time.perf_counter()
    schedule.add_many(starts, durations)
    cold = time.perf_counter() - t0
    warm = best_of(lambda: schedule.add_many(starts, durations))
    return {"cold": cold, "warm": warm}


def _pandas(
    schedule: Schedule, starts: np.ndarray, hours: np.ndarray, sample: np.ndarray, days: list[date]
) -> tuple[float, int]:
    offsets = {
        k: CustomBusinessHour(n=k, start=OPENS, end=CLOSES, holidays=days) for k in range(1, 49)
    }
    pd_starts = [pd.Timestamp(starts[i]) for i in sample]
    seconds = best_of(lambda: _pandas_one(offsets, pd_starts, hours[sample]))
    theirs = np.array([t.to_datetime64() for t in _pandas_one(offsets, pd_starts, hours[sample])])
    ours = schedule.add_many(starts[sample], (hours[sample] * 3600).astype("timedelta64[s]"))
    positions = schedule.between_many(ours, theirs.astype("datetime64[us]"))
    return seconds, int(np.count_nonzero(positions))


def _businesstimedelta(
    starts: np.ndarray, hours: np.ndarray, sample: np.ndarray, days: list[date]
) -> float:
    rules = _btd_rules(days)
    deltas = {k: btd.BusinessTimeDelta(rules, hours=k) for k in range(1, 49)}
    bt_starts = [datetime.fromisoformat(str(starts[i])).replace(tzinfo=UTC) for i in sample]
    pairs = list(zip(bt_starts, hours[sample].tolist(), strict=True))
    return best_of(lambda: [t + deltas[k] for t, k in pairs])


def _scalar(
    schedule: Schedule, starts: np.ndarray, hours: np.ndarray, days: list[date]
) -> tuple[float, float]:
    py_starts = [datetime.fromisoformat(str(s)).replace(tzinfo=UTC) for s in starts[:N_SCALAR]]
    pairs = list(zip(py_starts, [timedelta(hours=int(k)) for k in hours[:N_SCALAR]], strict=True))
    ours = best_of(lambda: [schedule.add(t, d) for t, d in pairs])
    offsets = {
        k: CustomBusinessHour(n=k, start=OPENS, end=CLOSES, holidays=days) for k in range(1, 49)
    }
    pd_starts = [pd.Timestamp(s) for s in starts[:N_SLOW]]
    theirs = best_of(lambda: _pandas_one(offsets, pd_starts, hours[:N_SLOW]))
    return ours, theirs


def _floor(starts: np.ndarray, hours: np.ndarray, days: list[date]) -> float:
    day_starts = starts.astype("datetime64[D]")
    counts = (hours // 8).astype(np.int64)
    holiday_array = np.array(days, dtype="datetime64[D]")
    return best_of(
        lambda: np.busday_offset(day_starts, counts, roll="forward", holidays=holiday_array),
    )


def main() -> None:
    """Run the side-by-side timings and print Markdown tables."""
    days = _holiday_dates()
    starts, hours = _tickets()
    durations = (hours * 3600 * 10**6).astype("timedelta64[us]")
    schedule = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, holidays=days)
    vec = _vectorized(schedule, starts, durations)
    sample = np.random.default_rng(SEED + 1).choice(N_TICKETS, N_SLOW, replace=False)
    pd_time, mismatches = _pandas(schedule, starts, hours, sample, days)
    bt_time = _businesstimedelta(starts, hours, sample, days)
    floor = _floor(starts, hours, days)
    scalar, pd_scalar = _scalar(schedule, starts, hours, days)
    per = vec["warm"] / N_TICKETS * 1e6
    print(f"Tickets: {N_TICKETS:,}; pandas and businesstimedelta: {N_SLOW:,} random of them.")
    print(f"csmetrics first call, compiling the calendar: {vec['cold']:.3f} s.")
    print(f"pandas deadlines at another business position than csmetrics: {mismatches}.")
    print()
    print("| method | tickets timed | seconds | µs per ticket | cost vs `add_many` |")
    print("|---|---:|---:|---:|---:|")
    print(_row("csmetrics `Schedule.add_many`", N_TICKETS, vec["warm"], per))
    print(_row("pandas `CustomBusinessHour`, per element", N_SLOW, pd_time, per))
    print(_row("businesstimedelta `BusinessTimeDelta`", N_SLOW, bt_time, per))
    print(_row("numpy `busday_offset`, whole days only", N_TICKETS, floor, per))
    print()
    scalar_per = scalar / N_SCALAR * 1e6
    print("| scalar call | calls timed | seconds | µs per call | cost vs `add` |")
    print("|---|---:|---:|---:|---:|")
    print(_row("csmetrics `Schedule.add`", N_SCALAR, scalar, scalar_per))
    print(_row("pandas `Timestamp + CustomBusinessHour`", N_SLOW, pd_scalar, scalar_per))


if __name__ == "__main__":
    main()
