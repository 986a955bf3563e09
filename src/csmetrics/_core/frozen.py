"""The base of every frozen configuration and result model, and its one caching scheme.

Models of this package are immutable and reject unknown keys; their
validation errors name the field and the problem but never show the input
(a configuration may be built from whatever a caller passed). Data derived
from a model (a compiled matcher, a memo of lookups) is cached per instance
with :func:`functools.cached_property`: computed on first use, stored beside
the fields, and never part of the model's identity. Equality compares fields
only (pydantic's rule), and pickles and copies carry the fields only, so a
cache is rebuilt where it is needed and never shared between copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from csmetrics._core.describe import shown

__all__ = ["FrozenModel"]


class FrozenModel(BaseModel):
    """Frozen, no unknown keys; ``cached_property`` values stay out of pickles and copies.

    Examples
    --------
    >>> import functools
    >>> class Rules(FrozenModel):
    ...     words: tuple[str, ...]
    ...     @functools.cached_property
    ...     def index(self) -> dict[str, int]:
    ...         return {word: n for n, word in enumerate(self.words)}
    >>> rules = Rules(words=("a", "b"))
    >>> rules.index["b"], "index" in rules.__dict__
    (1, True)
    >>> "index" in rules.__getstate__()["__dict__"], "index" in rules.model_copy().__dict__
    (False, False)
    >>> rules == Rules(words=("a", "b"))
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: Any) -> Any:
        """Refuse unknown keys naming them as tokens or describing them (no odd key echoed)."""
        if isinstance(data, Mapping) and cls.model_config.get("extra") == "forbid":
            names = cls.model_fields.keys()
            unknown = [key for key in data if key not in names]
            if unknown and not _aliases(cls) >= set(unknown):
                known = ", ".join(names)
                msg = "unknown key {key} (known keys: {known})"
                raise PydanticCustomError(
                    "extra_forbidden", msg, {"key": shown(unknown[0]), "known": known}
                )
        return data

    def _drop_caches(self) -> None:
        for key in [key for key in self.__dict__ if key not in type(self).model_fields]:
            del self.__dict__[key]

    def __getstate__(self) -> dict[Any, Any]:
        """The pickled state: the fields only, without cached values."""
        state = super().__getstate__()
        fields = type(self).model_fields
        state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in fields}
        return state

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (see pydantic) that starts with no cached values."""
        copied = super().model_copy(update=update, deep=deep)
        copied._drop_caches()
        return copied


def _aliases(cls: type[BaseModel]) -> set[str]:
    return {field.alias for field in cls.model_fields.values() if field.alias}
