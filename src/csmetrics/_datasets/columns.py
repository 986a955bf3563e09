"""Columnar generation of sample tickets with numpy (the fast core of ``datasets``).

Every column is drawn for all rows at once from one ``numpy.random.Generator``;
instants are int64 microseconds since the Unix epoch (UTC) with NaT where an
event did not happen, returned as ``datetime64[us]``.

Arrivals follow a weekly pattern in the wall-clock time of ``start``: busy
office hours (09:00-12:00, 13:00-18:00), quieter evenings, few tickets at
night and at weekends. Agents work 08:00-22:00, so a ticket that arrives at
night waits for the morning shift before its first response.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._datasets.text import (
    AGENTS,
    CATEGORIES,
    OVERDUE_WEIGHTS,
    PROBLEMS,
    PRODUCTS,
    SUFFIXES,
)

__all__ = ["customer_pool_size", "ticket_columns"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

NAT = np.iinfo(np.int64).min
_MINUTE = 60_000_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_EPOCH = dt.datetime(1970, 1, 1)  # noqa: DTZ001 - wall-clock arithmetic on naive datetimes

_WEEKDAY_WEIGHT = (1.0, 0.95, 0.95, 0.9, 0.9, 0.45, 0.35)
_HOUR_WEIGHT = (
    *(0.1, 0.06, 0.04, 0.04, 0.04, 0.06, 0.15, 0.35),  # 00-07
    *(0.8, 1.6, 1.7, 1.5, 0.9, 1.4, 1.5, 1.5, 1.4, 1.2),  # 08-17
    *(0.9, 0.8, 0.8, 0.7, 0.4, 0.2),  # 18-23
)
_CHANNEL_SHARE = (0.34, 0.24, 0.14, 0.08, 0.12, 0.08)
_CHANNEL_RESPONSE_FACTOR = np.array([1.0, 0.6, 3.0, 4.0, 3.5, 2.0])
_RESPONSE_MEDIAN_MIN = np.array([0.0, 5.0, 12.0, 25.0])  # by priority level 1-3
_WORK_MEDIAN_MIN = np.array([0.0, 55.0, 140.0, 600.0])
_CATEGORY_WORK_FACTOR = {"物流配送": 1.8, "功能建议": 1.5, "账单争议": 1.3}
_TARGET_HOURS = np.array([0, 2, 4, 24])  # resolution targets by level, for overdue reasons
_SHIFT = (8 * _HOUR, 22 * _HOUR)
_ENGLISH_SHARE = 0.2
_VIP_SHARE = 0.15


def customer_pool_size(n: int) -> int:
    """How many distinct customers ``n`` sample tickets come from."""
    return max(8, n // 4)


def _lognormal(rng: np.random.Generator, median: F64 | float, sigma: float, n: int) -> I64:
    """Durations in microseconds with the given median (in minutes)."""
    minutes = np.asarray(median) * rng.lognormal(0.0, sigma, n)
    return (minutes * _MINUTE).astype(np.int64)


def _slots(start: dt.datetime, days: int) -> tuple[F64, I64]:
    """Arrival weight and UTC offset (us) of each wall-clock hour after ``start``."""
    wall = start.replace(tzinfo=None)
    weights, offsets = [], []
    for k in range(days * 24):
        slot = wall + dt.timedelta(hours=k)
        weights.append(_WEEKDAY_WEIGHT[slot.weekday()] * _HOUR_WEIGHT[slot.hour])
        offset = slot.replace(tzinfo=start.tzinfo).utcoffset() or dt.timedelta(0)
        offsets.append(offset // dt.timedelta(microseconds=1))
    p = np.array(weights)
    return p / p.sum(), np.array(offsets, dtype=np.int64)


def _arrivals(rng: np.random.Generator, n: int, start: dt.datetime, days: int) -> dict[str, I64]:
    """Sorted creation instants (UTC us), their wall time and their serial per day/channel."""
    p, utc_offsets = _slots(start, days)
    slot = rng.choice(p.size, size=n, p=p)
    wall_offset = np.sort(slot * _HOUR + rng.integers(0, _HOUR, n))
    slot = wall_offset // _HOUR
    base = (start.replace(tzinfo=None) - _EPOCH) // dt.timedelta(microseconds=1)
    wall = base + wall_offset
    channel = rng.choice(len(_CHANNEL_SHARE), size=n, p=_CHANNEL_SHARE).astype(np.int64)
    return {
        "created_at": wall - utc_offsets[slot],
        "wall": wall,
        "channel": channel,
        "serial": _serials(wall // _DAY * 8 + channel),
    }


def _serials(keys: I64) -> I64:
    """1-based running number of each row among the earlier rows with the same key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    first = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    group_start = np.repeat(first, np.diff(np.r_[first, keys.size]))
    serial = np.empty_like(keys)
    serial[order] = np.arange(keys.size) - group_start + 1
    return serial


