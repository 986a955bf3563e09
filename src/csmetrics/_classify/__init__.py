"""Sentiment and problem categories of customer text, in Chinese and English.

Owns: result types (``types``), lexicons (``lexicon``), the sentiment rules
(``sentiment``: a clause read in one pass, ``clause``, with its chains of
modifiers, ``chain``, and repeated patterns extrapolated, ``periods``),
taxonomies (``taxonomy``) and categorisation (``category``), the shared
one-text entry points (``core``, ``api``) and the batch functions
(``batch``).

May import: ``_core`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
