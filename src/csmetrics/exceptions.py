"""Errors and warnings raised by csmetrics.

Every error is a :class:`CsMetricsError`; each concrete error also inherits
the builtin that fits, so ``except ValueError`` and ``except TypeError`` keep
working in code that does not know this library::

    Exception
    └── CsMetricsError
        ├── InvalidInputError (ValueError)        a value that is not acceptable
        │   ├── NaiveDatetimeError                a datetime without a time zone
        │   ├── InvalidScheduleError              malformed hours, zone, day key
        │   ├── InvalidScoreError                 a score off its scale
        │   ├── InvalidTicketIdError              a ticket id that does not parse
        │   ├── InvalidEventError                 events out of order, unknown kinds
        │   ├── InvalidPolicyError                an SLA policy that cannot work
        │   └── InvalidConfigError                a lexicon, taxonomy or rule file
        ├── InputTypeError (TypeError)            an argument of the wrong type
        ├── MissingTargetError (ValueError)       a policy without a target for a ticket
        └── NoOpenTimeError (ValueError)          no open time within 50 years

    Warning
    └── CsMetricsWarning (UserWarning)
        ├── UndefinedMetricWarning                a metric over no data
        ├── CalendarCoverageWarning               holidays not published that far ahead
        └── CsMetricsDeprecationWarning (DeprecationWarning)

Building a pydantic model (``Ticket``, ``SlaPolicy`` ...) with bad data raises
pydantic's ``ValidationError``, itself a ``ValueError``; the validators of this
package put stable error codes inside it (``naive_datetime``,
``events_out_of_order`` ...).

Messages name the parameter, what was expected and what came:

>>> from csmetrics.exceptions import InvalidScoreError
>>> err = InvalidScoreError("scores: expected integers 1..5, got 6 at position 2")
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

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
]


class CsMetricsError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(CsMetricsError, ValueError):
    """A value that is not acceptable (the type is right, the content is not)."""


class NaiveDatetimeError(InvalidInputError):
    """A datetime without a time zone where an instant is needed."""


class InvalidScheduleError(InvalidInputError):
    """Malformed working hours, an unknown day key or time zone, an empty schedule."""


class InvalidScoreError(InvalidInputError):
    """A score off its scale or not an integer."""


class InvalidTicketIdError(InvalidInputError):
    """A ticket id that does not follow ``YYYYMMDD`` + channel digit + serial."""


class InvalidEventError(InvalidInputError):
    """Ticket events out of time order, before creation, or of an unknown kind."""


class InvalidPolicyError(InvalidInputError):
    """An SLA policy that cannot be applied (bad durations, unknown preset ...)."""


class InvalidConfigError(InvalidInputError):
    """A lexicon, taxonomy or rule set that cannot be loaded."""


class InputTypeError(CsMetricsError, TypeError):
    """An argument of the wrong type."""


class MissingTargetError(CsMetricsError, ValueError):
    """A policy has no target for what the ticket needs (e.g. its priority)."""


class NoOpenTimeError(CsMetricsError, ValueError):
    """A schedule has no open time within the search horizon (50 years)."""


class CsMetricsWarning(UserWarning):
    """Base class of the warnings this package emits."""


class UndefinedMetricWarning(CsMetricsWarning):
    """A metric was asked of no data; its value is ``None`` or NaN."""


class CalendarCoverageWarning(CsMetricsWarning):
    """A schedule reaches past the last year whose make-up workdays are published."""


class CsMetricsDeprecationWarning(CsMetricsWarning, DeprecationWarning):
    """A public name or behaviour that will go away in a future major version."""
