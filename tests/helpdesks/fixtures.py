"""Loading the hand-written product payloads of ``tests/helpdesks/data``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
PERSONAL = (
    "Margaret", "Okafor", "margaret.okafor@example.com", "415 555 0134", "Lukas", "Brenner",
    "l.brenner@example.org", "1234 5678", "小明", "xiaoming", "0013-8000", "Dana", "Whitfield",
)  # fmt: skip
"""Personal data in the fixtures that must never come out of the library."""


def load(name: str) -> Any:
    """The JSON of ``tests/helpdesks/data/<name>``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))
