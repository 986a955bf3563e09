"""Enumerations of the domain: channels, priorities, customer tiers, events, statuses.

Each enumeration is a ``str`` enum whose values are stable English identifiers
(what JSON and config files hold); ``parse`` also accepts the Chinese and
colloquial names users type, case-insensitively.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self, TypeVar

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.vocabulary import Vocabulary
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["Channel", "CustomerTier", "EventKind", "Priority", "Status"]

_E = TypeVar("_E", bound=StrEnum)


def _lookup(cls: type[_E], value: object, aliases: dict[str, str], param: str) -> _E:
    """Find the member of ``cls`` that ``value`` names (value, name or alias).

    A value that names none is described by type and size in the error, never
    echoed (it may be whatever a customer typed).
    """
    if isinstance(value, cls):
        return value
    if not isinstance(value, str):
        msg = f"{param}: expected a {cls.__name__} or str, got {describe(value)}"
        raise InputTypeError(msg)
    key = value.strip().casefold().replace("-", "_").replace(" ", "_")
    for member in cls:
        if key in (member.value.casefold(), member.name.casefold()):
            return member
    if key in aliases:
        return cls(aliases[key])
    choices = ", ".join(repr(m.value) for m in cls)
    msg = f"{param}: expected one of {choices} (or a known alias), got {describe(value)}"
    raise InvalidInputError(msg)


_CHANNEL_CODES = {
    "chat": 0,
    "phone": 1,
    "email": 2,
    "app_review": 3,
    "marketplace_review": 4,
    "social_media": 5,
}
_CHANNEL_ZH = {
    "chat": "在线客服",
    "phone": "客服热线",
    "email": "邮件",
    "app_review": "应用评论",
    "marketplace_review": "第三方平台评价",
    "social_media": "社交媒体",
}
_CHANNEL_ALIASES = {
    "online_chat": "chat",
    "live_chat": "chat",
    "im": "chat",
    "在线": "chat",
    "在线客服": "chat",
    "在线咨询": "chat",
    "hotline": "phone",
    "call": "phone",
    "电话": "phone",
    "热线": "phone",
    "客服热线": "phone",
    "e_mail": "email",
    "mail": "email",
    "邮件": "email",
    "电子邮件": "email",
    "app": "app_review",
    "app_store": "app_review",
    "应用评论": "app_review",
    "app评论": "app_review",
    "marketplace": "marketplace_review",
    "platform_review": "marketplace_review",
    "third_party_review": "marketplace_review",
    "第三方平台": "marketplace_review",
    "第三方平台评价": "marketplace_review",
    "电商平台": "marketplace_review",
    "social": "social_media",
    "社交媒体": "social_media",
    "微博": "social_media",
}


class Channel(Vocabulary):
    """Where a ticket came in, with its one-digit code used in ticket ids.

    ======================  ====  ================
    value                   code  Chinese
    ======================  ====  ================
    ``chat``                0     在线客服
    ``phone``               1     客服热线
    ``email``               2     邮件
    ``app_review``          3     应用评论
    ``marketplace_review``  4     第三方平台评价
    ``social_media``        5     社交媒体
    ======================  ====  ================

    Examples
    --------
    >>> Channel.parse("热线"), Channel.CHAT.code
    (<Channel.PHONE: 'phone'>, 0)
    >>> Channel.from_code(5)
    <Channel.SOCIAL_MEDIA: 'social_media'>
    """

    CHAT = "chat"
    PHONE = "phone"
    EMAIL = "email"
    APP_REVIEW = "app_review"
    MARKETPLACE_REVIEW = "marketplace_review"
    SOCIAL_MEDIA = "social_media"

    @property
    def code(self) -> int:
        """The one-digit code of this channel in ticket ids."""
        return _CHANNEL_CODES[self.value]

    @property
    def zh(self) -> str:
        """The Chinese name of this channel."""
        return _CHANNEL_ZH[self.value]

    @classmethod
    def from_code(cls, code: int) -> Self:
        """Return the channel whose ticket-id code is ``code`` (0-5)."""
        for value, known in _CHANNEL_CODES.items():
            if known == code and not isinstance(code, bool):
                return cls(value)
        msg = f"code: expected a channel code 0-{len(_CHANNEL_CODES) - 1}, got {describe(code)}"
        raise InvalidInputError(msg)

    @classmethod
    def parse(cls, value: object) -> Self:
        """Return the channel ``value`` names: its value, name or an alias ("热线", "hotline")."""
        return _lookup(cls, value, _CHANNEL_ALIASES, "channel")


_PRIORITY_INFO = {
    # value: (level, Chinese, colour, Chinese colour)
    "P1": (1, "一级", "red", "红"),
    "P2": (2, "二级", "yellow", "黄"),
    "P3": (3, "三级", "green", "绿"),
}
_PRIORITY_ALIASES = {
    alias: value
    for value, info in _PRIORITY_INFO.items()
    for alias in (str(info[0]), info[1].casefold(), info[2], info[3], info[3] + "色")
} | {
    "urgent": "P1",
    "紧急": "P1",
    "high": "P1",
    "important": "P2",
    "重要": "P2",
    "medium": "P2",
    "routine": "P3",
    "一般": "P3",
    "low": "P3",
    "normal": "P3",
}


class Priority(Vocabulary):
    """Three-tier ticket priority: P1 (一级, red), P2 (二级, yellow), P3 (三级, green).

    ``P1`` is the most urgent. ``level`` is 1, 2 or 3 (the integer code used by
    vectorized functions); ``raised()`` and ``lowered()`` move one tier,
    saturating at the ends.

    Examples
    --------
    >>> Priority.parse("红"), Priority.parse("二级"), Priority.parse("urgent")
    (<Priority.P1: 'P1'>, <Priority.P2: 'P2'>, <Priority.P1: 'P1'>)
    >>> Priority.P3.raised(), Priority.P1.raised()
    (<Priority.P2: 'P2'>, <Priority.P1: 'P1'>)
    >>> Priority.P2.zh, Priority.P2.colour, Priority.P2.colour_zh
    ('二级', 'yellow', '黄')
    """

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def level(self) -> int:
        """1 for P1 (most urgent) to 3 for P3."""
        return _PRIORITY_INFO[self.value][0]

    @property
    def zh(self) -> str:
        """The Chinese tier name: 一级, 二级 or 三级."""
        return _PRIORITY_INFO[self.value][1]

    @property
    def colour(self) -> str:
        """The colour name: red, yellow or green."""
        return _PRIORITY_INFO[self.value][2]

    @property
    def colour_zh(self) -> str:
        """The Chinese colour name: 红, 黄 or 绿."""
        return _PRIORITY_INFO[self.value][3]

    @classmethod
    def from_level(cls, level: int) -> Self:
        """Return the priority of ``level`` (1, 2 or 3)."""
        if isinstance(level, bool) or level not in (1, 2, 3):
            msg = f"level: expected 1, 2 or 3, got {describe(level)}"
            raise InvalidInputError(msg)
        return cls(f"P{level}")

    @classmethod
    def parse(cls, value: object) -> Self:
        """Return the priority ``value`` names ("P1", "一级", "red", "红", "urgent", 1 ...)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.from_level(value)
        return _lookup(cls, value, _PRIORITY_ALIASES, "priority")

    def raised(self) -> Priority:
        """One tier more urgent (P1 stays P1)."""
        return Priority.from_level(max(1, self.level - 1))

    def lowered(self) -> Priority:
        """One tier less urgent (P3 stays P3)."""
        return Priority.from_level(min(3, self.level + 1))


