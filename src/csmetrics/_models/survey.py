"""A satisfaction survey answer: four 1-5 dimensions, NPS 0-10 and a comment."""

from __future__ import annotations

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import core_schema as cs

from csmetrics._core.exports import publish
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.fields import (
    FROZEN,
    TO_EXACT,
    AwareDatetime,
    Score5,
    Score10,
    fast_or_exact,
    is_aware,
)
from csmetrics._models.privacy import Record

__all__ = ["SurveyResponse"]


class SurveyResponse(Record):
    """A satisfaction survey answer: four 1-5 dimensions, NPS 0-10 and a comment.

    Every score is optional on its own (a customer may skip questions); the
    scores present must be integers on their scale.

    Examples
    --------
    >>> r = SurveyResponse(responsiveness=5, effectiveness=3, nps=9, comment="解决了,但流程麻烦")
    >>> r.needs_follow_up
    True
    """

    model_config = FROZEN

    ticket_id: str | None = None
    agent: str | None = None
    responsiveness: Score5 | None = None
    """响应及时性, 1 (very dissatisfied) .. 5 (very satisfied)."""
    effectiveness: Score5 | None = None
    """解决有效性."""
    attitude: Score5 | None = None
    """服务态度."""
    overall: Score5 | None = None
    """整体体验."""
    nps: Score10 | None = None
    """Likelihood to recommend, 0..10."""
    comment: str = ""
    answered_at: AwareDatetime | None = None

    def _fast_check(self) -> SurveyResponse:
        if self.answered_at is None or is_aware(self.answered_at):
            return self
        raise ValueError(TO_EXACT)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> cs.CoreSchema:
        return fast_or_exact(handler(source), handler, fast_check=cls._fast_check)

    @property
    def dimension_scores(self) -> dict[str, int | None]:
        """The four 1-5 dimensions by name."""
        return {name: getattr(self, name) for name in DIMENSIONS}

    @property
    def needs_follow_up(self) -> bool:
        """A dimension score <= 3 or an NPS <= 6 calls for priority follow-up."""
        low = any(s is not None and s <= 3 for s in self.dimension_scores.values())
        return low or (self.nps is not None and self.nps <= 6)


publish("csmetrics.models", SurveyResponse)
