"""The ``"zendesk"`` mapping preset reads the standard Zendesk CSV export."""

from __future__ import annotations

import datetime as dt

import numpy as np
from tests.helpdesks.fixtures import DATA, PERSONAL

from csmetrics.io import read_tickets


def test_the_export_reads_with_the_preset_and_the_account_zone() -> None:
    table = read_tickets(DATA / "zendesk_export.csv", mapping="zendesk",
                         timezone="America/Los_Angeles")  # fmt: skip
    assert table.id.tolist() == ["555", "556", "557"]
    assert table.priority.tolist() == [1, 2, 3]  # Urgent, Normal, Low
    assert table.channel.tolist()[0] == "email"  # "Mail" is an alias of email
    assert table.created_at[0] == np.datetime64(dt.datetime(2024, 3, 9, 0, 30), "us")  # PST -> UTC
    assert table.resolved_at[1] == np.datetime64(dt.datetime(2024, 4, 3, 17, 0), "us")  # PDT -> UTC
    assert table.customer_name.tolist() == ["M*** O***", "L*** B***", "王*"]
    assert table.text.tolist() == [None, None, None]  # the subject is not read
    shown = repr(table.columns()) + repr(table.to_pandas().to_dict())
    for secret in PERSONAL[:9]:
        assert secret not in shown
