"""Schedule: bad input, configuration files, vectorized inputs, pickling and threads."""

from __future__ import annotations

import copy
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import pytz
from dateutil import tz as dateutil_tz

from csmetrics.exceptions import (
    InputTypeError,
    InvalidConfigError,
    InvalidInputError,
    InvalidScheduleError,
    NaiveDatetimeError,
    NoOpenTimeError,
)
from csmetrics.schedule import Schedule

H = timedelta(hours=1)
OFFICE = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai", holidays="CN")
T = datetime(2026, 3, 4, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hours", "error", "match"),
    [
        ({"mon": "9-17"}, InvalidScheduleError, r"'9-17'"),
        ({"mon": "25:00-26:00"}, InvalidScheduleError, r"'25:00-26:00'"),
        ({"mon": "09:60-10:00"}, InvalidScheduleError, r"09:60"),
        ({"mon": "24:00-02:00"}, InvalidScheduleError, r"24:00"),
        ({"mon": "09:00-12:00,11:00-13:00"}, InvalidScheduleError, r"overlap"),
        ({"mon": "09:00-09:00"}, InvalidScheduleError, r"empty"),
        ({"funday": "09:00-17:00"}, InvalidScheduleError, r"'funday'"),
        ({"mon-xyz": "09:00-17:00"}, InvalidScheduleError, r"'mon-xyz'"),
        ({"mon-wed": "09:00-17:00", "tue-thu": "10:00-11:00"}, InvalidScheduleError, r"tue"),
        ({}, InvalidScheduleError, r"empty mapping"),
        ({"mon": "closed"}, InvalidScheduleError, r"at least one day"),
        ({"mon": 9}, InputTypeError, r"hours\['mon'\].*9"),
        ({"mon": [9]}, InputTypeError, r"got list of 1 item"),
        ({1: "09:00-10:00"}, InputTypeError, r"day keys"),
        ("09:00-17:00", InputTypeError, r"mapping"),
    ],
)
def test_malformed_hours(hours: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        Schedule(hours)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"timezone": "Mars/Olympus"}, InvalidScheduleError, r"timezone.*Mars/Olympus"),
        ({"timezone": 8}, InputTypeError, r"timezone.*8"),
        ({"holidays": "XX"}, InvalidScheduleError, r"holidays.*'XX'"),
        ({"holidays": [1]}, InputTypeError, r"holidays.*1"),
        ({"holidays": 5}, InputTypeError, r"holidays.*5"),
        ({"extra_holidays": ["2026-13-01"]}, InvalidScheduleError, r"extra_holidays"),
        ({"extra_workdays": [datetime(2026, 1, 1, tzinfo=UTC)]}, InputTypeError, r"extra_workd"),
        ({"extra_holidays": ["2026-01-03"], "extra_workdays": ["2026-01-03"]},
         InvalidScheduleError, r"both"),
        ({"workday_hours": "9-5"}, InvalidScheduleError, r"workday_hours.*'9-5'"),
        ({"changes": [1]}, InputTypeError, r"changes"),
        ({"changes": {"2026-01-01": {"mon": "x"}}}, InvalidScheduleError, r"changes\['2026"),
        ({"changes": {"2026-01-01": {"mon": "closed"}, date(2026, 1, 1): {"tue": "closed"}}},
         InvalidScheduleError, r"twice"),
    ],
)  # fmt: skip
def test_bad_options(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        Schedule({"mon-fri": "09:00-18:00"}, **kwargs)


def test_pytz_zone_is_refused() -> None:
    with pytest.raises(InputTypeError, match="pytz"):
        Schedule({"mon": "09:00-10:00"}, timezone=pytz.timezone("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda s: s.add(datetime(2026, 1, 5, 9), H), NaiveDatetimeError, r"start.*naive"),
        (lambda s: s.add(T, 5), InputTypeError, r"duration.*5"),
        (lambda s: s.add("2026-01-05", H), InputTypeError, r"start: .* got str of 10 characters"),
        (lambda s: s.between(T, datetime(2026, 1, 5)), NaiveDatetimeError, r"end"),
        (lambda s: s.is_open(date(2026, 1, 5)), InputTypeError, r"\bt\b"),
        (lambda s: s.next_open(datetime(2026, 1, 5)), NaiveDatetimeError, r"\bt\b"),
        (lambda s: s.add(datetime(1700, 1, 5, tzinfo=UTC), H), InvalidInputError, r"1800"),
        (lambda s: s.add_many(np.array([1, 2]), H), InputTypeError, r"starts"),
        (lambda s: s.add_many([T], [1]), InputTypeError, r"durations\[0\]"),
        (lambda s: s.add_many([T], "1h"), InputTypeError, r"durations"),
        (lambda s: s.add_many([datetime(2026, 1, 5)], H), NaiveDatetimeError, r"starts\[0\]"),
        (lambda s: s.add_many(pd.Series(pd.to_datetime(["2026-01-05"])), H), NaiveDatetimeError,
         r"starts"),
        (lambda s: s.between_many(np.array(["2026-01-05"] * 2, dtype="M8[D]"),
                                  np.array(["2026-01-05"] * 3, dtype="M8[D]")),
         InvalidInputError, r"broadcast"),
        (lambda s: s.add_many(np.array(["1500-01-01"], dtype="M8[D]"), H), InvalidInputError,
         r"starts.*1500"),
        (lambda s: s.add_many("2026-01-05", H), InputTypeError, r"starts"),
        (lambda s: s.hours_on(datetime(2026, 1, 5, tzinfo=UTC)), InputTypeError, r"day"),
    ],
)  # fmt: skip
def test_bad_calls(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call(OFFICE)


def test_any_tzinfo_on_inputs() -> None:
    expected = OFFICE.add(T, H)
    for zone in (ZoneInfo("Europe/London"), dateutil_tz.gettz("Europe/London"), UTC):
        assert OFFICE.add(T.astimezone(zone), H) == expected
    dateutil_schedule = Schedule(
        {"daily": "00:00-04:00"}, timezone=dateutil_tz.gettz("America/New_York")
    )
    start = datetime(2026, 11, 1, 4, tzinfo=UTC)
    assert dateutil_schedule.between(start, start + 12 * H) == 5 * H


CONFIG = {
    "hours": {"mon-fri": "09:00-12:00,13:00-18:00"},
    "timezone": "Asia/Shanghai",
    "holidays": "CN",
    "extra_holidays": ["2026-12-31"],
    "extra_workdays": ["2026-12-26"],
    "changes": {"2026-11-01": {"fri": "09:00-12:00"}},
}
TOML = """
timezone = "Asia/Shanghai"
holidays = "CN"
extra_holidays = ["2026-12-31"]
extra_workdays = ["2026-12-26"]
[hours]
mon-fri = "09:00-12:00,13:00-18:00"
[changes."2026-11-01"]
fri = "09:00-12:00"
"""


def test_config_forms_agree(tmp_path: Path) -> None:
    from_mapping = Schedule.from_config(CONFIG)
    (tmp_path / "s.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    (tmp_path / "s.toml").write_text(TOML, encoding="utf-8")
    others = [
        Schedule.from_json(json.dumps(CONFIG)),
        Schedule.from_toml(TOML),
        Schedule.load(tmp_path / "s.json"),
        Schedule.load(str(tmp_path / "s.toml")),
    ]
    assert all(other == from_mapping for other in others)
    assert from_mapping.hours_on(date(2026, 12, 31)) == "closed"
    assert from_mapping.hours_on(date(2026, 12, 26)) == "09:00-12:00,13:00-18:00"
    assert from_mapping.hours_on(date(2026, 11, 6)) == "09:00-12:00"


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Schedule.from_config({"hours": {"mon": "09:00-10:00"}, "tz": "UTC"}),
         InvalidConfigError, r"'tz'"),
        (lambda: Schedule.from_config({"timezone": "UTC"}), InvalidConfigError, r"'hours'"),
        (lambda: Schedule.from_config(["hours"]), InputTypeError, r"config"),
        (lambda: Schedule.from_json("{not json"), InvalidConfigError, r"JSON"),
        (lambda: Schedule.from_toml("hours = ["), InvalidConfigError, r"TOML"),
        (lambda: Schedule.from_json(b"{}"), InputTypeError, r"text"),
        (lambda: Schedule.load("hours.yaml"), InvalidConfigError, r"hours.yaml"),
        (lambda: Schedule.load(3), InputTypeError, r"path"),
    ],
)  # fmt: skip
def test_bad_config(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_vectorized_units_nat_and_broadcasting() -> None:
    starts_s = np.array(["2026-03-04T02:00:00", "NaT", "2026-03-06T09:00:00"], dtype="M8[s]")
    durations = np.array([3600, 7200, -1800], dtype="m8[s]")
    out = OFFICE.add_many(starts_s, durations)
    assert out.dtype == np.dtype("M8[us]")
    assert np.isnat(out[1])
    for unit in ("ns", "ms", "m"):
        same = OFFICE.add_many(starts_s.astype(f"M8[{unit}]"), durations.astype(f"m8[{unit}]"))
        np.testing.assert_array_equal(same, out)
    expected = [OFFICE.add(T, H), OFFICE.add(datetime(2026, 3, 6, 9, tzinfo=UTC), -H / 2)]
    got = [out[0], out[2]]
    assert [np.datetime64(e.astimezone(UTC).replace(tzinfo=None), "us") for e in expected] == got
    grid = OFFICE.add_many(starts_s.reshape(3, 1), np.array([1, 2], dtype="m8[h]"))
    assert grid.shape == (3, 2)
    nat_durations = OFFICE.add_many(starts_s, np.array([1, "NaT", 1], dtype="m8[h]"))
    assert np.isnat(nat_durations).tolist() == [False, True, False]
    nat_durations = OFFICE.add_many(starts_s[[0, 2]], np.array([1, "NaT"], dtype="m8[h]"))
    assert np.isnat(nat_durations).tolist() == [False, True]
    assert OFFICE.add_many(np.array([], dtype="M8[us]"), H).shape == (0,)
    assert OFFICE.between_many(np.array([], dtype="M8[us]"), np.array([], dtype="M8[us]")).size == 0


def test_pandas_and_sequences() -> None:
    index = pd.DatetimeIndex(["2026-03-04 10:00", "2026-03-06 17:00"]).tz_localize("Asia/Shanghai")
    from_index = OFFICE.add_many(index, pd.to_timedelta([1, 2], unit="h"))
    from_series = OFFICE.add_many(pd.Series(index).dt.tz_convert("UTC"), np.timedelta64(1, "h"))
    from_list = OFFICE.add_many([t.to_pydatetime() for t in index], [H, 2 * H])
    np.testing.assert_array_equal(from_index, from_list)
    assert from_series[0] == from_index[0]
    assert from_index.tolist() == [datetime(2026, 3, 4, 3), datetime(2026, 3, 9, 2)]
    spans = OFFICE.between_many(index, [datetime(2026, 3, 9, 2, tzinfo=UTC), None])
    assert spans[0] == np.timedelta64(24, "h")  # 7 h + 8 h + 8 h + 1 h
    assert np.isnat(spans[1])
    single = OFFICE.add_many(T, np.array([1], dtype="m8[h]"))
    assert single.shape == (1,)


def _sample(s: Schedule) -> list[datetime]:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return [s.add(start + timedelta(days=53 * k), timedelta(hours=k)) for k in range(40)]


def test_pickle_and_copy_keep_behaviour() -> None:
    s = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai", holidays="CN")
    before = _sample(s)
    for other in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s), copy.copy(s)):
        assert other == s
        assert hash(other) == hash(s)
        assert _sample(other) == before


