"""Channels as an open vocabulary: the six with ticket-id codes, known others, any name.

A ticket's channel is a :class:`~csmetrics.models.Channel` when it names one
of the six channels with a ticket-id code (by value, name or alias: "热线"
is ``phone``), a known other channel's name for its synonyms ("微信" ->
``"wechat"``, "web form" -> ``"web"``), and otherwise the text as given
(stripped): SLA policies and groupings can name any channel.
"""

from __future__ import annotations

from csmetrics._core.describe import describe
from csmetrics._models.enums import Channel
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

__all__ = [
    "KNOWN_OTHER_CHANNELS",
    "MAX_CHANNEL_LENGTH",
    "ChannelName",
    "channel_text",
    "channel_value",
]

ChannelName = Channel | str
"""A channel: a :class:`Channel` member, or the name of another channel."""

MAX_CHANNEL_LENGTH = 100
"""The longest channel name accepted (a channel is a label, not free text)."""

KNOWN_OTHER_CHANNELS = {
    "web": "web", "web_form": "web", "webform": "web", "website": "web", "网页": "web",
    "官网": "web", "表单": "web", "api": "api", "接口": "api", "wechat": "wechat",
    "weixin": "wechat", "微信": "wechat", "企业微信": "wechat", "voice": "voice",
    "语音": "voice", "voicemail": "voice",
}  # fmt: skip
"""Known channels beyond the six with ticket-id codes, by their synonyms."""


def channel_value(value: object, param: str = "channel") -> ChannelName:
    """The channel ``value`` names: a :class:`Channel`, a known other name, or the text.

    Parameters
    ----------
    value : Channel or str
        A channel, or its value, name or alias; any other text names a
        channel of its own.
    param : str
        The parameter named in errors.

    Raises
    ------
    InputTypeError
        ``value`` is not text (numbers are no channel names here; use
        :meth:`Channel.from_code` for ticket-id codes).
    InvalidInputError
        Blank text, or longer than :data:`MAX_CHANNEL_LENGTH` characters.

    Examples
    --------
    >>> channel_value("热线"), channel_value("微信"), channel_value(" Web form ")
    (<Channel.PHONE: 'phone'>, 'wechat', 'web')
    >>> channel_value("Douyin shop")
    'Douyin shop'
    """
    if isinstance(value, Channel):
        return value
    if not isinstance(value, str):
        msg = f"{param}: expected a Channel or str, got {describe(value)}"
        raise InputTypeError(msg)
    text = value.strip()
    if not text or len(text) > MAX_CHANNEL_LENGTH:
        msg = (
            f"{param}: expected a channel name of 1 to {MAX_CHANNEL_LENGTH} characters, "
            f"got {describe(value)}"
        )
        raise InvalidInputError(msg)
    try:
        return Channel.parse(text)
    except CsMetricsError:
        pass
    return KNOWN_OTHER_CHANNELS.get(text.casefold().replace("-", "_").replace(" ", "_"), text)


def channel_text(channel: ChannelName) -> str:
    """A channel's name as text: a :class:`Channel`'s value, or the name itself.

    >>> channel_text(Channel.EMAIL), channel_text("wechat")
    ('email', 'wechat')
    """
    return str(channel.value) if isinstance(channel, Channel) else channel
