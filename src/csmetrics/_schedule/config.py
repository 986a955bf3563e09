"""Schedules written in configuration files: mappings, JSON and TOML (private).

A schedule configuration holds the keyword arguments of ``Schedule``; it is
read by the one configuration loader, so an unknown key, a missing ``hours``
or a bad value is an ``InvalidConfigError`` naming the source and the key.

>>> schedule_kwargs({"hours": {"mon-fri": "09:00-18:00"}, "timezone": "Asia/Shanghai"}, "config")
{'hours': {'mon-fri': '09:00-18:00'}, 'timezone': 'Asia/Shanghai'}
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from csmetrics._core.config import model_from_mapping, read_config
from csmetrics._core.frozen import FrozenModel

__all__ = ["ScheduleConfig", "read_schedule_config", "schedule_kwargs"]


class ScheduleConfig(FrozenModel):
    """The keys of a schedule configuration; the values are checked by ``Schedule``."""

    hours: Any = Field(description="day keys -> hours, as for Schedule(hours)")
    timezone: Any = None
    holidays: Any = None
    extra_holidays: Any = None
    extra_workdays: Any = None
    workday_hours: Any = None
    changes: Any = None


def schedule_kwargs(config: object, source: str) -> dict[str, Any]:
    """The keyword arguments of ``Schedule`` in a configuration mapping (only the keys given)."""
    checked = model_from_mapping(ScheduleConfig, config, source, expected="a schedule")
    given = checked.model_fields_set
    return {key: getattr(checked, key) for key in ScheduleConfig.model_fields if key in given}


def read_schedule_config(
    source: object, *, fmt: str | None = None, param: str = "config"
) -> tuple[dict[str, Any], str]:
    """The keyword arguments of ``Schedule`` in a mapping, text or file, and the source's name."""
    data, where = read_config(source, fmt=fmt, param=param)
    return schedule_kwargs(data, where), where
