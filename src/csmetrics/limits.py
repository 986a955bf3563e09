"""The size limits of the library's inputs, in one place (see the Guarantees page).

An input past one of these limits is refused with an ``InvalidInputError``
naming the limit, before any work is done.
"""

from __future__ import annotations

from csmetrics._core.config import MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH
from csmetrics._core.instants import MAX_YEAR, MIN_YEAR
from csmetrics._core.matcher import MAX_ENTRY_LENGTH
from csmetrics._core.text import MAX_NON_STARTERS, MAX_TEXT_LENGTH
from csmetrics._io.text_files import MAX_LINE_BYTES
from csmetrics._models.channels import MAX_CHANNEL_LENGTH
from csmetrics._models.masking import MAX_NAME_WORDS
from csmetrics._schedule.hours import MAX_RANGES_PER_DAY
from csmetrics._scoring.mergeable import MAX_COUNT
from csmetrics._scoring.nps_counts import MAX_RESAMPLES
from csmetrics._sla.target import MAX_TARGET, MAX_WORKING_DAYS

__all__ = [
    "MAX_CHANNEL_LENGTH",
    "MAX_CONFIG_BYTES",
    "MAX_CONFIG_DEPTH",
    "MAX_COUNT",
    "MAX_ENTRY_LENGTH",
    "MAX_LINE_BYTES",
    "MAX_NAME_WORDS",
    "MAX_NON_STARTERS",
    "MAX_RANGES_PER_DAY",
    "MAX_RESAMPLES",
    "MAX_TARGET",
    "MAX_TEXT_LENGTH",
    "MAX_WORKING_DAYS",
    "MAX_YEAR",
    "MIN_YEAR",
]
