"""The JSON Schema of the report's JSON, shipped as ``csmetrics/data/report.schema.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from csmetrics._report.data import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "report_schema"]


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that ``render_report(report, format="json")`` follows.

    Examples
    --------
    >>> schema = report_schema()
    >>> schema["properties"]["schema_version"], sorted(schema["properties"]["period"]["required"])
    ({'const': 1}, ['name', 'now', 'since', 'timezone', 'until'])
    """
    text = resources.files("csmetrics").joinpath("data", "report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
