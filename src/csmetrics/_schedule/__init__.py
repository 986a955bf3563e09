"""Business time on working calendars.

Owns: parsing of weekly hours (``hours``), holidays and make-up workdays
(``calendar``), the compiled open-time timeline (``timeline``) and its
queries (``ops``), working-day queries (``workdays``), schedule files
(``config``) and the public ``Schedule`` (``schedule``).

May import: ``_core`` and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
