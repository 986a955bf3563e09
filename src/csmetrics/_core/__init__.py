"""Shared machinery every capability builds on.

Owns: argument checks (``validate``), instants and durations as UTC
microseconds (``instants``, ``arrays``), configuration loading from JSON,
TOML and mappings (``config``), timestamps in text and calendar arithmetic
(``timestamps``, ``civil``), text normalisation and the linear-time keyword
matcher (``text``, ``prepare``, ``trie``, ``hant``) and the public-module
naming of classes (``exports``).

May import: ``csmetrics.exceptions`` only (and the standard library, numpy,
pydantic).
"""

__all__: list[str] = []
