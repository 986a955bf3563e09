"""Optional dependencies, imported on use with an error that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["has_module", "require_extra"]


def require_extra(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``; if it is missing, an ImportError naming ``pip install csmetrics[extra]``.

    >>> require_extra("json", "none", "testing").__name__
    'json'
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
