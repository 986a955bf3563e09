"""Seeded synthetic sample data for demos, tests and benchmarks.

Owns: the phrase banks (``text``), columnar generation (``columns``), ticket
and customer records (``build``), survey answers (``surveys``) and the public
generators (``api``).

May import: ``_core``, ``_models`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
