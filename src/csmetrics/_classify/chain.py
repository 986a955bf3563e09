"""Modifiers waiting for a sentiment word: negators and degree words (one chain at a time).

A chain lives while its next word is near (up to 2 words or 4 Chinese
characters after a negator, 1 word or 2 characters after a degree word);
stacked degree words multiply, within ``DEGREE_CAP`` (see ``stack``), so
that "非常" repeated 2,000 times still gives a finite weight.
"""

from __future__ import annotations

from csmetrics._classify.lexicon import Role

__all__ = [
    "DEGREE_CAP",
    "EXCESS_ALONE",
    "HEDGE_ALONE",
    "Chain",
    "stack",
]

DEGREE_CAP = 3.0
"""Stacked degree words multiply up to this (or the strongest single one), down to its inverse."""
NEGATED_POSITIVE = 0.9
NEGATED_NEGATIVE = 0.4
SOFTENED = 0.5
HEDGE_ALONE = -0.4
EXCESS_ALONE = -0.6
EXCESS_MILD = 0.6

_NEGATOR = int(Role.NEGATOR)
_DEGREE = int(Role.DEGREE)
_EXCESS = int(Role.EXCESS)
_RULES = {_DEGREE: "degree", int(Role.HEDGE): "hedge", _EXCESS: "excess"}
_CONJUNCTIONS = frozenset({"and", "or", "but", "so", "because"})
_EXACT_STEPS = 256
_FLOOR = 1.0 / DEGREE_CAP


def stack(degree: float, value: float, times: int = 1) -> float:
    """`degree` multiplied by `value` `times` times, kept within the stacking bounds.

    The bounds are ``DEGREE_CAP`` (or the larger of `degree` and `value`) and
    its inverse (or the smaller of them), so "非常" * 2000 stays finite.

    Examples
    --------
    >>> stack(1.0, 1.6), stack(1.0, 1.6, 2), stack(1.0, 1.6, 2000)
    (1.6, 2.5600000000000005, 3.0)
    """
    if times == 1 and _FLOOR <= degree * value <= DEGREE_CAP:  # the common case: in bounds
        return degree * value
    high = max(DEGREE_CAP, degree, value)
    low = min(_FLOOR, degree, value)
    for _ in range(min(times, _EXACT_STEPS)):  # step by step, as when read one at a time
        new = min(max(degree * value, low), high)
        if new == degree:
            return degree
        degree = new
    if times > _EXACT_STEPS:
        try:
            degree *= value ** (times - _EXACT_STEPS)
        except OverflowError:
            degree = high
    return min(max(degree, low), high)


def _near(text: str, end: int, start: int, *, words: int, chars: int) -> bool:
    if start - end <= 1:  # adjacent, or one character apart: within every window
        return True
    if start - end > 40:
        return False
    gap = text[end:start]
    if gap.isascii():
        between = gap.split()
        return len(between) <= words and _CONJUNCTIONS.isdisjoint(between)
    return len(gap.replace(" ", "")) <= chars


class Chain:
    """Negators and degree words waiting for the next sentiment word."""

    __slots__ = (
        "after_negation",
        "alone",
        "degree",
        "degree_end",
        "end",
        "kind",
        "negations",
        "start",
    )

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.start = -1
        self.end = -1
        self.negations = 0
        self.degree = 1.0
        self.kind = 0
        self.degree_end = -1
        self.after_negation = False
        self.alone = 0.0

    def alive(self, text: str, start: int) -> bool:
        if self.kind:
            return _near(text, self.degree_end, start, words=1, chars=2)
        return _near(text, self.end, start, words=2, chars=4)

    def adjacent(self, start: int) -> bool:
        """Whether a match at `start` is within one character of the chain's last word."""
        return self.start < 0 or start - (self.degree_end if self.kind else self.end) <= 1

    def add(self, role: int, value: float, start: int, end: int, times: int = 1) -> None:
        """Add a modifier (`times` copies of it, the last one ending at `end`)."""
        if self.start < 0:
            self.start = start
        self.end = end
        if role == _NEGATOR:
            self.negations += times
            return
        if not self.kind:
            self.after_negation = self.negations > 0
        self.degree = stack(self.degree, value, times)
        self.kind = role
        self.degree_end = end

    def apply(self, weight: float) -> tuple[float, str]:
        """Contribution of a sentiment word of `weight` under this chain, and the rule name."""
        negated = self.negations % 2 == 1
        if negated and self.kind and self.after_negation:
            return -weight * SOFTENED, "negation"
        if self.kind == _EXCESS and not negated and 0 < weight <= EXCESS_MILD:
            return EXCESS_ALONE, "excess"  # 太快, "too simple": too much of a plain quality
        value = weight * self.degree
        if negated:
            return -value * (NEGATED_POSITIVE if weight > 0 else NEGATED_NEGATIVE), "negation"
        return value, _RULES.get(self.kind, "word")
