"""Reading one clause: the sentiment rules over its lexicon matches, in one pass.

The matcher gives the matches as runs (one entry repeated back to back, see
``KeywordMatcher.runs``). Each match is read in text order; in a long run,
once the state has settled (the chain of modifiers is empty, or held
together by the run itself), the members but the last are read in one step
(``_bulk``) with exactly the effect of reading them one by one. So a clause
of one word repeated a million times costs about as much as a few words,
and nothing in the state grows beyond bounds: stacked degree words multiply
up to ``DEGREE_CAP`` at most (see ``stack``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from csmetrics._classify.chain import EXCESS_ALONE, HEDGE_ALONE, Chain
from csmetrics._classify.lexicon import BREAKS, Decision, Lexicon, Role
from csmetrics._classify.periods import PERIODIC_FROM, skip_periods
from csmetrics._classify.types import Evidence, Sentiment
from csmetrics._core.matcher import Run
from csmetrics._core.text import VECTOR_FROM

__all__ = [
    "NEUTRAL_TOTAL",
    "ROUNDING",
    "Analysis",
    "Reader",
    "contrast",
    "end_clause",
    "read_clause",
]

NEUTRAL_TOTAL = Decision().neutral_total
ROUNDING = 1e-9
QUESTION_DAMP = 0.8
MIXED_TAIL = 3

_WORD = int(Role.WORD)
_NEGATOR = int(Role.NEGATOR)
_DEGREE = int(Role.DEGREE)
_EXCESS = int(Role.EXCESS)
_CONTRAST = int(Role.CONTRAST)
_AT_START = int(Role.CONTRAST_AT_START)
_CONCESSIVE = int(Role.CONCESSIVE)
_BREAK = int(Role.BREAK)
_RULES = {_DEGREE: "degree", int(Role.HEDGE): "hedge", _EXCESS: "excess"}
_ALONE = {int(Role.HEDGE): HEDGE_ALONE, _EXCESS: EXCESS_ALONE}
_BREAK_AT = re.compile("[" + re.escape("".join(BREAKS)) + "]")

Row = tuple[int, float, bool, float, Evidence]
"""A lexicon table row: role, value, warmth word, adjacent-degree / alone value, evidence."""


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
        """The label implied by the total, the neutral band and the mixed-comment rule.

        A total within ``ROUNDING`` below the band counts as at the band: the
        same weights summed in another order (a long text is read clause by
        clause) differ by rounding, and must not change the label.
        """
        if self.mixed or abs(self.total) < self.band - ROUNDING:
            return Sentiment.NEUTRAL
        return Sentiment.POSITIVE if self.total > 0 else Sentiment.NEGATIVE

    def add(self, value: float, times: int = 1) -> None:
        self.post += value * times
        self.clause += value * times
        if value > 0:
            self.hopeful += value * times


def _rest(text: str, end: int) -> str:
    """The next characters after `end` within the clause (a break ends it), spaces skipped."""
    return text[end : end + 3].split("\n", 1)[0].lstrip()


def _close(text: str, chain: Chain, found: Analysis) -> None:
    """End a chain; a hedge, excess word or negator left without a sentiment word complains."""
    if chain.kind in _ALONE and not chain.negations:
        rest = _rest(text, chain.degree_end)
        if rest and rest[0].isalnum():
            weight = _ALONE[chain.kind]
            span = text[chain.start : chain.degree_end]
            found.evidence.append(Evidence(_RULES[chain.kind], span, weight))
            found.add(weight)
    elif chain.alone and chain.negations % 2 and (not chain.kind or not chain.after_negation):
        rest = _rest(text, chain.end)
        if rest and rest[0].isalnum():  # 根本没有 ...: a degree word before strengthens it
            weight = chain.alone * chain.degree
            span = text[chain.start : chain.end]
            found.evidence.append(Evidence("negation", span, round(weight, 4)))
            found.add(weight)
    chain.reset()


def _word(text: str, span: tuple[int, int], weight: float, chain: Chain, found: Analysis) -> None:
    value, rule = chain.apply(weight)
    begin = chain.start if chain.start >= 0 else span[0]
    found.evidence.append(Evidence(rule, text[begin : span[1]], round(value, 4)))
    found.add(value)
    chain.reset()


def contrast(found: Analysis, text: str, span: tuple[int, int]) -> None:
    """Start the part that counts more; a clause-final "though" turns its own clause.

    A pending concession (虽然 ..., "although ...") is settled by the contrast: the
    clause break after it does not turn the comment a second time.
    """
    found.concessive = False
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
        contrast(found, text, (start, start))


class Reader:
    """The state of a clause being read: the text, the chain, what was found so far."""

    __slots__ = ("chain", "clause_start", "found", "table", "text")

    def __init__(self, text: str, table: Mapping[str, Row]) -> None:
        self.text = text
        self.table = table
        self.chain = Chain()
        self.found = Analysis()
        self.clause_start = True

    def read(self, runs: list[Run], index: int) -> None:
        """Read run `index` of `runs`."""
        start, end, entry, count, _ = run = runs[index]
        last = len(runs) - 1
        if count > 1:
            self.repeat(run, _after(runs, index, last))
            return
        role, value, warm, adjacent, alone = self.table[entry]
        if (
            role == _WORD
            and self.chain.start < 0
            and (not adjacent or index == last or runs[index + 1][0] != end)
        ):  # the common case, kept short: a sentiment word with no modifier before it
            found = self.found
            if warm:
                found.warmth.append(entry)
            found.evidence.append(alone)
            found.add(value)
            self.clause_start = False
            return
        self.one((start, end, entry), _after(runs, index, last))

    def one(self, match: tuple[int, int, str], after: tuple[int, str] | None) -> None:
        """Read one match (`after`: start and entry of the next one)."""
        text, chain, found = self.text, self.chain, self.found
        start, end, entry = match
        role, value, warm, adjacent, alone = self.table[entry]
        if chain.start >= 0 and not chain.alive(text, start):
            _close(text, chain, found)
        if warm and not chain.negations % 2:
            found.warmth.append(entry)
        clause_start, self.clause_start = self.clause_start, role == _BREAK
        if role == _WORD:
            if adjacent and after is not None and after[0] == end and self._is_word(after[1]):
                chain.add(_DEGREE, adjacent, start, end)
            elif chain.start < 0:
                found.evidence.append(alone)
                found.add(value)
            else:
                _word(text, (start, end), value, chain, found)
        elif role == _BREAK:
            if chain.start >= 0:
                _close(text, chain, found)
            if entry in "!?" or found.concessive:
                _break(found, text, start)
            found.clause = found.hopeful = 0.0
        elif role == _CONTRAST or (role == _AT_START and clause_start):
            _close(text, chain, found)
            contrast(found, text, (start, end))
        elif role <= _EXCESS:
            self._modifier(entry, (role, value, adjacent), start, end)
        elif role == _CONCESSIVE and clause_start:
            found.concessive = True

    def _is_word(self, entry: str) -> bool:
        return self.table[entry][0] == _WORD

    def _modifier(
        self, entry: str, row: tuple[int, float, float], start: int, end: int, times: int = 1
    ) -> None:
        """Add `times` copies of a negator or degree word (the last one ends at `end`)."""
        role, value, alone = row
        if role == _NEGATOR and value:
            self.found.evidence.extend([Evidence("word", entry, value)] * times)
            self.found.add(value, times)
        self.chain.add(role, value, start, end, times)
        if role == _NEGATOR:
            self.chain.alone = alone

    def repeat(self, run: Run, after: tuple[int, str] | None) -> None:
        """Read the members of a run (`after`: start and entry of the match after it)."""
        start, end, entry, count, gap = run
        length, step = end - start, end - start + gap
        member = 0
        while member < count:
            first = start + member * step
            rest = count - 1 - member
            if rest >= 2 and self._bulk((first, first + length, entry, rest, gap)):
                member = count - 1
                continue
            self.one((first, first + length, entry), (first + step, entry) if rest else after)
            member += 1

    def _bulk(self, run: Run) -> bool:
        """Read the `count` members of `run` (each followed by one more) in one step.

        Only when the state is settled, so that this has exactly the effect of
        reading them one by one; returns False (nothing read) otherwise.
        """
        start, end, entry, times, gap = run
        chain, found = self.chain, self.found
        role, value, warm, adjacent, alone = self.table[entry]
        last_end = end + (times - 1) * (end - start + gap)
        warmth = times
        if (role != _WORD and role <= _EXCESS) or (role == _WORD and adjacent and not gap):
            # modifiers (and 好 right before another 好) held together by the run itself
            if not chain.adjacent(start) or (role == _NEGATOR and chain.kind):
                return False
            if role == _NEGATOR:  # the count of members read with an even count of negations
                warmth = (times + 1 - chain.negations % 2) // 2
            elif chain.negations % 2:
                warmth = 0
            if role == _WORD:
                chain.add(_DEGREE, adjacent, start, last_end, times)
            else:
                self._modifier(entry, (role, value, adjacent), start, last_end, times)
        elif chain.start >= 0 or not self._settled(role):
            return False
        elif role == _WORD:
            found.evidence.extend([alone] * times)
            found.add(value, times)
        elif role == _BREAK:
            found.exclaims += times if entry == "!" else 0
            found.clause = 0.0
        elif role == _CONTRAST:
            found.evidence.extend([Evidence("contrast", entry, 0.0)] * times)
        if warm:
            found.warmth.extend([entry] * warmth)
        self.clause_start = role == _BREAK
        return True

    def _settled(self, role: int) -> bool:
        """Whether reading a match of `role` again (with no modifier waiting) changes
        nothing but the evidence, the warmth, the count of "!" and the words' total."""
        found = self.found
        if role == _BREAK:
            return not found.concessive and not found.hopeful
        if role == _CONTRAST:
            return found.contrast and not (found.post or found.clause or found.hopeful)
        return role == _WORD or not self.clause_start


