"""Public names for objects defined in private modules.

A class lives in the private package of its capability but is documented,
shown in reprs and pickled under the public module users import it from, so
that moving code between private modules never breaks a pickle or a link.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["publish"]


def _member_examples(cls: type) -> dict[str, Any]:
    """The methods and properties of ``cls`` whose docstrings hold examples."""
    found: dict[str, Any] = {}
    for name, raw in vars(cls).items():
        member = raw.fget if isinstance(raw, property) else getattr(raw, "__func__", raw)
        if callable(member) and ">>>" in (getattr(member, "__doc__", None) or ""):
            found[f"{cls.__name__}.{name}"] = member
    return found


def publish(module: str, *objects: type) -> None:
    """Set ``__module__`` of each of ``objects`` to the public ``module``.

    The examples in the docstrings of their methods stay with the defining
    module (its ``__test__`` table), where doctest finds and runs them with
    that module's names; the class docstring's examples run from ``module``.

    Examples
    --------
    >>> class Example:
    ...     pass
    >>> publish("csmetrics.models", Example)
    >>> Example.__module__
    'csmetrics.models'
    """
    for obj in objects:
        home = sys.modules.get(obj.__module__)
        if home is not None:
            vars(home).setdefault("__test__", {}).update(_member_examples(obj))
        obj.__module__ = module
