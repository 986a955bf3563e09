"""The report as plain data: the stable JSON document (``schema_version`` 1).

Every renderer reads this one document, so a number is computed and
rounded in one place and shown the same way everywhere. It holds no clock
time: the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import Priority
from csmetrics._report.sentiment import WARMTH_GOAL

if TYPE_CHECKING:
    from csmetrics._report.build import WeeklyReport
    from csmetrics._report.sla_section import SlaSection
    from csmetrics._scoring.metrics import ParetoResult, RateResult

__all__ = ["NONE_KEY", "SCHEMA_VERSION", "report_data"]

SCHEMA_VERSION = 1
NONE_KEY = "(none)"
"""The key of tickets without a channel or a priority."""
PARETO_ROWS = 50
"""Most rows of a Pareto table in the JSON (the rest summed in ``other``)."""


def _num(value: float | None, digits: int = 4) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return round(float(value), digits)


def _iso(moment: dt.datetime | None, zone: dt.tzinfo | None) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat()


def _rate(result: RateResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "share": _num(result.value),
        "n": result.n,
        "low": _num(result.ci.low),
        "high": _num(result.ci.high),
    }


def _period(report: WeeklyReport) -> dict[str, Any]:
    zone = report.zone
    return {
        "since": _iso(report.since, zone),
        "until": _iso(report.until, zone),
        "now": _iso(report.now, zone),
        "timezone": report.timezone,
        "name": report.period,
    }


def _volume(report: WeeklyReport) -> dict[str, Any]:
    v = report.volume
    return {
        "total": v.total,
        "complaints": v.complaints,
        "by_priority": {NONE_KEY if p is None else p.value: n for p, n in v.by_priority},
        "by_channel": {NONE_KEY if c is None else str(c): n for c, n in v.by_channel},
        "by_status": {s.value: n for s, n in v.by_status},
        "trend": [{"start": label, "tickets": n} for label, n in v.trend],
    }


def _sla(section: SlaSection | None) -> dict[str, Any]:
    out: dict[str, Any] = {"available": section is not None}
    for metric in ("first_response", "resolution"):
        rows = {} if section is None else getattr(section, metric)
        times = {} if section is None or section.times is None else section.times[metric]
        out[metric] = {}
        for p in Priority:
            row, stats = rows.get(p), times.get(p)
            out[metric][p.value] = {
                "met": 0 if row is None else row.met,
                "breached": 0 if row is None else row.breached,
                "pending": 0 if row is None else row.pending,
                "share_met": None if row is None else _num(row.share_met),
                "median_minutes": None if stats is None else _num(stats.median, 1),
                "p90_minutes": None if stats is None else _num(stats.p90, 1),
            }
    if section is None:
        return out | {
            "evaluated": 0,
            "reprioritised": 0,
            "breached_tickets": 0,
            "on_time": None,
            "escalations": [],
            "overdue_reasons": [],
            "overdue": {"total": 0, "tickets": []},
        }
    return out | {
        "evaluated": section.evaluated,
        "reprioritised": section.reprioritised,
        "breached_tickets": section.breached_tickets,
        "on_time": _rate(section.on_time),
        "escalations": [
            {"level": lv, "action": a, "tickets": n} for lv, a, n in section.escalations
        ],
        "overdue_reasons": [{"reason": r, "tickets": n} for r, n in section.overdue_reasons],
        "overdue": {
            "total": section.overdue_total,
            "tickets": [
                {
                    "ticket_id": o.ticket_id,
                    "priority": None if o.priority is None else o.priority.value,
                    "metric": o.metric,
                    "overdue_minutes": _num(o.overdue_minutes, 1),
                    "customer": o.customer,
                    "agent": o.agent,
                }
                for o in section.overdue
            ],
        },
    }


def _outcomes(report: WeeklyReport) -> dict[str, Any] | None:
    o = report.outcomes
    if o is None:
        return None
    return {
        "tickets": o.tickets,
        "resolved": o.resolved,
        "resolution_rate": _rate(o.resolution_rate),
        "fcr": {
            "yes": o.fcr_yes,
            "no": o.fcr_no,
            "unknown": o.fcr_unknown,
            "rate": _rate(o.fcr),
            "history_records_conversations": o.conversations,
        },
        "reopened": o.reopened,
        "reopen_rate": _rate(o.reopen_rate),
    }


def _satisfaction(report: WeeklyReport) -> dict[str, Any]:
    s = report.satisfaction
    csat: dict[str, Any] = {}
    for name in DIMENSIONS:
        result = None if s is None else s.by_dimension.get(name)
        if result is None and s is not None and name == "overall":
            result = s.csat
        csat[name] = {
            "mean": None if result is None else _num(result.mean, 2),
            "n": 0 if result is None else result.n,
            "low": None if result is None else _num(result.mean_ci.low, 2),
            "high": None if result is None else _num(result.mean_ci.high, 2),
            "satisfied_share": None if result is None else _num(result.satisfied_share),
        }
    nps = None if s is None else s.nps
    return {
        "responses": report.surveys,
        "csat": csat,
        "nps": {
            "score": None if nps is None else _num(nps.score, 1),
            "n": 0 if nps is None else nps.n,
            "low": None if nps is None else _num(nps.ci.low, 1),
            "high": None if nps is None else _num(nps.ci.high, 1),
            "promoters": None if nps is None else _num(nps.promoters),
            "passives": None if nps is None else _num(nps.passives),
            "detractors": None if nps is None else _num(nps.detractors),
        },
    }


def _sentiment(report: WeeklyReport) -> dict[str, Any] | None:
    s = report.sentiment
    if s is None:
        return None
    return {
        "comments": s.comments,
        **{k: s.counts.get(k, 0) for k in ("positive", "neutral", "negative")},
        "warmth": _num(s.warmth),
        "warmth_goal": WARMTH_GOAL,
    }


def _pareto(result: ParetoResult) -> dict[str, Any]:
    rows = [
        {"label": str(label), "tickets": n, "share": _num(share), "cumulative": _num(cum)}
        for label, n, share, cum in zip(
            result.labels[:PARETO_ROWS],
            result.counts,
            result.shares,
            result.cumulative,
            strict=False,
        )
    ]
    rest = result.counts[PARETO_ROWS:]
    return {
        "total": result.n,
        "items": rows,
        "other": {"labels": len(rest), "tickets": sum(rest)},
        "top_for_80_percent": len(result.vital_few),
    }


def report_data(report: WeeklyReport) -> dict[str, Any]:
    """The JSON document of ``report`` (plain dicts, lists, str, int, float, bool, None)."""
    quality = report.quality
    counts = report.input
    return {
        "schema_version": SCHEMA_VERSION,
        "period": _period(report),
        "input": {
            "tickets_read": counts.tickets_read,
            "tickets_rejected": counts.tickets_rejected,
            "surveys_read": counts.surveys_read,
            "surveys_rejected": counts.surveys_rejected,
            "priority_assigned": counts.priority_assigned,
            "category_assigned": counts.category_assigned,
            "tickets_in_period": report.volume.total,
            "surveys_in_period": report.surveys,
            "surveys_without_time": report.surveys_without_time,
            "left_out": report.left_out,
        },
        "volume": _volume(report),
        "sla": _sla(report.sla),
        "outcomes": _outcomes(report),
        "satisfaction": _satisfaction(report),
        "sentiment": _sentiment(report),
        "categories": None
        if report.categories is None
        else {
            "categories": _pareto(report.categories.categories),
            "problems": _pareto(report.categories.problems),
        },
        "agents": [
            {
                "agent": a.agent,
                "tickets": a.tickets,
                "resolved": a.resolved,
                "fcr_yes": a.fcr_yes,
                "fcr_known": a.fcr_known,
                "surveys": a.surveys,
                "csat_mean": _num(a.csat_mean, 2),
            }
            for a in report.agents
        ],
        "follow_up": {
            "total": report.follow_up_total,
            "answers": [
                {
                    "ticket_id": None if f.ticket_id is None else str(f.ticket_id),
                    "agent": f.agent,
                    "lowest_score": f.lowest_score,
                    "nps": f.nps,
                }
                for f in report.follow_up
            ],
        },
        "quality": {
            "score": None if quality is None else _num(quality.value, 1),
            "components": []
            if quality is None
            else [
                {
                    "name": c.name,
                    "value": _num(c.value),
                    "target": _num(c.target),
                    "weight": _num(c.weight),
                    "to_improve": c.to_improve,
                }
                for c in quality.components
            ],
        },
        "changes": [
            {
                "metric": c.metric,
                "before": _num(c.before),
                "after": _num(c.after),
                "difference": _num(c.difference),
                "p_value": _num(c.p_value),
                "verdict": c.verdict,
            }
            for c in report.changes
        ],
    }
