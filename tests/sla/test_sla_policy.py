"""SLA policies: durations, targets, channel rules, escalation ladders, presets, loaders."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics._models.enums import Channel, Priority
from csmetrics._sla.target import parse_duration
from csmetrics.exceptions import InvalidConfigError, InvalidPolicyError, MissingTargetError
from csmetrics.sla_policy import (
    ChannelRule,
    EscalationLevel,
    MetricTargets,
    SlaPolicy,
    SlaTarget,
    preset_names,
)

M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "clock", "duration", "days"),
    [
        ("15m", "business", 15 * M, 0),
        ("2h", "business", 2 * H, 0),
        ("1h30m", "business", 90 * M, 0),
        ("1.5h", "business", 90 * M, 0),
        ("90 minutes", "business", 90 * M, 0),
        ("30分钟", "business", 30 * M, 0),
        ("2小时", "business", 2 * H, 0),
        ("1d", "business", 24 * H, 0),
        ("PT15M", "business", 15 * M, 0),
        ("pt2h30m", "business", 150 * M, 0),
        ("P1DT2H", "business", 26 * H, 0),
        ("PT45S", "business", dt.timedelta(seconds=45), 0),
        ("24h calendar", "calendar", 24 * H, 0),
        ("2h business", "business", 2 * H, 0),
        ("3wd", "working_days", dt.timedelta(0), 3),
        ("3 working days", "working_days", dt.timedelta(0), 3),
        ("1 working day", "working_days", dt.timedelta(0), 1),
        ("5 business days", "working_days", dt.timedelta(0), 5),
        ("3个工作日", "working_days", dt.timedelta(0), 3),
        ("7工作日", "working_days", dt.timedelta(0), 7),
        ("15", "business", 15 * M, 0),
        (15, "business", 15 * M, 0),
        (2.5, "business", dt.timedelta(seconds=150), 0),
        (dt.timedelta(hours=4), "business", 4 * H, 0),
    ],
)
def test_durations_read_from_config(text: object, clock: str, duration: dt.timedelta, days: int):
    assert parse_duration(text) == (clock, duration, days)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "soon",
        "0m",
        "-5",
        "-1h",
        "0wd",
        "P",
        "PT",
        "1h x",
        "h",
        "3wd calendar",
        "15 parsecs",
        "x" * 100,
        "9" * 30 + "h",
        True,
        None,
        float("nan"),
        1e300,
        [15],
        dt.timedelta(0),
    ],
)
def test_bad_durations_name_the_problem(bad: object):
    with pytest.raises(ValidationError, match="expected a duration") as info:
        SlaTarget.model_validate(bad)
    assert info.value.errors()[0]["type"] == "invalid_duration"


@given(st.text(max_size=80))
def test_any_text_parses_or_fails_cleanly(text: str):
    errors: list[str] = []
    try:
        target = SlaTarget.model_validate(text)
    except ValidationError as exc:
        errors = [error["type"] for error in exc.errors()]
    else:
        assert target.duration > dt.timedelta(0) or target.working_days > 0
    assert errors in ([], ["invalid_duration"])


@given(st.integers(min_value=1, max_value=10_000))
def test_minutes_round_trip_through_text(minutes: int):
    target = SlaTarget.model_validate(f"{minutes}m")
    assert target == SlaTarget.model_validate(minutes)
    assert SlaTarget.model_validate(str(target)) == target


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("2h", "120m"),
        ("24h calendar", "1440m calendar"),
        ({"within": "24h", "clock": "calendar"}, "1440m calendar"),
        ({"within": "5wd", "not_before": "3wd"}, "5wd (not before 3wd)"),
        ("3 working days", "3wd"),
    ],
)
def test_target_forms(data: object, text: str):
    assert str(SlaTarget.model_validate(data)) == text


def test_the_working_day_count_says_it_once():
    target = SlaTarget(working_days=3)
    assert (target.clock, target.working_days, str(target)) == ("working_days", 3, "3wd")
    assert target == SlaTarget.model_validate("3 working days")


@pytest.mark.parametrize(
    "data",
    [
        {"clock": "working_days", "working_days": 0},
        {"clock": "business", "working_days": 2, "duration": 60},
        {"clock": "business"},
        {"within": "5wd", "not_before": {"within": "4wd", "not_before": "3wd"}},
        {"within": "2h", "clock": "sidereal"},
    ],
)
def test_inconsistent_targets_are_rejected(data: dict[str, object]):
    with pytest.raises(ValidationError):
        SlaTarget.model_validate(data)


def test_tiered_preset_matches_the_spec():
    policy = SlaPolicy.preset("tiered")
    expected = {Priority.P1: (15, 120), Priority.P2: (30, 240), Priority.P3: (60, 1440)}
    for priority, (first, resolution) in expected.items():
        targets = policy.priorities[priority]
        assert targets.first_response == SlaTarget.model_validate(first)
        assert targets.resolution == SlaTarget.model_validate(resolution)
    assert policy.defaults.survey == SlaTarget.model_validate("24h calendar")
    first_rungs = {p: policy.ladder(p, "resolution")[0] for p in Priority}
    assert {p: (r.level, r.overdue) for p, r in first_rungs.items()} == {
        Priority.P1: (1, 15 * M),
        Priority.P2: (1, H),
        Priority.P3: (1, 4 * H),
    }
    assert "SMS" in first_rungs[Priority.P1].action
    assert "phone" in first_rungs[Priority.P1].action
    assert "department head" in first_rungs[Priority.P2].action
    assert "延迟" in first_rungs[Priority.P3].action
    assert all(policy.ladder(p, "resolution")[1].level == 2 for p in Priority)
    assert all("director" in policy.ladder(p, "resolution")[1].action for p in Priority)
    assert policy.ladder(Priority.P1, "survey") == ()


@pytest.mark.parametrize(
    ("name", "priority", "metric", "text"),
    [
        ("tiered-2h", Priority.P3, "first_response", "120m"),
        ("tiered-2h", Priority.P3, "resolution", "1440m"),
        ("tiered-2h", Priority.P1, "first_response", "15m"),
        ("coarse", Priority.P1, "first_response", "120m"),
        ("coarse", Priority.P1, "resolution", "1440m"),
        ("coarse", Priority.P2, "resolution", "3wd"),
        ("coarse", Priority.P3, "resolution", "3wd"),
    ],
)
def test_other_presets(name: str, priority: Priority, metric: str, text: str):
    policy = SlaPolicy.preset(name)
    found = policy.candidates(metric, priority, None, complaint=False)  # type: ignore[arg-type]
    assert [str(target) for _, target in found] == [text]


def test_coarse_normal_tickets_have_no_first_response_target():
    policy = SlaPolicy.preset("coarse")
    assert policy.candidates("first_response", Priority.P2, None, complaint=False) == []


def test_follow_up_presets():
    follow = SlaPolicy.preset("follow-ups")
    assert follow.candidates("revisit", None, None, complaint=False) == []
    [(rule, revisit)] = follow.candidates("revisit", None, None, complaint=True)
    assert (rule, str(revisit)) == ("defaults", "5wd (not before 3wd)")
    assert str(follow.defaults.survey) == "1440m calendar"
    go_live = SlaPolicy.preset("go-live")
    assert str(go_live.candidates("revisit", None, None, complaint=False)[0][1]) == "7wd"


def test_preset_listing_and_unknown_names():
    assert preset_names() == ("coarse", "follow-ups", "go-live", "tiered", "tiered-2h")
    assert all(SlaPolicy.preset(name).name == name for name in preset_names())
    with pytest.raises(InvalidPolicyError, match=r"expected one of the presets .* got 'gold'"):
        SlaPolicy.preset("gold")


def test_priority_keys_accept_aliases():
    policy = SlaPolicy(priorities={"一级": {"first_response": "15m"}, "yellow": {}, "绿": {}})
    assert list(policy.priorities) == [Priority.P1, Priority.P2, Priority.P3]


def test_channel_rules_apply_to_their_channel_and_complaints():
    rule = ChannelRule(channel="social", complaints_only=True, first_response="2h")
    assert rule.applies(Channel.SOCIAL_MEDIA, complaint=True)
    assert not rule.applies(Channel.SOCIAL_MEDIA, complaint=False)
    assert not rule.applies(Channel.EMAIL, complaint=True)
    assert not rule.applies(None, complaint=True)


def test_candidates_list_priority_then_channel_rules():
    policy = SlaPolicy(
        priorities={"P3": {"first_response": "1h"}},
        defaults={"first_response": "8h", "survey": "24h calendar"},
        channels=[
            {"channel": "social_media", "complaints_only": True, "first_response": "2h"},
            {"channel": "email", "first_response": "24h"},
        ],
    )
    names = [
        n
        for n, _ in policy.candidates("first_response", Priority.P3, Channel.EMAIL, complaint=True)
    ]
    assert names == ["priority:P3", "channel:email"]
    social = policy.candidates("first_response", Priority.P3, Channel.SOCIAL_MEDIA, complaint=True)
    assert [n for n, _ in social] == ["priority:P3", "channel:social_media"]
    assert [n for n, _ in policy.candidates("survey", Priority.P3, None, complaint=False)] == [
        "defaults"
    ]


@pytest.mark.parametrize(
    ("priority", "default", "expected"),
    [(Priority.P2, None, Priority.P2), (None, "P3", Priority.P3), (None, "红", Priority.P1)],
)
def test_priority_for(priority: Priority | None, default: str | None, expected: Priority):
    policy = SlaPolicy(
        priorities={p: {"resolution": "1h"} for p in ("P1", "P2", "P3")}, default_priority=default
    )
    assert policy.priority_for(priority) is expected


def test_missing_priority_targets_are_named():
    policy = SlaPolicy(priorities={"P1": {"resolution": "1h"}})
    with pytest.raises(MissingTargetError, match=r"ticket 'T9'.*'P3'.*has no targets"):
        policy.priority_for(Priority.P3, ticket_id="T9")
    with pytest.raises(MissingTargetError, match="no default_priority"):
        policy.priority_for(None)
    assert SlaPolicy(defaults={"survey": "24h"}).priority_for(None) is None


def test_default_priority_must_be_one_of_the_policy():
    with pytest.raises(ValidationError, match="default_priority"):
        SlaPolicy(priorities={"P1": {"resolution": "1h"}}, default_priority="P3")


@pytest.mark.parametrize(
    "ladder",
    [
        [
            {"level": 2, "overdue": "15m", "action": "a"},
            {"level": 1, "overdue": "1h", "action": "b"},
        ],
        [
            {"level": 1, "overdue": "1h", "action": "a"},
            {"level": 2, "overdue": "15m", "action": "b"},
        ],
        [{"level": 0, "overdue": "1h", "action": "a"}],
        [{"level": 1, "overdue": "2wd", "action": "a"}],
        [{"level": 1, "overdue": "soon", "action": "a"}],
    ],
)
def test_bad_ladders_are_rejected(ladder: list[dict[str, object]]):
    with pytest.raises(ValidationError):
        SlaPolicy(escalation={"P1": ladder})


@pytest.mark.parametrize(
    ("overdue", "expected"),
    [(15, 15 * M), ("PT1H", H), (dt.timedelta(hours=4), 4 * H), (0, dt.timedelta(0))],
)
def test_escalation_thresholds(overdue: object, expected: dt.timedelta):
    assert EscalationLevel(level=1, overdue=overdue, action="x").overdue == expected


def test_escalation_rungs_can_be_limited_to_metrics():
    rung = EscalationLevel(level=1, overdue="1h", action="x", metrics=("resolution",))
    assert rung.covers("resolution")
    assert not rung.covers("first_response")


def test_metric_targets_get():
    targets = MetricTargets(resolution="2h")
    assert targets.get("resolution") == SlaTarget.model_validate("2h")
    assert targets.get("next_reply") is None


TOML = """
name = "shop"
default_priority = "P2"
reopen = "per_cycle"

