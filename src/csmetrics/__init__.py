"""csmetrics: after-sales customer-service metrics.

Business-hour SLA deadlines (:class:`Schedule`, :func:`evaluate`), three-tier
priority (:func:`assign_priority`), bilingual sentiment and problem categories
(:func:`sentiment`, :func:`categorize`), CSAT / NPS with honest intervals and
weighted quality scores (:func:`csat`, :func:`nps`, :func:`quality_score`).
Every public name is importable from here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from csmetrics import _legacy
from csmetrics._version import __version__

# Two public modules are named like the functions they hold: bind the
# functions now, so that importing the modules later cannot shadow them.
from csmetrics.compare import compare
from csmetrics.pareto import pareto

if TYPE_CHECKING:
    from csmetrics.classify import (
        CategoryBatch,
        CategoryResult,
        Decision,
        DisplayName,
        Evidence,
        Lexicon,
        RevisitState,
        Sentiment,
        SentimentBatch,
        SentimentResult,
        Taxonomy,
        categorize,
        categorize_many,
        revisit_state,
        sentiment,
        sentiment_many,
    )
    from csmetrics.datasets import (
        DEFAULT_START,
        sample_surveys,
        sample_ticket_columns,
        sample_tickets,
    )
    from csmetrics.exceptions import (
        CalendarCoverageWarning,
        CsMetricsDeprecationWarning,
        CsMetricsError,
        CsMetricsWarning,
        InputTypeError,
        InvalidConfigError,
        InvalidEventError,
        InvalidInputError,
        InvalidPolicyError,
        InvalidScheduleError,
        InvalidScoreError,
        InvalidTicketIdError,
        MissingTargetError,
        NaiveDatetimeError,
        NoOpenTimeError,
        UndefinedMetricWarning,
    )
    from csmetrics.io import (
        Assigned,
        RejectedRow,
        SurveyTable,
        TicketEvents,
        TicketTable,
        iter_surveys,
        iter_tickets,
        read_surveys,
        read_tickets,
    )
    from csmetrics.masking import (
        mask_name,
        mask_phone,
    )
    from csmetrics.models import (
        Channel,
        Customer,
        CustomerTier,
        EventKind,
        Priority,
        Status,
        SurveyResponse,
        Ticket,
        TicketEvent,
        json_schemas,
    )
    from csmetrics.priority import (
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
    from csmetrics.quality import (
        SPEC_TARGETS,
    )
    from csmetrics.report import (
        WeeklyReport,
        build_report,
        render_report,
    )
    from csmetrics.schedule import (
        Schedule,
    )
    from csmetrics.scoring import (
        DIMENSIONS,
        KNOWN_INDICATORS,
        NPS_METHODS,
        CleaningReport,
        Comparison,
        CsatCounts,
        CsatResult,
        GroupedResults,
        IndicatorSpec,
        Interval,
        LabelCounts,
        NpsCounts,
        NpsResult,
        ParetoResult,
        QualityComponent,
        QualityScore,
        RateCounts,
        RateResult,
        RemovedRow,
        TimeStats,
        clean,
        complaint_close_rate,
        csat,
        csat_by_dimension,
        first_contact_resolution_rate,
        first_response_times,
        group_by,
        needs_follow_up,
        nps,
        on_time_rate,
        quality_score,
        rate,
        reopen_rate,
        repeat_contact_rate,
        resolution_rate,
        resolution_times,
        slow_categories,
        time_stats,
        top_shares,
        trend,
        within_target_rate,
    )
    from csmetrics.sla import (
        ChannelRule,
        ComplianceRow,
        Escalation,
        EscalationLevel,
        MetricStatus,
        MetricTargets,
        SlaPolicy,
        SlaTarget,
        TicketSla,
        compliance,
        evaluate,
        evaluate_many,
        preset_names,
        results_to_columns,
        tickets_to_columns,
        to_dataframe,
    )
    from csmetrics.ticket_ids import (
        TicketId,
        format_ticket_id,
        parse_ticket_id,
    )

_LAZY_NAMES = {
    "csmetrics.classify": (
        "CategoryBatch CategoryResult Decision DisplayName Evidence Lexicon RevisitState "
        "Sentiment SentimentBatch SentimentResult Taxonomy categorize categorize_many "
        "revisit_state sentiment sentiment_many"
    ),
    "csmetrics.datasets": "DEFAULT_START sample_surveys sample_ticket_columns sample_tickets",
    "csmetrics.exceptions": (
        "CalendarCoverageWarning CsMetricsDeprecationWarning CsMetricsError CsMetricsWarning "
        "InputTypeError InvalidConfigError InvalidEventError InvalidInputError "
        "InvalidPolicyError InvalidScheduleError InvalidScoreError InvalidTicketIdError "
        "MissingTargetError NaiveDatetimeError NoOpenTimeError UndefinedMetricWarning"
    ),
    "csmetrics.io": (
        "Assigned RejectedRow SurveyTable TicketEvents TicketTable iter_surveys iter_tickets "
        "read_surveys read_tickets"
    ),
    "csmetrics.masking": "mask_name mask_phone",
    "csmetrics.models": (
        "Channel Customer CustomerTier EventKind Priority Status SurveyResponse Ticket "
        "TicketEvent json_schemas"
    ),
    "csmetrics.priority": (
        "ChannelPriorityRule DelayRule KeywordGroup PriorityDecision PriorityRules "
        "RoutingTable TierRule assign_priority assign_priority_many override route"
    ),
    "csmetrics.quality": "SPEC_TARGETS",
    "csmetrics.report": "WeeklyReport build_report render_report",
    "csmetrics.schedule": "Schedule",
    "csmetrics.scoring": (
        "CleaningReport Comparison CsatCounts CsatResult DIMENSIONS GroupedResults "
        "IndicatorSpec Interval KNOWN_INDICATORS LabelCounts NPS_METHODS NpsCounts NpsResult "
        "ParetoResult QualityComponent QualityScore RateCounts RateResult RemovedRow "
        "TimeStats clean complaint_close_rate csat csat_by_dimension "
        "first_contact_resolution_rate first_response_times group_by needs_follow_up nps "
        "on_time_rate quality_score rate reopen_rate repeat_contact_rate resolution_rate "
        "resolution_times slow_categories time_stats top_shares trend within_target_rate"
    ),
    "csmetrics.sla": (
        "ChannelRule ComplianceRow Escalation EscalationLevel MetricStatus MetricTargets "
        "SlaPolicy SlaTarget TicketSla compliance evaluate evaluate_many preset_names "
        "results_to_columns tickets_to_columns to_dataframe"
    ),
    "csmetrics.ticket_ids": "TicketId format_ticket_id parse_ticket_id",
}
"""Public module -> the names it defines, imported on first use."""
_LAZY = {name: module for module, names in _LAZY_NAMES.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    """Import the public name ``name`` on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'csmetrics' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_legacy.install()

