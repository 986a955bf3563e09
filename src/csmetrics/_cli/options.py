"""Option values of the command: service hours, instants and dates, zones, schedules, policies.

Each parser raises :class:`UsageError` (exit code 2) for a value typed on the
command line that is wrong, and :class:`InputError` (exit code 4) for a file
named on the command line that cannot be read or holds something wrong. The
messages describe a wrong value by its shape, never echo it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from csmetrics._core.describe import describe
from csmetrics._core.zones import resolve_timezone
from csmetrics._schedule.config import read_schedule_config
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.policy import SlaPolicy, preset_names
from csmetrics.exceptions import CsMetricsError

__all__ = [
    "MAX_OPTION_LENGTH",
    "InputError",
    "UsageError",
    "load_policy",
    "load_schedule",
    "parse_hours_spec",
    "parse_instant",
    "parse_zone",
]

MAX_OPTION_LENGTH = 4096
"""Longest option value read (``--hours``, instants, zone names)."""
_GROUP = re.compile(r"^\s*([A-Za-z]+(?:\s*-\s*[A-Za-z]+)?)\s+(\S.*?)\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(Exception):
    """The command line is wrong: an unknown option, a missing or malformed value."""


class InputError(Exception):
    """A file named on the command line cannot be read, or holds something wrong."""


def _bounded(text: str, option: str) -> str:
    if len(text) > MAX_OPTION_LENGTH:
        msg = f"{option}: expected at most {MAX_OPTION_LENGTH} characters, got {len(text)}"
        raise UsageError(msg)
    return text


def parse_hours_spec(spec: str) -> dict[str, str]:
    """The ``Schedule(hours)`` mapping of an ``--hours`` value.

    Groups are separated by ``;``; each is day keys (``mon``, ``mon-fri``,
    ``daily``) and the ranges of ``Schedule(hours)``, comma-separated.

    Examples
    --------
    >>> parse_hours_spec("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00")
    {'mon-fri': '09:00-12:00,13:00-18:00', 'sat': '10:00-14:00'}
    >>> parse_hours_spec("daily 08:00-22:00; sun closed")
    {'daily': '08:00-22:00', 'sun': 'closed'}
    """
    _bounded(spec, "--hours")
    hours: dict[str, str] = {}
    groups = [group for group in spec.split(";") if group.strip()]
    if not groups:
        msg = "--hours: expected groups such as 'mon-fri 09:00-18:00', got an empty value"
        raise UsageError(msg)
    for number, group in enumerate(groups, start=1):
        found = _GROUP.match(group)
        if found is None:
            msg = (
                f"--hours: group {number}: expected day keys and ranges such as "
                f"'mon-fri 09:00-12:00,13:00-18:00', got {describe(group.strip())}"
            )
            raise UsageError(msg)
        key = re.sub(r"\s+", "", found.group(1)).lower()
        ranges = re.sub(r"\s*,\s*", ",", found.group(2))
        if key in hours:
            msg = f"--hours: group {number}: the day key {key!r} appears twice"
            raise UsageError(msg)
        hours[key] = ranges
    try:
        Schedule(hours)
    except CsMetricsError as error:
        msg = f"--hours: {error}"
        raise UsageError(msg) from None
    return hours


def parse_zone(name: str | None) -> dt.tzinfo | None:
    """The zone of ``--timezone`` (an IANA name such as ``Asia/Shanghai``), None when absent."""
    if name is None:
        return None
    _bounded(name, "--timezone")
    try:
        return resolve_timezone(name)
    except CsMetricsError as error:
        msg = f"--timezone: {error}"
        raise UsageError(msg) from None


def parse_instant(text: str, option: str, zone: dt.tzinfo) -> dt.datetime:
    """An aware instant of ``text``: a date (local midnight in ``zone``) or an ISO 8601 instant.

    A date or time without an offset is in ``zone``.

    Examples
    --------
    >>> parse_instant("2025-03-03", "--since", dt.UTC).isoformat()
    '2025-03-03T00:00:00+00:00'
    >>> parse_instant("2025-03-03T09:30+08:00", "--now", dt.UTC).isoformat()
    '2025-03-03T09:30:00+08:00'
    """
    _bounded(text, option)
    value = text.strip()
    try:
        if _DATE.match(value):
            day = dt.date.fromisoformat(value)
            moment = dt.datetime(day.year, day.month, day.day)  # noqa: DTZ001 - zone set below
        else:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        msg = (
            f"{option}: expected a date (2025-03-03) or an ISO 8601 instant "
            f"(2025-03-03T09:00+08:00), got {describe(value)}"
        )
        raise UsageError(msg) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _file_name(path: str) -> str:
    return Path(path).name


def load_schedule(
    schedule: str | None,
    hours: str | None,
    country: str | None,
    zone: dt.tzinfo | None,
) -> Schedule | None:
    """The schedule of ``--schedule FILE`` or ``--hours SPEC [--country CC]``, None when neither.

    ``zone`` (``--timezone``), when given, is the schedule's zone.
    """
    if schedule is not None and hours is not None:
        msg = "--schedule and --hours: expected one of them, got both"
        raise UsageError(msg)
    if country is not None and hours is None:
        msg = "--country: expected together with --hours (a schedule file names its holidays)"
        raise UsageError(msg)
    if schedule is not None:
        try:
            kwargs, _ = read_schedule_config(schedule, param="--schedule")
            if zone is not None:
                kwargs["timezone"] = zone
            return Schedule(**kwargs)
        except CsMetricsError as error:
            msg = f"--schedule {_file_name(schedule)}: {error}"
            raise InputError(msg) from None
    if hours is None:
        return None
    mapping = parse_hours_spec(hours)
    holidays = None
    if country is not None:
        _bounded(country, "--country")
        holidays = country.strip().upper()
    try:
        return Schedule(mapping, timezone=zone or dt.UTC, holidays=holidays)
    except CsMetricsError as error:
        msg = f"--country: {error}" if holidays is not None else f"--hours: {error}"
        raise UsageError(msg) from None


def load_policy(policy: str | None) -> SlaPolicy:
    """The SLA policy of ``--policy``: a preset name or a ``.toml`` / ``.json`` file.

    Without the option, the ``tiered`` preset.
    """
    name = "tiered" if policy is None else _bounded(policy, "--policy")
    if name in preset_names():
        return SlaPolicy.preset(name)
    if not name.lower().endswith((".toml", ".json")):
        msg = (
            f"--policy: expected a preset ({', '.join(preset_names())}) or a .toml / .json "
            f"file, got {describe(name)}"
        )
        raise UsageError(msg)
    try:
        return SlaPolicy.load(name)
    except CsMetricsError as error:
        msg = f"--policy {_file_name(name)}: {error}"
        raise InputError(msg) from None
