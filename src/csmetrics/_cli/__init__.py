"""The command line: parsing, dispatch, safe output, and the commands themselves.

Owns: the exit codes and safe (atomic) writing of output (``output``), the
progress bar (``progress``), option values (``options``: ``--hours``,
instants, schedules, policies), reading the input files (``inputs``), the
report's period and ``now`` (``period``), the one place that calls the
report engine and the plots (``engine``), the commands (``report``,
``commands``: validate, sla, classify; ``demo``) and the parser (``main``).

May import: every private package (``_io`` for the readers) and
``csmetrics.exceptions``.
"""

__all__: list[str] = []
