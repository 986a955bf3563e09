"""De-identification (脱敏) of customer names and phone numbers.

A name keeps only its surname (or the initials of a Latin name) and any title;
a phone number keeps only its last four digits. Both functions are idempotent:
masking a masked value gives it back unchanged.
"""

from __future__ import annotations

from csmetrics._models.masking import (
    mask_name,
    mask_phone,
)

__all__ = [
    "mask_name",
    "mask_phone",
]
