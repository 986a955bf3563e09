"""Loading of rule and routing tables from mappings, JSON or TOML files, and shipped data.

Every failure becomes an :class:`~csmetrics.exceptions.InvalidConfigError`
that names the source and what was wrong, so a broken company rule file is
reported as a configuration problem rather than a pydantic traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from csmetrics._config import read_config_file, read_data_file
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


def model_from_file(cls: type[_M], path: object) -> _M:
    """Read a ``.toml`` or ``.json`` file and validate it as ``cls``."""
    return model_from_mapping(cls, read_config_file(path), str(path))


def model_from_data_file(cls: type[_M], name: str) -> _M:
    """Validate the TOML file ``name`` shipped in ``csmetrics/data`` as ``cls``."""
    return model_from_mapping(cls, read_data_file(name), name)
