"""csmetrics: after-sales customer-service metrics."""

from csmetrics._version import __version__
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

__all__ = [
    "CalendarCoverageWarning",
    "CsMetricsDeprecationWarning",
    "CsMetricsError",
    "CsMetricsWarning",
    "InputTypeError",
    "InvalidConfigError",
    "InvalidEventError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidScheduleError",
    "InvalidScoreError",
    "InvalidTicketIdError",
    "MissingTargetError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "UndefinedMetricWarning",
    "__version__",
]
