"""The ticket sections of the report, computed on columns: volume, outcomes, categories, quality.

Every builder works on :class:`~csmetrics._report.columns.TicketData`
columns (no model per row) and returns ``None`` when there is nothing to
measure, so the report never shows an undefined metric.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._models.enums import Channel, Priority, Status
from csmetrics._report.outcomes import FCR_NO, FCR_UNKNOWN, FCR_YES, STATUSES, Outcomes
from csmetrics._scoring.metrics import CsatResult, NpsResult, ParetoResult, QualityScore, RateResult
from csmetrics._scoring.pareto import LabelCounts
from csmetrics._scoring.quality import quality_score
from csmetrics._scoring.rate_counts import RateCounts

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._report.columns import TicketData

__all__ = [
    "QUALITY_TARGETS",
    "QUALITY_WEIGHTS",
    "UNCATEGORISED",
    "CategorySection",
    "OutcomeSection",
    "VolumeSection",
    "category_section",
    "codes_of",
    "outcome_section",
    "quality_section",
    "volume_section",
]

QUALITY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "csat": 0.30,
        "fcr": 0.25,
        "on_time": 0.25,
        "resolution_rate": 0.10,
        "nps": 0.10,
    }
)
"""Weights of the report's quality score (CSAT 30%, first-contact resolution 25% ...).

Warmth has no weight: it is only checked against its goal.
"""

QUALITY_TARGETS: Mapping[str, float] = MappingProxyType(
    {
        "csat": 4.2,
        "fcr": 0.85,
        "on_time": 0.95,
        "resolution_rate": 0.92,
        "warmth": 0.9,
    }
)
"""Thresholds under which an indicator is flagged "to improve" (待改善)."""

UNCATEGORISED = "uncategorised"
"""The category shown for tickets without one (they are counted, never dropped)."""


@dataclass(frozen=True)
class VolumeSection:
    """Ticket counts by channel, priority and status (as of the report's ``now``).

    ``by_channel`` holds every known channel (0 included), then channels the
    data names that the library does not know (as given), then ``None``
    (no channel given) when there are any; ``by_priority`` likewise ends with
    ``None`` for tickets without a priority. ``trend`` counts the tickets per
    day, week or month of the period (labels in the reporting time zone).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> from csmetrics.report import build_report
    >>> volume = build_report(sample_tickets(40, seed=1),
    ...                       now=DEFAULT_START + dt.timedelta(days=7)).volume
    >>> volume.total, sum(count for _, count in volume.by_channel)
    (40, 40)
    """

    total: int
    complaints: int
    by_channel: tuple[tuple[Channel | str | None, int], ...]
    by_priority: tuple[tuple[Priority | None, int], ...]
    by_status: tuple[tuple[Status, int], ...]
    trend: tuple[tuple[str, int], ...] = ()

    @property
    def urgent_share(self) -> float:
        """Share of P1 tickets among all tickets (0 when there are none)."""
        p1 = dict(self.by_priority).get(Priority.P1, 0)
        return p1 / self.total if self.total else 0.0


@dataclass(frozen=True)
class OutcomeSection:
    """Resolution rate, first-contact resolution (with its unknowns) and reopens.

    ``fcr`` is ``None`` when no resolved ticket's history tells (every one
    ``fcr_unknown``); unknown tickets are never counted as resolved on first
    contact.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> from csmetrics.report import build_report
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> def ticket(i, *kinds):
    ...     events = [{"kind": k, "at": t0 + dt.timedelta(minutes=m)} for m, k in enumerate(kinds)]
    ...     return Ticket(id=str(i), created_at=t0, events=events)
    >>> tickets = [ticket(1, "agent_reply", "resolved"),
    ...            ticket(2, "agent_reply", "customer_reply", "agent_reply", "resolved"),
    ...            ticket(3, "resolved")]
    >>> o = build_report(tickets, now=t0 + dt.timedelta(hours=1)).outcomes
    >>> o.fcr_yes, o.fcr_no, o.fcr_unknown, o.fcr.value
    (1, 1, 1, 0.5)
    """

    tickets: int
    resolved: int
    resolution_rate: RateResult
    was_resolved: int
    fcr_yes: int
    fcr_no: int
    fcr_unknown: int
    fcr: RateResult | None
    reopened: int
    reopen_rate: RateResult | None
    conversations: bool
    """Whether the input records conversations at all (else every FCR is unknown)."""


@dataclass(frozen=True)
class CategorySection:
    """Pareto of problem categories, and of the finer problem types.

    Tickets without a category count as :data:`UNCATEGORISED`: the counts
    add up to the tickets of the period.
    """

    categories: ParetoResult
    problems: ParetoResult


def codes_of(
    values: npt.NDArray[np.object_], missing: str
) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Integer codes of ``values`` (``None`` as ``missing``) and the label of each code.

    Labels keep their first-seen order; values that show as the same text
    share one code. One pass in C over the values (no Python loop per row).
    """
    items = values.tolist()
    index = {value: i for i, value in enumerate(dict.fromkeys(items))}
    codes = np.fromiter(map(index.__getitem__, items), dtype=np.int64, count=len(items))
    labels = [missing if value is None else str(value) for value in index]
    merged: dict[str, int] = {}
    remap = np.array([merged.setdefault(text, len(merged)) for text in labels], dtype=np.int64)
    if len(merged) != len(labels):
        codes = remap[codes]
    return codes, list(merged)


