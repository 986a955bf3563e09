"""Schedules written in configuration files: mappings, JSON and TOML (private).

>>> schedule_kwargs({"hours": {"mon-fri": "09:00-18:00"}, "timezone": "Asia/Shanghai"})
{'hours': {'mon-fri': '09:00-18:00'}, 'timezone': 'Asia/Shanghai'}
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path

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
    """Parse JSON or TOML text into a configuration mapping."""
    if not isinstance(text, str):
        msg = f"text: expected a {fmt.upper()} string, got {text!r}"
        raise InputTypeError(msg)
    try:
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"text: expected valid {fmt.upper()}, got {text[:80]!r} ({exc})"
        raise InvalidConfigError(msg) from exc
    return schedule_kwargs(data)


def read_config_file(path: object) -> dict[str, object]:
    """Read a ``.json`` or ``.toml`` schedule file."""
    if not isinstance(path, (str, Path)):
        msg = f"path: expected a str or pathlib.Path, got {path!r}"
        raise InputTypeError(msg)
    file = Path(path)
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in {"json", "toml"}:
        msg = f"path: expected a file ending in .json or .toml, got {str(path)!r}"
        raise InvalidConfigError(msg)
    return parse_config_text(file.read_text(encoding="utf-8"), fmt=fmt)
