"""Schedules written in configuration files: mappings, JSON and TOML (private).

>>> schedule_kwargs({"hours": {"mon-fri": "09:00-18:00"}, "timezone": "Asia/Shanghai"})
{'hours': {'mon-fri': '09:00-18:00'}, 'timezone': 'Asia/Shanghai'}
"""

from __future__ import annotations

from collections.abc import Mapping

from csmetrics._core import config as _config
from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = ["CONFIG_KEYS", "parse_config_text", "read_config_file", "schedule_kwargs"]

CONFIG_KEYS = (
    "hours",
    "timezone",
    "holidays",
    "extra_holidays",
    "extra_workdays",
    "workday_hours",
    "changes",
)


def schedule_kwargs(config: object) -> dict[str, object]:
    """Check a configuration mapping and return the keyword arguments of ``Schedule``."""
    if not isinstance(config, Mapping):
        msg = f"config: expected a mapping with an 'hours' key, got {config!r}"
        raise InputTypeError(msg)
    unknown = sorted(str(key) for key in config if key not in CONFIG_KEYS)
    if unknown:
        msg = f"config: expected only the keys {list(CONFIG_KEYS)!r}, got unknown keys {unknown!r}"
        raise InvalidConfigError(msg)
    if "hours" not in config:
        msg = f"config: expected an 'hours' mapping, got the keys {sorted(config)!r}"
        raise InvalidConfigError(msg)
    return {key: config[key] for key in CONFIG_KEYS if key in config}


def parse_config_text(text: str, *, fmt: str) -> dict[str, object]:
    """Parse JSON or TOML text into the keyword arguments of ``Schedule``."""
    return schedule_kwargs(_config.parse_config_text(text, fmt=fmt, source="text"))


def read_config_file(path: object) -> dict[str, object]:
    """Read a ``.json`` or ``.toml`` schedule file."""
    return schedule_kwargs(_config.read_config_file(path))
