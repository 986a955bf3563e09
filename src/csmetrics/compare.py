"""Before/after comparison: is a change in NPS, CSAT or a rate real or noise?

- NPS: the test of Lewis & Sauro ("How to Statistically Compare Two Net
  Promoter Scores", MeasuringU): add 3/4 to the promoters, 3/4 to the
  detractors and 3 to n of each sample, take the difference of the two
  adjusted NPS and its standard error ``sqrt(varA + varB)`` with the
  trinomial variance ``(pP + pD - (pP - pD)**2) / n`` of each; interval
  ``difference +- z * se``, p-value of the two-sided z-test on the same
  difference and standard error (so ``is_significant`` agrees with the
  interval excluding 0). ``difference`` itself is the unadjusted change.
- Shares (CSAT top-2-box, rates): Newcombe's hybrid score interval from the
  two Wilson intervals (Newcombe 1998, Statistics in Medicine 17, 873-890,
  method 10); p-value: pooled two-proportion z-test,
  ``z = (pB - pA) / sqrt(p (1 - p) (1/nA + 1/nB))`` with the pooled share
  ``p``. The two can disagree at the margin (different methods).
- Means (CSAT mean): Welch's t-test (Welch 1947, Biometrika 34, 28-35):
  ``t = diff / se`` with ``se**2 = sA**2/nA + sB**2/nB`` and the
  Welch-Satterthwaite degrees of freedom
  ``se**4 / ((sA**2/nA)**2 / (nA - 1) + (sB**2/nB)**2 / (nB - 1))``;
  interval ``diff +- t(df) * se``.

Weighted samples use their Kish effective sizes throughout.
"""

from __future__ import annotations

from csmetrics._scoring.compare import (
    COMPARE_METRICS,
    Comparison,
    compare,
)

__all__ = [
    "COMPARE_METRICS",
    "Comparison",
    "compare",
]
