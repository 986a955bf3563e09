"""Routing of a problem category to the team that handles it.

A :class:`RoutingTable` maps category ids (or ``category/subcategory``) to
team ids; names are compared case-insensitively after NFKC normalisation,
and aliases ("产品质量", "投诉") map other spellings to the ids.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any, Self

from pydantic import ConfigDict, Field, field_validator

from csmetrics._core.config import load_config, model_from_mapping, read_data_file
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._core.text import normalize_text, require_text
from csmetrics.exceptions import InputTypeError

__all__ = ["RoutingTable", "route"]

Team = str


def _key(name: str) -> str:
    return normalize_text(name).strip().replace(" ", "_").replace("-", "_")


def _normalise_keys(value: object) -> object:
    if isinstance(value, Mapping):
        return {_key(k) if isinstance(k, str) else k: v for k, v in value.items()}
    return value


class RoutingTable(FrozenModel):
    """Which team handles which problem category.

    Parameters
    ----------
    routes : mapping of str to str
        Category id or ``category/subcategory`` -> team id.
    aliases : mapping of str to str
        Other names of categories ("产品质量" -> ``product_quality``).
    default : str
        The team for an unknown or missing category.
    complaint : str
        The team for any ticket flagged as a complaint.

    Examples
    --------
    >>> table = RoutingTable(routes={"logistics": "warehouse"}, default="front_desk")
    >>> route("logistics", table=table), route(None, table=table)
    ('warehouse', 'front_desk')
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    routes: dict[str, Team] = Field(default_factory=dict)
    aliases: dict[str, str] = Field(default_factory=dict)
    default: Team = Field(default="customer_service", min_length=1)
    complaint: Team = Field(default="support_supervisor", min_length=1)

    @field_validator("routes", "aliases", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        return _normalise_keys(value)

    @field_validator("aliases")
    @classmethod
    def _alias_targets(cls, value: dict[str, str]) -> dict[str, str]:
        return {alias: _key(target) for alias, target in value.items()}

    @classmethod
    def default_table(cls) -> RoutingTable:
        """The shipped table (``csmetrics/data/routing.toml``), loaded once."""
        return _default_table()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build a table from a mapping (as parsed from JSON or TOML).

        Raises
        ------
        InvalidConfigError
            If the mapping does not describe a valid table.
        """
        return model_from_mapping(cls, data, "table")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Self:
        """Read a table from a ``.toml`` or ``.json`` file (UTF-8).

        Raises
        ------
        InvalidConfigError
            If the file cannot be read or parsed or does not describe a valid table.
        """
        return load_config(cls, path, param="path")

    def team_for(self, category: str | None, subcategory: str | None = None) -> Team:
        """The team for ``category`` (and ``subcategory``), or ``default``."""
        if category is None:
            return self.default
        name = _key(category)
        name = self.aliases.get(name, name)
        if subcategory is not None:
            specific = f"{name}/{_key(subcategory)}"
            if specific in self.routes:
                return self.routes[specific]
        return self.routes.get(name, self.default)


@functools.cache
def _default_table() -> RoutingTable:
    return model_from_mapping(RoutingTable, read_data_file("routing.toml"), "routing.toml")


def _as_name(value: object, param: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return require_text(value, param=param)
    msg = f"{param}: expected a str or None, got {describe(value)}"
    raise InputTypeError(msg)


def route(
    category: object,
    *,
    subcategory: str | None = None,
    complaint: bool = False,
    table: RoutingTable | None = None,
) -> Team:
    """Return the team that handles a problem category.

    Parameters
    ----------
    category : str, CategoryResult or None
        A category id ("product_quality"), an alias ("产品质量"), or an
        object with ``category`` and ``subcategory`` attributes such as the
        result of :func:`csmetrics.classify.categorize`. None (not
        categorised) goes to the table's default team.
    subcategory : str, optional
        Routes on ``category/subcategory`` first when the table has that key.
    complaint : bool, default False
        A complaint goes to the table's complaint team whatever its category.
    table : RoutingTable, optional
        Defaults to the shipped table: product quality -> ``technical_support``,
        service -> ``customer_service``, complaint -> ``support_supervisor``,
        logistics -> ``logistics``, billing -> ``finance``, suggestion ->
        ``product``, anything else -> ``customer_service``.

    Returns
    -------
    str
        The team id.

    Raises
    ------
    InputTypeError
        If `category`, `subcategory` or `table` has the wrong type.
    InvalidInputError
        If `category` or `subcategory` is longer than 65,536 characters
        (``MAX_TEXT_LENGTH``; no category name comes close).

    Examples
    --------
    >>> route("product_quality"), route("服务体验"), route("投诉")
    ('technical_support', 'customer_service', 'support_supervisor')
    >>> route("logistics", complaint=True)
    'support_supervisor'
    """
    if table is None:
        table = RoutingTable.default_table()
    elif not isinstance(table, RoutingTable):
        msg = f"table: expected a RoutingTable, got {describe(table)}"
        raise InputTypeError(msg)
    if not isinstance(complaint, bool):
        msg = f"complaint: expected a bool, got {describe(complaint)}"
        raise InputTypeError(msg)
    if complaint:
        return table.complaint
    if category is not None and not isinstance(category, str) and hasattr(category, "category"):
        if subcategory is None:
            subcategory = getattr(category, "subcategory", None)
        category = category.category
    return table.team_for(_as_name(category, "category"), _as_name(subcategory, "subcategory"))


publish("csmetrics.priority", RoutingTable)
