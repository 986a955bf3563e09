"""The one configuration loader: mappings, JSON or TOML text, files and shipped data.

Every configurable object (schedules, SLA policies, priority rules, routing
tables, lexicons, taxonomies) is read through :func:`load_config` or
:func:`read_config` and validated by :func:`model_from_mapping`. Whatever goes
wrong becomes one :class:`~csmetrics.exceptions.InvalidConfigError` that names
the source (the file, ``text`` or the parameter), the key path and what was
expected, never a bare parser traceback, a pydantic dump or a
``RecursionError``. Limits: text and files of at most ``MAX_CONFIG_BYTES``,
nesting at most ``MAX_CONFIG_DEPTH`` levels deep.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from csmetrics._core.describe import file_shown, shown
from csmetrics.exceptions import InputTypeError, InvalidConfigError, InvalidInputError

__all__ = [
    "MAX_CONFIG_BYTES",
    "MAX_CONFIG_DEPTH",
    "config_errors",
    "instance_or_default",
    "load_config",
    "model_from_mapping",
    "parse_config_text",
    "read_config",
    "read_config_file",
    "read_data_file",
]

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")

MAX_CONFIG_BYTES = 4 * 1024 * 1024
"""Largest configuration text or file, in bytes (UTF-8)."""
MAX_CONFIG_DEPTH = 32
"""Deepest nesting of mappings and lists in a configuration."""
_FORMATS = ("json", "toml")


def _check_depth(data: object, source: str) -> None:
    """Refuse nesting deeper than ``MAX_CONFIG_DEPTH`` (iteratively: no recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Iterable[object] = value.values()
        elif isinstance(value, list | tuple):
            children = value
        else:
            continue
        if depth > MAX_CONFIG_DEPTH:
            msg = f"{source}: expected at most {MAX_CONFIG_DEPTH} levels of nesting, got more"
            raise InvalidConfigError(msg)
        stack.extend((child, depth + 1) for child in children)


def parse_config_text(text: str, *, fmt: str, source: str) -> dict[str, Any]:
    """Parse JSON or TOML ``text`` whose top level must be a mapping.

    Examples
    --------
    >>> parse_config_text('timezone = "Asia/Shanghai"', fmt="toml", source="example")
    {'timezone': 'Asia/Shanghai'}
    >>> parse_config_text('{"a": ' + "[" * 99 + "]" * 99 + "}", fmt="json", source="text")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidConfigError: text: expected at most 32 levels of nesting, got more
    """
    if not isinstance(text, str):
        msg = f"{source}: expected {fmt.upper()} text as str, got {type(text).__name__}"
        raise InputTypeError(msg)
    if fmt not in _FORMATS:
        msg = f"fmt: expected one of {_FORMATS!r}, got {fmt!r}"
        raise InvalidConfigError(msg)
    if len(text) > MAX_CONFIG_BYTES:
        msg = f"{source}: expected at most {MAX_CONFIG_BYTES} characters, got {len(text)}"
        raise InvalidConfigError(msg)
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except ValueError as error:  # decoding errors, and ints of more than 4,300 digits
        msg = f"{source}: expected valid {fmt.upper()}, got an error: {error}"
        raise InvalidConfigError(msg) from None
    except RecursionError:
        msg = f"{source}: expected at most {MAX_CONFIG_DEPTH} levels of nesting, got more"
        raise InvalidConfigError(msg) from None
    if not isinstance(data, dict):
        msg = f"{source}: expected a mapping at the top level, got {type(data).__name__}"
        raise InvalidConfigError(msg)
    _check_depth(data, source)
    return data


def read_config_file(path: object, *, param: str = "path") -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` file into a mapping; the format follows the suffix."""
    if not isinstance(path, str | os.PathLike):
        msg = f"{param}: expected a str or os.PathLike, got {type(path).__name__}"
        raise InputTypeError(msg)
    file = Path(path)
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        msg = f"{param}: expected a .toml or .json file, got {file_shown(path)}"
        raise InvalidConfigError(msg)
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else error  # strerror: no path
        msg = f"{param}: expected a readable UTF-8 file, got {file_shown(path)} ({why})"
        raise InvalidConfigError(msg) from None
    if len(raw) > MAX_CONFIG_BYTES:
        name = file_shown(path, quoted=False)
        msg = f"{name}: expected a file of at most {MAX_CONFIG_BYTES} bytes, got a larger one"
        raise InvalidConfigError(msg)
    return parse_config_text(text, fmt=fmt, source=file_shown(path, quoted=False))


def read_data_file(*parts: str) -> dict[str, Any]:
    """Read a JSON or TOML file shipped in ``csmetrics/data`` (``parts`` of its path)."""
    name = "/".join(parts)
    text = resources.files("csmetrics").joinpath("data", *parts).read_text(encoding="utf-8")
    return parse_config_text(text, fmt=name.rsplit(".", 1)[-1], source=f"csmetrics/data/{name}")


def read_config(
    source: object, *, fmt: str | None = None, param: str = "config"
) -> tuple[Any, str]:
    """The configuration data in ``source`` and a name for it in messages.

    ``source`` is a mapping, JSON or TOML text (``fmt`` given), or the path of
    a ``.json`` / ``.toml`` file (``fmt`` None).
    """
    if fmt is not None:
        return parse_config_text(source, fmt=fmt, source="text"), "text"  # type: ignore[arg-type]
    if isinstance(source, Mapping):
        _check_depth(source, param)
        return source, param
    if isinstance(source, str | os.PathLike) or param == "path":
        return read_config_file(source, param=param), file_shown(source, quoted=False)
    msg = f"{param}: expected a mapping, got {type(source).__name__}"
    raise InputTypeError(msg)


_KEY_PROBLEMS = {"missing": "missing key", "extra_forbidden": "unknown key"}


def _key(part: object) -> str:
    """One key of a key path: as written when it is a short token, else described in brackets."""
    if not isinstance(part, str):
        return str(part)  # a list position
    text = shown(part)
    return text[1:-1] if text.startswith("'") else f"<{text}>"


def _describe(error: ValidationError) -> str:
    """The first problems, each with its key path, without echoing input values.

    A missing or unknown key reads ``missing key 'hours'``; any other problem
    ``key.path: what is wrong``.
    """
    parts = []
    for item in error.errors(include_input=False)[:5]:
        where = ".".join(_key(part) for part in item["loc"]) or "(top level)"
        problem = _KEY_PROBLEMS.get(item["type"])
        text = item["msg"].removeprefix("Value error, ")
        parts.append(f"{problem} '{where}'" if problem else f"{where}: {text}")
    return "; ".join(parts)


def model_from_mapping(cls: type[_M], data: object, source: str, *, expected: str = "") -> _M:
    """Validate ``data`` (a mapping) as ``cls``; errors name ``source`` and the key path.

    ``expected`` describes a valid value (default: "a valid" and the class
    name); the message goes on with the key path and problem of each error.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Example(BaseModel, extra="forbid"):
    ...     hours: int
    >>> model_from_mapping(Example, {"hours": 3, "tz": "UTC"}, "s.toml")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidConfigError: s.toml: expected a valid Example, got unknown key 'tz'
    """
    if not isinstance(data, Mapping):
        msg = f"{source}: expected a mapping, got {type(data).__name__}"
        raise InputTypeError(msg)
    _check_depth(data, source)
    try:
        return cls.model_validate(dict(data))
    except ValidationError as error:
        wanted = expected or f"a valid {cls.__name__}"
        msg = f"{source}: expected {wanted}, got {_describe(error)}"
        raise InvalidConfigError(msg) from None


def load_config(
    cls: type[_M],
    source: object,
    *,
    fmt: str | None = None,
    param: str = "config",
    expected: str = "",
) -> _M:
    """Read ``source`` (see :func:`read_config`) and validate it as ``cls``."""
    data, where = read_config(source, fmt=fmt, param=param)
    return model_from_mapping(cls, data, where, expected=expected)


@contextmanager
def config_errors(source: str) -> Iterator[None]:
    """Report a bad value found while building an object from a configuration as config errors."""
    try:
        yield
    except InvalidConfigError:
        raise
    except InvalidInputError as error:
        msg = f"{source}: {error}"
        raise InvalidConfigError(msg) from None


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
        msg = f"{param}: expected a {cls.__name__} or None, got {kind}"
        raise InputTypeError(msg)
    return value
