"""assign_priority: the SPEC examples (zh + en), matrix, raises, categories, override."""

from __future__ import annotations

import pytest

from csmetrics._core.text import normalize_text
from csmetrics.exceptions import InputTypeError, InvalidInputError
from csmetrics.models import Channel, CustomerTier, Priority
from csmetrics.priority import (
    PriorityDecision,
    PriorityRules,
    assign_priority,
    override,
)

P1, P2, P3 = Priority.P1, Priority.P2, Priority.P3

# (text, expected priority, a word that must appear in the reasons)
SPEC_CASES = [
    ("漏发", P1, "漏发"),
    ("破损", P1, "破损"),
    ("今天必须", P1, "今天必须"),
    ("建议", P3, "建议"),
    ("表扬", P3, "表扬"),
    ("我的货已经延迟5天了！", P1, "5天"),
    ("我的货已经延迟5天了!", P1, "5天"),
    ("我的货已经延迟５天了！", P1, "5天"),
    ("APP退款按钮找不到", P2, "找不到"),
    ("ＡＰＰ退款按钮找不到", P2, "找不到"),
    ("发票开具延迟", P2, "发票开具延迟"),
    ("产品破损需紧急补发", P1, "破损"),
    ("今天必须收到货，否则取消合作", P1, "今天必须"),
    ("今天必须收到货,否则取消合作", P1, "取消合作"),
    ("希望增加夜间客服", P3, "希望增加"),
    ("上次处理问题的小张很棒", P3, "很棒"),
    ("建议包装再加层泡沫", P3, "建议"),
    ("missing item", P1, "missing item"),
    ("The parcel arrived damaged", P1, "damaged"),
    ("It must arrive today", P1, "must arrive today"),
    ("my order is 5 days late!", P1, "5 days"),
    ("My order is 5 days late！", P1, "5 days"),
    ("A suggestion: add night shifts", P3, "suggestion"),
    ("Praise for Zhang, who fixed it", P3, "praise"),
    ("I can't find the refund button in the app", P2, "can't find"),
    ("I can’t find the refund button", P2, "can’t find"),
    ("invoice delayed", P2, "invoice delayed"),
    ("我的貨已經延遲5天了！", P1, "延迟"),  # Traditional Chinese folds onto the same rules
    ("Invoice delayed again", P2, "invoice delayed"),
]


@pytest.mark.parametrize(("text", "expected", "word"), SPEC_CASES)
def test_spec_examples(text: str, expected: Priority, word: str) -> None:
    decision = assign_priority(text)
    assert decision.priority is expected
    # Reasons name the keyword as the one text pipeline normalises it (’ becomes ').
    assert any(normalize_text(word) in reason for reason in decision.reasons), decision.reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("我的货已经延迟5天了！", "logistics delay counted in days: '延迟' near '5天': P1"),
        ("包裹延误了整整两周", "logistics delay counted in days: '延误' near '两周': P1"),
        (
            "the package is late by 3 days",
            "logistics delay counted in days: 'late' near '3 days': P1",
        ),
        (
            "delayed for several days now",
            "logistics delay counted in days: 'delayed' near 'several days': P1",
        ),
    ],
)
def test_delay_in_days_names_the_rule(text: str, reason: str) -> None:
    decision = assign_priority(text)
    assert decision.priority is P1
    assert decision.reasons[0] == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发票开具延迟", P2),  # the invoice 延迟 is not a logistics delay
        ("发票开具延迟5天", P2),  # the invoice phrase hides the delay word
        ("物流延迟了", P2),  # a delay without a count of days
        ("the delivery is late", P2),
        ("see you in 5 days", P2),  # a count of days without a delay word
        ("my invoice delayed 5 days", P2),
        ("延迟5日", P2),  # 5日 is a date, not a count of days
    ],
)
def test_delay_without_days_or_invoice_is_not_red(text: str, expected: Priority) -> None:
    assert assign_priority(text).priority is expected


INQUIRIES = [
    "咨询保修政策",
    "请问保修政策是什么",
    "咨询一下保修期多久",
    "question about the warranty policy",
]


@pytest.mark.parametrize("text", INQUIRIES)
def test_warranty_inquiries_are_p2_or_p3(text: str) -> None:
    assert assign_priority(text).priority in (P2, P3)


def test_urgent_damage_does_not_sink_among_inquiries() -> None:
    tickets = [*INQUIRIES[:2], "产品破损需紧急补发", *INQUIRIES[2:]]
    ranked = sorted(tickets, key=lambda text: assign_priority(text).level)
    assert ranked[0] == "产品破损需紧急补发"
    assert assign_priority(ranked[1]).level > assign_priority(ranked[0]).level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("没有破损，想咨询一下保修", P3),
        ("外包装没破损", P2),
        ("不紧急，建议增加夜间客服", P3),
        ("not urgent, just a suggestion", P3),
        ("the box has no damage, thanks", P3),
    ],
)
def test_neutral_phrases_hide_keywords(text: str, expected: Priority) -> None:
    assert assign_priority(text).priority is expected


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("订单A商品发成B商品", P1, "category logistics/wrong_or_missing_item"),
        ("界面操作步骤过多", P3, "category suggestion"),
        ("等待超过2小时未接通", P2, "category service"),
        ("hello", P2, "no keyword or category rule fired: fallback P2"),
        ("", P2, "no keyword or category rule fired: fallback P2"),
    ],
)
def test_category_defaults_when_no_keyword_fires(
    text: str, expected: Priority, reason: str
) -> None:
    decision = assign_priority(text)
    assert decision.priority is expected
    assert decision.reasons[0].startswith(reason), decision.reasons


