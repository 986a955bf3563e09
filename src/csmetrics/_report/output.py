"""The report's outputs: Markdown (80 columns), stable JSON, one self-contained HTML page."""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_choice
from csmetrics._report.data import report_data
from csmetrics._report.document import Block, document
from csmetrics._report.labels import LANGUAGES, Language, label
from csmetrics._report.text import WIDTH, display_width, table
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from csmetrics._report.build import WeeklyReport

__all__ = ["FORMATS", "render", "render_html", "render_json", "render_markdown"]

FORMATS = ("md", "json", "html")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` cells (whole words when they fit, CJK anywhere)."""
    lines: list[str] = []
    line, used, empty = first, display_width(first), True
    for word in text.split(" "):
        if not word:
            continue
        size, gap = display_width(word), 0 if empty else 1
        if used + gap + size <= width:
            line, used, empty = line + " " * gap + word, used + gap + size, False
            continue
        if size <= width - display_width(rest) and not empty:
            lines.append(line)
            line, used = rest + word, display_width(rest) + size
            continue
        for ch in " " * gap + word:
            if used + _width(ch) > width:
                lines.append(line)
                line, used, empty = rest, display_width(rest), True
                if ch == " ":
                    continue
            line, used, empty = line + ch, used + _width(ch), False
    if not empty:
        lines.append(line)
    return lines


def render_markdown(report: WeeklyReport, *, language: Language = "en") -> str:
    """The report as Markdown whose every line fits 80 terminal columns."""
    out: list[str] = []
    for block in document(report_data(report), language):
        if out:
            out.append("")
        if block.kind in ("h1", "h2"):
            mark = "#" if block.kind == "h1" else "##"
            out.extend(wrap(str(block.text), WIDTH, mark + " ", mark + " "))
        elif block.kind == "p":
            out.extend(wrap(str(block.text), WIDTH))
        elif block.kind == "list":
            for item in block.text:
                out.extend(wrap(item, WIDTH, "- ", "  "))
        else:
            assert block.rows is not None
            assert block.numeric is not None
            out.extend(table(list(block.text), block.rows, block.numeric))
    return "\n".join(out) + "\n"


def render_json(report: WeeklyReport) -> str:
    """The stable JSON document (sorted keys, 2-space indent, no clock time, ends in a newline)."""
    return json.dumps(report_data(report), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
    "color:#222}table{border-collapse:collapse;margin:.5em 0 1em}"
    "th,td{border:1px solid #ccc;padding:.2em .6em}td.n{text-align:right}"
    "th{background:#f3f3f3}figure{margin:1em 0}"
)


def _html_block(block: Block) -> str:
    esc = html.escape
    if block.kind in ("h1", "h2"):
        return f"<{block.kind}>{esc(str(block.text))}</{block.kind}>"
    if block.kind == "p":
        return f"<p>{esc(str(block.text))}</p>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in block.text) + "</ul>"
    assert block.rows is not None
    assert block.numeric is not None
    head = "".join(f"<th>{esc(h)}</th>" for h in block.text)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(v)}</td>' if n else f"<td>{esc(v)}</td>"
            for v, n in zip(row, block.numeric, strict=True)
        )
        + "</tr>"
        for row in block.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(
    report: WeeklyReport, *, language: Language = "en", figures: Mapping[str, str] | None = None
) -> str:
    """One self-contained HTML page: inline style, no scripts, no external links.

    ``figures`` maps a title to an inline SVG document (trusted markup, such
    as ``csmetrics.plot`` draws); they are placed, in order, in a "Figures"
    section. Every text from the data is escaped.
    """
    blocks = document(report_data(report), language)
    parts = [_html_block(b) for b in blocks]
    if figures:
        if not isinstance(figures, Mapping):
            msg = f"figures: expected a mapping of title to inline SVG, got {describe(figures)}"
            raise InputTypeError(msg)
        parts.append(f"<h2>{html.escape(label('figures', language))}</h2>")
        for title, svg in figures.items():
            if not isinstance(title, str) or not isinstance(svg, str):
                msg = f"figures: expected str titles and SVG strings, got {describe(svg)}"
                raise InputTypeError(msg)
            caption = f"<figcaption>{html.escape(title)}</figcaption>"
            parts.append(f'<figure class="csm-figure">{svg}{caption}</figure>')
    title = html.escape(str(blocks[0].text))
    lang = "zh-CN" if language == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def render(
    report: Any,
    format: object,  # noqa: A002 - the keyword of render_report
    *,
    language: object,
    figures: Mapping[str, str] | None,
) -> str:
    """Check the arguments of ``render_report`` and render."""
    from csmetrics._report.build import WeeklyReport  # noqa: PLC0415 - build imports this lazily

    if not isinstance(report, WeeklyReport):
        msg = f"report: expected a WeeklyReport, got {type(report).__name__}"
        raise InputTypeError(msg)
    require_choice(format, FORMATS, param="format")
    lang = cast("Language", require_choice(language, LANGUAGES, param="language"))
    if figures is not None and format != "html":
        msg = "figures: only the HTML report shows figures (format='html')"
        raise InvalidInputError(msg)
    if format == "json":
        return render_json(report)
    if format == "html":
        return render_html(report, language=lang, figures=figures)
    return render_markdown(report, language=lang)
