"""The validated records: tickets, their events, customers, survey answers.

Owns: the domain enumerations (``enums``), the survey dimensions
(``dimensions``), field types (``fields``), the pydantic models (``records``,
``customer``, ``survey``), the one reader of a ticket's events (``history``),
the met / breached / pending counter of SLA outcomes (``outcomes``),
de-identification (``masking``) and the ticket-id rule (``ticket_ids``).

May import: ``_core`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
