"""PriorityRules: the shipped rules, custom rules from dict/JSON/TOML, extension, validation."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics._core.text import normalize_text
from csmetrics.exceptions import InputTypeError, InvalidConfigError
from csmetrics.models import Channel, CustomerTier, Priority
from csmetrics.priority import (
    ChannelPriorityRule,
    DelayRule,
    KeywordGroup,
    PriorityRules,
    TierRule,
    assign_priority,
)

P1, P2, P3 = Priority.P1, Priority.P2, Priority.P3

CUSTOM = {
    "fallback": "绿",
    "neutral": ["不影响使用"],
    "groups": [
        {"name": "plant down", "priority": "一级", "words": ["停产", "production stopped"]},
        {"name": "question", "priority": 2, "words": ["请问"]},
    ],
    "delay": {"words": ["晚了"], "max_gap": 2},
    "categories": {" Logistics/Damage": "P2"},
    "tiers": [{"tier": "VIP客户", "levels": 2}],
    "channels": [{"channel": "热线", "levels": 1, "applies_to": ["P3"]}],
}
CUSTOM_TOML = """
fallback = "绿"
neutral = ["不影响使用"]

[[groups]]
name = "plant down"
priority = "一级"
words = ["停产", "production stopped"]

[[groups]]
name = "question"
priority = 2
words = ["请问"]

[delay]
words = ["晚了"]
max_gap = 2

[categories]
" Logistics/Damage" = "P2"

[[tiers]]
tier = "VIP客户"
levels = 2

