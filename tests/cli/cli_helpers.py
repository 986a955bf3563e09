"""Shared helpers of the command's tests: running it in-process and writing small exports."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from csmetrics.cli import main

HEADER = (
    "id", "created_at", "channel", "priority", "text", "agent", "customer_name",
    "customer_phone", "first_response_at", "resolved_at",
)  # fmt: skip
NAME = "王小明"
PHONE = "13912345678"
EMAIL = "wang.xiaoming@example.com"
PERSONAL = (NAME, PHONE, EMAIL, "3912345678", "wang.xiaoming")
START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)  # a Monday


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``main(argv)``: exit code, standard output, standard error."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ticket_row(number: int, created: dt.datetime, **fields: str) -> dict[str, str]:
    """One export row: created at ``created``, answered after 30 minutes, resolved after 5 h."""
    row = {
        "id": f"T{number}",
        "created_at": created.isoformat(),
        "channel": ("chat", "phone", "email")[number % 3],
        "priority": ("P1", "P2", "P3")[number % 3],
        "text": "产品破损需紧急补发" if number % 2 else "发票开错了",
        "agent": f"agent_{number % 4}",
        "customer_name": NAME,
        "customer_phone": PHONE,
        "first_response_at": (created + dt.timedelta(minutes=30)).isoformat(),
        "resolved_at": (created + dt.timedelta(hours=5)).isoformat(),
    }
    row.update(fields)
    return row


def write_rows(path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> Path:
    """Write ``rows`` as a CSV export."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(header))
        writer.writeheader()
        writer.writerows(rows)
    return path


def two_weeks(path: Path) -> Path:
    """28 tickets: two a day from Mon 2025-03-03 09:00 UTC for 14 days."""
    rows = [ticket_row(i, START + dt.timedelta(hours=12 * i)) for i in range(28)]
    return write_rows(path, rows)
