"""Charts for notebooks and the report (the optional ``plot`` extra: matplotlib).

Owns: matplotlib on use and figure text (``base``), the charts of results
(``charts``: Pareto of problem types, CSAT / NPS trend with interval bands,
SLA share within target per period and priority, a rate per agent,
first-response times against the target) and the figures of a weekly report
(``report``). matplotlib is imported inside the functions, never at import.

May import: ``_core``, ``_models``, ``_sla``, ``_scoring`` and
``csmetrics.exceptions``; a report is read through its attributes only.
"""

__all__: list[str] = []
