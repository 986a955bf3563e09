"""Size limits and fuzzed arguments of the classify entry points: only our errors, never a leak."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics._core.text import MAX_TEXT_LENGTH
from csmetrics.classify import (
    Lexicon,
    Taxonomy,
    categorize,
    categorize_many,
    revisit_state,
    sentiment,
    sentiment_many,
)
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

COMMENT = "服务态度很好，但是物流太慢了。" * 667  # an ordinary long comment: 10,005 characters
TOO_LONG = "好" * (MAX_TEXT_LENGTH + 1)
SECRET = "张三13812345678"

Call = Callable[..., object]
SINGLE: dict[str, Call] = {
    "sentiment": sentiment,
    "categorize": categorize,
    "revisit_state": revisit_state,
}
MANY: dict[str, Call] = {"sentiment_many": sentiment_many, "categorize_many": categorize_many}


@pytest.mark.parametrize("name", SINGLE)
def test_a_ten_thousand_character_comment_is_ordinary_input(name: str) -> None:
    assert SINGLE[name](COMMENT) is not None


@pytest.mark.parametrize("name", SINGLE)
def test_texts_over_the_limit_are_refused_the_same_way(name: str) -> None:
    message = rf"^text: expected at most {MAX_TEXT_LENGTH} characters, got {MAX_TEXT_LENGTH + 1}$"
    with pytest.raises(InvalidInputError, match=message):
        SINGLE[name](TOO_LONG)
    with pytest.raises(InvalidInputError, match=r"^text: expected at most 10 characters, got 11$"):
        SINGLE[name]("好" * 11, max_length=10)
    assert SINGLE[name](TOO_LONG, max_length=MAX_TEXT_LENGTH + 1) is not None


@pytest.mark.parametrize("name", MANY)
def test_batches_apply_the_limit_to_each_text(name: str) -> None:
    assert len(MANY[name]([COMMENT, "好"])) == 2  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^texts\[1\]: expected at most 10 characters"):
        MANY[name](["好", "好" * 11], max_length=10)
    with pytest.raises(InvalidInputError, match=r"^texts\[0\]: expected at most 65536"):
        MANY[name]([TOO_LONG])


@pytest.mark.parametrize("name", [*SINGLE, *MANY])
@pytest.mark.parametrize("bad", [0, -1, 2.5, "10", None, True, math.nan])
def test_max_length_must_be_a_positive_int(name: str, bad: object) -> None:
    call = {**SINGLE, **MANY}[name]
    with pytest.raises(InputTypeError, match=r"^max_length: expected a positive int"):
        call(["好"] if name in MANY else "好", max_length=bad)
    with pytest.raises(InputTypeError, match=r"^max_length: expected a positive int"):
        call([] if name in MANY else "", max_length=bad)


# Fuzz: a table of bad inputs for every argument; anything raised is one of ours.
BAD: list[object] = [
    None,
    "",
    b"bytes",
    bytearray(b"x"),
    0,
    -1,
    10**400,
    10**5000,
    math.nan,
    math.inf,
    -0.0,
    True,
    ["a", ["nested", ["lists"]]],
    [["a"]],
    [None],
    [math.nan],
    {"a": 1},
    {1, 2},
    ("tuple",),
    np.array(["a", "b"]),
    np.array([[1, 2]]),
    np.float64("nan"),
    object(),
    TOO_LONG,
    [TOO_LONG],
    SECRET,
    [SECRET, 3],
    Path("/nonexistent/lexicon.json"),
    "\ud800" * 10,
    "a" + "\u0301" * 5000,
]
OURS = (CsMetricsError, ValidationError)


def _raised(function: Callable[..., object], *args: Any, **kwargs: Any) -> Exception | None:
    try:
        function(*args, **kwargs)
    except OURS as error:
        return error
    return None


def _call(function: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Call; what is raised must be ours and must not echo the value (a file path may be)."""
    error = _raised(function, *args, **kwargs)
    if error is not None and getattr(function, "__name__", "") != "from_file":
        assert SECRET not in str(error)
        assert TOO_LONG[:100] not in str(error)
        if isinstance(error, CsMetricsError):  # (pydantic lists every invalid item)
            assert len(str(error)) < 1000


@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("name", [*SINGLE, *MANY])
def test_bad_texts_raise_only_our_errors(name: str, bad: object) -> None:
    _call({**SINGLE, **MANY}[name], bad)


@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("sentiment", "lexicon"),
        ("sentiment", "scorer"),
        ("sentiment", "max_length"),
        ("categorize", "taxonomy"),
        ("categorize", "max_length"),
        ("revisit_state", "lexicon"),
        ("sentiment_many", "lexicon"),
        ("sentiment_many", "scorer"),
        ("categorize_many", "taxonomy"),
    ],
)
def test_bad_options_raise_only_our_errors(name: str, option: str, bad: object) -> None:
    call = {**SINGLE, **MANY}[name]
    _call(call, ["好"] if name in MANY else "好", **{option: bad})


@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
def test_a_scorer_returning_anything_raises_only_our_errors(bad: object) -> None:
    _call(sentiment, "好", scorer=lambda text: bad)
    _call(sentiment_many, ["好", "差"], scorer=lambda text: bad)


LOADERS: dict[str, Call] = {
    "Lexicon": Lexicon,
    "Lexicon.from_dict": Lexicon.from_dict,
    "Lexicon.from_file": Lexicon.from_file,
    "Lexicon.extend": Lexicon.default().extend,
    "Lexicon.role": Lexicon.default().role,
    "Taxonomy": Taxonomy,
    "Taxonomy.from_dict": Taxonomy.from_dict,
    "Taxonomy.from_file": Taxonomy.from_file,
    "Taxonomy.extend": Taxonomy.default().extend,
    "Taxonomy.names": Taxonomy.default().names,
    "Taxonomy.targets": Taxonomy.default().targets,
    "Taxonomy.subcategory_ids": Taxonomy.default().subcategory_ids,
}
BAD_CONFIGS: list[object] = [
    *BAD,
    {"weights": {"好": math.nan}},
    {"weights": {"好": "a lot"}},
    {"weights": {SECRET: 9.0}},
    {"weights": ["好"]},
    {"weights": {"": 1.0, " ": 2.0}},
    {"weights": {"x" * 500: 1.0}},
    {"negators": [None]},
    {"decision": {"short_text": math.inf}},
    {"categories": [{"id": SECRET}]},
    {"categories": [{"id": "a", "keywords": {SECRET: -1}}]},
    {"categories": [{"id": "a", "keywords": ["x" * 500]}]},
    {"categories": [{"id": "a", "subcategories": [{"id": "b", "keywords": [None]}]}]},
    {"categories": None},
    {"categories": [[]]},
]


@pytest.mark.parametrize("bad", BAD_CONFIGS, ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("name", LOADERS)
def test_loaders_raise_only_our_errors(name: str, bad: object) -> None:
    _call(LOADERS[name], bad)


@given(st.recursive(st.none() | st.text() | st.floats() | st.integers(), st.lists, max_leaves=8))
def test_fuzzed_values_raise_only_our_errors(value: object) -> None:
    for call in (*SINGLE.values(), *MANY.values(), *LOADERS.values()):
        _call(call, value)
