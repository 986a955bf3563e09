"""Text for terminals: display width, padding, safe cells, number formats, aligned tables.

A Chinese character takes two cells in a terminal, so widths count East
Asian wide and full-width characters twice. Cells come from data (category
and agent names): control characters and line breaks become spaces, a
Markdown pipe is escaped, and a cell too wide for its column is cut with
"…", so a table never runs past its width.
"""

from __future__ import annotations

import math
import unicodedata

__all__ = [
    "WIDTH",
    "cell",
    "count",
    "display_width",
    "nps_text",
    "pad",
    "pct",
    "table",
    "truncate",
]

WIDTH = 80
"""Columns of the Markdown report."""
_MAX_CELL = 200


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes (wide and full-width characters count 2).

    Examples
    --------
    >>> display_width("P1 紧急"), display_width("abc")
    (7, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` aligned in ``width`` terminal cells (left, or right for numbers)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def cell(value: object) -> str:
    """A table cell from data: one line, no control characters, pipes escaped, bounded."""
    text = "" if value is None else str(value)[: _MAX_CELL * 2]
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text)
    text = " ".join(text.split())
    return truncate(text.replace("|", "/"), _MAX_CELL)


def count(value: int | None) -> str:
    """A count with thousands separators ("12,345"); "-" for none."""
    return "-" if value is None else f"{value:,}"


def pct(value: float | None) -> str:
    """A share 0..1 as a percentage with one decimal ("92.5%"); "-" for none."""
    return "-" if value is None or math.isnan(value) else f"{100 * value:.1f}%"


def nps_text(value: float | None) -> str:
    """NPS, the one way it is shown everywhere: signed, one decimal ("+9.4", "-12.0")."""
    return "-" if value is None or math.isnan(value) else f"{value:+.1f}"


def table(
    headers: list[str], rows: list[list[str]], numeric: list[bool], width: int = WIDTH
) -> list[str]:
    """A Markdown pipe table whose lines fit ``width`` cells.

    Column widths follow their widest cell; when the table is too wide the
    text columns are cut (numbers never are: they are short by design).

    Examples
    --------
    >>> print("\\n".join(table(["Agent", "Tickets"], [["王芳", "1,234"]], [False, True])))
    | Agent | Tickets |
    | ----- | ------: |
    | 王芳  |   1,234 |
    """
    widths = [
        max(3, display_width(h), *(display_width(r[i]) for r in rows))
        for i, h in enumerate(headers)
    ]
    total = sum(widths) + 3 * len(widths) + 1
    text_columns = [i for i, n in enumerate(numeric) if not n]
    while total > width and text_columns:
        widest = max(text_columns, key=lambda i: widths[i])
        if widths[widest] <= 6:
            break
        widths[widest] -= 1
        total -= 1
    lines = []
    for values in [headers, *rows]:
        cells = [
            pad(truncate(v, widths[i]), widths[i], right=numeric[i] and values is not headers)
            for i, v in enumerate(values)
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if values is headers:
            rule = [
                "-" * (w - 1) + ":" if n else "-" * w for w, n in zip(widths, numeric, strict=True)
            ]
            lines.append("| " + " | ".join(rule) + " |")
    return lines