def test_category_defaults_can_be_turned_off() -> None:
    rules = PriorityRules.default().model_copy(update={"categories": {}})
    decision = assign_priority("订单A商品发成B商品", rules=rules)
    assert decision.priority is P2
    assert decision.reasons == ("no keyword or category rule fired: fallback P2",)


MATRIX = [
    ("high", "high", P1),
    ("high", "medium", P1),
    ("high", "low", P2),
    ("medium", "high", P1),
    ("medium", "medium", P2),
    ("medium", "low", P3),
    ("low", "high", P2),
    ("low", "medium", P3),
    ("low", "low", P3),
]
SPELLINGS = {
    "high": (1, "高", "HIGH", "1", "h"),
    "medium": (2, "中", "Med", "2"),
    "low": (3, "低", " low "),
}


@pytest.mark.parametrize(("impact", "urgency", "expected"), MATRIX)
def test_matrix(impact: str, urgency: str, expected: Priority) -> None:
    decision = assign_priority("printer", impact=impact, urgency=urgency)
    assert decision.priority is expected
    assert decision.reasons == (f"impact {impact} x urgency {urgency}: {expected}",)
    for spelled_impact in SPELLINGS[impact]:
        for spelled_urgency in SPELLINGS[urgency]:
            found = assign_priority("printer", impact=spelled_impact, urgency=spelled_urgency)
            assert found.priority is expected


@pytest.mark.parametrize(
    ("impact", "urgency", "expected", "note"),
    [
        ("high", None, P1, "(urgency not given, medium assumed)"),
        (None, "低", P3, "(impact not given, medium assumed)"),
    ],
)
def test_matrix_with_one_axis(
    impact: str | None, urgency: str | None, expected: Priority, note: str
) -> None:
    decision = assign_priority("printer", impact=impact, urgency=urgency)
    assert decision.priority is expected
    assert decision.reasons[0].endswith(note)


@pytest.mark.parametrize(
    ("text", "impact", "urgency", "expected"),
    [
        ("漏发两件", "low", "low", P1),  # a red keyword raises the matrix
        ("建议包装再加层泡沫", "high", "high", P1),  # a green keyword does not lower it
        ("订单A商品发成B商品", "low", "low", P3),  # category defaults give way to the matrix
        ("hello", "low", "low", P3),  # and so does the fallback
    ],
)
def test_matrix_and_keywords(text: str, impact: str, urgency: str, expected: Priority) -> None:
    assert assign_priority(text, impact=impact, urgency=urgency).priority is expected


def test_keywords_above_matrix_are_explained() -> None:
    decision = assign_priority("漏发两件", impact="low", urgency="low")
    assert decision.reasons[:2] == (
        "impact low x urgency low: P3",
        "keywords more urgent than the matrix: P3 -> P1",
    )


VIP_CASES = [
    ("希望增加夜间客服", P3, P2),
    ("发票开具延迟", P2, P1),
    ("漏发", P1, P1),
    ("hello", P2, P1),
]


@pytest.mark.parametrize(("text", "base", "raised"), VIP_CASES)
@pytest.mark.parametrize("tier", ["vip", "VIP", "VIP客户", " Vip ", CustomerTier.VIP, "大客户"])
def test_vip_raises_one_level(text: str, base: Priority, raised: Priority, tier: object) -> None:
    decision = assign_priority(text, customer_tier=tier)  # type: ignore[arg-type]
    assert (decision.base, decision.priority) == (base, raised)
    expected = f"stays {base}" if base is P1 else f"raised {base} -> {raised}"
    assert decision.reasons[-1] == f"customer tier vip: {expected}"


@pytest.mark.parametrize(("text", "base", "raised"), VIP_CASES)
@pytest.mark.parametrize("tier", ["normal", "普通客户", CustomerTier.NORMAL, None])
def test_normal_tier_changes_nothing(
    text: str, base: Priority, raised: Priority, tier: object
) -> None:
    decision = assign_priority(text, customer_tier=tier)  # type: ignore[arg-type]
    assert decision.priority is base is decision.base
    assert raised.level <= base.level