_TIER_ALIASES = {
    "vip客户": "vip",
    "重要客户": "vip",
    "大客户": "vip",
    "key": "vip",
    "key_account": "vip",
    "premium": "vip",
    "普通客户": "normal",
    "普通": "normal",
    "regular": "normal",
    "standard": "normal",
}


class CustomerTier(Vocabulary):
    """Customer tier: ``vip`` (VIP客户) or ``normal`` (普通客户).

    Examples
    --------
    >>> CustomerTier.parse("VIP客户"), CustomerTier.parse("普通客户")
    (<CustomerTier.VIP: 'vip'>, <CustomerTier.NORMAL: 'normal'>)
    """

    VIP = "vip"
    NORMAL = "normal"

    @property
    def zh(self) -> str:
        """The Chinese name: VIP客户 or 普通客户."""
        return "VIP客户" if self is CustomerTier.VIP else "普通客户"

    @classmethod
    def parse(cls, value: object) -> Self:
        """Return the tier ``value`` names, case-insensitively ("vip", "VIP客户", "普通客户")."""
        return _lookup(cls, value, _TIER_ALIASES, "customer_tier")


class EventKind(Vocabulary):
    """What happened to a ticket at one instant.

    Examples
    --------
    >>> EventKind("agent_reply") is EventKind.AGENT_REPLY
    True
    """

    AGENT_REPLY = "agent_reply"
    CUSTOMER_REPLY = "customer_reply"
    PAUSE = "pause"
    RESUME = "resume"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    SURVEY_SENT = "survey_sent"
    REVISIT = "revisit"
    PRIORITY_CHANGED = "priority_changed"


class Status(Vocabulary):
    """Where a ticket stands after its events.

    ``new`` (no agent reply yet), ``open`` (answered, being worked on),
    ``paused`` (waiting, e.g. for the customer), ``resolved``, ``closed``.
    A reopened ticket is ``open`` again.
    """

    NEW = "new"
    OPEN = "open"
    PAUSED = "paused"
    RESOLVED = "resolved"
    CLOSED = "closed"


publish("csmetrics.models", Channel, CustomerTier, EventKind, Priority, Status)
