"""Zendesk: schedules, holidays, SLA policies, ticket histories and the parity table.

>>> s = schedule_from_zendesk({"name": "Support", "time_zone": "Beijing",
...     "intervals": [{"start_time": 1980, "end_time": 2460}]})
>>> s.hours["mon"], str(s.timezone)
('09:00-17:00', 'Asia/Shanghai')
"""

from __future__ import annotations

from csmetrics._core.exports import publish
from csmetrics._helpdesks.status_clock import StatusMetric, status_metric, status_metrics
from csmetrics._helpdesks.zendesk_compare import ParityTable, compare_zendesk
from csmetrics._helpdesks.zendesk_filter import Condition, PolicyFilter
from csmetrics._helpdesks.zendesk_history import History
from csmetrics._helpdesks.zendesk_policy import (
    DEFAULT_PRIORITY_MAP,
    ZendeskPolicy,
    policy_from_zendesk,
    select_policy,
    zendesk_policy,
)
from csmetrics._helpdesks.zendesk_schedule import (
    holidays_from_zendesk,
    holidays_to_zendesk,
    schedule_from_zendesk,
    schedule_to_zendesk,
)
from csmetrics._helpdesks.zendesk_tickets import tickets_from_zendesk, zendesk_histories
from csmetrics._helpdesks.zones import rails_zones

publish("csmetrics.helpdesks.zendesk", Condition, History, ParityTable, PolicyFilter,
        StatusMetric, ZendeskPolicy)  # fmt: skip

__all__ = [
    "DEFAULT_PRIORITY_MAP",
    "Condition",
    "History",
    "ParityTable",
    "PolicyFilter",
    "StatusMetric",
    "ZendeskPolicy",
    "compare_zendesk",
    "holidays_from_zendesk",
    "holidays_to_zendesk",
    "policy_from_zendesk",
    "rails_zones",
    "schedule_from_zendesk",
    "schedule_to_zendesk",
    "select_policy",
    "status_metric",
    "status_metrics",
    "tickets_from_zendesk",
    "zendesk_histories",
    "zendesk_policy",
]
