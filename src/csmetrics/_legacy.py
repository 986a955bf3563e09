"""The module paths of csmetrics 0.1.0, kept importable for one release.

Before the capability packages, the private code lived in flat modules such
as ``csmetrics._enums`` and ``csmetrics._sla_results``; pickles made with
0.1.0 name their classes there. Importing one of those paths now gives the
module that holds the code today (with a :class:`CsMetricsDeprecationWarning`),
so such pickles still load. New pickles name the public modules.

>>> import importlib, warnings
>>> with warnings.catch_warnings(record=True):
...     warnings.simplefilter("always")
...     old = importlib.import_module("csmetrics._enums")
>>> old.Channel is importlib.import_module("csmetrics._models.enums").Channel
True
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import sys
import warnings
from types import ModuleType
from typing import TYPE_CHECKING, cast

from csmetrics.exceptions import CsMetricsDeprecationWarning

if TYPE_CHECKING:
    from importlib.abc import Loader

__all__ = ["MOVED", "install"]

MOVED = {
    "_classify_batch": "_classify.batch",
    "_classify_category": "_classify.category",
    "_classify_core": "_classify.core",
    "_classify_taxonomy": "_classify.taxonomy",
    "_classify_text": "_core.text",
    "_classify_trie": "_core.trie",
    "_config": "_core.config",
    "_counts": "_scoring.counts",
    "_datasets_build": "_datasets.build",
    "_datasets_columns": "_datasets.columns",
    "_datasets_surveys": "_datasets.surveys",
    "_datasets_text": "_datasets.text",
    "_distributions": "_scoring.distributions",
    "_enums": "_models.enums",
    "_intervals": "_scoring.intervals",
    "_lexicon": "_classify.lexicon",
    "_lexicon_hant": "_core.hant",
    "_priority_engine": "_priority.engine",
    "_priority_routing": "_priority.routing",
    "_priority_rules": "_priority.rules",
    "_report_render": "_report.render",
    "_report_sections": "_report.sections",
    "_report_sentiment": "_report.sentiment",
    "_results": "_scoring.results",
    "_schedule_arrays": "_core.instants",
    "_schedule_calendar": "_schedule.calendar",
    "_schedule_compile": "_schedule.timeline",
    "_schedule_config": "_schedule.config",
    "_schedule_hours": "_schedule.hours",
    "_schedule_ops": "_schedule.ops",
    "_schedule_time": "_core.instants",
    "_schedule_workdays": "_schedule.workdays",
    "_scores": "_scoring.scores",
    "_sentiment": "_classify.sentiment",
    "_sentiment_types": "_classify.types",
    "_sla_arrays": "_sla.arrays",
    "_sla_clock": "_sla.clock",
    "_sla_columns": "_sla.columns",
    "_sla_compliance": "_sla.compliance",
    "_sla_evaluate": "_sla.evaluate",
    "_sla_parts": "_sla.parts",
    "_sla_results": "_sla.results",
    "_sla_target": "_sla.target",
    "_sla_timeline": "_sla.events",
    "_text": "_core.text",
    "_time_values": "_scoring.durations",
    "_validate": "_core.validate",
}
"""Old private module (under ``csmetrics.``) -> its module today."""


class _Alias:
    """Finds ``csmetrics.<old>`` and loads it as the module that replaced it."""

    def find_spec(self, fullname: str, *_args: object) -> importlib.machinery.ModuleSpec | None:
        """A spec for an old path, None for any other module."""
        package, _, name = fullname.partition(".")
        if package != "csmetrics" or name not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        """The default: a new, empty module object."""

    def exec_module(self, module: ModuleType) -> None:
        """Make ``module`` answer every attribute from the module that replaced it."""
        new = "csmetrics." + MOVED[module.__name__.partition(".")[2]]
        msg = f"{module.__name__} moved to {new} in csmetrics 0.2; the old path goes away in 0.3"
        warnings.warn(msg, CsMetricsDeprecationWarning, stacklevel=2)
        target = importlib.import_module(new)
        vars(module).update(__all__=getattr(target, "__all__", []), __doc__=target.__doc__)
        vars(module)["__getattr__"] = functools.partial(getattr, target)


def install() -> None:
    """Put the alias finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())
