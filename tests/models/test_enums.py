"""Channels, priorities and tiers: codes, names and aliases."""

from __future__ import annotations

import pytest

from csmetrics import InputTypeError, InvalidInputError
from csmetrics.models import Channel, CustomerTier, Priority


@pytest.mark.parametrize(
    ("channel", "code"),
    [
        (Channel.CHAT, 0),
        (Channel.PHONE, 1),
        (Channel.EMAIL, 2),
        (Channel.APP_REVIEW, 3),
        (Channel.MARKETPLACE_REVIEW, 4),
        (Channel.SOCIAL_MEDIA, 5),
    ],
)
def test_channel_codes_are_stable(channel: Channel, code: int) -> None:
    assert channel.code == code
    assert Channel.from_code(code) is channel


def test_channel_codes_are_unique_single_digits() -> None:
    codes = [c.code for c in Channel]
    assert len(set(codes)) == len(codes)
    assert all(0 <= c <= 9 for c in codes)


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("hotline", Channel.PHONE),
        ("热线", Channel.PHONE),
        ("在线客服", Channel.CHAT),
        ("Online Chat", Channel.CHAT),
        ("E-mail", Channel.EMAIL),
        ("第三方平台", Channel.MARKETPLACE_REVIEW),
        ("社交媒体", Channel.SOCIAL_MEDIA),
        ("SOCIAL_MEDIA", Channel.SOCIAL_MEDIA),
        ("app_review", Channel.APP_REVIEW),
    ],
)
def test_channel_aliases(alias: str, expected: Channel) -> None:
    assert Channel.parse(alias) is expected


@pytest.mark.parametrize("code", [-1, 6, 9, True])
def test_unknown_channel_code(code: int) -> None:
    with pytest.raises(InvalidInputError, match="code"):
        Channel.from_code(code)


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("P1", Priority.P1),
        ("p2", Priority.P2),
        ("一级", Priority.P1),
        ("二级", Priority.P2),
        ("三级", Priority.P3),
        ("红", Priority.P1),
        ("黄色", Priority.P2),
        ("green", Priority.P3),
        ("Urgent", Priority.P1),
        (1, Priority.P1),
        (3, Priority.P3),
    ],
)
def test_priority_aliases(alias: str | int, expected: Priority) -> None:
    assert Priority.parse(alias) is expected


@pytest.mark.parametrize(
    ("priority", "zh", "colour", "colour_zh", "level"),
    [
        (Priority.P1, "一级", "red", "红", 1),
        (Priority.P2, "二级", "yellow", "黄", 2),
        (Priority.P3, "三级", "green", "绿", 3),
    ],
)
def test_priority_names(
    priority: Priority, zh: str, colour: str, colour_zh: str, level: int
) -> None:
    assert (priority.zh, priority.colour, priority.colour_zh, priority.level) == (
        zh,
        colour,
        colour_zh,
        level,
    )


@pytest.mark.parametrize(
    ("priority", "raised", "lowered"),
    [
        (Priority.P1, Priority.P1, Priority.P2),
        (Priority.P2, Priority.P1, Priority.P3),
        (Priority.P3, Priority.P2, Priority.P3),
    ],
)
def test_priority_raise_and_lower_saturate(
    priority: Priority, raised: Priority, lowered: Priority
) -> None:
    assert priority.raised() is raised
    assert priority.lowered() is lowered


@pytest.mark.parametrize("bad", ["P4", "四级", "", 0, 4])
def test_unknown_priority(bad: str | int) -> None:
    with pytest.raises(InvalidInputError, match=r"priority|level"):
        Priority.parse(bad)


def test_priority_rejects_wrong_type() -> None:
    with pytest.raises(InputTypeError, match="priority: expected a Priority or str, got float"):
        Priority.parse(1.5)


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("vip", CustomerTier.VIP),
        ("VIP", CustomerTier.VIP),
        ("VIP客户", CustomerTier.VIP),
        ("vip客户", CustomerTier.VIP),
        ("普通客户", CustomerTier.NORMAL),
        ("Normal", CustomerTier.NORMAL),
    ],
)
def test_tier_aliases(alias: str, expected: CustomerTier) -> None:
    assert CustomerTier.parse(alias) is expected
    assert expected.zh in ("VIP客户", "普通客户")


def test_unknown_tier_names_the_parameter() -> None:
    with pytest.raises(
        InvalidInputError, match=r"customer_tier: expected one of .* got str of 4 characters$"
    ):
        CustomerTier.parse("gold")