def test_thread_safe_lazy_extension() -> None:
    expected = _sample(Schedule({"mon-fri": "09:00-18:00"}, holidays="US"))
    shared = Schedule({"mon-fri": "09:00-18:00"}, holidays="US")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: _sample(shared), range(16)))
    assert all(r == expected for r in results)


def test_immutable_equal_and_repr() -> None:
    s = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai", holidays="CN")
    with pytest.raises(AttributeError, match="immutable"):
        s.timezone = UTC  # type: ignore[misc]
    assert repr(s).startswith("Schedule({'mon': '09:00-18:00'")
    assert "holidays=" in repr(s)
    assert s != Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
    assert s != "schedule"
    assert Schedule.always() == Schedule({"daily": "00:00-24:00"})
    assert Schedule.always().hours["sun"] == "00:00-24:00"
    assert len({Schedule.always(), Schedule({"daily": "00:00-24:00"})}) == 1


def test_vectorized_calendar_grows_both_ways() -> None:
    mondays = Schedule({"mon": "09:00-10:00"})
    starts = np.array(["2026-12-31T12:00", "2026-12-31T12:00", "2026-01-01T00:00"], dtype="M8[m]")
    durations = np.array([0, 3, -2], dtype="m8[h]")
    out = mondays.add_many(starts, durations)
    expected = ["2027-01-04T09:00", "2027-01-18T10:00", "2025-12-22T09:00"]
    np.testing.assert_array_equal(out, np.array(expected, dtype="M8[us]"))
    scalar = [
        mondays.add(datetime(2026, 12, 31, 12, tzinfo=UTC), timedelta(hours=k)) for k in (0, 3)
    ]
    assert [np.datetime64(t.replace(tzinfo=None), "us") for t in scalar] == out[:2].tolist()


