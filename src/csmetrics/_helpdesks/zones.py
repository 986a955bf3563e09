"""Rails time-zone names (Zendesk, Freshdesk) to IANA zones, from the shipped table.

The table is Rails' ``ActiveSupport::TimeZone::MAPPING`` (151 friendly names),
shipped as ``csmetrics/data/helpdesks/rails_zones.json`` with the later
renames (Greenland -> America/Nuuk, Kyiv -> Europe/Kyiv, Rangoon ->
Asia/Yangon) and one earlier key spelling (``"Ulaan Bataar"``). A value that
is no Rails name but an IANA id (``"Europe/Berlin"``) is accepted as that
zone: the documented fallback. Anything else is refused.
"""

from __future__ import annotations

import zoneinfo
from functools import cache

from csmetrics._core.config import read_data_file
from csmetrics._helpdesks.paths import error, fail

__all__ = ["iana_zone", "rails_to_iana", "rails_zones"]

_IANA_SHAPE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-_/")


@cache
def _table() -> dict[str, str]:
    data = read_data_file("helpdesks", "rails_zones.json")
    return {**data["zones"], **data["legacy"]}


def rails_zones() -> dict[str, str]:
    """The Rails friendly name -> IANA id table (a copy: changing it changes nothing).

    Examples
    --------
    >>> rails_zones()["Pacific Time (US & Canada)"], rails_zones()["Beijing"]
    ('America/Los_Angeles', 'Asia/Shanghai')
    """
    return dict(_table())


def rails_to_iana(name: object, path: str) -> str:
    """The IANA id of a Rails zone name (or of an IANA id itself), or an error naming ``path``.

    Examples
    --------
    >>> rails_to_iana("Eastern Time (US & Canada)", "time_zone")
    'America/New_York'
    >>> rails_to_iana("Europe/Berlin", "time_zone")
    'Europe/Berlin'
    >>> rails_to_iana("Atlantis", "schedule.time_zone")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidConfigError: schedule.time_zone: expected a Rails time-zone name such as 'Pacific Time (US & Canada)' or an IANA zone id, got 'Atlantis'
    """  # noqa: E501
    expected = "a Rails time-zone name such as 'Pacific Time (US & Canada)' or an IANA zone id"
    if not isinstance(name, str):
        fail(path, expected, name)
    found = _table().get(name)
    if found is not None:
        return found
    if "/" in name and len(name) <= 64 and set(name) <= _IANA_SHAPE:
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return name
    raise error(path, expected, name, show=True)


def iana_zone(name: object, path: str) -> str:
    """An IANA id as Zammad gives it (no Rails names), or an error naming ``path``."""
    if not isinstance(name, str) or len(name) > 64 or not set(name) <= _IANA_SHAPE:
        fail(path, "an IANA zone id such as 'Europe/Berlin'", name, show=True)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fail(path, "an IANA zone id such as 'Europe/Berlin'", name, show=True)
    return name
