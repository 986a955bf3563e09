"""How a priority is decided: matrix, keywords, delay in days, category default, raises.

Everything here works on one normalised text and already-validated options;
``priority.py`` validates the caller's arguments and wraps the result.
The text is scanned a fixed number of times (keyword matcher, then the
day-count pattern only when a delay word fired), so a call is linear in the
length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from numbers import Integral
from operator import itemgetter

from csmetrics._core.describe import describe
from csmetrics._core.matcher import Run
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics._priority.rules import (
    ChannelPriorityRule,
    CompiledRules,
    KeywordGroup,
    PriorityRules,
    TierRule,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["LEVEL_NAMES", "Assessment", "Matrix", "assess", "matrix_priority", "parse_level"]

LEVEL_NAMES = {1: "high", 2: "medium", 3: "low"}
"""Names of the impact / urgency levels (1 is the highest)."""

_LEVEL_ALIASES = {
    "high": 1, "h": 1, "高": 1, "1": 1,
    "medium": 2, "med": 2, "m": 2, "中": 2, "2": 2,
    "low": 3, "l": 3, "低": 3, "3": 3,
}  # fmt: skip
_LONGEST = 64  # longer values are not an alias, whatever their spaces

# A count of days or weeks: "5天", "十五天", "两周", "3 days", "5-day", "several days".
# Each branch starts with a character class and checks with a fixed-width look-behind
# that it is at the start of its run of numerals (or of a word), so a long run is
# scanned once (linear) and the search can skip quickly to candidate characters.
_ZH_NUM = "一二两三四五六七八九十百几多"
_EN_NUM = (
    "o(?<![a-z]o)ne|t(?<![a-z]t)(?:wo|hree|en)|f(?<![a-z]f)(?:our|ive)"
    "|s(?<![a-z]s)(?:ix|even|everal)|e(?<![a-z]e)ight|n(?<![a-z]n)ine|a(?<![a-z]a) few"
    "|m(?<![a-z]m)any"
)
_DAY_COUNT = re.compile(
    rf"(?:[0-9](?<![0-9][0-9])[0-9]*|[{_ZH_NUM}](?<![{_ZH_NUM}][{_ZH_NUM}])[{_ZH_NUM}]*"
    rf"|{_EN_NUM})"
    r" ?-?(?:个工作日|工作日|个星期|星期|个月|天|周|礼拜"
    r"|(?:business |working )?(?:days?|weeks?|months?)(?![a-z]))"
)


@dataclass(frozen=True, slots=True)
class Matrix:
    """An impact x urgency assessment (levels 1 high .. 3 low); ``None`` when not given."""

    impact: int | None
    urgency: int | None


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the engine decided and why (wrapped into a ``PriorityDecision``)."""

    base: Priority
    priority: Priority
    reasons: tuple[str, ...]
    matched: tuple[str, ...]


