"""Sentiment lexicons: weighted words, negators, degree words, contrast words, warmth words."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from pydantic import Field, field_validator

from csmetrics._classify.types import Evidence, Role
from csmetrics._core.config import model_from_mapping, read_config, read_data_file
from csmetrics._core.describe import describe, shown
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._core.matcher import KeywordMatcher
from csmetrics._core.text import normalize_text, require_str
from csmetrics.exceptions import InvalidConfigError

__all__ = ["BREAKS", "Decision", "Lexicon", "Role"]

BREAKS = (",", ".", ";", "!", "?", ":", "\n", "~")
"""Clause breaks (after normalisation: full-width punctuation is already half-width)."""


class Decision(NamedTuple):
    """How a total becomes a label: the ``decision`` section of a lexicon.

    A comment of at most `short_text` characters (words, for a text of ASCII
    characters only) is *short*: it is neutral when its total is within
    ±`neutral_total`, and the mixed-comment rule applies. A longer comment is
    neutral only within ±`long_neutral_total`, and its balance decides.

    Examples
    --------
    >>> Lexicon.default().decision
    Decision(short_text=20, neutral_total=0.35, long_neutral_total=0.1)
    """

    short_text: int = 20
    neutral_total: float = 0.35
    long_neutral_total: float = 0.1


# Sections in precedence order: within one lexicon an entry may have one role only.
_WEIGHTED = {
    "weights": Role.WORD,
    "negators": Role.NEGATOR,
    "degree": Role.DEGREE,
    "hedges": Role.HEDGE,
    "excess": Role.EXCESS,
}
_LISTED = {
    "contrast": Role.CONTRAST,
    "contrast_at_start": Role.CONTRAST_AT_START,
    "concessive": Role.CONCESSIVE,
    "neutral": Role.NEUTRAL,
}
_SECTION_OF = {role: name for name, role in {**_WEIGHTED, **_LISTED}.items()}


def _finite(values: dict[str, float], low: float, high: float) -> dict[str, float]:
    for value in values.values():
        if not (math.isfinite(value) and low <= value <= high):
            msg = f"expected a number in [{low}, {high}], got {describe(value)}"
            raise ValueError(msg)
    return values


class _LexiconSpec(FrozenModel):
    version: int = 1
    language: str = ""
    weights: dict[str, float] = Field(default_factory=dict)
    negators: dict[str, float] = Field(default_factory=dict)
    degree: dict[str, float] = Field(default_factory=dict)
    hedges: dict[str, float] = Field(default_factory=dict)
    excess: dict[str, float] = Field(default_factory=dict)
    adjacent_degree: dict[str, float] = Field(default_factory=dict)
    negation_alone: dict[str, float] = Field(default_factory=dict)
    contrast: list[str] = Field(default_factory=list)
    contrast_at_start: list[str] = Field(default_factory=list)
    concessive: list[str] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list)
    warmth: list[str] = Field(default_factory=list)
    decision: dict[str, float] = Field(default_factory=dict)

    @field_validator("decision")
    @classmethod
    def _decision(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(Decision._fields))
        if unknown:
            got = ", ".join(shown(key) for key in unknown)
            msg = f"expected decision keys among {Decision._fields!r}, got {got}"
            raise ValueError(msg)
        return _finite(value, 0.0, 1000.0)

    @field_validator("negators", mode="before")
    @classmethod
    def _negator_list(cls, value: object) -> object:
        return dict.fromkeys(value, 0.0) if isinstance(value, list) else value

    @field_validator("weights", "negators", "negation_alone")
    @classmethod
    def _weights_range(cls, value: dict[str, float]) -> dict[str, float]:
        return _finite(value, -5.0, 5.0)

    @field_validator("degree", "hedges", "excess", "adjacent_degree")
    @classmethod
    def _degree_range(cls, value: dict[str, float]) -> dict[str, float]:
        return _finite(value, 0.0, 5.0)


def _validate(data: object) -> _LexiconSpec:
    wanted = "sections such as weights, negators and degree words"
    return model_from_mapping(_LexiconSpec, data, "lexicon", expected=wanted)


def _sections(spec: _LexiconSpec) -> dict[str, Any]:
    return spec.model_dump(exclude={"version", "language"})


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Entries of `extra` replace the same entries of `base` in whatever section they were."""
    incoming = {normalize_text(w).strip() for name in (*_WEIGHTED, *_LISTED) for w in extra[name]}
    merged: dict[str, Any] = {}
    for name, old in base.items():
        values = old
        if name in _WEIGHTED or name in _LISTED:
            kept = [w for w in old if normalize_text(w).strip() not in incoming]
            values = {w: old[w] for w in kept} if isinstance(old, dict) else kept
        if isinstance(values, dict):
            merged[name] = {**values, **extra[name]}
        else:
            merged[name] = list(dict.fromkeys([*values, *extra[name]]))
    return merged


