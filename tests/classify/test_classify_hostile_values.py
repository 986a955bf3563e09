"""Hostile values at the classify enumerations and config loaders: refused, never echoed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.classify import Lexicon, RevisitState, Role, Sentiment, Taxonomy
from csmetrics.exceptions import InvalidConfigError, InvalidInputError

SECRET = "张三 13812345678"
ENUMS = [Sentiment, RevisitState, Role]


@pytest.mark.parametrize("enum", ENUMS)
@pytest.mark.parametrize("value", [SECRET, "13812345678", 12345, -1, 10**40, None, b"x"])
def test_enums_refuse_unknown_values_without_echo(enum: Any, value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        enum(value)
    message = str(caught.value)
    assert enum.__name__ in message
    assert "13812345678" not in message
    assert "张三" not in message


@given(st.text(min_size=1))
def test_sentiment_enum_never_echoes_text(value: str) -> None:
    if value in {"positive", "neutral", "negative"}:
        return
    with pytest.raises(InvalidInputError) as caught:
        Sentiment(value)
    plural = "s" * (len(value) != 1)
    assert str(caught.value).endswith(f"got str of {len(value)} character{plural}")


@pytest.mark.parametrize(
    ("build", "data"),
    [
        (Lexicon.from_dict, {"decision": {SECRET: 1.0}}),
        (Lexicon.from_dict, {SECRET: 1.0}),
        (Lexicon.from_dict, {"weights": {SECRET: "x"}}),
        (Taxonomy.from_dict, {SECRET: []}),
        (Taxonomy.from_dict, {"categories": [{"id": SECRET}]}),
        (Taxonomy.from_dict, {"categories": [{"id": "a", "keywords": {SECRET: SECRET}}]}),
    ],
)
def test_config_loaders_do_not_echo_keys_or_values(build: Any, data: dict[str, Any]) -> None:
    with pytest.raises(InvalidConfigError) as caught:
        build(data)
    assert "13812345678" not in str(caught.value)
    assert "张三" not in str(caught.value)
