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

from csmetrics._priority.assign import (
    ChannelPriorityRule,
    DelayRule,
    KeywordGroup,
    PriorityDecision,
    PriorityRules,
    RoutingTable,
    TierRule,
    assign_priority,
    assign_priority_many,
    override,
    route,
)

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
