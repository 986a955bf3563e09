"""Configuration models: unknown keys and wrong values named, never echoed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from csmetrics.exceptions import InvalidConfigError
from csmetrics.priority import DelayRule, RoutingTable
from csmetrics.sla import MetricTargets, SlaPolicy, SlaTarget

PERSONAL = "张三丰 13800138000 zhangsan@example.com"


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (lambda: MetricTargets(first_response={"bogus": 1}), "unknown key 'bogus'"),
        (lambda: MetricTargets(first_response={PERSONAL: 1}), "unknown key str of 36 characters"),
        (lambda: SlaTarget(clock=PERSONAL, duration=60), "clock"),
        (lambda: DelayRule(**{PERSONAL: 1}), "unknown key str of 36 characters"),
        (lambda: SlaPolicy(name={PERSONAL: PERSONAL}), "name"),
    ],
)
def test_config_models_describe_what_came(build: object, shown: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build()  # type: ignore[operator]
    message = str(caught.value) + caught.value.json()
    assert shown in str(caught.value)
    for part in PERSONAL.split():
        assert part not in str(caught.value)
    assert "13800138000" not in message.split("input")[0]


def test_known_keys_are_listed_with_an_unknown_one() -> None:
    with pytest.raises(ValidationError, match=r"known keys: clock, duration"):
        SlaTarget(clock="business", duration=60, bogus=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"routes": [], "bogus": 1}, "unknown key 'bogus'"),
        ({"routes": [], PERSONAL: 1}, "unknown key '<str of 36 characters>'"),
    ],
)
def test_config_files_name_the_key_path(data: dict[str, object], where: str) -> None:
    with pytest.raises(InvalidConfigError) as caught:
        RoutingTable.from_dict(data)
    assert where in str(caught.value)
    assert "13800138000" not in str(caught.value)
