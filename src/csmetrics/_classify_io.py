"""Reading lexicon and taxonomy files (JSON or TOML) from disk or from package data."""

from __future__ import annotations

import json
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = ["load_mapping", "load_package_json"]


def _parse(raw: str, suffix: str, source: str) -> Any:
    try:
        if suffix == ".toml":
            return tomllib.loads(raw)
        return json.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as err:
        msg = (
            f"path: expected valid {suffix.lstrip('.').upper()} in {source!r}, got an error: {err}"
        )
        raise InvalidConfigError(msg) from err


def load_mapping(path: str | os.PathLike[str], *, what: str) -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` file holding one mapping (a `what` definition)."""
    if not isinstance(path, str | os.PathLike):
        msg = f"path: expected a str or os.PathLike, got {type(path).__name__} {path!r:.80}"
        raise InputTypeError(msg)
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in {".json", ".toml"}:
        msg = f"path: expected a {what} file ending in .json or .toml, got {str(file)!r}"
        raise InvalidConfigError(msg)
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        msg = f"path: expected a readable UTF-8 {what} file, got {str(file)!r} ({err})"
        raise InvalidConfigError(msg) from err
    data = _parse(raw, suffix, str(file))
    if not isinstance(data, dict):
        kind = type(data).__name__
        msg = f"path: expected a {what} mapping at the top of {str(file)!r}, got {kind}"
        raise InvalidConfigError(msg)
    return data


def load_package_json(*parts: str) -> dict[str, Any]:
    """Read a JSON mapping shipped under ``csmetrics/data``."""
    resource = resources.files("csmetrics").joinpath("data", *parts)
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data
