"""Reading exports: files, frames and iterables into columnar ticket and survey tables.

Owns: mappings (``mapping``); sources as batches of raw columns (``batch``,
``csv_source``, ``csv_tokens``, ``csv_fields``, ``arrow_source``,
``text_files``, ``frames``, ``models``); column adapters (``columns``);
field conversions (``values``, ``convert``); tables and their events
(``events``, ``rows``, ``table_base``, ``ticket_table``, ``survey_table``);
assembling tables (``assemble``, ``event_file``) and the readers (``read``).
Optional dependencies are imported through ``extras``.

May import: ``_core``, ``_models``, ``_classify`` and ``_priority`` (missing
categories and priorities are assigned) and ``csmetrics.exceptions``.
"""

__all__: list[str] = []
