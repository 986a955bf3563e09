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
from collections.abc import Iterator

from csmetrics._classify.clause import NEUTRAL_TOTAL, ROUNDING, Analysis, read_clause
from csmetrics._classify.lexicon import BREAKS, Decision, Lexicon, Role
from csmetrics._classify.types import Evidence
from csmetrics._core.matcher import Run
from csmetrics._core.text import VECTOR_FROM

__all__ = ["NEUTRAL_TOTAL", "Analysis", "analyse", "squash"]

POST_CONTRAST = 1.2
MIXED_RATIO = 2.0
MIXED_MIN = 0.2
MIXED_TAIL = 3
EXCLAIM_STEP = 0.1
EXCLAIM_MAX = 3

_SPLIT_FROM = 512
_BREAK = int(Role.BREAK)
# Split after each run of clause breaks ("!!!" stays with its clause).
_CLAUSES = re.compile("(?<=[{0}])(?![{0}])".format(re.escape("".join(BREAKS))))


def squash(total: float) -> float:
    """Map a total in (-inf, inf) to a score in (-1, 1) (NaN to 0).

    Examples
    --------
    >>> squash(0.0), round(squash(2.0), 3), squash(1e300), squash(float("-inf"))
    (0.0, 0.707, 1.0, -1.0)
    """
    if math.isnan(total):
        return 0.0
    if math.isinf(total):
        return math.copysign(1.0, total)
    return total / math.hypot(total, 2.0)


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
    if abs(found.total) < ROUNDING:  # words that cancel out (1.8 - 1.8) leave no rounding residue
        found.total = 0.0
    if found.exclaims and found.total:
        boost = 1.0 + EXCLAIM_STEP * min(found.exclaims, EXCLAIM_MAX)
        found.total *= boost
        found.evidence.append(Evidence("exclamation", "!" * found.exclaims, boost))
    return found


def analyse(text: str, lexicon: Lexicon) -> Analysis:
    """Apply the rules to an already-prepared text (see ``normalize_text``).

    Modifiers never reach past a clause break, so the text is read clause by
    clause (each clause ends with its breaks) and a clause repeated in the
    text is read once; the clause results are then chained in order. A
    clause's evidence and weight never depend on the rest of the text. A long
    text is matched once, as a whole (numpy), and its matches shared out.
    """
    if len(text) < _SPLIT_FROM:
        return _finish(text, read_clause(text, lexicon), lexicon.decision)
    found = Analysis()
    seen: dict[str, Analysis] = {}
    for piece, runs in _clauses(text, lexicon):
        part = seen.get(piece)
        if part is None:
            part = seen[piece] = read_clause(piece, lexicon, runs)
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


def _clauses(text: str, lexicon: Lexicon) -> Iterator[tuple[str, list[Run] | None]]:
    """The clauses of `text` (each with its breaks), with their matches when known."""
    if len(text) < VECTOR_FROM:
        for piece in _CLAUSES.split(text):
            yield piece, None
        return
    runs = lexicon.matcher.runs(text)
    table = lexicon.table
    begin = first = 0
    for index, (start, end, entry, count, gap) in enumerate(runs):
        if table[entry][0] != _BREAK:
            continue
        stop = start + (count - 1) * (end - start + gap) + (end - start)
        after = runs[index + 1] if index + 1 < len(runs) else None
        if after is not None and after[0] == stop and table[after[2]][0] == _BREAK:
            continue  # more breaks right after: the clause goes on to them
        yield _piece(text, (begin, stop), runs[first : index + 1])
        begin, first = stop, index + 1
    if begin < len(text):
        yield _piece(text, (begin, len(text)), runs[first:])


def _piece(text: str, span: tuple[int, int], runs: list[Run]) -> tuple[str, list[Run]]:
    """The clause at `span` and its runs, moved to start at 0."""
    begin, stop = span
    if not begin:
        return text[:stop], runs
    return text[begin:stop], [(s - begin, e - begin, w, c, g) for s, e, w, c, g in runs]


_clause = read_clause  # the name the tests use
