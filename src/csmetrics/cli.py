"""The ``csmetrics`` command (also ``python -m csmetrics``).

Commands: ``report``, ``validate``, ``sla``, ``classify``, ``demo`` (see the
command's docs page). Exit codes (every failure is one line on standard
error, never a traceback, never a value read from the data): 0 success;
1 ``validate`` found bad rows; 2 a usage error; 3 the output could not be
written; 4 an input cannot be read or holds something wrong; 5 an
unexpected failure (a bug).
"""

from __future__ import annotations

from csmetrics._cli.demo import DEMO_HOURS, MAX_DEMO_TICKETS, demo_text
from csmetrics._cli.main import main

__all__ = ["DEMO_HOURS", "MAX_DEMO_TICKETS", "demo_text", "main"]
