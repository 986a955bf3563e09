"""The priority rule set: keyword groups, the delay-in-days rule, category defaults, raises.

A :class:`PriorityRules` is a frozen pydantic model, validated once when it is
built (from keyword arguments, a mapping, a JSON or TOML file) and compiled
into one keyword matcher that every call of ``assign_priority`` reuses.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from csmetrics._core.config import load_config, model_from_mapping, read_data_file
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._core.matcher import KeywordMatcher
from csmetrics._core.text import normalize_text, require_text
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics._priority.names import parse_channel, parse_priority, parse_tier
from csmetrics.exceptions import InputTypeError

__all__ = [
    "ChannelPriorityRule",
    "CompiledRules",
    "DelayRule",
    "KeywordGroup",
    "PriorityRules",
    "TierRule",
]

_ALL_PRIORITIES = (Priority.P1, Priority.P2, Priority.P3)


def _parse_or_pass(parser: Any) -> BeforeValidator:
    """Parse aliases ("红", "VIP客户") of str/int values; leave other types to pydantic."""

    def parse(value: object) -> object:
        if isinstance(value, str | int) and not isinstance(value, bool):
            return parser(value)
        return value

    return BeforeValidator(parse)


PriorityField = Annotated[Priority, _parse_or_pass(parse_priority)]
TierField = Annotated[CustomerTier, _parse_or_pass(parse_tier)]
ChannelField = Annotated[Channel, _parse_or_pass(parse_channel)]
Words = tuple[Annotated[str, Field(min_length=1, max_length=200)], ...]


def _key(word: str) -> str:
    return normalize_text(word).strip()


class KeywordGroup(FrozenModel):
    """Keywords that mark a ticket with one priority, under a name shown in reasons.

    Examples
    --------
    >>> KeywordGroup(name="plant down", priority="红", words=["停产"]).priority
    <Priority.P1: 'P1'>
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    name: str = Field(min_length=1, max_length=100)
    priority: PriorityField
    words: Words


class DelayRule(FrozenModel):
    """A delay word within ``max_gap`` characters of a count of days or weeks.

    Examples
    --------
    >>> DelayRule(words=["延迟", "late"]).priority
    <Priority.P1: 'P1'>
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    name: str = Field(default="logistics delay counted in days", min_length=1, max_length=100)
    priority: PriorityField = Priority.P1
    words: Words
    max_gap: int = Field(default=6, ge=0, le=40)


class TierRule(FrozenModel):
    """Raise tickets of a customer tier by ``levels`` when their base priority is in ``applies_to``.

    Examples
    --------
    >>> TierRule(tier="VIP客户").levels
    1
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    tier: TierField
    levels: int = Field(default=1, ge=0, le=2)
    applies_to: tuple[PriorityField, ...] = _ALL_PRIORITIES


