"""route and RoutingTable: the SPEC routes, aliases, custom tables from dict/JSON/TOML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.classify import categorize
from csmetrics.exceptions import InputTypeError, InvalidConfigError
from csmetrics.priority import RoutingTable, route


@pytest.mark.parametrize(
    ("category", "team"),
    [
        ("product_quality", "technical_support"),
        ("产品质量", "technical_support"),
        ("Product Quality", "technical_support"),
        ("service", "customer_service"),
        ("服务体验", "customer_service"),
        ("complaint", "support_supervisor"),
        ("投诉", "support_supervisor"),
        ("logistics", "logistics"),
        ("物流配送", "logistics"),
        ("billing", "finance"),
        ("账单争议", "finance"),
        ("suggestion", "product"),
        ("功能建议", "product"),
        ("something_else", "customer_service"),
        (None, "customer_service"),
    ],
)
def test_default_routes(category: str | None, team: str) -> None:
    assert route(category) == team


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("开机后屏幕无显示", "technical_support"),
        ("客服语气生硬", "customer_service"),
        ("外箱变形,产品损坏", "logistics"),
        ("希望增加批量导出功能", "product"),
        ("hello", "customer_service"),
    ],
)
def test_route_a_category_result(text: str, team: str) -> None:
    assert route(categorize(text)) == team


def test_complaints_go_to_the_supervisor() -> None:
    assert route("product_quality", complaint=True) == "support_supervisor"
    assert route(None, complaint=True) == "support_supervisor"


TABLE = {
    "routes": {"Logistics": "warehouse", "logistics/damage": "claims", "billing": "finance"},
    "aliases": {"物流": "logistics"},
    "default": "front_desk",
    "complaint": "duty_manager",
}
TABLE_TOML = """
default = "front_desk"
complaint = "duty_manager"

[routes]
Logistics = "warehouse"
"logistics/damage" = "claims"
billing = "finance"

[aliases]
"物流" = "logistics"
"""


@pytest.mark.parametrize(
    ("args", "kwargs", "team"),
    [
        (("logistics",), {}, "warehouse"),
        (("物流",), {"subcategory": "damage"}, "claims"),
        (("logistics",), {"subcategory": "delay"}, "warehouse"),
        (("product_quality",), {}, "front_desk"),
        ((None,), {}, "front_desk"),
        (("billing",), {"complaint": True}, "duty_manager"),
    ],
)
def test_custom_tables(
    tmp_path: Path, args: tuple[object], kwargs: dict[str, object], team: str
) -> None:
    toml_file = tmp_path / "routing.toml"
    toml_file.write_text(TABLE_TOML, encoding="utf-8")
    json_file = tmp_path / "routing.json"
    json_file.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    tables = [
        RoutingTable.from_dict(TABLE),
        RoutingTable(**TABLE),  # type: ignore[arg-type]
        RoutingTable.from_file(toml_file),
        RoutingTable.from_file(json_file),
    ]
    assert all(table == tables[0] for table in tables)
    for table in tables:
        assert route(*args, table=table, **kwargs) == team  # type: ignore[arg-type]


def test_subcategory_from_a_category_result() -> None:
    table = RoutingTable.from_dict(TABLE)
    assert route(categorize("外箱变形,产品损坏"), table=table) == "claims"
    assert route(categorize("外箱变形,产品损坏"), subcategory="delay", table=table) == "warehouse"


def test_default_table_is_loaded_once() -> None:
    assert RoutingTable.default_table() is RoutingTable.default_table()
    assert RoutingTable.default_table().routes["product_quality"] == "technical_support"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"default": ""}, "default"),
        ({"routes": {"a": 1}}, "routes.a"),
        ({"routes": []}, "routes"),
        ({"teams": {}}, "teams"),
    ],
)
def test_invalid_tables(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidConfigError, match=message):
        RoutingTable.from_dict(data)


def test_bad_table_file(tmp_path: Path) -> None:
    path = tmp_path / "routing.toml"
    path.write_text("[routes\n", encoding="utf-8")
    with pytest.raises(InvalidConfigError, match="expected valid TOML"):
        RoutingTable.from_file(path)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((5,), {}, "^category: expected a str or None"),
        (("service",), {"subcategory": 3}, "^subcategory: expected a str or None"),
        (("service",), {"complaint": "yes"}, "^complaint: expected a bool"),
        (("service",), {"table": {"default": "x"}}, "^table: expected a RoutingTable"),
    ],
)
def test_route_type_errors(args: tuple[object], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputTypeError, match=message):
        route(*args, **kwargs)  # type: ignore[arg-type]


@given(name=st.one_of(st.none(), st.text(st.characters(codec=None, exclude_categories=()))))
def test_any_name_routes_to_a_known_team(name: str | None) -> None:
    table = RoutingTable.default_table()
    teams = {*table.routes.values(), table.default, table.complaint}
    assert route(name) in teams
