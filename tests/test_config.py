"""Configuration text and files: one reader, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from csmetrics import InputTypeError, InvalidConfigError
from csmetrics._config import parse_config_text, read_config_file, read_data_file


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
