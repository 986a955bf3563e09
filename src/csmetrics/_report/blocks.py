"""The later blocks of the report: satisfaction, problems, agents, follow-ups, quality, notes."""

from __future__ import annotations

from typing import Any, NamedTuple

from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._report.labels import Language, label
from csmetrics._report.text import cell, count, nps_text, pct

__all__ = [
    "SHOWN",
    "Block",
    "agent_blocks",
    "category_blocks",
    "follow_up_blocks",
    "minutes",
    "note_blocks",
    "quality_blocks",
    "satisfaction_blocks",
]

SHOWN = 10
"""Rows of a list shown in Markdown and HTML (JSON holds more; totals are always given)."""


class Block(NamedTuple):
    """``kind``: h1, h2, p, list or table; ``rows`` and ``numeric`` for tables only."""

    kind: str
    text: str | list[str]
    rows: list[list[str]] | None = None
    numeric: list[bool] | None = None


def minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.0f}m"
    if value < 2880:
        return f"{value / 60:.1f}h"
    return f"{value / 1440:.1f}d"


def satisfaction_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    s = data["satisfaction"]
    nps = s["nps"]
    if nps["score"] is None and all(s["csat"][d]["n"] == 0 for d in DIMENSIONS):
        return []
    rows = [
        [
            label(d, lang),
            "-" if c["mean"] is None else f"{c['mean']:.2f}",
            "-" if c["low"] is None else f"{c['low']:.2f}-{c['high']:.2f}",
            pct(c["satisfied_share"]),
            count(c["n"]),
        ]
        for d in DIMENSIONS
        if (c := s["csat"][d])["n"]
    ]
    headers = [label(k, lang) for k in ("question", "average", "range", "satisfied", "answers")]
    blocks = [
        Block("h2", label("satisfaction", lang)),
        Block("table", headers, rows, [False, True, True, True, True]),
    ]
    if nps["score"] is not None:
        blocks.append(
            Block(
                "p",
                label(
                    "nps",
                    lang,
                    score=nps_text(nps["score"]),
                    low=nps_text(nps["low"]),
                    high=nps_text(nps["high"]),
                    n=count(nps["n"]),
                    pro=pct(nps["promoters"]),
                    det=pct(nps["detractors"]),
                ),
            )
        )
    m = data["sentiment"]
    if m is not None:
        blocks += [
            Block("h2", label("sentiment", lang)),
            Block(
                "list",
                [
                    label(
                        "moods",
                        lang,
                        n=count(m["comments"]),
                        pos=count(m["positive"]),
                        neu=count(m["neutral"]),
                        neg=count(m["negative"]),
                    ),
                    label("warmth", lang, pct=pct(m["warmth"]), goal=pct(m["warmth_goal"])),
                ],
            ),
        ]
    return blocks


def _pareto(part: dict[str, Any], lang: Language, title: str) -> Block:
    rows = [
        [cell(r["label"]), count(r["tickets"]), pct(r["share"]), pct(r["cumulative"])]
        for r in part["items"][:SHOWN]
    ]
    rest = part["items"][SHOWN:]
    hidden = len(rest) + part["other"]["labels"]
    if hidden:
        tickets = sum(r["tickets"] for r in rest) + part["other"]["tickets"]
        share = tickets / part["total"] if part["total"] else None
        rows.append([label("other", lang, k=count(hidden)), count(tickets), pct(share), pct(1.0)])
    headers = [
        label(title, lang),
        label("tickets", lang),
        label("share", lang),
        label("cumulative", lang),
    ]
    return Block("table", headers, rows, [False, True, True, True])


def category_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    c = data["categories"]
    if c is None:
        return []
    k = c["categories"]["top_for_80_percent"]
    return [
        Block("h2", label("categories", lang)),
        _pareto(c["categories"], lang, "category"),
        Block("p", label("pareto_note", lang, k=k)),
        _pareto(c["problems"], lang, "problem"),
    ]


def agent_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    if not data["agents"]:
        return []
    rows = [
        [
            cell(a["agent"]),
            count(a["tickets"]),
            count(a["resolved"]),
            pct(a["fcr_yes"] / a["fcr_known"]) if a["fcr_known"] else "-",
            count(a["surveys"]),
            "-" if a["csat_mean"] is None else f"{a['csat_mean']:.2f}",
        ]
        for a in data["agents"][: SHOWN * 2]
    ]
    headers = [
        label(k, lang)
        for k in ("agent", "tickets", "resolved_col", "first_contact", "answers", "csat_col")
    ]
    blocks = [
        Block("h2", label("agents", lang)),
        Block("table", headers, rows, [False] + [True] * 5),
    ]
    if len(data["agents"]) > SHOWN * 2:
        blocks.append(
            Block("p", label("shown_first", lang, k=SHOWN * 2, n=count(len(data["agents"]))))
        )
    return blocks