def _counts(values: npt.NDArray[np.object_], missing: str) -> dict[str, int]:
    codes, labels = codes_of(values, missing)
    counts = np.bincount(codes, minlength=len(labels)).tolist()
    return dict(zip(labels, counts, strict=True))


def volume_section(
    data: TicketData, outcomes: Outcomes, trend: tuple[tuple[str, int], ...] = ()
) -> VolumeSection:
    """Counts of the period's tickets."""
    channels = _counts(data.channel, "\0")
    known: list[tuple[Channel | str | None, int]] = [(c, channels.pop(c.value, 0)) for c in Channel]
    missing = channels.pop("\0", 0)
    known += sorted(channels.items())
    if missing:
        known.append((None, missing))
    levels = np.bincount(data.priority.astype(np.int64).clip(0, 3), minlength=4).tolist()
    priorities: list[tuple[Priority | None, int]] = [(p, levels[p.level]) for p in Priority]
    if levels[0]:
        priorities.append((None, levels[0]))
    statuses = np.bincount(outcomes.status.astype(np.int64), minlength=len(STATUSES)).tolist()
    return VolumeSection(
        total=len(data),
        complaints=int(np.count_nonzero(data.complaint)),
        by_channel=tuple(known),
        by_priority=tuple(priorities),
        by_status=tuple(zip(STATUSES, statuses, strict=True)),
        trend=trend,
    )


def trend_counts(
    created: npt.NDArray[np.int64], edges: Sequence[tuple[str, int]], end: int
) -> tuple[tuple[str, int], ...]:
    """Tickets per bin: ``edges`` are (label, start in UTC microseconds), ``end`` the last end."""
    starts = np.array([start for _, start in edges] + [end], dtype=np.int64)
    counts = np.diff(np.searchsorted(np.sort(created), starts, side="left"))
    return tuple((label, int(c)) for (label, _), c in zip(edges, counts.tolist(), strict=True))


def outcome_section(outcomes: Outcomes) -> OutcomeSection | None:
    """Resolution, first-contact resolution and reopens of the period's tickets."""
    n = int(outcomes.status.shape[0])
    if n == 0:
        return None
    resolved = int(np.count_nonzero(outcomes.is_resolved))
    was = int(np.count_nonzero(outcomes.was_resolved))
    yes = int(np.count_nonzero(outcomes.fcr == FCR_YES))
    no = int(np.count_nonzero(outcomes.fcr == FCR_NO))
    reopened = int(np.count_nonzero(outcomes.was_resolved & (outcomes.reopens > 0)))
    return OutcomeSection(
        tickets=n,
        resolved=resolved,
        resolution_rate=RateCounts.from_counts(resolved, n).result(),
        was_resolved=was,
        fcr_yes=yes,
        fcr_no=no,
        fcr_unknown=int(np.count_nonzero(outcomes.fcr == FCR_UNKNOWN)),
        fcr=RateCounts.from_counts(yes, yes + no).result() if yes + no else None,
        reopened=reopened,
        reopen_rate=RateCounts.from_counts(reopened, was).result() if was else None,
        conversations=outcomes.conversations,
    )


def _pareto(counts: Mapping[Hashable, int]) -> ParetoResult:
    return LabelCounts.from_mapping(counts).result()


def category_section(data: TicketData) -> CategorySection | None:
    """Pareto of categories and of "category/sub-category" problem types (none dropped)."""
    if len(data) == 0 or all(c is None for c in data.category.tolist()):
        return None
    cats, cat_labels = codes_of(data.category, UNCATEGORISED)
    subs, sub_labels = codes_of(data.subcategory, "")
    pairs, counts = np.unique(cats * len(sub_labels) + subs, return_counts=True)
    problems: dict[Hashable, int] = {}
    for pair, n in zip(pairs.tolist(), counts.tolist(), strict=True):
        cat, sub = divmod(pair, len(sub_labels))
        name = cat_labels[cat]
        key = f"{name}/{sub_labels[sub]}" if sub_labels[sub] and name != UNCATEGORISED else name
        problems[key] = problems.get(key, 0) + n
    per_category = np.bincount(cats, minlength=len(cat_labels)).tolist()
    return CategorySection(
        categories=_pareto(dict(zip(cat_labels, per_category, strict=True))),
        problems=_pareto(problems),
    )


def quality_section(
    outcomes: OutcomeSection | None,
    csat: CsatResult | None,
    nps: NpsResult | None,
    on_time: RateResult | None,
    warmth: float | None,
) -> QualityScore | None:
    """The weighted quality score of the indicators that can be measured."""
    indicators: dict[str, Any] = {}
    if csat is not None and nps is not None:
        indicators |= {"csat": csat, "nps": nps}
    if on_time is not None:
        indicators["on_time"] = on_time
    if outcomes is not None:
        indicators["resolution_rate"] = outcomes.resolution_rate
        if outcomes.fcr is not None:
            indicators["fcr"] = outcomes.fcr
    if warmth is not None:
        indicators["warmth"] = warmth
    weights = {name: QUALITY_WEIGHTS.get(name, 0.0) for name in indicators}
    if not any(weights.values()):
        return None
    targets = {name: QUALITY_TARGETS[name] for name in indicators if name in QUALITY_TARGETS}
    return quality_score(indicators, weights=weights, targets=targets)


publish("csmetrics.report", CategorySection, OutcomeSection, VolumeSection)
