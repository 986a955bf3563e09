"""The command line: parsing, dispatch, safe output, and the commands themselves.

Owns: the exit codes and safe writing of output (``output``), the demo
(``demo``) and the command (``main``).

May import: every private package and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
