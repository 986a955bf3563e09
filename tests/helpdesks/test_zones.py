"""The shipped Rails -> IANA table: every entry is a zone this Python knows."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from csmetrics._helpdesks.zones import iana_zone, rails_to_iana, rails_zones
from csmetrics.exceptions import InvalidConfigError

ZONES = sorted(rails_zones().items())


def test_the_whole_rails_table_is_shipped() -> None:
    assert len(ZONES) == 152  # 151 Rails names and one earlier spelling
    assert len(set(rails_zones().values())) >= 134


@pytest.mark.parametrize(("rails", "iana"), ZONES, ids=[name for name, _ in ZONES])
def test_every_entry_resolves_in_zoneinfo(rails: str, iana: str) -> None:
    zone = zoneinfo.ZoneInfo(iana)
    assert dt.datetime(2024, 7, 1, tzinfo=zone).utcoffset() is not None
    assert rails_to_iana(rails, "time_zone") == iana


@pytest.mark.parametrize(
    ("rails", "iana"),
    [
        ("Pacific Time (US & Canada)", "America/Los_Angeles"),
        ("Eastern Time (US & Canada)", "America/New_York"),
        ("Beijing", "Asia/Shanghai"),
        ("Amsterdam", "Europe/Amsterdam"),
        ("Greenland", "America/Nuuk"),
        ("Kyiv", "Europe/Kyiv"),
        ("Rangoon", "Asia/Yangon"),
        ("Ulaan Bataar", "Asia/Ulaanbaatar"),
        ("Quito", "America/Lima"),  # by offset, not geography: kept as Rails has it
        ("Europe/Berlin", "Europe/Berlin"),  # an IANA id is accepted as itself
    ],
)
def test_known_names(rails: str, iana: str) -> None:
    assert rails_to_iana(rails, "time_zone") == iana


@pytest.mark.parametrize("bad", ["Atlantis", "pacific time (us & canada)", "Mars/Olympus", "", 7,
                                 None, "x" * 500, "Margaret Okafor +1 415 555 0134"])  # fmt: skip
def test_unknown_zones_are_refused_naming_the_path(bad: object) -> None:
    with pytest.raises(InvalidConfigError, match=r"^schedule\.time_zone: expected a Rails") as info:
        rails_to_iana(bad, "schedule.time_zone")
    assert "Okafor" not in str(info.value)
    assert "xxxxxxxxxx" not in str(info.value)


def test_zammad_zones_are_iana_only() -> None:
    assert iana_zone("Europe/Berlin", "calendar.timezone") == "Europe/Berlin"
    with pytest.raises(InvalidConfigError, match=r"calendar\.timezone: expected an IANA"):
        iana_zone("Berlin", "calendar.timezone")