[priorities.P1]
first_response = "15m"
resolution = "PT2H"

[priorities.P2]
first_response = 30
resolution = "3 working days"

[[channels]]
channel = "social_media"
complaints_only = true
first_response = "2h"

[[escalation.P1]]
level = 1
overdue = "15m"
action = "call the supervisor"
"""


def test_policy_from_toml_json_dict_and_files(tmp_path: Path):
    policy = SlaPolicy.from_toml(TOML)
    assert policy.name == "shop"
    assert policy.reopen == "per_cycle"
    assert policy.default_priority is Priority.P2
    assert str(policy.priorities[Priority.P2].resolution) == "3wd"
    assert policy.channels[0].channel is Channel.SOCIAL_MEDIA
    as_json = policy.model_dump_json()
    assert SlaPolicy.from_json(as_json) == policy
    assert SlaPolicy.from_dict(json.loads(as_json)) == policy
    (tmp_path / "p.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "p.json").write_text(as_json, encoding="utf-8")
    assert SlaPolicy.load(tmp_path / "p.toml") == policy
    assert SlaPolicy.load(str(tmp_path / "p.json")) == policy


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: SlaPolicy.from_toml("name = "), "text: expected valid TOML"),
        (lambda: SlaPolicy.from_json("{"), "text: expected valid JSON"),
        (lambda: SlaPolicy.from_json(b"{"), "text: expected valid JSON"),
        (lambda: SlaPolicy.from_json("[1, 2]"), "mapping at the top level, got list"),
        (lambda: SlaPolicy.load("policy.yaml"), r"\.toml or \.json file, got 'policy.yaml'"),
        (lambda: SlaPolicy.load("missing.toml"), "readable UTF-8 file"),
    ],
)
def test_unreadable_policies(call: object, match: str):
    with pytest.raises(InvalidConfigError, match=match):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    "data",
    [
        {"priorities": {"P4": {}}},
        {"priorities": {"P1": {"first_response": "soon"}}},
        {"priorities": {"P1": {"first_reply": "1h"}}},
        {"channels": [{"channel": " ", "first_response": "1h"}]},
        {"reopen": "never"},
        {"revisit_scope": "vip"},
        {"colour": "red"},
    ],
)
def test_invalid_policies_raise_validation_errors(data: dict[str, object]):
    with pytest.raises(ValueError, match=r"\S"):
        SlaPolicy.from_dict(data)


def test_policies_are_frozen():
    policy = SlaPolicy.preset("tiered")
    with pytest.raises(ValidationError):
        policy.name = "other"  # type: ignore[misc]


def test_updated_validates_the_changes():
    policy = SlaPolicy.preset("tiered").updated(reopen="per_cycle", default_priority="red")
    assert (policy.reopen, policy.default_priority) == ("per_cycle", Priority.P1)
    assert policy.priorities == SlaPolicy.preset("tiered").priorities
    with pytest.raises(ValidationError):
        SlaPolicy.preset("tiered").updated(reopen="never")


def test_plan_memo_is_invisible_and_not_shared_by_copies():
    policy = SlaPolicy.preset("tiered")
    fresh = SlaPolicy.preset("tiered")
    plan = policy.plan(Priority.P1, None, complaint=False)
    assert policy.plan(Priority.P1, None, complaint=False) is plan  # memoized
    assert [(metric, [name for name, _ in rules]) for metric, rules, _ in plan][:2] == [
        ("first_response", ["priority:P1"]),
        ("resolution", ["priority:P1"]),
    ]
    assert policy == fresh
    assert policy.model_dump() == fresh.model_dump()
    assert pickle.loads(pickle.dumps(policy)) == fresh
    stricter = policy.model_copy(
        update={"priorities": {Priority.P1: MetricTargets(first_response="5m")}}
    )
    first = stricter.plan(Priority.P1, None, complaint=False)[0][1]
    assert first[0][1].duration == dt.timedelta(minutes=5)
