"""Three-tier ticket priority (P1 red, P2 yellow, P3 green), its reasons, overrides and routing.

A decision is made in this order (details and the rule format: docs/priority.md):

1. **Base priority.** With ``impact``/``urgency`` the impact x urgency matrix
   gives it, and a keyword more urgent than the matrix wins. Without them the
   most urgent keyword group that fires decides ("漏发", "破损", "今天必须"
   P1; "发票", "找不到" P2; "建议", "表扬" P3), as does a delay word next to
   a count of days ("延迟5天", "5 days late": P1); when no keyword fires, the
   category from :func:`csmetrics.classify.categorize` gives a default, and
   failing that the rules' fallback (P2).
2. **Raises.** A VIP customer goes up one level and a social-media
   complaint too (both configurable); raises look at the base priority and
   never lower it.
3. **Override.** A supervisor may replace the result with :func:`override`,
   which keeps the original decision and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from csmetrics._classify.category import categorize_prepared
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._core.config import instance_or_default
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.text import MAX_TEXT_LENGTH, normalize_text, require_text
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics._priority.engine import Assessment, Matrix, assess, parse_level
from csmetrics._priority.options import (
    column,
    parse_channel,
    parse_impact,
    parse_priority,
    parse_tier,
    parse_urgency,
    texts_of,
)
from csmetrics._priority.routing import RoutingTable, route
from csmetrics._priority.rules import (
    ChannelPriorityRule,
    DelayRule,
    KeywordGroup,
    PriorityRules,
    TierRule,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "ChannelPriorityRule",
    "DelayRule",
    "KeywordGroup",
    "PriorityDecision",
    "PriorityRules",
    "RoutingTable",
    "TierRule",
    "assign_priority",
    "assign_priority_many",
    "override",
    "route",
]


class PriorityDecision(BaseModel):
    """A priority and why: the rules and keywords that fired, and any override.

    Attributes
    ----------
    priority : Priority
        The decided priority.
    reasons : tuple of str
        One line per rule or keyword that fired, in the order they count.
    base : Priority
        The priority before customer-tier and channel raises.
    matched : tuple of str
        The distinct keywords that fired (and, for a delay in days, the delay
        word and the count of days).
    overridden_from : PriorityDecision or None
        The decision an :func:`override` replaced.
    override_reason, overridden_by : str or None
        Why, and by whom, it was overridden.

    Examples
    --------
    >>> d = assign_priority("产品破损需紧急补发")
    >>> d.priority, d.level, d.matched
    (<Priority.P1: 'P1'>, 1, ('破损', '紧急', '补发'))
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    priority: Priority
    reasons: tuple[str, ...]
    base: Priority
    matched: tuple[str, ...] = ()
    overridden_from: PriorityDecision | None = None
    override_reason: str | None = None
    overridden_by: str | None = None

    @property
    def level(self) -> int:
        """1 (P1) to 3 (P3)."""
        return self.priority.level

    @property
    def is_overridden(self) -> bool:
        """Whether a supervisor replaced the computed priority."""
        return self.overridden_from is not None


