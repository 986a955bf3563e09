"""Reading configuration mappings from JSON or TOML text, files and shipped data.

One mechanism for every configurable object (schedules, SLA policies,
priority rules, routing tables, lexicons, taxonomies): each failure becomes an
:class:`~csmetrics.exceptions.InvalidConfigError` naming the source and what
was wrong, never a bare parser traceback.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = [
    "instance_or_default",
    "model_from_data_file",
    "model_from_file",
    "model_from_mapping",
    "parse_config_text",
    "read_config_file",
    "read_data_file",
]

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")

_FORMATS = ("json", "toml")


def parse_config_text(text: str, *, fmt: str, source: str) -> dict[str, Any]:
    """Parse JSON or TOML ``text`` whose top level must be a mapping.

    Examples
    --------
    >>> parse_config_text('timezone = "Asia/Shanghai"', fmt="toml", source="example")
    {'timezone': 'Asia/Shanghai'}
    """
    if not isinstance(text, str):
        msg = f"{source}: expected {fmt.upper()} text as str, got {type(text).__name__}"
        raise InputTypeError(msg)
    if fmt not in _FORMATS:
        msg = f"fmt: expected one of {_FORMATS!r}, got {fmt!r}"
        raise InvalidConfigError(msg)
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        msg = f"{source}: expected valid {fmt.upper()}, got an error: {error}"
        raise InvalidConfigError(msg) from None
    if not isinstance(data, dict):
        msg = f"{source}: expected a mapping at the top level, got {type(data).__name__}"
        raise InvalidConfigError(msg)
    return data


def read_config_file(path: object, *, param: str = "path") -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` file into a mapping; the format follows the suffix."""
    if not isinstance(path, str | os.PathLike):
        msg = f"{param}: expected a str or os.PathLike, got {type(path).__name__} {path!r:.80}"
        raise InputTypeError(msg)
    file = Path(path)
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        msg = f"{param}: expected a .toml or .json file, got {str(path)!r}"
        raise InvalidConfigError(msg)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{param}: expected a readable UTF-8 file, got {str(path)!r} ({error})"
        raise InvalidConfigError(msg) from None
    return parse_config_text(text, fmt=fmt, source=str(path))


def read_data_file(*parts: str) -> dict[str, Any]:
    """Read a JSON or TOML file shipped in ``csmetrics/data`` (``parts`` of its path)."""
    name = "/".join(parts)
    text = resources.files("csmetrics").joinpath("data", *parts).read_text(encoding="utf-8")
    return parse_config_text(text, fmt=name.rsplit(".", 1)[-1], source=f"csmetrics/data/{name}")


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def model_from_mapping(cls: type[_M], data: object, source: str, *, expected: str = "") -> _M:
    """Validate ``data`` (a mapping) as ``cls``; errors name ``source`` and ``expected``.

    ``expected`` describes a valid value in the error message (default: the class name).
    """
    if not isinstance(data, Mapping):
        msg = f"{source}: expected a mapping, got {type(data).__name__} {data!r:.80}"
        raise InputTypeError(msg)
    try:
        return cls.model_validate(dict(data))
    except ValidationError as error:
        wanted = expected or f"a valid {cls.__name__}"
        msg = f"{source}: expected {wanted}, got {_describe(error)}"
        raise InvalidConfigError(msg) from None


def model_from_file(cls: type[_M], path: object) -> _M:
    """Read a ``.toml`` or ``.json`` file and validate it as ``cls``."""
    return model_from_mapping(cls, read_config_file(path), str(path))


def model_from_data_file(cls: type[_M], name: str) -> _M:
    """Validate the file ``name`` shipped in ``csmetrics/data`` as ``cls``."""
    return model_from_mapping(cls, read_data_file(name), name)


def instance_or_default(
    value: object, cls: type[_T], default: Callable[[], _T], *, param: str
) -> _T:
    """Return `value` if it is a `cls`, ``default()`` for ``None``, else raise ``InputTypeError``.

    Examples
    --------
    >>> instance_or_default(None, dict, dict, param="table")
    {}
    """
    if value is None:
        return default()
    if not isinstance(value, cls):
        kind = type(value).__name__
        msg = f"{param}: expected a {cls.__name__} or None, got {kind} {value!r:.80}"
        raise InputTypeError(msg)
    return value