__all__ = [
    "DEFAULT_START",
    "DIMENSIONS",
    "KNOWN_INDICATORS",
    "NPS_METHODS",
    "SPEC_TARGETS",
    "Assigned",
    "CalendarCoverageWarning",
    "CategoryBatch",
    "CategoryResult",
    "Channel",
    "ChannelPriorityRule",
    "ChannelRule",
    "CleaningReport",
    "Comparison",
    "ComplianceRow",
    "CsMetricsDeprecationWarning",
    "CsMetricsError",
    "CsMetricsWarning",
    "CsatCounts",
    "CsatResult",
    "Customer",
    "CustomerTier",
    "Decision",
    "DelayRule",
    "DisplayName",
    "Escalation",
    "EscalationLevel",
    "EventKind",
    "Evidence",
    "GroupedResults",
    "IndicatorSpec",
    "InputTypeError",
    "Interval",
    "InvalidConfigError",
    "InvalidEventError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidScheduleError",
    "InvalidScoreError",
    "InvalidTicketIdError",
    "KeywordGroup",
    "LabelCounts",
    "Lexicon",
    "MetricStatus",
    "MetricTargets",
    "MissingTargetError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "NpsCounts",
    "NpsResult",
    "ParetoResult",
    "Priority",
    "PriorityDecision",
    "PriorityRules",
    "QualityComponent",
    "QualityScore",
    "RateCounts",
    "RateResult",
    "RejectedRow",
    "RemovedRow",
    "RevisitState",
    "RoutingTable",
    "Schedule",
    "Sentiment",
    "SentimentBatch",
    "SentimentResult",
    "SlaPolicy",
    "SlaTarget",
    "Status",
    "SurveyResponse",
    "SurveyTable",
    "Taxonomy",
    "Ticket",
    "TicketEvent",
    "TicketEvents",
    "TicketId",
    "TicketSla",
    "TicketTable",
    "TierRule",
    "TimeStats",
    "UndefinedMetricWarning",
    "WeeklyReport",
    "__version__",
    "assign_priority",
    "assign_priority_many",
    "build_report",
    "categorize",
    "categorize_many",
    "clean",
    "compare",
    "complaint_close_rate",
    "compliance",
    "csat",
    "csat_by_dimension",
    "evaluate",
    "evaluate_many",
    "first_contact_resolution_rate",
    "first_response_times",
    "format_ticket_id",
    "group_by",
    "iter_surveys",
    "iter_tickets",
    "json_schemas",
    "mask_name",
    "mask_phone",
    "needs_follow_up",
    "nps",
    "on_time_rate",
    "override",
    "pareto",
    "parse_ticket_id",
    "preset_names",
    "quality_score",
    "rate",
    "read_surveys",
    "read_tickets",
    "render_report",
    "reopen_rate",
    "repeat_contact_rate",
    "resolution_rate",
    "resolution_times",
    "results_to_columns",
    "revisit_state",
    "route",
    "sample_surveys",
    "sample_ticket_columns",
    "sample_tickets",
    "sentiment",
    "sentiment_many",
    "slow_categories",
    "tickets_to_columns",
    "time_stats",
    "to_dataframe",
    "top_shares",
    "trend",
    "within_target_rate",
]