def test_vectorized_no_open_time() -> None:
    closed = Schedule({"mon-fri": "09:00-18:00"}, changes={date(2026, 1, 1): {"mon-fri": "closed"}})
    with pytest.raises(NoOpenTimeError):
        closed.add_many(np.array(["2026-03-01"], dtype="M8[D]"), np.array([0], dtype="m8[h]"))


def test_generators_are_read_once_and_kept() -> None:
    days = (date(2026, 3, d) for d in (9, 10))
    s = Schedule({"mon-fri": "09:00-18:00"}, extra_holidays=days, workday_hours=["10:00-12:00"])
    for other in (
        pickle.loads(pickle.dumps(s)),
        s.with_hours({"sat": "closed"}, effective="2027-01-01"),
    ):
        assert other.hours_on(date(2026, 3, 10)) == "closed"
    assert pickle.loads(pickle.dumps(s)) == s


@pytest.mark.parametrize("code", ["MON", "SAT", "JAN", "HolidayBase", "utils", "mon", "MON-X"])
def test_names_of_the_holidays_module_that_are_no_countries_are_refused(code: str) -> None:
    with pytest.raises(InvalidScheduleError, match="expected a country code known to"):
        Schedule({"mon-fri": "09:00-18:00"}, timezone="UTC", holidays=code)