def parse_level(value: object, param: str) -> int | None:
    """Return 1 (high), 2 (medium) or 3 (low) for an impact/urgency value, None for None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | Integral):
        msg = f"{param}: expected high/medium/low, 1-3 or 高/中/低, got {describe(value)}"
        raise InputTypeError(msg)
    level = _level(value)
    if level is None:
        msg = f"{param}: expected high/medium/low, 1-3 or 高/中/低, got {describe(value)}"
        raise InvalidInputError(msg)
    return level


def _level(value: str | Integral) -> int | None:
    if isinstance(value, str):
        return _LEVEL_ALIASES.get(value.strip().casefold()) if len(value) <= _LONGEST else None
    number = int(value)  # str() of a huge int raises: compare first
    return number if number in LEVEL_NAMES else None


def matrix_priority(impact: int, urgency: int) -> Priority:
    """The matrix: P1 when impact + urgency <= 3, P2 when it is 4, P3 otherwise."""
    total = impact + urgency
    return Priority.P1 if total <= 3 else Priority.P2 if total == 4 else Priority.P3


def _matrix_reason(matrix: Matrix) -> tuple[Priority, str]:
    impact = 2 if matrix.impact is None else matrix.impact
    urgency = 2 if matrix.urgency is None else matrix.urgency
    result = matrix_priority(impact, urgency)
    reason = f"impact {LEVEL_NAMES[impact]} x urgency {LEVEL_NAMES[urgency]}: {result}"
    if matrix.impact is None or matrix.urgency is None:
        missing = "impact" if matrix.impact is None else "urgency"
        reason += f" ({missing} not given, medium assumed)"
    return result, reason


def _near(
    words: Iterable[tuple[int, int, str]], counts: Iterator[re.Match[str]], gap: int
) -> tuple[str, str] | None:
    """The first delay word within ``gap`` characters of a day count (both in text order).

    ``counts`` is consumed lazily, so the scan stops at the first pair found.
    """
    count = next(counts, None)
    for start, end, word in words:
        while count is not None and count.end() + gap < start:
            count = next(counts, None)
        if count is None:
            return None
        if count.start() <= end + gap:
            return word, count.group()
    return None


@dataclass(slots=True)
class _Evidence:
    groups: dict[str, KeywordGroup]
    matched: dict[str, None]
    neutral: str | None = None
    delay: tuple[str, str] | None = None


def _members(runs: list[Run], words: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """The matches of `words` in `runs`, one by one, in text order (lazily)."""
    for start, end, entry, count, gap in runs:
        if entry in words:
            step = end - start + gap
            for first in range(start, start + count * step, step):
                yield first, first + end - start, entry


def _collect(text: str, rules: PriorityRules) -> _Evidence:
    compiled: CompiledRules = rules.compiled
    runs = compiled.matcher.runs(text)
    entries = dict.fromkeys(map(itemgetter(2), runs))
    groups = {entry: compiled.groups[entry] for entry in entries if entry in compiled.groups}
    neutral = next((entry for entry in entries if entry in compiled.neutral), None)
    evidence = _Evidence(groups=groups, matched=dict.fromkeys(groups), neutral=neutral)
    if rules.delay is not None and not compiled.delay_words.isdisjoint(entries):
        hits = _members(runs, compiled.delay_words)
        evidence.delay = _near(hits, _DAY_COUNT.finditer(text), rules.delay.max_gap)
        if evidence.delay is not None:
            evidence.matched.update(dict.fromkeys(evidence.delay))
    return evidence


def _keyword_verdict(
    evidence: _Evidence, rules: PriorityRules
) -> tuple[Priority | None, list[str]]:
    ranked = sorted(evidence.groups.items(), key=lambda item: item[1].priority.level)
    reasons = [f"keyword {word!r} ({group.name}): {group.priority}" for word, group in ranked]
    levels = [group.priority.level for _, group in ranked]
    if evidence.delay is not None and rules.delay is not None:
        word, count = evidence.delay
        reasons.insert(0, f"{rules.delay.name}: {word!r} near {count!r}: {rules.delay.priority}")
        levels.append(rules.delay.priority.level)
    return (Priority.from_level(min(levels)) if levels else None), reasons


Categorizer = Callable[[str], tuple[str, str | None, tuple[str, ...]] | None]
"""Returns ``(category, subcategory, evidence)`` for a normalised text, or None."""


def _category_verdict(
    text: str, rules: PriorityRules, categorizer: Categorizer, neutral: str | None
) -> tuple[Priority, str]:
    if neutral is not None:
        return rules.fallback, f"neutral phrase {neutral!r}, no keyword: fallback {rules.fallback}"
    found = categorizer(text) if rules.categories else None
    if found is not None:
        category, subcategory, evidence = found
        for key in (f"{category}/{subcategory}".casefold(), category.casefold()):
            if key in rules.categories:
                priority = rules.categories[key]
                words = ", ".join(map(repr, evidence[:5]))
                return priority, f"category {key} ({words}): default {priority}"
    return rules.fallback, f"no keyword or category rule fired: fallback {rules.fallback}"


def _apply(
    rule: TierRule | ChannelPriorityRule | None, label: str, base: Priority, current: Priority
) -> tuple[Priority, list[str]]:
    """Apply one raise rule; whether it applies depends on the base priority only."""
    if rule is None:
        return current, []
    if base not in rule.applies_to:
        return current, [f"{label}: rule does not apply to a base {base}"]
    if rule.levels == 0 or current is Priority.P1:
        return current, [f"{label}: stays {current}"]
    raised = Priority.from_level(max(1, current.level - rule.levels))
    return raised, [f"{label}: raised {current} -> {raised}"]


def _adjust(
    base: Priority, tier: CustomerTier | None, channel: Channel | None, rules: PriorityRules
) -> tuple[Priority, list[str]]:
    """Apply the customer-tier, then the channel raise."""
    compiled = rules.compiled
    tier_rule = compiled.tier_raises.get(tier) if tier is not None else None
    current, reasons = _apply(tier_rule, f"customer tier {tier}", base, base)
    channel_rule = compiled.channel_raises.get(channel) if channel is not None else None
    current, more = _apply(channel_rule, f"channel {channel}", base, current)
    return current, reasons + more


def assess(
    text: str,
    *,
    matrix: Matrix | None,
    tier: CustomerTier | None,
    channel: Channel | None,
    rules: PriorityRules,
    categorizer: Categorizer,
) -> Assessment:
    """Decide the priority of the normalised ``text``."""
    evidence = _collect(text, rules)
    keyword, reasons = _keyword_verdict(evidence, rules)
    if matrix is not None:
        base, reason = _matrix_reason(matrix)
        reasons.insert(0, reason)
        if keyword is not None and keyword.level < base.level:
            reasons.insert(1, f"keywords more urgent than the matrix: {base} -> {keyword}")
            base = keyword
    elif keyword is not None:
        base = keyword
    else:
        base, reason = _category_verdict(text, rules, categorizer, evidence.neutral)
        reasons.append(reason)
    priority, raises = _adjust(base, tier, channel, rules)
    return Assessment(base, priority, tuple(reasons + raises), tuple(evidence.matched))
