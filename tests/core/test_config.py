"""Configuration text and files: one reader, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from csmetrics import InputTypeError, InvalidConfigError
from csmetrics._core.config import (
    MAX_CONFIG_BYTES,
    MAX_CONFIG_DEPTH,
    instance_or_default,
    load_config,
    model_from_mapping,
    parse_config_text,
    read_config_file,
    read_data_file,
)


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ('{"a": 1}', "json", {"a": 1}),
        ("a = 1\n[b]\nc = 'x'", "toml", {"a": 1, "b": {"c": "x"}}),
    ],
)
def test_parse_config_text(text: str, fmt: str, expected: dict[str, object]) -> None:
    assert parse_config_text(text, fmt=fmt, source="s") == expected


@pytest.mark.parametrize(
    ("text", "fmt", "error", "fragment"),
    [
        ("[1, 2]", "json", InvalidConfigError, "top level, got list"),
        ("{", "json", InvalidConfigError, "src: expected valid JSON"),
        ("a = ", "toml", InvalidConfigError, "src: expected valid TOML"),
        ("a: 1", "yaml", InvalidConfigError, "fmt: expected one of"),
        (b"{}", "json", InputTypeError, "src: expected JSON text as str, got bytes"),
    ],
)
def test_parse_config_text_errors(
    text: str, fmt: str, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        parse_config_text(text, fmt=fmt, source="src")


def test_read_config_file_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('zone = "UTC"', encoding="utf-8")
    (tmp_path / "b.JSON").write_text('{"zone": "UTC"}', encoding="utf-8")
    assert read_config_file(tmp_path / "a.toml") == {"zone": "UTC"}
    assert read_config_file(str(tmp_path / "b.JSON")) == {"zone": "UTC"}


def test_read_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidConfigError, match=r"path: expected a \.toml or \.json file"):
        read_config_file(tmp_path / "rules.yaml")
    with pytest.raises(InvalidConfigError, match="path: expected a readable UTF-8 file"):
        read_config_file(tmp_path / "missing.toml")
    (tmp_path / "latin.json").write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(InvalidConfigError, match="readable UTF-8"):
        read_config_file(tmp_path / "latin.json")
    with pytest.raises(InputTypeError, match=r"rules: expected a str or os\.PathLike, got int"):
        read_config_file(42, param="rules")


def test_read_data_file_reads_shipped_data() -> None:
    data = read_data_file("routing.toml")
    assert data
    assert isinstance(data, dict)
    assert data["routes"]["complaint"] == data["complaint"] == "support_supervisor"


class _Point(BaseModel, extra="forbid"):
    x: int
    y: int = 0


@pytest.mark.parametrize(
    ("data", "expected", "error", "message"),
    [
        ([1], "", InputTypeError, r"^point: expected a mapping, got list$"),
        ({"x": "a"}, "", InvalidConfigError, r"^point: expected a valid _Point, got x: Input"),
        ({}, "a point", InvalidConfigError, r"^point: expected a point, got missing key 'x'$"),
        ({"y": "b"}, "", InvalidConfigError, r"got missing key 'x'; y: Input should be"),
        ({"x": 1, "z": 2}, "", InvalidConfigError, r"got unknown key 'z'$"),
    ],
)
def test_model_from_mapping_errors(
    data: object, expected: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        model_from_mapping(_Point, data, "point", expected=expected)


def test_model_from_mapping_and_files(tmp_path: Path) -> None:
    assert model_from_mapping(_Point, {"x": 1}, "point") == _Point(x=1)
    (tmp_path / "p.json").write_text('{"x": 2, "y": 3}', encoding="utf-8")
    assert load_config(_Point, tmp_path / "p.json") == _Point(x=2, y=3)
    assert load_config(_Point, '{"x": 4}', fmt="json") == _Point(x=4)
    assert load_config(_Point, "x = 5", fmt="toml") == _Point(x=5)
    (tmp_path / "p.json").write_text('{"y": 3}', encoding="utf-8")
    with pytest.raises(InvalidConfigError, match=r"p\.json: expected a valid _Point"):
        load_config(_Point, tmp_path / "p.json")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, {"default": True}), ({"given": 1}, {"given": 1}), ({}, {})],
)
def test_instance_or_default(value: object, expected: dict[str, object]) -> None:
    assert instance_or_default(value, dict, lambda: {"default": True}, param="table") == expected


def test_instance_or_default_rejects_other_types() -> None:
    with pytest.raises(InputTypeError, match=r"^table: expected a dict or None, got list$"):
        instance_or_default([1], dict, dict, param="table")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_deep_nesting_is_a_config_error_not_a_recursion_error(fmt: str) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    text = f'{{"a": {deep}}}' if fmt == "json" else f"a = {deep}"
    with pytest.raises(InvalidConfigError, match="levels of nesting"):
        parse_config_text(text, fmt=fmt, source="text")


def test_nesting_at_the_limit_is_fine_and_one_more_is_not() -> None:
    def nested(depth: int) -> dict[str, object]:
        value: dict[str, object] = {}
        for _ in range(depth - 1):
            value = {"k": value}
        return value

    assert model_from_mapping(_Loose, nested(MAX_CONFIG_DEPTH), "c")
    with pytest.raises(InvalidConfigError, match="at most 32 levels"):
        model_from_mapping(_Loose, nested(MAX_CONFIG_DEPTH + 1), "c")


class _Loose(BaseModel, extra="allow"):
    pass


def test_oversized_text_and_files_are_refused(tmp_path: Path) -> None:
    big = '{"a": "' + "x" * MAX_CONFIG_BYTES + '"}'
    with pytest.raises(InvalidConfigError, match="at most"):
        parse_config_text(big, fmt="json", source="text")
    (tmp_path / "big.json").write_text(big, encoding="utf-8")
    with pytest.raises(InvalidConfigError, match="at most"):
        read_config_file(tmp_path / "big.json")
