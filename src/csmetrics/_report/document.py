"""The report as a list of blocks (headings, paragraphs, lists, tables) in one language.

Built from the JSON document (:func:`~csmetrics._report.data.report_data`),
so Markdown and HTML show exactly the JSON's numbers, formatted one way.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import Channel
from csmetrics._report.data import NONE_KEY
from csmetrics._report.labels import Language, label
from csmetrics._report.text import cell, count, nps_text, pct

__all__ = ["Block", "document"]

_SHOWN = 10
"""Rows of a list shown in Markdown and HTML (JSON holds more; totals are always given)."""


class Block(NamedTuple):
    """``kind``: h1, h2, p, list or table; ``rows`` and ``numeric`` for tables only."""

    kind: str
    text: str | list[str]
    rows: list[list[str]] | None = None
    numeric: list[bool] | None = None


def _channel(key: str, lang: Language) -> str:
    if key == NONE_KEY:
        return label("none", lang)
    known = {c.value: c for c in Channel}.get(key)
    if known is not None:
        return known.zh if lang == "zh" else key.replace("_", " ")
    return cell(key)


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.0f}m"
    if value < 2880:
        return f"{value / 60:.1f}h"
    return f"{value / 1440:.1f}d"


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
        [label("tickets", lang), count(i["tickets_read"]),
         count(i["tickets_read"] - i["tickets_rejected"]), count(i["tickets_rejected"])],
        [label("surveys", lang), count(i["surveys_read"]),
         count(i["surveys_read"] - i["surveys_rejected"]), count(i["surveys_rejected"])],
    ]  # fmt: skip
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
        [label(names.get(c["metric"], c["metric"]), lang), _value(c["metric"], c["before"]),
         _value(c["metric"], c["after"]), _difference(c["metric"], c["difference"]),
         label(c["verdict"], lang)]
        for c in data["changes"]
    ]  # fmt: skip
    headers = [label(k, lang) for k in ("metric", "before", "now_col", "diff", "verdict")]
    return [Block("h2", label("changes", lang)),
            Block("table", headers, rows, [False, True, True, True, False])]  # fmt: skip


def _volume(data: dict[str, Any], lang: Language) -> list[Block]:
    v = data["volume"]
    total = v["total"]

    def share(n: int) -> str:
        return pct(n / total) if total else "-"

    blocks = [Block("h2", label("volume", lang)),
              Block("p", label("complaints", lang, n=count(total), c=count(v["complaints"])))]  # fmt: skip
    rows = [[label("none", lang) if p == NONE_KEY else p, count(n), share(n)]
            for p, n in v["by_priority"].items()]  # fmt: skip
    blocks.append(Block("table", [label("priority", lang), label("tickets", lang),
                                  label("share", lang)], rows, [False, True, True]))  # fmt: skip
    rows = [[_channel(c, lang), count(n), share(n)] for c, n in v["by_channel"].items() if n]
    blocks.append(Block("table", [label("channel", lang), label("tickets", lang),
                                  label("share", lang)], rows, [False, True, True]))  # fmt: skip
    if len(v["trend"]) > 1:
        rows = [[t["start"], count(t["tickets"])] for t in v["trend"]]
        blocks += [Block("p", label("trend", lang)),
                   Block("table", [label("day", lang), label("tickets", lang)], rows, [False, True])]  # fmt: skip
    return blocks


def _sla(data: dict[str, Any], lang: Language) -> list[Block]:
    s = data["sla"]
    if not s["available"]:
        return []
    blocks = [Block("h2", label("sla", lang))]
    for metric in ("first_response", "resolution"):
        rows = [
            [p, count(r["met"]), count(r["breached"]), count(r["pending"]), pct(r["share_met"]),
             _minutes(r["median_minutes"]), _minutes(r["p90_minutes"])]
            for p, r in s[metric].items()
            if r["met"] + r["breached"] + r["pending"]
        ]  # fmt: skip
        headers = [label(metric, lang)] + [
            label(k, lang) for k in ("met", "breached", "pending", "share_met", "median", "p90")
        ]
        blocks.append(Block("table", headers, rows, [False] + [True] * 6))
    blocks.append(Block("p", label("sla_note", lang)))
    lines = [
        label("breached_tickets", lang, n=count(s["breached_tickets"]), t=count(s["evaluated"]))
    ]
    lines += [label("escalation", lang, level=e["level"], action=cell(e["action"]), n=count(e["tickets"]))
              for e in s["escalations"]]  # fmt: skip
    blocks.append(Block("list", lines))
    if s["overdue_reasons"]:
        rows = [[cell(r["reason"]), count(r["tickets"])] for r in s["overdue_reasons"][:_SHOWN]]
        blocks.append(
            Block("table", [label("reason", lang), label("tickets", lang)], rows, [False, True])
        )
    return blocks


def _outcomes(data: dict[str, Any], lang: Language) -> list[Block]:
    o = data["outcomes"]
    if o is None:
        return []
    fcr = o["fcr"]
    lines = [label("resolved", lang, r=count(o["resolved"]), n=count(o["tickets"]),
                   pct=pct(o["resolution_rate"]["share"]))]  # fmt: skip
    if fcr["rate"] is not None:
        lines.append(
            label("fcr", lang, pct=pct(fcr["rate"]["share"]), k=count(fcr["yes"] + fcr["no"]))
        )
    if not fcr["history_records_conversations"] and fcr["unknown"]:
        lines.append(label("fcr_thin", lang))
    if fcr["unknown"]:
        lines.append(label("fcr_unknown", lang, u=count(fcr["unknown"])))
    if o["reopen_rate"] is not None:
        lines.append(label("reopened", lang, n=count(o["reopened"]), w=count(o["reopen_rate"]["n"]),
                           pct=pct(o["reopen_rate"]["share"])))  # fmt: skip
    return [Block("h2", label("outcomes", lang)), Block("list", lines)]


def _satisfaction(data: dict[str, Any], lang: Language) -> list[Block]:
    s = data["satisfaction"]
    nps = s["nps"]
    if nps["score"] is None and all(s["csat"][d]["n"] == 0 for d in DIMENSIONS):
        return []
    rows = [
        [label(d, lang), "-" if c["mean"] is None else f"{c['mean']:.2f}",
         "-" if c["low"] is None else f"{c['low']:.2f}-{c['high']:.2f}", pct(c["satisfied_share"]),
         count(c["n"])]
        for d in DIMENSIONS
        if (c := s["csat"][d])["n"]
    ]  # fmt: skip
    headers = [label(k, lang) for k in ("question", "average", "range", "satisfied", "answers")]
    blocks = [Block("h2", label("satisfaction", lang)),
              Block("table", headers, rows, [False, True, True, True, True])]  # fmt: skip
    if nps["score"] is not None:
        blocks.append(Block("p", label("nps", lang, score=nps_text(nps["score"]),
                                       low=nps_text(nps["low"]), high=nps_text(nps["high"]),
                                       n=count(nps["n"]), pro=pct(nps["promoters"]),
                                       det=pct(nps["detractors"]))))  # fmt: skip
    m = data["sentiment"]
    if m is not None:
        blocks += [Block("h2", label("sentiment", lang)), Block("list", [
            label("moods", lang, n=count(m["comments"]), pos=count(m["positive"]),
                  neu=count(m["neutral"]), neg=count(m["negative"])),
            label("warmth", lang, pct=pct(m["warmth"]), goal=pct(m["warmth_goal"])),
        ])]  # fmt: skip
    return blocks


def _pareto(part: dict[str, Any], lang: Language, title: str) -> Block:
    rows = [[cell(r["label"]), count(r["tickets"]), pct(r["share"]), pct(r["cumulative"])]
            for r in part["items"][:_SHOWN]]  # fmt: skip
    rest = part["items"][_SHOWN:]
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


def _categories(data: dict[str, Any], lang: Language) -> list[Block]:
    c = data["categories"]
    if c is None:
        return []
    k = c["categories"]["top_for_80_percent"]
    return [Block("h2", label("categories", lang)), _pareto(c["categories"], lang, "category"),
            Block("p", label("pareto_note", lang, k=k)), _pareto(c["problems"], lang, "problem")]  # fmt: skip


def _agents(data: dict[str, Any], lang: Language) -> list[Block]:
    if not data["agents"]:
        return []
    rows = [
        [cell(a["agent"]), count(a["tickets"]), count(a["resolved"]),
         pct(a["fcr_yes"] / a["fcr_known"]) if a["fcr_known"] else "-", count(a["surveys"]),
         "-" if a["csat_mean"] is None else f"{a['csat_mean']:.2f}"]
        for a in data["agents"][:_SHOWN * 2]
    ]  # fmt: skip
    headers = [label(k, lang) for k in ("agent", "tickets", "resolved_col", "first_contact",
                                        "answers", "csat_col")]  # fmt: skip
    blocks = [
        Block("h2", label("agents", lang)),
        Block("table", headers, rows, [False] + [True] * 5),
    ]
    if len(data["agents"]) > _SHOWN * 2:
        blocks.append(
            Block("p", label("shown_first", lang, k=_SHOWN * 2, n=count(len(data["agents"]))))
        )
    return blocks


def _follow_up(data: dict[str, Any], lang: Language) -> list[Block]:
    f, overdue = data["follow_up"], data["sla"]["overdue"]
    if not f["total"] and not overdue["total"]:
        return []
    blocks = [Block("h2", label("follow_up", lang))]
    if f["total"]:
        blocks.append(Block("p", label("low_answers", lang, n=count(f["total"]))))
        rows = [[cell(a["ticket_id"]), cell(a["agent"]), count(a["lowest_score"]), count(a["nps"])]
                for a in f["answers"][:_SHOWN]]  # fmt: skip
        headers = [label(k, lang) for k in ("ticket", "agent", "lowest", "nps_name")]
        blocks.append(Block("table", headers, rows, [False, False, True, True]))
        if f["total"] > _SHOWN:
            blocks.append(Block("p", label("shown_first", lang, k=_SHOWN, n=count(f["total"]))))
    if overdue["total"]:
        blocks.append(Block("p", label("overdue", lang, n=count(overdue["total"]))))
        rows = [[cell(t["ticket_id"]), t["priority"] or "-", label(t["metric"], lang),
                 cell(t["customer"]), _minutes(t["overdue_minutes"])]
                for t in overdue["tickets"][:_SHOWN]]  # fmt: skip
        headers = [label(k, lang) for k in ("ticket", "priority", "metric", "customer", "late_by")]
        blocks.append(Block("table", headers, rows, [False, False, False, False, True]))
        if overdue["total"] > _SHOWN:
            blocks.append(
                Block("p", label("shown_first", lang, k=_SHOWN, n=count(overdue["total"])))
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


def _quality(data: dict[str, Any], lang: Language) -> list[Block]:
    q = data["quality"]
    if q["score"] is None:
        return []
    names = {"nps": "nps_name", "fcr": "fcr_name", "warmth": "warmth_name"}
    rows = [
        [label(names.get(c["name"], c["name"]), lang), _indicator(c["name"], c["value"]),
         _indicator(c["name"], c["target"]), pct(c["weight"]),
         label("to improve" if c["to_improve"] else "ok", lang)]
        for c in q["components"]
    ]  # fmt: skip
    headers = [label(k, lang) for k in ("indicator", "value", "target", "weight", "status")]
    return [Block("h2", label("quality", lang)),
            Block("p", label("quality_line", lang, v=f"{q['score']:.1f}")),
            Block("table", headers, rows, [False, True, True, True, False])]  # fmt: skip


def _notes(data: dict[str, Any], lang: Language) -> list[Block]:
    i, s = data["input"], data["satisfaction"]
    lines = []
    if i["left_out"]:
        lines.append(label("note_period", lang, out=count(i["left_out"])))
    if i["tickets_rejected"] or i["surveys_rejected"]:
        lines.append(label("note_rejected", lang, t=count(i["tickets_rejected"]),
                           s=count(i["surveys_rejected"])))  # fmt: skip
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
    pending = sum(r["pending"] for r in data["sla"]["first_response"].values())
    if pending:
        lines.append(label("note_pending", lang, p=count(pending)))
    return [Block("h2", label("notes", lang)), Block("list", lines)] if lines else []


def document(data: dict[str, Any], lang: Language) -> list[Block]:
    """The blocks of the report in reading order."""
    return [
        *_heading(data, lang), *_input(data, lang), *_changes(data, lang), *_volume(data, lang),
        *_sla(data, lang), *_outcomes(data, lang), *_satisfaction(data, lang),
        *_categories(data, lang), *_agents(data, lang), *_follow_up(data, lang),
        *_quality(data, lang), *_notes(data, lang),
    ]  # fmt: skip
