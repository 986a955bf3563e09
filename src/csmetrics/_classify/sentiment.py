"""The rule-based sentiment engine behind ``sentiment`` (one pass over the matches).

Rules, in the order a comment is read:

- words carry weights from the lexicon; clause breaks (, . ; ! ? : and
  their full-width forms) end the scope of every modifier;
- a negator flips the next sentiment word within its scope (up to 2 words or
  4 Chinese characters away): "not good" keeps 90 % of the weight with the
  sign flipped, "not bad" becomes weakly positive (40 %);
- a degree word multiplies the next sentiment word (1 word or 2 characters
  away); before a negator it strengthens the negation ("really not good",
  根本没解决), after it it softens it ("not very good", 不太好: half the
  weight);
- a hedge (a bit, 有点) or an excess word (too, 太) followed by a word the
  lexicon does not know is a mild complaint on its own ("a bit long", 太长);
  so is an excess word before a mildly positive word (weight at most 0.6:
  太快, 太简单, "too simple"), while 太好, "too good" stay praise;
- a negator of the lexicon's ``negation_alone`` section (没有, 未, "didn't",
  "won't" ...) followed by a word but by no sentiment word within its scope is
  a mild complaint too: something did not happen or does not work (没给发票,
  "won't open"); shields such as "not yet" or 还没开始 keep neutral idioms out;
- a contrast word (but, 但是, 不过 ...) starts the part of the comment that
  counts more (x1.2); in a short comment a positive part followed by a
  negative part of about the same strength (at least a fifth of it, not more
  than twice it) is *mixed*, labelled neutral ("解决了,但流程麻烦"); a clearly
  weaker complaint leaves the comment positive, and in a longer review the
  balance decides;
- a question mark takes 80 % off the positive words of its clause ("能帮我
  解决吗?", "Can you fix it?" ask, they do not praise);
- exclamation marks strengthen the total (10 % each, at most 3).

The total is squashed into [-1, 1] with ``t / sqrt(t * t + 4)``. The
lexicon's ``decision`` section (see ``Decision``) sets what is short (at most
20 characters, or 20 words for an ASCII text) and the neutral bands: a short
comment is neutral within a total of ±0.35 (a score of about ±0.17), a longer
one only within ±0.1, so that the balance of a review decides.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from csmetrics._classify.lexicon import BREAKS, Decision, Lexicon, Role
from csmetrics._classify.types import Evidence, Sentiment

__all__ = ["NEUTRAL_TOTAL", "Analysis", "analyse", "squash"]

NEUTRAL_TOTAL = Decision().neutral_total
POST_CONTRAST = 1.2
MIXED_RATIO = 2.0
MIXED_MIN = 0.2
MIXED_TAIL = 3
NEGATED_POSITIVE = 0.9
NEGATED_NEGATIVE = 0.4
SOFTENED = 0.5
HEDGE_ALONE = -0.4
EXCESS_ALONE = -0.6
EXCESS_MILD = 0.6
QUESTION_DAMP = 0.8
EXCLAIM_STEP = 0.1
EXCLAIM_MAX = 3

_WORD = int(Role.WORD)
_NEGATOR = int(Role.NEGATOR)
_DEGREE = int(Role.DEGREE)
_HEDGE = int(Role.HEDGE)
_EXCESS = int(Role.EXCESS)
_CONTRAST = int(Role.CONTRAST)
_AT_START = int(Role.CONTRAST_AT_START)
_CONCESSIVE = int(Role.CONCESSIVE)
_BREAK = int(Role.BREAK)
_RULES = {_DEGREE: "degree", _HEDGE: "hedge", _EXCESS: "excess"}
_ALONE = {_HEDGE: HEDGE_ALONE, _EXCESS: EXCESS_ALONE}
_CONJUNCTIONS = frozenset({"and", "or", "but", "so", "because"})
_SPLIT_FROM = 512
_BREAK_AT = re.compile("[" + re.escape("".join(BREAKS)) + "]")
_CLAUSES = re.compile("(?<=[" + re.escape("".join(BREAKS)) + "])")


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


class _Chain:
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

    def add(self, role: int, value: float, start: int, end: int) -> None:
        if self.start < 0:
            self.start = start
        self.end = end
        if role == _NEGATOR:
            self.negations += 1
            return
        if not self.kind:
            self.after_negation = self.negations > 0
        self.degree *= value
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


@dataclass(slots=True)
class Analysis:
    """What the engine found: the total, how it splits around a contrast, the evidence."""

    pre: float = 0.0
    post: float = 0.0
    clause: float = 0.0
    hopeful: float = 0.0
    contrast: bool = False
    tail: int = 0
    concessive: bool = False
    exclaims: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    warmth: list[str] = field(default_factory=list)
    total: float = 0.0
    mixed: bool = False
    band: float = NEUTRAL_TOTAL

    @property
    def label(self) -> Sentiment:
        """The label implied by the total, the neutral band and the mixed-comment rule."""
        if self.mixed or abs(self.total) < self.band:
            return Sentiment.NEUTRAL
        return Sentiment.POSITIVE if self.total > 0 else Sentiment.NEGATIVE

    def add(self, value: float) -> None:
        self.post += value
        self.clause += value
        if value > 0:
            self.hopeful += value


def squash(total: float) -> float:
    """Map a total in (-inf, inf) to a score in (-1, 1).

    Examples
    --------
    >>> squash(0.0), round(squash(2.0), 3)
    (0.0, 0.707)
    """
    return total / math.sqrt(total * total + 4.0)


def _close(text: str, chain: _Chain, found: Analysis) -> None:
    """End a chain; a hedge, excess word or negator left without a sentiment word complains."""
    if chain.kind in _ALONE and not chain.negations:
        rest = text[chain.degree_end : chain.degree_end + 3].lstrip()
        if rest and rest[0].isalnum():
            weight = _ALONE[chain.kind]
            span = text[chain.start : chain.degree_end]
            found.evidence.append(Evidence(_RULES[chain.kind], span, weight))
            found.add(weight)
    elif chain.alone and chain.negations % 2 and (not chain.kind or not chain.after_negation):
        rest = text[chain.end : chain.end + 3].lstrip()
        if rest and rest[0].isalnum():  # 根本没有 ...: a degree word before strengthens it
            weight = chain.alone * chain.degree
            span = text[chain.start : chain.end]
            found.evidence.append(Evidence("negation", span, round(weight, 4)))
            found.add(weight)
    chain.reset()


def _word(text: str, span: tuple[int, int], weight: float, chain: _Chain, found: Analysis) -> None:
    value, rule = chain.apply(weight)
    begin = chain.start if chain.start >= 0 else span[0]
    found.evidence.append(Evidence(rule, text[begin : span[1]], round(value, 4)))
    found.add(value)
    chain.reset()


def _contrast(found: Analysis, text: str, span: tuple[int, int]) -> None:
    """Start the part that counts more; a clause-final "though" turns its own clause."""
    stop = _BREAK_AT.search(text, span[1], span[1] + 16)
    rest = text[span[1] : stop.end() if stop else span[1] + 16].lstrip()
    trailing = span[0] < span[1] and (not rest or rest[0] in BREAKS)
    keep = found.clause if trailing else 0.0
    found.pre += found.post - keep
    found.post = keep
    found.clause = keep
    found.contrast = True
    found.hopeful = 0.0
    found.tail = MIXED_TAIL if trailing else len(rest)
    if span[0] < span[1]:
        found.evidence.append(Evidence("contrast", text[span[0] : span[1]], 0.0))


def _break(found: Analysis, text: str, start: int) -> None:
    found.exclaims += text[start] == "!"
    if text[start] == "?" and found.hopeful > 0:  # a wish or a request, not praise
        damp = QUESTION_DAMP * found.hopeful
        found.evidence.append(Evidence("question", "?", round(-damp, 4)))
        found.add(-damp)
    if found.concessive:
        found.concessive = False
        _contrast(found, text, (start, start))


def _size(text: str) -> int:
    """Length of a comment: characters, or words for an ASCII-only text."""
    stripped = text.strip()
    return stripped.count(" ") + 1 if stripped.isascii() else len(stripped)


def _finish(text: str, found: Analysis, decision: Decision) -> Analysis:
    short = _size(text) <= decision.short_text
    found.band = decision.neutral_total if short else decision.long_neutral_total
    if found.contrast:
        found.total = found.pre + POST_CONTRAST * found.post
        found.mixed = (
            short
            and found.pre > 0 > found.post
            and MIXED_MIN * found.pre <= -found.post <= MIXED_RATIO * found.pre
            and found.tail >= MIXED_TAIL
        )
        if found.mixed:
            found.evidence.append(Evidence("mixed", "positive, then negative", 0.0))
    else:
        found.total = found.post
    if found.exclaims and found.total:
        boost = 1.0 + EXCLAIM_STEP * min(found.exclaims, EXCLAIM_MAX)
        found.total *= boost
        found.evidence.append(Evidence("exclamation", "!" * found.exclaims, boost))
    return found


def analyse(text: str, lexicon: Lexicon) -> Analysis:
    """Apply the rules to an already-prepared text (see ``normalize_text``).

    Modifiers never reach past a clause break, so the text is read clause by
    clause (each clause ends with its break) and a clause repeated in the text
    is read once; the clause results are then chained in order.
    """
    if len(text) < _SPLIT_FROM:
        return _finish(text, _clause(text, lexicon), lexicon.decision)
    found = Analysis()
    seen: dict[str, Analysis] = {}
    for piece in _CLAUSES.split(text):
        part = seen.get(piece)
        if part is None:
            part = seen[piece] = _clause(piece, lexicon)
        if part.contrast:
            found.pre += found.post + part.pre
            found.post = part.post
            found.contrast = True
            found.tail = part.tail
        else:
            found.post += part.post
        found.exclaims += part.exclaims
        found.evidence.extend(part.evidence)
        found.warmth.extend(part.warmth)
    return _finish(text, found, lexicon.decision)


def _clause(text: str, lexicon: Lexicon) -> Analysis:  # noqa: PLR0912
    """Apply the rules to one clause: one flat loop over the lexicon matches (the hot path)."""
    table = lexicon.table
    matches = lexicon.matcher.find(text)
    found = Analysis()
    evidence = found.evidence
    chain = _Chain()
    clause_start = True
    last = len(matches) - 1
    for index, (start, end, entry) in enumerate(matches):
        role, value, warm, adjacent, alone = table[entry]
        if chain.start >= 0 and not chain.alive(text, start):
            _close(text, chain, found)
        if warm and not chain.negations % 2:
            found.warmth.append(entry)
        if role == _WORD:
            following = matches[index + 1] if adjacent and index < last else None
            if following is not None and following[0] == end and table[following[2]][0] == _WORD:
                chain.add(_DEGREE, adjacent, start, end)
            elif chain.start < 0:  # the common case, kept inline
                evidence.append(alone)
                found.post += value
                found.clause += value
                if value > 0:
                    found.hopeful += value
            else:
                _word(text, (start, end), value, chain, found)
        elif role == _BREAK:
            if chain.start >= 0:
                _close(text, chain, found)
            if entry in "!?" or found.concessive:
                _break(found, text, start)
            found.clause = found.hopeful = 0.0
            clause_start = True
            continue
        elif role == _CONTRAST or (role == _AT_START and clause_start):
            _close(text, chain, found)
            _contrast(found, text, (start, end))
        elif role <= _EXCESS:
            if role == _NEGATOR and value:
                found.evidence.append(Evidence("word", entry, value))
                found.add(value)
            chain.add(role, value, start, end)
            if role == _NEGATOR:
                chain.alone = adjacent
        elif role == _CONCESSIVE and clause_start:
            found.concessive = True
        clause_start = False
    _close(text, chain, found)
    return found