@pytest.mark.parametrize(
    ("text", "channel", "expected", "last_reason"),
    [
        ("客服态度差", "social_media", P1, "channel social_media: raised P2 -> P1"),
        ("客服态度差", "微博", P1, "channel social_media: raised P2 -> P1"),
        ("客服态度差", Channel.SOCIAL_MEDIA, P1, "channel social_media: raised P2 -> P1"),
        (
            "上次处理问题的小张很棒",
            "social_media",
            P3,
            "channel social_media: rule does not apply to a base P3",
        ),
        ("客服态度差", "phone", P2, "keyword '态度差' (service experience): P2"),
        ("客服态度差", Channel.EMAIL, P2, "keyword '态度差' (service experience): P2"),
    ],
)
def test_channel_rules(text: str, channel: object, expected: Priority, last_reason: str) -> None:
    decision = assign_priority(text, channel=channel)  # type: ignore[arg-type]
    assert decision.priority is expected
    assert decision.reasons[-1] == last_reason


def test_raises_look_at_the_base_priority() -> None:
    decision = assign_priority("表扬小张", customer_tier="vip", channel="social_media")
    assert (decision.base, decision.priority) == (P3, P2)
    decision = assign_priority("客服态度差", customer_tier="vip", channel="social_media")
    assert decision.reasons[-2:] == (
        "customer tier vip: raised P2 -> P1",
        "channel social_media: stays P1",
    )


def test_channel_rule_is_configurable() -> None:
    rules = PriorityRules.default().model_copy(
        update={"channels": ({"channel": "email", "levels": 2},)}
    )
    assert assign_priority("建议", channel="email", rules=rules).priority is P1
    assert assign_priority("客服态度差", channel="social_media", rules=rules).priority is P2


@pytest.mark.parametrize(
    ("kwargs", "error", "param"),
    [
        ({"impact": "urgent"}, InvalidInputError, "impact"),
        ({"impact": 4}, InvalidInputError, "impact"),
        ({"impact": 0}, InvalidInputError, "impact"),
        ({"urgency": "最高"}, InvalidInputError, "urgency"),
        ({"urgency": 1.0}, InputTypeError, "urgency"),
        ({"impact": True}, InputTypeError, "impact"),
        ({"customer_tier": "gold"}, InvalidInputError, "customer_tier"),
        ({"customer_tier": 1}, InputTypeError, "customer_tier"),
        ({"channel": " "}, InvalidInputError, "channel"),
        ({"channel": ["phone"]}, InputTypeError, "channel"),
        ({"rules": {"groups": []}}, InputTypeError, "rules"),
    ],
)
def test_bad_options_name_the_parameter(kwargs: dict[str, object], error: type, param: str) -> None:
    with pytest.raises(error, match=rf"^{param}: expected"):
        assign_priority("漏发", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, b"\xe6\xbc\x8f", 123, ["漏发"]])
def test_non_str_text_raises(text: object) -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str"):
        assign_priority(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["\ud800漏发", "漏\x00发", "\x1b[31m建议\x7f", "\udfff" * 3, "\u200b"]
)
def test_hostile_unicode_does_not_crash(text: str) -> None:
    assert isinstance(assign_priority(text).priority, Priority)


def test_override_records_everything() -> None:
    original = assign_priority("咨询保修政策")
    changed = override(original, to="红", reason=" contract renewal this week ", by="王*")
    assert changed.priority is P1
    assert changed.overridden_from == original
    assert changed.override_reason == "contract renewal this week"
    assert changed.overridden_by == "王*"
    assert changed.is_overridden
    assert not original.is_overridden
    assert changed.reasons == (
        *original.reasons,
        "override P3 -> P1 by 王*: contract renewal this week",
    )
    assert (changed.base, changed.matched) == (original.base, original.matched)
    assert original.priority is P3  # the original is untouched


def test_override_chains_and_serialises() -> None:
    first = override(assign_priority("漏发"), to=3, reason="duplicate ticket")
    second = override(first, to=Priority.P2, reason="customer called again")
    assert second.overridden_from == first
    assert second.overridden_from.overridden_from == assign_priority("漏发")
    assert second.reasons[-1] == "override P3 -> P2: customer called again"
    assert PriorityDecision.model_validate_json(second.model_dump_json()) == second


@pytest.mark.parametrize(
    ("kwargs", "error", "param"),
    [
        ({"to": "P1", "reason": ""}, InvalidInputError, "reason"),
        ({"to": "P1", "reason": "  \n"}, InvalidInputError, "reason"),
        ({"to": "P1", "reason": None}, InputTypeError, "reason"),
        ({"to": "P1", "reason": "ok", "by": 7}, InputTypeError, "by"),
        ({"to": "P4", "reason": "ok"}, InvalidInputError, "priority"),
    ],
)
def test_override_validates(kwargs: dict[str, object], error: type, param: str) -> None:
    with pytest.raises(error, match=rf"^{param}: expected"):
        override(assign_priority("漏发"), **kwargs)  # type: ignore[arg-type]


def test_override_needs_a_decision_and_a_reason() -> None:
    with pytest.raises(InputTypeError, match=r"^decision: expected a PriorityDecision"):
        override("P1", to="P2", reason="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reason"):
        override(assign_priority("漏发"), to="P2")  # type: ignore[call-arg]


def test_decision_is_frozen() -> None:
    decision = assign_priority("漏发")
    with pytest.raises(ValueError, match="frozen"):
        decision.priority = P3  # type: ignore[misc]
