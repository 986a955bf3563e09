"""Three-tier ticket priority and routing.

Owns: the keyword, delay, tier and channel rules (``rules``), the
impact x urgency engine (``engine``), priority decisions with their reasons
(``assign``), the parsing of their options (``options``) and routing of
categories to teams (``routing``).

May import: ``_core``, ``_models``, ``_classify`` (a ticket's category gives a
default priority) and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
