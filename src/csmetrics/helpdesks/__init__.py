"""The helpdesk products' formats: one module per product.

- :mod:`csmetrics.helpdesks.zendesk`: schedules, holidays, SLA policies,
  ticket histories (metric events or audits), status clocks and the parity
  table against Zendesk's ``ticket_metrics``;
- :mod:`csmetrics.helpdesks.freshdesk`: business hours and SLA policies;
- :mod:`csmetrics.helpdesks.zammad`: calendars and SLAs.

Each turns the product's documented JSON into csmetrics objects
(:class:`~csmetrics.schedule.Schedule`, :class:`~csmetrics.sla.SlaPolicy`,
:class:`~csmetrics.io.TicketTable`); a malformed payload raises
:class:`~csmetrics.exceptions.InvalidConfigError` naming the JSON path. See
the "Coming from Zendesk / Freshdesk / Zammad" page.
"""

from __future__ import annotations

__all__: list[str] = []