def _problems(rng: np.random.Generator, n: int) -> dict[str, npt.NDArray[Any]]:
    """Problem, language, text, customer, priority and complaint flag of each ticket."""
    weights = np.array([problem.weight for problem in PROBLEMS])
    problem = rng.choice(len(PROBLEMS), size=n, p=weights / weights.sum())
    language = (rng.random(n) < _ENGLISH_SHARE).astype(np.int64)
    suffix = rng.integers(0, len(SUFFIXES), n)
    table = np.array(
        [[[p.zh + s[0], p.en + s[1]] for s in SUFFIXES] for p in PROBLEMS], dtype=object
    )
    pool = customer_pool_size(n)
    customer = rng.integers(0, pool, n)
    vip = customer < max(1, round(pool * _VIP_SHARE))
    level = np.array([p.level for p in PROBLEMS])[problem]
    level = np.maximum(1, level - (vip & (rng.random(n) < 0.3)))
    category = np.array([CATEGORIES.index(p.category) for p in PROBLEMS])[problem]
    prone = (category == CATEGORIES.index("服务体验")) | (level == 1)
    complaint = rng.random(n) < np.where(prone, 0.3, 0.04)
    return {
        "problem": problem,
        "category": category,
        "language": language,
        "text": table[problem, suffix, language],
        "customer": customer,
        "vip": vip,
        "priority": level,
        "complaint": complaint,
    }


def _first_response(rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]]) -> I64:
    """First agent reply: wait for the shift to open, then a priority/channel delay."""
    n = cols["wall"].size
    second = cols["wall"] % _DAY
    open_, close = _SHIFT
    wait = np.where(second < open_, open_ - second, 0)
    wait = np.where(second >= close, _DAY + open_ - second, wait)
    level, channel = cols["priority"], cols["channel"]
    median = _RESPONSE_MEDIAN_MIN[level] * _CHANNEL_RESPONSE_FACTOR[channel]
    return cols["created_at"] + wait + _lognormal(rng, median, 0.7, n)


def _work(rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]]) -> I64:
    """Working time from the first response (or the end of a pause) to the resolution."""
    factor = np.ones(len(CATEGORIES))
    for name, value in _CATEGORY_WORK_FACTOR.items():
        factor[CATEGORIES.index(name)] = value
    median = _WORK_MEDIAN_MIN[cols["priority"]] * factor[cols["category"]]
    return _lognormal(rng, median, 0.7, cols["wall"].size)


def _contact(rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]]) -> dict[str, Any]:
    """First response, an early customer nudge, and a pause while waiting for the customer."""
    n, created = cols["wall"].size, cols["created_at"]
    first = _first_response(rng, cols)
    responded = rng.random(n) >= 0.015
    pause = first + _lognormal(rng, 10.0, 0.6, n)
    return {
        "responded": responded,
        "first": first,
        "early": created + ((first - created) * rng.random(n)).astype(np.int64),
        "has_early": responded & (rng.random(n) < 0.1),
        "paused": responded & (rng.random(n) < 0.22),
        "pause": pause,
        "resume": pause + _lognormal(rng, 180.0, 1.0, n),
    }