def follow_up_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    f, overdue = data["follow_up"], data["sla"]["overdue"]
    if not f["total"] and not overdue["total"]:
        return []
    blocks = [Block("h2", label("follow_up", lang))]
    if f["total"]:
        blocks.append(Block("p", label("low_answers", lang, n=count(f["total"]))))
        rows = [
            [cell(a["ticket_id"]), cell(a["agent"]), count(a["lowest_score"]), count(a["nps"])]
            for a in f["answers"][:SHOWN]
        ]
        headers = [label(k, lang) for k in ("ticket", "agent", "lowest", "nps_name")]
        blocks.append(Block("table", headers, rows, [False, False, True, True]))
        if f["total"] > SHOWN:
            blocks.append(Block("p", label("shown_first", lang, k=SHOWN, n=count(f["total"]))))
    if overdue["total"]:
        blocks.append(Block("p", label("overdue", lang, n=count(overdue["total"]))))
        rows = [
            [
                cell(t["ticket_id"]),
                t["priority"] or "-",
                label(t["metric"], lang),
                cell(t["customer"]),
                minutes(t["overdue_minutes"]),
            ]
            for t in overdue["tickets"][:SHOWN]
        ]
        headers = [label(k, lang) for k in ("ticket", "priority", "metric", "customer", "late_by")]
        blocks.append(Block("table", headers, rows, [False, False, False, False, True]))
        if overdue["total"] > SHOWN:
            blocks.append(
                Block("p", label("shown_first", lang, k=SHOWN, n=count(overdue["total"])))
            )
    return blocks


def _indicator(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    if name == "nps":
        return nps_text(value)
    if name == "csat":
        return f"{value:.2f}"
    return pct(value)


def quality_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    q = data["quality"]
    if q["score"] is None:
        return []
    names = {"nps": "nps_name", "fcr": "fcr_name", "warmth": "warmth_name"}
    rows = [
        [
            label(names.get(c["name"], c["name"]), lang),
            _indicator(c["name"], c["value"]),
            _indicator(c["name"], c["target"]),
            pct(c["weight"]),
            label("to improve" if c["to_improve"] else "ok", lang),
        ]
        for c in q["components"]
    ]
    headers = [label(k, lang) for k in ("indicator", "value", "target", "weight", "status")]
    return [
        Block("h2", label("quality", lang)),
        Block("p", label("quality_line", lang, v=f"{q['score']:.1f}")),
        Block("table", headers, rows, [False, True, True, True, False]),
    ]


def note_blocks(data: dict[str, Any], lang: Language) -> list[Block]:
    i, s = data["input"], data["satisfaction"]
    lines = []
    if i["left_out"]:
        lines.append(label("note_period", lang, out=count(i["left_out"])))
    if i["tickets_rejected"] or i["surveys_rejected"]:
        lines.append(
            label(
                "note_rejected",
                lang,
                t=count(i["tickets_rejected"]),
                s=count(i["surveys_rejected"]),
            )
        )
    answers = i["surveys_in_period"]
    if answers and answers != i["tickets_in_period"]:
        lines.append(label("note_surveys", lang, s=count(answers), t=count(i["tickets_in_period"])))
    if i["surveys_without_time"] and data["period"]["since"] is not None:
        lines.append(label("note_untimed", lang, n=count(i["surveys_without_time"])))
    overall, nps = s["csat"]["overall"]["n"], s["nps"]["n"]
    if answers and overall != answers:
        lines.append(label("note_csat", lang, n=count(overall), m=count(answers - overall)))
    if answers and nps != answers:
        lines.append(label("note_nps", lang, n=count(nps), m=count(answers - nps)))
    if data["sentiment"] is not None and data["sentiment"]["comments"] != answers:
        lines.append(
            label("note_comments", lang, c=count(data["sentiment"]["comments"]), s=count(answers))
        )
    if data["sla"]["reprioritised"]:
        lines.append(label("note_reprioritised", lang, n=count(data["sla"]["reprioritised"])))
    pending = sum(r["pending"] for r in data["sla"]["first_response"].values())
    if pending:
        lines.append(label("note_pending", lang, p=count(pending)))
    return [Block("h2", label("notes", lang)), Block("list", lines)] if lines else []