class ChannelPriorityRule(FrozenModel):
    """Raise tickets from a channel by ``levels`` when their base priority is in ``applies_to``.

    Examples
    --------
    >>> ChannelPriorityRule(channel="微博", applies_to=["P1", "P2"]).channel
    <Channel.SOCIAL_MEDIA: 'social_media'>
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    channel: ChannelField
    levels: int = Field(default=1, ge=0, le=2)
    applies_to: tuple[PriorityField, ...] = _ALL_PRIORITIES


class CompiledRules:
    """The rule set as the engine uses it: one matcher and a role for each entry."""

    __slots__ = (
        "channel_raises",
        "delay_words",
        "groups",
        "matcher",
        "neutral",
        "source",
        "tier_raises",
    )

    def __init__(self, rules: PriorityRules) -> None:
        self.source = (rules.groups, rules.neutral, rules.delay, rules.tiers, rules.channels)
        self.groups: dict[str, KeywordGroup] = {}
        for group in rules.groups:
            self.groups.update(dict.fromkeys(map(_key, group.words), group))
        self.neutral = frozenset(map(_key, rules.neutral))
        self.delay_words = frozenset(map(_key, rules.delay.words)) if rules.delay else frozenset()
        self.matcher = KeywordMatcher([*self.groups, *self.neutral, *self.delay_words])
        self.tier_raises = {rule.tier: rule for rule in rules.tiers}
        self.channel_raises = {rule.channel: rule for rule in rules.channels}

    def __eq__(self, other: object) -> bool:
        """Equal when compiled from equal keyword groups, neutral phrases, delay and raises."""
        if not isinstance(other, CompiledRules):
            return NotImplemented
        return self.source == other.source

    __hash__ = None  # type: ignore[assignment]


class PriorityRules(FrozenModel):
    """Keyword groups, the delay-in-days rule, category defaults and tier/channel raises.

    Parameters
    ----------
    groups : sequence of KeywordGroup
        Named keyword lists with their priority. A word belongs to one group
        only (after normalisation); when several groups fire, the most urgent
        one decides.
    neutral : sequence of str
        Phrases that fire nothing and hide the keywords inside them
        ("没有破损", "not urgent").
    delay : DelayRule or None
        The logistics-delay-in-days rule ("延迟5天", "5 days late").
    categories : mapping of str to Priority
        Defaults by ``category`` or ``category/subcategory`` (from
        :func:`csmetrics.classify.categorize`), used when no keyword fires and
        no impact/urgency is given.
    fallback : Priority
        The priority when nothing else decides.
    tiers, channels : sequence of TierRule / ChannelPriorityRule
        Raises (never lowers) for customer tiers and intake channels.

    Examples
    --------
    >>> rules = PriorityRules.default().extend(p1=["停产"])
    >>> rules.group_of("停产").name, rules.group_of("建议").priority
    ('custom P1', <Priority.P3: 'P3'>)
    >>> PriorityRules.from_dict({"groups": [{"name": "x", "priority": 1, "words": ["a"]}]}).fallback
    <Priority.P2: 'P2'>
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    groups: tuple[KeywordGroup, ...] = ()
    neutral: Words = ()
    delay: DelayRule | None = None
    categories: dict[str, PriorityField] = Field(default_factory=dict)
    fallback: PriorityField = Priority.P2
    tiers: tuple[TierRule, ...] = ()
    channels: tuple[ChannelPriorityRule, ...] = ()

    @field_validator("categories", mode="before")
    @classmethod
    def _category_keys(cls, value: object) -> object:
        if isinstance(value, Mapping):
            return {k.strip().casefold() if isinstance(k, str) else k: v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check_unique(self) -> Self:
        seen: dict[str, str] = {}
        places = [(f"groups.{i}.words", g.name, g.words) for i, g in enumerate(self.groups)]
        for where, name, words in [*places, ("neutral", "neutral", self.neutral)]:
            for index, word in enumerate(words):
                key = _key(word)
                if not key:
                    msg = f"{where}.{index}: expected non-blank keywords, got {describe(word)}"
                    raise ValueError(msg)
                if seen.get(key, name) != name:
                    group = seen[key]
                    msg = (
                        f"{where}.{index}: expected each keyword in one group, got one of {group!r}"
                    )
                    raise ValueError(msg)
                seen[key] = name
        _check_distinct("groups", [group.name for group in self.groups], "name")
        _check_distinct("tiers", [rule.tier for rule in self.tiers], "tier")
        _check_distinct("channels", [rule.channel for rule in self.channels], "channel")
        return self

    @functools.cached_property
    def compiled(self) -> CompiledRules:
        """The compiled form used by the engine (built on first use, never pickled)."""
        return CompiledRules(self)

    @classmethod
    def default(cls) -> PriorityRules:
        """The shipped rules (``csmetrics/data/priority_rules.toml``), loaded once."""
        return _default_rules()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build rules from a mapping (as parsed from JSON or TOML).

        Raises
        ------
        InvalidConfigError
            If the mapping does not describe valid rules.
        """
        return model_from_mapping(cls, data, "rules")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Self:
        """Read rules from a ``.toml`` or ``.json`` file (UTF-8).

        Raises
        ------
        InvalidConfigError
            If the file cannot be read or parsed or does not describe valid rules.
        """
        return load_config(cls, path, param="path")

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Copy; with ``update`` the result is validated and compiled again.

        Raises
        ------
        InputTypeError
            If `update` is not a mapping.
        InvalidConfigError
            If the updated rules are not valid.
        """
        if update is not None and not isinstance(update, Mapping):
            msg = f"update: expected a mapping of field names to values, got {describe(update)}"
            raise InputTypeError(msg)
        if not update:
            return super().model_copy(deep=deep)
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return model_from_mapping(type(self), {**fields, **update}, "update")

    def group_of(self, word: str) -> KeywordGroup | None:
        """The group ``word`` belongs to (after normalisation), or None.

        Raises
        ------
        InputTypeError
            If `word` is not a ``str``.
        InvalidInputError
            If `word` is longer than 200 characters (no keyword is).
        """
        return self.compiled.groups.get(_key(require_text(word, param="word", max_length=200)))

    def extend(
        self,
        *,
        p1: Iterable[str] = (),
        p2: Iterable[str] = (),
        p3: Iterable[str] = (),
        neutral: Iterable[str] = (),
    ) -> PriorityRules:
        """Return new rules with extra keywords; a word moves out of any group it was in.

        New words go to the groups ``custom P1`` .. ``custom P3`` (created when
        missing) or to the neutral phrases.
        """
        added = {Priority.P1: _words(p1, "p1"), Priority.P2: _words(p2, "p2")}
        added[Priority.P3] = _words(p3, "p3")
        new_neutral = _words(neutral, "neutral")
        moved = {_key(w) for w in new_neutral}.union(
            *({_key(w) for w in ws} for ws in added.values())
        )
        groups = [_without(group, moved) for group in self.groups]
        for priority, words in added.items():
            groups = _add_custom(groups, priority, words)
        kept_neutral = tuple(w for w in self.neutral if _key(w) not in moved)
        return self.model_copy(
            update={"groups": tuple(groups), "neutral": kept_neutral + new_neutral}
        )


def _check_distinct(name: str, keys: list[Any], what: str) -> None:
    if len(set(keys)) != len(keys):
        msg = f"{name}: expected each {what} once, got {[str(k) for k in keys]!r}"
        raise ValueError(msg)


def _words(words: Iterable[str], param: str) -> tuple[str, ...]:
    if isinstance(words, str) or not isinstance(words, Iterable):
        msg = f"{param}: expected an iterable of str, got {describe(words)}"
        raise InputTypeError(msg)
    result = tuple(words)
    for word in result:
        if not isinstance(word, str):
            msg = f"{param}: expected str keywords, got {describe(word)}"
            raise InputTypeError(msg)
    return result


def _without(group: KeywordGroup, moved: set[str]) -> KeywordGroup:
    words = tuple(word for word in group.words if _key(word) not in moved)
    return group if len(words) == len(group.words) else group.model_copy(update={"words": words})


def _add_custom(
    groups: list[KeywordGroup], priority: Priority, words: tuple[str, ...]
) -> list[KeywordGroup]:
    if not words:
        return groups
    name = f"custom {priority.value}"
    for i, group in enumerate(groups):
        if group.name == name:
            merged = group.model_copy(update={"words": group.words + words})
            return [*groups[:i], merged, *groups[i + 1 :]]
    return [*groups, KeywordGroup(name=name, priority=priority, words=words)]


@functools.cache
def _default_rules() -> PriorityRules:
    return model_from_mapping(
        PriorityRules, read_data_file("priority_rules.toml"), "priority_rules.toml"
    )


publish("csmetrics.priority", ChannelPriorityRule, DelayRule, KeywordGroup, PriorityRules, TierRule)
