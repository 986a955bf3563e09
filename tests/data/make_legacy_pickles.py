"""Write ``pickles-0.1.0.pkl``: objects pickled by csmetrics 0.1.0 (flat module layout).

Run once against the 0.1.0 source tree (``PYTHONPATH=<0.1.0>/src python
tests/data/make_legacy_pickles.py``); ``tests/test_legacy_pickles.py``
checks that the current code still loads every object and that each equals
the object the current code builds from the same inputs
(``legacy_objects`` below, shared by both sides).
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import csmetrics as cm

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2025, 3, 7, 17, 50, tzinfo=SHANGHAI)


def legacy_objects() -> dict[str, Any]:
    """The objects, built through the public API only."""
    ticket = cm.Ticket(
        id="20250307001",
        created_at=T0,
        channel="chat",
        priority="P1",
        text="产品破损需紧急补发",
        customer=cm.Customer(name="张三", phone="138-1234-5678", tier="VIP客户"),
        events=[
            {"kind": "agent_reply", "at": T0 + dt.timedelta(minutes=9)},
            {"kind": "pause", "at": T0 + dt.timedelta(minutes=20)},
            {"kind": "resume", "at": T0 + dt.timedelta(days=3)},
        ],
    )
    office = cm.Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai")
    policy = cm.SlaPolicy.preset("tiered")
    now = T0 + dt.timedelta(days=3, hours=2)
    survey = cm.SurveyResponse(overall=4, nps=9, comment="解决了,但流程麻烦")
    return {
        "ticket": ticket,
        "survey": survey,
        "channel": cm.Channel.EMAIL,
        "priority": cm.Priority.P2,
        "tier": cm.CustomerTier.VIP,
        "event_kind": cm.EventKind.RESOLVED,
        "status": cm.Status.PAUSED,
        "schedule": office,
        "policy": policy,
        "sla": cm.evaluate(ticket, policy, office, now=now),
        "csat": cm.csat([5, 4, 4, 3, 5, 2]),
        "nps": cm.nps([10, 9, 9, 8, 7, 6, 10, 3]),
        "csat_counts": cm.CsatCounts.from_scores([5, 4, 3]),
        "rate": cm.rate(2, 3),
        "pareto": cm.pareto(["a", "a", "b"]),
        "quality": cm.quality_score(
            {"csat": 4.1, "fcr": 0.81}, weights={"csat": 0.5, "fcr": 0.5}, targets={"csat": 4.2}
        ),
        "comparison": cm.compare([5, 4, 4, 3], [5, 5, 4, 4], metric="csat_mean"),
        "priority_decision": cm.assign_priority("我的货已经延迟5天了！"),
        "sentiment": cm.sentiment("解决了,但流程麻烦"),
        "category": cm.categorize("开机后屏幕无显示"),
        "ticket_id": cm.parse_ticket_id("20231001001"),
    }


if __name__ == "__main__":
    out = Path(__file__).with_name(f"pickles-{cm.__version__}.pkl")
    out.write_bytes(pickle.dumps(legacy_objects(), protocol=4))
    print(out, cm.__file__)
