"""The report as a list of blocks (headings, paragraphs, lists, tables) in one language.

Built from the JSON document (:func:`~csmetrics._report.data.report_data`),
so Markdown and HTML show exactly the JSON's numbers, formatted one way.
"""

from __future__ import annotations

from typing import Any

from csmetrics._models.enums import Channel
from csmetrics._report.blocks import (
    SHOWN,
    Block,
    agent_blocks,
    category_blocks,
    follow_up_blocks,
    minutes,
    note_blocks,
    quality_blocks,
    satisfaction_blocks,
)
from csmetrics._report.data import NONE_KEY
from csmetrics._report.labels import Language, label
from csmetrics._report.text import cell, count, nps_text, pct

__all__ = ["Block", "document"]


def _channel(key: str, lang: Language) -> str:
    if key == NONE_KEY:
        return label("none", lang)
    known = {c.value: c for c in Channel}.get(key)
    if known is not None:
        return known.zh if lang == "zh" else key.replace("_", " ")
    return cell(key)


def _heading(data: dict[str, Any], lang: Language) -> list[Block]:
    period = data["period"]
    zone = period["timezone"]
    since, until = period["since"], period["until"]

    def short(iso: str) -> str:
        return iso[:16].replace("T", " ")

    if since is not None and until is not None:
        span = f"{label('from', lang)} {short(since)} {label('to', lang)} {short(until)}"
    elif since is not None:
        span = f"{label('from', lang)} {short(since)} {label('to', lang)} {short(period['now'])}"
    else:
        span = f"{label('up_to', lang)} {short(period['now'])}"
    offset = period["now"][-6:] if period["now"][-6] in "+-" else "+00:00"
    title = f"{label('title', lang)}: {span} (UTC{offset})"
    return [
        Block("h1", title),
        Block("p", label("as_of", lang, now=f"{short(period['now'])} {zone}")),
    ]


def _input(data: dict[str, Any], lang: Language) -> list[Block]:
    i = data["input"]
    rows = [
        [
            label("tickets", lang),
            count(i["tickets_read"]),
            count(i["tickets_read"] - i["tickets_rejected"]),
            count(i["tickets_rejected"]),
        ],
        [
            label("surveys", lang),
            count(i["surveys_read"]),
            count(i["surveys_read"] - i["surveys_rejected"]),
            count(i["surveys_rejected"]),
        ],
    ]
    headers = ["", label("read", lang), label("kept", lang), label("rejected", lang)]
    blocks = [
        Block("h2", label("input", lang)),
        Block("table", headers, rows, [False, True, True, True]),
    ]
    if i["priority_assigned"] or i["category_assigned"]:
        text = label(
            "assigned", lang, p=count(i["priority_assigned"]), c=count(i["category_assigned"])
        )
        blocks.append(Block("p", text))
    return blocks


