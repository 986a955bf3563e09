"""Service-level agreements: targets, policies and per-ticket evaluation.

Owns: target durations (``target``), policy parts and policies (``parts``,
``policy``), the reader of a ticket's events into metric spans (``events``),
metric clocks (``clock``), one-ticket evaluation (``evaluate``, ``api``) and
its results (``results``), the columnar engine (``arrays``, ``vectorized``,
``columns``) and compliance counts (``compliance``).

May import: ``_core``, ``_models``, ``_schedule`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