[[channels]]
channel = "热线"
levels = 1
applies_to = ["P3"]
"""

# (text, options, expected priority) under CUSTOM
CUSTOM_CASES = [
    ("工厂停产了", {}, P1),
    ("Production stopped at line 3", {}, P1),
    ("请问怎么开发票", {}, P2),  # the default keywords are gone
    ("漏发", {}, P3),
    ("停产但不影响使用", {}, P1),
    ("不影响使用", {}, P3),
    ("晚了3天", {}, P1),
    ("晚了好久,3天", {}, P3),  # farther than max_gap
    ("外箱变形,产品损坏", {}, P2),  # category default from the custom table
    ("hello", {"customer_tier": "vip"}, P1),  # two levels
    ("hello", {"channel": "phone"}, P2),
    ("请问", {"channel": "phone"}, P2),  # the channel rule applies to P3 only
]


def _custom_sources(tmp_path: Path) -> list[PriorityRules]:
    toml_file = tmp_path / "rules.toml"
    toml_file.write_text(CUSTOM_TOML, encoding="utf-8")
    json_file = tmp_path / "rules.JSON"
    json_file.write_text(json.dumps(CUSTOM, ensure_ascii=False), encoding="utf-8")
    return [
        PriorityRules.from_dict(CUSTOM),
        PriorityRules(**CUSTOM),  # type: ignore[arg-type]
        PriorityRules.from_file(toml_file),
        PriorityRules.from_file(str(json_file)),
    ]


@pytest.mark.parametrize(("text", "options", "expected"), CUSTOM_CASES)
def test_custom_rules_from_every_source(
    tmp_path: Path, text: str, options: dict[str, str], expected: Priority
) -> None:
    sources = _custom_sources(tmp_path)
    assert all(rules == sources[0] for rules in sources)
    for rules in sources:
        assert assign_priority(text, rules=rules, **options).priority is expected  # type: ignore[arg-type]


def test_aliases_in_rules_are_parsed() -> None:
    rules = PriorityRules.from_dict(CUSTOM)
    assert rules.fallback is P3
    assert rules.groups[0].priority is P1
    assert rules.tiers == (TierRule(tier=CustomerTier.VIP, levels=2),)
    assert rules.channels[0].channel is Channel.PHONE
    assert rules.delay == DelayRule(words=("晚了",), max_gap=2)


def test_default_rules_hold_the_spec_keywords() -> None:
    rules = PriorityRules.default()
    assert rules is PriorityRules.default()
    expected = {"漏发": P1, "破损": P1, "今天必须": P1, "建议": P3, "表扬": P3, "发票开具延迟": P2}
    for word, priority in expected.items():
        group = rules.group_of(word)
        assert group is not None
        assert group.priority is priority
    assert rules.group_of("停产") is None
    assert rules.tiers == (TierRule(tier="vip"),)  # type: ignore[arg-type]
    assert rules.channels == (ChannelPriorityRule(channel="social_media", applies_to=("P1", "P2")),)  # type: ignore[arg-type]


def test_extend_adds_company_keywords() -> None:
    rules = PriorityRules.default().extend(p1=["停产"], p2=["保修"], neutral=["不是破损"])
    decision = assign_priority("工厂停产了", rules=rules)
    assert decision.priority is P1
    assert decision.reasons == ("keyword '停产' (custom P1): P1",)
    assert assign_priority("咨询保修政策", rules=rules).priority is P2
    assert assign_priority("不是破损,是划痕", rules=rules).priority is P2
    assert assign_priority("工厂停产了").priority is not P1  # the default rules are unchanged


def test_extend_moves_a_word_between_groups() -> None:
    rules = PriorityRules.default().extend(p3=["破损"]).extend(p3=["停产"], p1=["建议"])
    assert assign_priority("破损", rules=rules).priority is P3
    assert assign_priority("建议", rules=rules).priority is P1
    custom = [group for group in rules.groups if group.name == "custom P3"]
    assert [group.words for group in custom] == [("破损", "停产")]
    assert rules.group_of("表扬") == PriorityRules.default().group_of("表扬")


def test_extend_to_neutral_removes_a_keyword() -> None:
    rules = PriorityRules.default().extend(neutral=["破损"])
    decision = assign_priority("破损", rules=rules)
    assert decision.priority is P2
    assert decision.reasons == ("neutral phrase '破损', no keyword: fallback P2",)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"p1": "停产"}, InputTypeError, "^p1: expected an iterable of str"),
        ({"p2": [1]}, InputTypeError, "^p2: expected str keywords"),
        ({"p1": ["停产"], "p3": ["停产"]}, InvalidConfigError, "^update: expected a valid"),
        ({"neutral": ["  "]}, InvalidConfigError, "expected non-blank keywords"),
    ],
)
def test_extend_validates(kwargs: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        PriorityRules.default().extend(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fallback": "P9"}, "fallback"),
        ({"groups": [{"name": "a", "priority": "P1", "words": ["x"]}] * 2}, "each name once"),
        (
            {
                "groups": [
                    {"name": "a", "priority": "P1", "words": ["破损"]},
                    {"name": "b", "priority": "P3", "words": ["ＰＯ", "破损"]},
                ]
            },
            r"groups\.1\.words\.1: expected each keyword in one group, got one of 'a'",
        ),
        (
            {"neutral": ["破损"], "groups": [{"name": "a", "priority": 1, "words": ["破损"]}]},
            r"neutral\.0: expected each keyword in one group, got one of 'a'",
        ),
        ({"tiers": [{"tier": "vip", "levels": -1}]}, "tiers.0.levels"),
        ({"tiers": [{"tier": "vip"}, {"tier": "VIP客户"}]}, "each tier once"),
        ({"channels": [{"channel": "fax"}]}, "channels.0.channel"),
        ({"channels": [{"channel": ["phone"]}]}, "channels.0.channel"),
        ({"delay": {"words": ["late"], "max_gap": 100}}, "delay.max_gap"),
        ({"groups": [{"name": "a", "priority": "P1", "words": ["x" * 201]}]}, "groups.0.words.0"),
        ({"unknown": 1}, "unknown"),
        ({"categories": ["logistics"]}, "categories"),
        ({"categories": {"logistics": "P5"}}, "categories.logistics"),
    ],
)
def test_invalid_rules_are_config_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidConfigError, match=message) as caught:
        PriorityRules.from_dict(data)
    assert str(caught.value).startswith("rules: expected a valid PriorityRules")
    with pytest.raises(ValidationError):
        PriorityRules.model_validate(data)


def test_from_dict_needs_a_mapping() -> None:
    with pytest.raises(InputTypeError, match=r"^rules: expected a mapping"):
        PriorityRules.from_dict([("fallback", "P1")])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rules.yaml", "fallback: P1", "expected a .toml or .json file"),
        ("rules.toml", "fallback = ", "expected valid TOML"),
        ("rules.json", "{", "expected valid JSON"),
        ("rules.json", "[1, 2]", "expected a mapping"),
        ("rules.toml", 'fallback = "P7"', "expected a valid PriorityRules"),
        ("missing.toml", None, "expected a readable UTF-8 file"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises((InvalidConfigError, InputTypeError), match=message):
        PriorityRules.from_file(path)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes('fallback = "红"'.encode("gb18030"))
    with pytest.raises(InvalidConfigError, match="expected a readable UTF-8 file"):
        PriorityRules.from_file(path)


def test_from_file_needs_a_path() -> None:
    with pytest.raises(InputTypeError, match=r"^path: expected a str or os.PathLike"):
        PriorityRules.from_file(42)  # type: ignore[arg-type]


def test_model_copy_recompiles() -> None:
    rules = PriorityRules.default()
    group = KeywordGroup(name="plant", priority=P1, words=("停产",))
    updated = rules.model_copy(update={"groups": (*rules.groups, group)})
    assert assign_priority("停产", rules=updated).priority is P1
    assert rules.model_copy() == rules
    with pytest.raises(InvalidConfigError, match=r"^update: expected a valid PriorityRules"):
        rules.model_copy(update={"fallback": "P0"})


def test_rules_pickle_and_compare() -> None:
    rules = PriorityRules.default().extend(p1=["停产"])
    data = pickle.dumps(rules)
    assert b"KeywordMatcher" not in data  # the matcher is rebuilt on load, not stored
    again = pickle.loads(data)
    assert again == rules
    assert again != PriorityRules.default()
    assert assign_priority("停产", rules=again).priority is P1


def test_empty_rules_fall_back() -> None:
    decision = assign_priority("漏发 broken", rules=PriorityRules())
    assert decision.priority is P2
    assert decision.reasons == ("no keyword or category rule fired: fallback P2",)


def test_delay_gap_is_configurable() -> None:
    tight = PriorityRules.default().model_copy(
        update={"delay": DelayRule(words=("延迟", "late"), max_gap=0)}
    )
    assert assign_priority("延迟5天", rules=tight).priority is P1
    assert assign_priority("延迟了5天", rules=tight).priority is P2
    assert assign_priority("延迟了5天").priority is P1


@given(
    words=st.lists(
        st.text(min_size=1, max_size=6).filter(lambda w: normalize_text(w).strip()), max_size=5
    )
)
def test_extended_words_always_fire(words: list[str]) -> None:
    rules = PriorityRules.default().extend(p1=words)
    for word in words:
        group = rules.group_of(word)
        assert group is not None
        assert group.name == "custom P1"
        assert assign_priority(f"\n{word}\n", rules=rules).priority is P1
