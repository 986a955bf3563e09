"""The ``csmetrics`` command (also ``python -m csmetrics``).

Exit codes (every failure is one line on standard error, never a traceback):
0 success; 1 the command ran and found a failure it reports (e.g. bad rows);
2 a usage error or invalid input; 3 the output could not be written.
"""

from __future__ import annotations

from csmetrics._cli.demo import DEMO_HOURS, MAX_DEMO_TICKETS, demo_text
from csmetrics._cli.main import main

__all__ = ["DEMO_HOURS", "MAX_DEMO_TICKETS", "demo_text", "main"]
