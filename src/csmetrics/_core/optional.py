"""Optional dependencies (pandas, matplotlib), imported on use with an error naming the extra.

The capability packages may not import ``csmetrics._io``; this is the same
import-on-use helper for them, with the same message.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["require_extra"]


def require_extra(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``; if it is missing, an ImportError naming ``pip install csmetrics[extra]``.

    >>> require_extra("json", "none", "testing").__name__
    'json'
    >>> require_extra("no_such_module_here", "pandas", "to_frame()")
    Traceback (most recent call last):
    ...
    ImportError: to_frame() needs the optional 'pandas' extra: pip install 'csmetrics[pandas]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = f"{purpose} needs the optional '{extra}' extra: pip install 'csmetrics[{extra}]'"
        raise ImportError(msg) from None