def _categorize(text: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    result = categorize_prepared(text, Taxonomy.default())
    if result.category is None:
        return None
    sub = None if result.subcategory is None else str(result.subcategory)
    return str(result.category), sub, tuple(map(str, result.evidence))


def _check_rules(rules: object) -> PriorityRules:
    return instance_or_default(rules, PriorityRules, PriorityRules.default, param="rules")


def _matrix(impact: int | None, urgency: int | None) -> Matrix | None:
    return None if impact is None and urgency is None else Matrix(impact, urgency)


def _assess(
    text: str,
    matrix: Matrix | None,
    tier: CustomerTier | None,
    channel: Channel | None,
    rules: PriorityRules,
) -> Assessment:
    return assess(
        normalize_text(text),
        matrix=matrix,
        tier=tier,
        channel=channel,
        rules=rules,
        categorizer=_categorize,
    )


def assign_priority(
    text: str,
    *,
    impact: str | int | None = None,
    urgency: str | int | None = None,
    customer_tier: CustomerTier | str | None = None,
    channel: Channel | str | None = None,
    rules: PriorityRules | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> PriorityDecision:
    """Decide the priority of a ticket from its text and what else is known.

    Parameters
    ----------
    text : str
        The problem as the customer wrote it (Chinese or English; any Unicode).
    impact, urgency : {"high", "medium", "low", 1, 2, 3, "高", "中", "低"}, optional
        An assessment; 1 is high. When either is given the matrix applies
        (P1 when impact + urgency <= 3, P2 when 4, P3 otherwise) and the
        missing one counts as medium.
    customer_tier : CustomerTier or str, optional
        ``"vip"``, ``"VIP客户"``, ``"normal"``, ``"普通客户"`` ... VIP raises one level.
    channel : Channel or str, optional
        ``"social_media"``, ``"微博"``, ``"phone"`` ... social media raises a P1/P2 one level.
    rules : PriorityRules, optional
        Defaults to :meth:`PriorityRules.default`.
    max_length : int, default 65,536
        The longest `text` accepted, in characters (``MAX_TEXT_LENGTH``).

    Returns
    -------
    PriorityDecision
        ``.priority`` and ``.reasons`` (the rules and keywords that fired).

    Raises
    ------
    InputTypeError
        If `text` is not a ``str`` or an option has the wrong type.
    InvalidInputError
        If `text` is longer than `max_length` characters, or `impact`,
        `urgency`, `customer_tier` or `channel` is not a known value.

    Examples
    --------
    >>> assign_priority("我的货已经延迟5天了！").reasons[0]
    "logistics delay counted in days: '延迟' near '5天': P1"
    >>> assign_priority("发票开具延迟").priority
    <Priority.P2: 'P2'>
    >>> d = assign_priority("希望增加夜间客服", customer_tier="VIP客户")
    >>> d.base, d.priority, d.reasons[-1]
    (<Priority.P3: 'P3'>, <Priority.P2: 'P2'>, 'customer tier vip: raised P3 -> P2')
    >>> assign_priority("printer question", impact="low", urgency="高").priority
    <Priority.P2: 'P2'>
    """
    require_text(text, max_length=max_length)
    matrix = _matrix(parse_level(impact, "impact"), parse_level(urgency, "urgency"))
    tier, origin = parse_tier(customer_tier), parse_channel(channel)
    found = _assess(text, matrix, tier, origin, _check_rules(rules))
    return PriorityDecision(
        priority=found.priority, reasons=found.reasons, base=found.base, matched=found.matched
    )


def assign_priority_many(
    texts: Iterable[str],
    *,
    impact: str | int | Sequence[str | int | None] | None = None,
    urgency: str | int | Sequence[str | int | None] | None = None,
    customer_tier: CustomerTier | str | Sequence[CustomerTier | str | None] | None = None,
    channel: Channel | str | Sequence[Channel | str | None] | None = None,
    rules: PriorityRules | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> npt.NDArray[np.int8]:
    """Priority levels (1 = P1 .. 3 = P3) of many texts, as :func:`assign_priority` decides them.

    Parameters
    ----------
    texts : iterable of str
        A list, numpy array or pandas Series of texts.
    impact, urgency, customer_tier, channel
        As in :func:`assign_priority`: one value for every text, or a
        sequence with one value (or None) per text.
    rules : PriorityRules, optional
        Defaults to :meth:`PriorityRules.default`.
    max_length : int, default 65,536
        The longest text accepted, in characters, for each text.

    Returns
    -------
    numpy.ndarray
        ``int8`` levels, one per text.

    Raises
    ------
    InputTypeError
        If `texts` is not an iterable of ``str`` or an option has the wrong type.
    InvalidInputError
        If a text is longer than `max_length` characters, or an option holds
        an unknown value or has the wrong length; the message names the
        parameter and the position.

    Examples
    --------
    >>> assign_priority_many(["漏发两件", "发票开具延迟", "建议包装再加层泡沫"])
    array([1, 2, 3], dtype=int8)
    >>> assign_priority_many(["thanks!", "thanks!"], customer_tier=["vip", None])
    array([2, 3], dtype=int8)
    """
    items = texts_of(texts, max_length)
    n = len(items)
    checked = _check_rules(rules)
    impacts = column(impact, n, "impact", parse_impact)
    urgencies = column(urgency, n, "urgency", parse_urgency)
    tiers = column(customer_tier, n, "customer_tier", parse_tier)
    channels = column(channel, n, "channel", parse_channel)
    levels = np.empty(n, dtype=np.int8)
    for i, text in enumerate(items):
        matrix = _matrix(impacts[i], urgencies[i])
        levels[i] = _assess(text, matrix, tiers[i], channels[i], checked).priority.level
    return levels


def override(
    decision: PriorityDecision,
    *,
    to: Priority | str | int,
    reason: str,
    by: str | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> PriorityDecision:
    """Replace a decision's priority, recording the original, the reason and who did it.

    Parameters
    ----------
    decision : PriorityDecision
        The decision to override (itself possibly an override).
    to : Priority, str or int
        The new priority ("P1", "红", "一级", "urgent", 1 ...).
    reason : str
        Why; required and not blank.
    by : str, optional
        Who overrode it.
    max_length : int, default 65,536
        The longest `reason` (and `by`) accepted, in characters.

    Returns
    -------
    PriorityDecision
        A new decision whose ``overridden_from`` is `decision` and whose last
        reason records the override.

    Raises
    ------
    InputTypeError
        If `decision`, `reason` or `by` has the wrong type.
    InvalidInputError
        If `reason` is blank, `reason` or `by` is longer than `max_length`
        characters, or `to` is not a priority.

    Examples
    --------
    >>> d = override(assign_priority("咨询保修政策"), to="红", reason="key account", by="王*")
    >>> d.priority, d.overridden_from.priority, d.reasons[-1]
    (<Priority.P1: 'P1'>, <Priority.P3: 'P3'>, 'override P3 -> P1 by 王*: key account')
    """
    require_text(reason, param="reason", max_length=max_length)
    if by is not None:
        require_text(by, param="by", max_length=max_length)
    if not isinstance(decision, PriorityDecision):
        msg = f"decision: expected a PriorityDecision, got {describe(decision)}"
        raise InputTypeError(msg)
    new = parse_priority(to)
    if not reason.strip():
        msg = f"reason: expected a non-blank reason for the override, got {describe(reason)}"
        raise InvalidInputError(msg)
    who = f" by {by}" if by else ""
    note = f"override {decision.priority} -> {new}{who}: {reason.strip()}"
    return decision.model_copy(
        update={
            "priority": new,
            "reasons": (*decision.reasons, note),
            "overridden_from": decision,
            "override_reason": reason.strip(),
            "overridden_by": by,
        }
    )


publish("csmetrics.priority", PriorityDecision)
