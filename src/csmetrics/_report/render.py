"""Terminal text helpers of the report (kept here for the modules that import them from here)."""

from __future__ import annotations

from csmetrics._report.text import display_width, pad

__all__ = ["display_width", "pad"]