def _value(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric == "volume":
        return count(int(value))
    if metric == "nps":
        return nps_text(value)
    if metric == "csat":
        return f"{value:.2f}"
    return pct(value)


def _difference(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric == "volume":
        return f"{int(value):+,}"
    if metric == "nps":
        return nps_text(value)
    if metric == "csat":
        return f"{value:+.2f}"
    return f"{100 * value:+.1f} pt"


def _changes(data: dict[str, Any], lang: Language) -> list[Block]:
    if not data["changes"]:
        return []
    names = {"volume": "volume_change", "csat": "csat_change", "nps": "nps_name"}
    rows = [
        [
            label(names.get(c["metric"], c["metric"]), lang),
            _value(c["metric"], c["before"]),
            _value(c["metric"], c["after"]),
            _difference(c["metric"], c["difference"]),
            label(c["verdict"], lang),
        ]
        for c in data["changes"]
    ]
    headers = [label(k, lang) for k in ("metric", "before", "now_col", "diff", "verdict")]
    return [
        Block("h2", label("changes", lang)),
        Block("table", headers, rows, [False, True, True, True, False]),
    ]


def _volume(data: dict[str, Any], lang: Language) -> list[Block]:
    v = data["volume"]
    total = v["total"]

    def share(n: int) -> str:
        return pct(n / total) if total else "-"

    blocks = [
        Block("h2", label("volume", lang)),
        Block("p", label("complaints", lang, n=count(total), c=count(v["complaints"]))),
    ]
    rows = [
        [label("none", lang) if p == NONE_KEY else p, count(n), share(n)]
        for p, n in v["by_priority"].items()
    ]
    blocks.append(
        Block(
            "table",
            [label("priority", lang), label("tickets", lang), label("share", lang)],
            rows,
            [False, True, True],
        )
    )
    rows = [[_channel(c, lang), count(n), share(n)] for c, n in v["by_channel"].items() if n]
    blocks.append(
        Block(
            "table",
            [label("channel", lang), label("tickets", lang), label("share", lang)],
            rows,
            [False, True, True],
        )
    )
    if len(v["trend"]) > 1:
        rows = [[t["start"], count(t["tickets"])] for t in v["trend"]]
        blocks += [
            Block("p", label("trend", lang)),
            Block("table", [label("day", lang), label("tickets", lang)], rows, [False, True]),
        ]
    return blocks


def _sla(data: dict[str, Any], lang: Language) -> list[Block]:
    s = data["sla"]
    if not s["available"]:
        return []
    blocks = [Block("h2", label("sla", lang))]
    for metric in ("first_response", "resolution"):
        rows = [
            [
                p,
                count(r["met"]),
                count(r["breached"]),
                count(r["pending"]),
                pct(r["share_met"]),
                minutes(r["median_minutes"]),
                minutes(r["p90_minutes"]),
            ]
            for p, r in s[metric].items()
            if r["met"] + r["breached"] + r["pending"]
        ]
        headers = [label(metric, lang)] + [
            label(k, lang) for k in ("met", "breached", "pending", "share_met", "median", "p90")
        ]
        blocks.append(Block("table", headers, rows, [False] + [True] * 6))
    blocks.append(Block("p", label("sla_note", lang)))
    lines = [
        label("breached_tickets", lang, n=count(s["breached_tickets"]), t=count(s["evaluated"]))
    ]
    lines += [
        label("escalation", lang, level=e["level"], action=cell(e["action"]), n=count(e["tickets"]))
        for e in s["escalations"]
    ]
    blocks.append(Block("list", lines))
    if s["overdue_reasons"]:
        rows = [[cell(r["reason"]), count(r["tickets"])] for r in s["overdue_reasons"][:SHOWN]]
        blocks.append(
            Block("table", [label("reason", lang), label("tickets", lang)], rows, [False, True])
        )
    return blocks


def _outcomes(data: dict[str, Any], lang: Language) -> list[Block]:
    o = data["outcomes"]
    if o is None:
        return []
    fcr = o["fcr"]
    lines = [
        label(
            "resolved",
            lang,
            r=count(o["resolved"]),
            n=count(o["tickets"]),
            pct=pct(o["resolution_rate"]["share"]),
        )
    ]
    if fcr["rate"] is not None:
        lines.append(
            label("fcr", lang, pct=pct(fcr["rate"]["share"]), k=count(fcr["yes"] + fcr["no"]))
        )
    if not fcr["history_records_conversations"] and fcr["unknown"]:
        lines.append(label("fcr_thin", lang))
    if fcr["unknown"]:
        lines.append(label("fcr_unknown", lang, u=count(fcr["unknown"])))
    if o["reopen_rate"] is not None:
        lines.append(
            label(
                "reopened",
                lang,
                n=count(o["reopened"]),
                w=count(o["reopen_rate"]["n"]),
                pct=pct(o["reopen_rate"]["share"]),
            )
        )
    return [Block("h2", label("outcomes", lang)), Block("list", lines)]


def document(data: dict[str, Any], lang: Language) -> list[Block]:
    """The blocks of the report in reading order."""
    return [
        *_heading(data, lang),
        *_input(data, lang),
        *_changes(data, lang),
        *_volume(data, lang),
        *_sla(data, lang),
        *_outcomes(data, lang),
        *satisfaction_blocks(data, lang),
        *category_blocks(data, lang),
        *agent_blocks(data, lang),
        *follow_up_blocks(data, lang),
        *quality_blocks(data, lang),
        *note_blocks(data, lang),
    ]