def _resolution(
    rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]], contact: dict[str, Any]
) -> dict[str, Any]:
    """Resolution (with a progress update on long work), reopen, survey, closing, revisit."""
    n = cols["wall"].size
    work_start = np.where(contact["paused"], contact["resume"], contact["first"])
    resolved = work_start + _work(rng, cols)
    solved = contact["responded"] & (rng.random(n) >= 0.04)
    reopened = solved & (rng.random(n) < 0.06)
    reopen_at = resolved + _lognormal(rng, 1200.0, 0.6, n)
    second_reply = reopen_at + _lognormal(rng, 30.0, 0.6, n)
    final = np.where(reopened, second_reply + _lognormal(rng, 180.0, 0.6, n), resolved)
    surveyed = solved & (rng.random(n) < 0.9)
    survey = final + _lognormal(rng, 90.0, 1.0, n)
    return {
        "solved": solved,
        "updated": solved & (resolved - work_start > 8 * _HOUR),
        "update": work_start + (resolved - work_start) // 2,
        "reopened": reopened,
        "first_resolved": resolved,
        "reopen_at": reopen_at,
        "second_reply": second_reply,
        "final": final,
        "surveyed": surveyed,
        "survey": survey,
        "closed": np.where(surveyed, survey, final) + 48 * _HOUR + rng.integers(0, _DAY, n),
        "revisit": final + 3 * _DAY + rng.integers(0, 2 * _DAY, n),
    }


def _keep(mask: Bool, values: I64) -> I64:
    return np.where(mask, values, NAT)


def _timeline(rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]]) -> dict[str, I64]:
    """Instants of every step; NaT (``NAT``) where the step did not happen."""
    c = _contact(rng, cols)
    r = _resolution(rng, cols, c)
    complaint = cols["complaint"].astype(bool)
    return {
        "customer_reply_early_at": _keep(c["has_early"], c["early"]),
        "first_response_at": _keep(c["responded"], c["first"]),
        "pause_at": _keep(c["paused"], c["pause"]),
        "resume_at": _keep(c["paused"], c["resume"]),
        "update_at": _keep(r["updated"], r["update"]),
        "first_resolved_at": _keep(r["reopened"], r["first_resolved"]),
        "reopened_at": _keep(r["reopened"], r["reopen_at"]),
        "second_reply_at": _keep(r["reopened"], r["second_reply"]),
        "resolved_at": _keep(r["solved"], r["final"]),
        "survey_sent_at": _keep(r["surveyed"], r["survey"]),
        "closed_at": _keep(r["solved"], r["closed"]),
        "revisit_at": _keep(r["solved"] & complaint, r["revisit"]),
    }


def _staffing(rng: np.random.Generator, cols: dict[str, npt.NDArray[Any]]) -> dict[str, I64]:
    """Agent, product and version indices, and the overdue reason of late tickets (-1: none)."""
    n = cols["wall"].size
    resolved = cols["resolved_at"]
    elapsed = np.where(resolved == NAT, 0, resolved - cols["created_at"])
    late = elapsed > _TARGET_HOURS[cols["priority"]] * _HOUR
    reason = rng.choice(len(OVERDUE_WEIGHTS), size=n, p=OVERDUE_WEIGHTS)
    product = rng.integers(0, len(PRODUCTS), n)
    versions = np.array([len(versions) for _, versions in PRODUCTS])
    return {
        "agent": rng.integers(0, len(AGENTS), n),
        "product": product,
        "version": rng.integers(0, 1 << 16, n) % versions[product],
        "overdue_reason": np.where(late & (rng.random(n) < 0.35), reason, -1),
    }


def ticket_columns(
    n: int, *, seed: int, start: dt.datetime, days: int
) -> dict[str, npt.NDArray[Any]]:
    """All columns of ``n`` sample tickets; instants as int64 UTC microseconds (NAT: none)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, npt.NDArray[Any]] = dict(_arrivals(rng, n, start, days))
    cols |= _problems(rng, n)
    cols |= _timeline(rng, cols)
    cols |= _staffing(rng, cols)
    return cols
