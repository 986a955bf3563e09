"""The weekly report: sections computed from tickets and surveys, and their rendering.

Owns: the report sections (``sections``, ``sentiment``), the report itself
(``build``) and its text rendering (``render``).

May import: ``_core``, ``_models``, ``_schedule``, ``_sla``, ``_priority``,
``_classify``, ``_scoring``, ``_datasets`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
