"""``SurveyTable``: survey answers as columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._io.table_base import Table, instant_or_none
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.survey import SurveyResponse

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["SURVEY_COLUMNS", "SurveyTable"]

SURVEY_COLUMNS = (
    "ticket_id", "agent", *DIMENSIONS, "nps", "comment", "answered_at", "channel", "priority",
)  # fmt: skip
"""The field columns of a ``SurveyTable``, in order."""


@dataclass(frozen=True, eq=False, kw_only=True)
class SurveyTable(Table):
    """Survey answers as numpy columns (read them with :func:`csmetrics.io.read_surveys`).

    Scores are float64 (NaN: missing), so they feed :func:`csmetrics.csat`
    and :func:`csmetrics.nps` directly; ``comment`` is None where there is no
    comment (a missing comment is not a neutral one); ``answered_at`` is UTC
    ``datetime64[us]``.

    Examples
    --------
    >>> from csmetrics import csat
    >>> from csmetrics.io import read_surveys
    >>> table = read_surveys([{"overall": 5, "nps": 9}, {"overall": "4", "comment": "NA"}])
    >>> table.overall.tolist(), table.comment.tolist(), csat(table.overall).n
    ([5.0, 4.0], [None, None], 2)
    """

    _COLUMNS: ClassVar[tuple[str, ...]] = SURVEY_COLUMNS
    ticket_id: npt.NDArray[np.object_]
    agent: npt.NDArray[np.object_]
    responsiveness: npt.NDArray[np.float64]
    effectiveness: npt.NDArray[np.float64]
    attitude: npt.NDArray[np.float64]
    overall: npt.NDArray[np.float64]
    nps: npt.NDArray[np.float64]
    comment: npt.NDArray[np.object_]
    answered_at: npt.NDArray[np.datetime64]
    channel: npt.NDArray[np.object_]
    priority: npt.NDArray[np.int8]

    def to_pandas(self) -> Any:
        """A DataFrame with one column per field (index: the source's, lines or positions)."""
        columns: dict[str, Any] = dict(self.columns())
        names = np.array([None, "P1", "P2", "P3"], dtype=object)
        columns["priority"] = names[np.clip(self.priority.astype(np.int64), 0, 3)]
        return self._frame(columns)

    def records(self) -> Iterator[SurveyResponse]:
        """The answers as validated :class:`~csmetrics.models.SurveyResponse` models."""
        for row in range(len(self)):
            scores = {
                name: int(value)
                for name in (*DIMENSIONS, "nps")
                if (value := _score(getattr(self, name)[row])) is not None
            }
            yield SurveyResponse.model_validate({
                "ticket_id": None if self.ticket_id[row] is None else str(self.ticket_id[row]),
                "agent": self.agent[row],
                "comment": self.comment[row] or "",
                "answered_at": instant_or_none(self.answered_at[row]),
                **scores,
            })  # fmt: skip

    def concat(self, *others: SurveyTable) -> SurveyTable:
        """This table and ``others``, one after the other (for batches)."""
        return SurveyTable(**self._concat_fields(others))

    def __add__(self, other: SurveyTable) -> SurveyTable:
        return self.concat(other)


publish("csmetrics.io", SurveyTable)


def _score(value: object) -> float | None:
    """A score cell: None for a missing one (NaN, or None in a column the file did not have)."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number
