"""Result collections of scoring as pandas DataFrames (pandas imported on use).

One row per group (or label); the index holds the group keys, named after
them, with missing keys labelled ``"(missing)"`` (never NaN or ``None``).
The columns are the plain numbers of each result: the value, ``n``, its
interval ``low`` / ``high``, then the details (shares, missing answers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csmetrics._core.optional import require_extra
from csmetrics._scoring.group_keys import key_label
from csmetrics._scoring.results import CsatResult, NpsResult, RateResult

if TYPE_CHECKING:
    from csmetrics._scoring.grouping import GroupedResults
    from csmetrics._scoring.pareto import ParetoResult
    from csmetrics._scoring.quality import QualityScore

__all__ = ["grouped_frame", "pareto_frame", "quality_frame", "result_row"]


def result_row(result: CsatResult | NpsResult | RateResult) -> dict[str, Any]:
    """The numbers of one result, by column name."""
    if isinstance(result, CsatResult):
        return {
            "mean": result.mean, "n": result.n,
            "mean_low": result.mean_ci.low, "mean_high": result.mean_ci.high,
            "satisfied_share": result.satisfied_share,
            "low": result.ci.low, "high": result.ci.high, "missing": result.missing,
        }  # fmt: skip
    if isinstance(result, NpsResult):
        return {
            "score": result.score, "n": result.n, "low": result.ci.low, "high": result.ci.high,
            "promoters": result.promoters, "passives": result.passives,
            "detractors": result.detractors, "missing": result.missing,
        }  # fmt: skip
    return {
        "value": result.value, "n": result.n, "low": result.ci.low, "high": result.ci.high,
        "successes": result.successes, "missing": result.missing,
    }  # fmt: skip


def _index(pd: Any, keys: tuple[Any, ...], names: tuple[str, ...]) -> Any:
    if len(names) > 1:
        return pd.MultiIndex.from_tuples(list(keys), names=list(names))
    labels = [key_label(key) for key in keys]
    return pd.Index(labels, name=names[0], dtype=None if labels else object)


def grouped_frame(grouped: GroupedResults) -> Any:
    """:meth:`GroupedResults.to_frame`."""
    pd = require_extra("pandas", "pandas", "to_frame()")
    rows = [result_row(result) for result in grouped.results]
    columns = list(rows[0]) if rows else list(_EMPTY_COLUMNS[grouped.metric])
    index = _index(pd, grouped.keys, grouped.names)
    return pd.DataFrame(rows, index=index, columns=columns)


_EMPTY_COLUMNS = {
    "csat": ("mean", "n", "mean_low", "mean_high", "satisfied_share", "low", "high", "missing"),
    "nps": ("score", "n", "low", "high", "promoters", "passives", "detractors", "missing"),
    "rate": ("value", "n", "low", "high", "successes", "missing"),
}


def pareto_frame(result: ParetoResult) -> Any:
    """:meth:`ParetoResult.to_frame`: one row per label, most frequent first."""
    pd = require_extra("pandas", "pandas", "to_frame()")
    vital = set(result.vital_few)
    labels = [key_label(label) for label in result.labels]
    return pd.DataFrame(
        {
            "count": list(result.counts),
            "share": list(result.shares),
            "cumulative": list(result.cumulative),
            "vital_few": [label in vital for label in result.labels],
        },
        index=pd.Index(labels, name="label", dtype=None if labels else object),
    )


def quality_frame(score: QualityScore) -> Any:
    """:meth:`QualityScore.to_frame`: one row per indicator."""
    pd = require_extra("pandas", "pandas", "to_frame()")
    rows = [
        {
            "value": c.value, "normalized": c.normalized, "weight": c.weight,
            "contribution": c.contribution, "target": c.target,
            "low": None if c.ci is None else c.ci.low,
            "high": None if c.ci is None else c.ci.high, "to_improve": c.to_improve,
        }
        for c in score.components
    ]  # fmt: skip
    names = pd.Index([c.name for c in score.components], name="indicator", dtype=object)
    frame = pd.DataFrame(rows, index=names, columns=list(_QUALITY_COLUMNS), dtype=object)
    return frame.infer_objects()


_QUALITY_COLUMNS = (
    "value", "normalized", "weight", "contribution", "target", "low", "high", "to_improve",
)  # fmt: skip
