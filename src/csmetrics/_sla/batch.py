"""The columns :func:`~csmetrics.sla.evaluate_many` returns: a dict of arrays with ``to_frame``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._sla.columns import to_dataframe
from csmetrics.exceptions import InputTypeError

__all__ = ["SlaColumns", "row_index"]


def row_index(values: object) -> Any:
    """The pandas index of ``values`` (a Series, a DataFrame, or a table read from one), or None."""
    if callable(getattr(values, "sla_columns", None)):  # a TicketTable: its source frame's labels
        labels = getattr(values, "labels", None)
        return labels if hasattr(labels, "nlevels") else None
    if type(values).__module__.split(".")[0] != "pandas":
        return None
    index = getattr(values, "index", None)
    return index if hasattr(index, "nlevels") else None


class SlaColumns(dict[str, "npt.NDArray[Any]"]):
    """SLA status columns of many tickets (a plain ``dict`` of numpy arrays) and their row index.

    ``index`` is the caller's pandas index when ``created_at`` came as a
    pandas Series, or as a table read from a DataFrame (``None`` otherwise);
    :meth:`to_frame` keeps it.
    ``created_at`` holds the tickets' creation instants (``datetime64[us]``,
    UTC) when known: :func:`~csmetrics.sla.compliance` groups periods by them.

    Examples
    --------
    >>> import numpy as np
    >>> cols = SlaColumns({"first_response_breached": np.array([True, False])})
    >>> cols["first_response_breached"].tolist(), cols.index is None
    ([True, False], True)
    """

    index: Any
    created_at: npt.NDArray[Any] | None

    def __init__(
        self,
        columns: dict[str, npt.NDArray[Any]] | None = None,
        *,
        index: Any = None,
        created_at: npt.NDArray[Any] | None = None,
    ) -> None:
        if columns is not None and not isinstance(columns, Mapping):
            msg = f"columns: expected a mapping of column names to arrays, got {describe(columns)}"
            raise InputTypeError(msg)
        super().__init__(columns or {})
        self.index = index
        self.created_at = created_at

    def to_frame(self, *, index: Any = None) -> Any:
        """A pandas DataFrame of the columns, one row per ticket (needs pandas).

        Datetimes become tz-aware UTC (``created_at`` first, when known); the
        rows keep ``index`` (default: the caller's index this batch was
        computed from, else 0..n-1).

        >>> import numpy as np
        >>> cols = SlaColumns({"first_response_breached": np.array([True, False])})
        >>> cols.to_frame(index=["a", "b"])["first_response_breached"].to_dict()
        {'a': True, 'b': False}
        """
        given = {} if self.created_at is None else {"created_at": self.created_at}
        frame = to_dataframe(given | dict(self))
        chosen = self.index if index is None else index
        if chosen is not None:
            frame.index = chosen
        return frame


publish("csmetrics.sla", SlaColumns)
