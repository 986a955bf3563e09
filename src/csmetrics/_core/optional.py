"""Optional dependencies (pandas, polars, pyarrow, matplotlib, dask), imported on use.

A missing one raises an ImportError naming the extra to install. Every
package imports these from here (``_core`` is below all of them).
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["has_module", "require_extra"]


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


def has_module(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it twice)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
