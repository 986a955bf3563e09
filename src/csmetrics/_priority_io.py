"""Loading of rule and routing tables from mappings, JSON or TOML files, and shipped data.

Every failure becomes an :class:`~csmetrics.exceptions.InvalidConfigError`
that names the source and what was wrong, so a broken company rule file is
reported as a configuration problem rather than a pydantic traceback.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = ["model_from_data_file", "model_from_file", "model_from_mapping"]

_M = TypeVar("_M", bound=BaseModel)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def model_from_mapping(cls: type[_M], data: object, source: str) -> _M:
    """Validate ``data`` (a mapping) as ``cls``; errors name ``source``."""
    if not isinstance(data, Mapping):
        msg = f"{source}: expected a mapping, got {type(data).__name__} {data!r:.80}"
        raise InputTypeError(msg)
    try:
        return cls.model_validate(dict(data))
    except ValidationError as error:
        msg = f"{source}: expected a valid {cls.__name__}, got {_describe(error)}"
        raise InvalidConfigError(msg) from None


def _parse_text(text: str, suffix: str, source: str) -> object:
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        msg = f"{source}: expected valid {suffix[1:].upper()}, got an error: {error}"
        raise InvalidConfigError(msg) from None


def model_from_file(cls: type[_M], path: object) -> _M:
    """Read a ``.toml`` or ``.json`` file and validate it as ``cls``."""
    if not isinstance(path, str | os.PathLike):
        msg = f"path: expected a str or os.PathLike, got {type(path).__name__} {path!r:.80}"
        raise InputTypeError(msg)
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        msg = f"path: expected a .toml or .json file, got {str(path)!r}"
        raise InvalidConfigError(msg)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"path: expected a readable UTF-8 file, got {str(path)!r} ({error})"
        raise InvalidConfigError(msg) from None
    return model_from_mapping(cls, _parse_text(text, suffix, str(path)), str(path))


def model_from_data_file(cls: type[_M], name: str) -> _M:
    """Validate the TOML file ``name`` shipped in ``csmetrics/data`` as ``cls``."""
    text = resources.files("csmetrics").joinpath("data", name).read_text(encoding="utf-8")
    return model_from_mapping(cls, _parse_text(text, ".toml", name), name)
