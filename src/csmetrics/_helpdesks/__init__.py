"""The helpdesk products' formats: Zendesk, Freshdesk and Zammad JSON to csmetrics objects.

Owns: reading the products' schedules, SLA policies and ticket histories
(their documented REST shapes), the Rails time-zone table, the clocks of the
product metrics the SLA engine has no target for (Zendesk requester wait,
agent work, periodic and pausable updates) and the parity table against a
product's own numbers.

May import: ``_core``, ``_models``, ``_schedule``, ``_sla``, ``_io`` and
``exceptions``; nothing imports it but the public ``csmetrics.helpdesks``
modules.
"""

__all__: list[str] = []