class Lexicon:
    """A bilingual sentiment lexicon: word weights and the rule words around them.

    Sections: ``weights`` (word -> weight, positive or negative, within
    [-5, 5]), ``negators`` (word -> own weight, usually 0; a list is
    accepted), ``degree`` (intensifier -> multiplier), ``hedges`` (a bit, 有点:
    multiplier < 1; alone before an unknown word they mark a mild complaint),
    ``excess`` (too, 太: multiplier; alone, an excess), ``adjacent_degree``
    (words like 好 that act as a degree word directly before another
    sentiment word), ``negation_alone`` (negators that are a complaint of
    their own when no sentiment word follows them: 没有, "didn't" -> weight,
    usually -0.4; they are negators too), ``contrast`` (but, 但是), ``contrast_at_start`` (就是:
    a contrast only at the start of a clause), ``concessive`` (although,
    虽然), ``neutral`` (shields such as 无论 or "no doubt" that stop shorter
    entries from matching inside them) and ``warmth`` (thanks and
    understanding). Entries are normalised like the text (NFKC, lower case,
    Traditional folded to Simplified) and matched longest first.

    Raises
    ------
    InvalidConfigError
        If the data is not a lexicon (unknown section, weight out of range,
        one entry in two sections).

    Examples
    --------
    >>> lex = Lexicon.from_dict({"weights": {"丝滑": 1.5}, "negators": ["不"]})
    >>> lex.role("丝滑")
    (<Role.WORD: 0>, 1.5)
    >>> lex.role("未知") is None
    True
    """

    __slots__ = (
        "_adjacent",
        "_alone",
        "_decision",
        "_matcher",
        "_roles",
        "_spec",
        "_table",
        "_warmth",
    )

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._spec = _validate(data)
        self._roles: dict[str, tuple[Role, float]] = {}
        sections = _sections(self._spec)
        for name, role in {**_WEIGHTED, **_LISTED}.items():
            values = sections[name]
            for word in values:
                value = values[word] if isinstance(values, dict) else 0.0
                self._put(normalize_text(word).strip(), role, value, name)
        self._adjacent: dict[str, float] = {
            normalize_text(w).strip(): v for w, v in sections["adjacent_degree"].items()
        }
        self._alone: dict[str, float] = {
            normalize_text(w).strip(): v for w, v in sections["negation_alone"].items()
        }
        for word in self._alone:  # negators too: own weight from `negators`, else 0
            own = self._roles.get(word, (Role.NEGATOR, 0.0))[1]
            self._put(word, Role.NEGATOR, own, "negation_alone")
        self._warmth = frozenset(normalize_text(w).strip() for w in sections["warmth"])
        rule, base = sections["decision"], Decision()
        self._decision = Decision(
            int(rule.get("short_text", base.short_text)),
            rule.get("neutral_total", base.neutral_total),
            rule.get("long_neutral_total", base.long_neutral_total),
        )
        for word in self._warmth:
            self._roles.setdefault(word, (Role.NEUTRAL, 0.0))
        for mark in BREAKS:
            self._roles.setdefault(mark, (Role.BREAK, 0.0))
        # A line break is a clause break; entries are stripped, so it is matched as it is.
        self._matcher = KeywordMatcher(self._roles, exact=[b for b in BREAKS if not b.strip()])
        self._table = MappingProxyType(
            {
                word: (
                    int(role),
                    value,
                    word in self._warmth,
                    self._extra(word, role),
                    Evidence("word", word, value),
                )
                for word, (role, value) in self._roles.items()
            }
        )

    def _extra(self, word: str, role: Role) -> float:
        """A word's adjacent-degree value, a negator's weight when alone, else 0."""
        table = self._adjacent if role == Role.WORD else self._alone
        return table.get(word, 0.0)

    def _put(self, word: str, role: Role, value: float, section: str) -> None:
        if not word:
            return
        if any(mark in word for mark in BREAKS):
            msg = (
                f"lexicon: expected entries without clause breaks {BREAKS!r} in {section!r}, "
                f"got a {len(word)}-character entry with one"
            )
            raise InvalidConfigError(msg)
        old = self._roles.get(word)
        if old is not None and old[0] != role:
            msg = (
                f"lexicon: expected each entry in one section only, got a "
                f"{len(word)}-character entry of {_SECTION_OF[old[0]]!r} in {section!r} too"
            )
            raise InvalidConfigError(msg)
        self._roles[word] = (role, value)

    @classmethod
    def default(cls) -> Lexicon:
        """Return the built-in Chinese + English + emoji lexicon.

        Examples
        --------
        >>> Lexicon.default().role("满意")
        (<Role.WORD: 0>, 1.5)
        """
        return _default_lexicon()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        """Build a lexicon from a mapping of sections (see the class docstring).

        Examples
        --------
        >>> Lexicon.from_dict({"weights": {"good": 1.0}, "negators": ["not"]}).role("not")
        (<Role.NEGATOR: 1>, 0.0)
        """
        return cls(data)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Lexicon:
        """Load a lexicon from a ``.json`` or ``.toml`` file (it replaces the default).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
        >>> _ = file.write_text('[weights]\\n"丝滑" = 1.5\\n', encoding="utf-8")
        >>> Lexicon.from_file(file).role("丝滑")
        (<Role.WORD: 0>, 1.5)
        """
        return cls(read_config(path, param="path")[0])

    def extend(self, other: Lexicon | Mapping[str, Any]) -> Lexicon:
        """Return a new lexicon with `other`'s entries added (they win over existing ones).

        Examples
        --------
        >>> lex = Lexicon.default().extend({"weights": {"丝滑": 1.5, "不错": -1.0}})
        >>> lex.role("丝滑"), lex.role("不错")
        ((<Role.WORD: 0>, 1.5), (<Role.WORD: 0>, -1.0))
        >>> Lexicon.default().role("不错")
        (<Role.WORD: 0>, 1.5)
        """
        spec = other._spec if isinstance(other, Lexicon) else _validate(other)
        return Lexicon(_merge(_sections(self._spec), _sections(spec)))

    def to_dict(self) -> dict[str, Any]:
        """Return the lexicon as plain data (loadable again with :meth:`from_dict`).

        Examples
        --------
        >>> Lexicon.from_dict({"weights": {"good": 1.0}}).to_dict()["weights"]
        {'good': 1.0}
        """
        return self._spec.model_dump()

    def role(self, entry: str) -> tuple[Role, float] | None:
        """Role and value of a normalised entry, or None when it is not in the lexicon.

        Raises
        ------
        InputTypeError
            If `entry` is not a ``str``.
        """
        return self._roles.get(require_str(entry, param="entry"))

    @property
    def roles(self) -> Mapping[str, tuple[Role, float]]:
        """Every normalised entry with its role and value (read-only view)."""
        return MappingProxyType(self._roles)

    @property
    def adjacent_degree(self) -> Mapping[str, float]:
        """Words that act as degree words right before another sentiment word."""
        return MappingProxyType(self._adjacent)

    @property
    def negation_alone(self) -> Mapping[str, float]:
        """Negators that are a complaint of their own when no sentiment word follows."""
        return MappingProxyType(self._alone)

    @property
    def table(self) -> Mapping[str, tuple[int, float, bool, float, Evidence]]:
        """Per entry: role (int), value, warmth word or not, adjacent-degree value (for a
        negator: its weight when alone, see ``negation_alone``), and the
        evidence item of the entry read on its own (shared, immutable)."""
        return self._table

    @property
    def decision(self) -> Decision:
        """Neutral bands and the short-comment threshold (the ``decision`` section)."""
        return self._decision

    @property
    def warmth(self) -> frozenset[str]:
        """Thanks and understanding words (the warmth flag)."""
        return self._warmth

    @property
    def matcher(self) -> KeywordMatcher:
        """The keyword matcher over every entry (clause breaks included)."""
        return self._matcher

    def __len__(self) -> int:
        return len(self._roles)

    def __reduce__(self) -> tuple[type[Lexicon], tuple[dict[str, Any]]]:
        return (Lexicon, (self.to_dict(),))

    def __repr__(self) -> str:
        return f"Lexicon(<{len(self._roles)} entries>)"


@functools.cache
def _default_lexicon() -> Lexicon:
    merged: dict[str, Any] = _sections(_LexiconSpec())
    for name in ("zh", "en", "emoji", "decision"):
        merged = _merge(merged, _sections(_validate(read_data_file("lexicon", f"{name}.json"))))
    return Lexicon(merged)


publish("csmetrics.classify", Decision, Lexicon, Role)
