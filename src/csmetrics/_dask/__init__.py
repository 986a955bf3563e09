"""The metrics on Dask: partition by partition, merged exactly.

Owns: reading a partition's columns (``columns``: renaming by a mapping,
UTC instants, ISO weeks), running a function on each partition with errors
that name the partition and the row, and merging the per-partition results
in a tree (``engine``); the frame functions of :mod:`csmetrics.dask`
(``sla``, ``scores``, ``times``, ``text``, ``report``).

May import: ``_core``, ``_models``, ``_io``, ``_schedule``, ``_sla``,
``_scoring``, ``_classify``, ``_priority``, ``_report`` and
``csmetrics.exceptions``. Dask and pandas are imported on use (the ``dask``
extra).
"""

__all__: list[str] = []