def read_clause(text: str, lexicon: Lexicon, runs: list[Run] | None = None) -> Analysis:
    """Apply the rules to one clause (or a whole text): one pass over its matches.

    `runs` are the matcher's runs of `text` (computed when None; a short
    text is read match by match, which gives the same result). In a long
    list of runs, a pattern of a few entries repeated many times is read
    twice and then extrapolated (see ``periods``).
    """
    if runs is None:
        if len(text) < VECTOR_FROM:
            runs = [(*match, 1, 0) for match in lexicon.matcher.find(text)]
        else:
            runs = lexicon.matcher.runs(text)
    reader = Reader(text, lexicon.table)
    if len(runs) < PERIODIC_FROM:
        _read_all(reader, runs)
    else:
        _read_with_patterns(reader, runs)
    return end_clause(reader)


def end_clause(reader: Reader) -> Analysis:
    """Close what is still waiting at the end of the clause and return what was found."""
    text, found = reader.text, reader.found
    if reader.chain.start >= 0:
        _close(text, reader.chain, found)
    if found.concessive:  # "虽然 ..." to the end: settled there, as a break would
        contrast(found, text, (len(text), len(text)))
    return found


def _read_all(reader: Reader, runs: list[Run]) -> None:
    """Read every run; the common case (a sentiment word with no modifier before it) inline."""
    table, found, chain, last = reader.table, reader.found, reader.chain, len(runs) - 1
    for index, (_, end, entry, count, _) in enumerate(runs):
        row = table[entry]
        if (
            count == 1
            and row[0] == _WORD
            and chain.start < 0
            and (not row[3] or index == last or runs[index + 1][0] != end)
        ):
            if row[2]:
                found.warmth.append(entry)
            found.evidence.append(row[4])
            found.add(row[1])
            reader.clause_start = False
        else:
            reader.read(runs, index)


def _read_with_patterns(reader: Reader, runs: list[Run]) -> None:
    """Read every run, extrapolating patterns repeated many times (see ``periods``)."""
    index, next_try = 0, 0
    while index < len(runs):
        if index >= next_try and reader.chain.start < 0:
            read, next_try = skip_periods(reader, runs, index)
            if read:
                index += read
                continue
        reader.read(runs, index)
        index += 1


def _after(runs: list[Run], index: int, last: int) -> tuple[int, str] | None:
    """Start and entry of the match after run `index`."""
    return (runs[index + 1][0], runs[index + 1][2]) if index < last else None
