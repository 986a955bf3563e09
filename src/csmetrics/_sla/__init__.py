"""Service-level agreements: targets, policies and per-ticket evaluation.

Owns: target durations (``target``), policy parts and policies (``parts``,
``policy``), the metric spans of a ticket's History (``events``; the events
themselves are read by ``_models.history``), metric clocks in microseconds
(``clock``), one-ticket evaluation (``evaluate``, ``api``) and its results
(``results``), the columnar engine (``arrays``, ``vectorized``, ``columns``)
and compliance counts (``compliance``, with the outcome counter of
``_models.outcomes``).

May import: ``_core``, ``_models``, ``_schedule`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
