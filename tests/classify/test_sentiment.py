"""Sentiment buckets, warmth and revisit states (SPEC §4), lexicons and batches."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.sentiment import _clause, _finish, analyse
from csmetrics._core.text import normalize_text
from csmetrics.classify import (
    Decision,
    Evidence,
    Lexicon,
    RevisitState,
    Role,
    Sentiment,
    SentimentResult,
    revisit_state,
    sentiment,
    sentiment_many,
)
from csmetrics.exceptions import InputTypeError, InvalidConfigError, UndefinedMetricWarning

any_text = st.text(st.characters(codec=None, exclude_categories=()))
P, N, X = Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # SPEC §4, every example
        ("感谢解决问题", P),
        ("态度很好", P),
        ("解决了,但流程麻烦", N),
        ("解决了，但流程麻烦", N),
        ("推诿扯皮", X),
        ("问题未解决", X),
        ("维修师傅很专业,但等待时间有点长", N),
        ("上次处理问题的小张很棒", P),
        ("我的货已经延迟5天了！", X),
        # the English versions
        ("Thanks for solving the problem", P),
        ("The agent's attitude was great", P),
        ("Solved, but the process was a hassle", N),
        ("They kept passing the buck", X),
        ("The problem is not solved", X),
        ("The repairman was very professional, but the wait was a bit long", N),
        ("Xiao Zhang, who handled my problem last time, was great", P),
        ("My order is already 5 days late!", X),
        # general reviews: polar, never neutral
        ("房间很干净，服务也不错", P),
        ("酒店隔音太差，再也不会来了", X),
        ("性价比很高，下次还会入住", P),
        ("房间太小了，设施陈旧，不值这个价", X),
        ("This blender is amazing, works great", P),
        ("Stopped working after two weeks, returned it", X),
        ("Not worth the money", X),
        ("Would not buy again", X),
        ("Doesn't fit my phone", X),
        ("I didn't like it", X),
    ],
)
def test_spec_sentiment(text: str, label: Sentiment) -> None:
    result = sentiment(text)
    assert result.label is label
    assert -1.0 <= result.score <= 1.0
    assert (result.score > 0) == (label is P) or label is N


@pytest.mark.parametrize(
    ("text", "label", "rule"),
    [
        ("不错", P, "word"),
        ("不过如此", N, "contrast"),
        ("无论如何", N, None),
        ("不好", X, "word"),
        ("不友好", X, "negation"),
        ("not good", X, "negation"),
        ("not bad at all", P, "word"),
        ("never helpful", X, "negation"),
        ("没有得到解决", X, "negation"),
        ("不太好", X, "negation"),
        ("not very good", X, "negation"),
        ("根本没解决", X, "degree"),
        ("非常满意", P, "degree"),
        ("extremely helpful", P, "degree"),
        ("有点慢", X, "hedge"),
        ("有点长", X, "hedge"),
        ("a bit long", X, "hedge"),
        ("太长了", X, "excess"),
        ("too long", X, "excess"),
        ("me too", N, None),
        ("好慢", X, "degree"),
        ("虽然慢了点，但是服务很好", P, "contrast"),
        ("Fast, though the box was dented", N, "contrast"),
        ("The product is good, delivery was a little slow though", N, "mixed"),
        ("😀", P, "word"),
        ("😡😡", X, "word"),
        ("服務態度很好", P, "word"),
        ("Ｔｈａｎｋｓ！", P, "exclamation"),
        ("什么时候能修好？", N, "question"),
        ("Can you fix it soon?", N, "question"),
        ("为什么还没解决?", X, "word"),
        ("能不能帮我解决一下", P, "word"),
        ("是不是坏了", X, "word"),
        ("没给发票", X, "negation"),
        ("The app won't open", X, "negation"),
        ("还没开始用", N, None),
        ("Haven't tried it yet", N, None),
        ("没有其他问题了", N, None),
        ("超级好用，强烈推荐，就是盒子有点旧", P, "contrast"),
        ("降价太快了", X, "excess"),
        ("内容太简单", X, "excess"),
        ("too simple", X, "excess"),
        ("太好了", P, "excess"),
        ("噪音很小", P, "word"),
        ("隔音效果差", X, "word"),
        ("服务有待改进", X, "word"),
        ("环境不怎么样", X, "word"),
        ("比上次差远了", X, "word"),
        ("怎么能这样对待客人", X, "word"),
        ("值得一住", P, "word"),
        ("性价比不高", X, "word"),
        ("It does the job well", P, "word"),
        ("Works as expected", P, "word"),
        ("Don't waste your money", X, "word"),
        ("I asked for a refund", X, "word"),
        ("Got the refund", P, "word"),
        ("It was anything but easy to use", X, "negation"),
        ("You can mount any kind of lens", N, None),
        ("Works great, highly recommend, only the box was a bit dented", P, "contrast"),
    ],
)
def test_rules(text: str, label: Sentiment, rule: str | None) -> None:
    result = sentiment(text, rules_only=True)
    assert result.label is label, result.evidence
    rules = [item.rule for item in result.evidence]
    assert (rule in rules) if rule else not result.evidence


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("再也不会买了", X),
        ("不会再来了", X),
        ("不推荐", X),
        ("已经退货了", X),
        ("差评", X),
        ("被坑了", X),
        ("垃圾", X),
        ("好评", P),
        ("推荐", P),
        ("物美价廉", P),
        ("性价比高", P),
        ("已经回购了", P),
        ("Never buying again", X),
        ("Would not recommend", X),
        ("Returned it", X),
        ("Total junk", X),
        ("Five stars", P),
        ("Highly recommend", P),
        ("Great value for money", P),
        ("Will buy again", P),
        ("电池续航很长，屏幕清晰", P),
        ("The battery lasts long and the screen is crisp", P),
        ("房间有霉味，隔音很差", X),
        ("Too noisy at night, the room smelled musty", X),
        ("送货很快，包装完好", P),
        ("Delivery was quick and the packaging was intact", P),
        ("尺码偏小，面料起球", X),
        ("Runs small and the fabric pills", X),
        ("The battery drains fast and the screen is blurry", X),
        ("Couldn't be easier to set up", P),
        ("要是能送个膜就更好了", X),
    ],
)
def test_review_vocabulary(text: str, label: Sentiment) -> None:
    result = sentiment(text, rules_only=True)
    assert result.label is label, result.evidence


def test_a_long_polar_review_is_not_hedged_to_neutral() -> None:
    review = (
        "前台服务热情，位置方便，早餐种类丰富，房间干净整洁，床也很舒服，"
        "就是隔音稍差，总体非常满意，下次还会入住"
    )
    english = (
        "Friendly staff, great location, a rich breakfast and a spotless room, "
        "only the walls were a bit thin; very satisfied overall and will stay again"
    )
    assert sentiment(review).label is P
    assert sentiment(english).label is P


@pytest.mark.parametrize(
    ("text", "label", "mixed"),
    [
        # short comments (at most 20 characters, or 20 words): SPEC contrast rule, wide band
        ("房间干净，但是隔音很差，空调也有点吵", N, True),
        ("质量可以，但是价格偏高", N, True),
        ("内容还行吧", N, False),
        ("Solved, but the process was a hassle", N, True),
        # longer reviews: the balance decides, narrow band
        ("这本书我是在书店里翻了几页之后买的，内容还行吧", P, False),
        ("房间很大很干净，早餐丰富，服务员热情，就是隔音有点差", P, False),
        ("房间干净整洁，位置也不错，但是隔音很差，空调很吵，晚上根本睡不着", X, False),
    ],
)
def test_length_aware_decision(text: str, label: Sentiment, mixed: bool) -> None:
    result = sentiment(text, rules_only=True)
    assert result.label is label, result.evidence
    assert (Evidence("mixed", "positive, then negative", 0.0) in result.evidence) is mixed


def test_decision_section_sets_the_threshold_and_bands() -> None:
    default = Lexicon.default().decision
    assert default == Decision(short_text=20, neutral_total=0.35, long_neutral_total=0.1)
    text = "房间干净，但是隔音很差，空调也有点吵"
    assert sentiment(text, rules_only=True).label is N
    long_from_10 = Lexicon.default().extend({"decision": {"short_text": 10}})
    assert long_from_10.decision == default._replace(short_text=10)
    assert sentiment(text, lexicon=long_from_10).label is X
    wide = Lexicon.default().extend({"decision": {"long_neutral_total": 0.35}})
    assert sentiment("这本书我是在书店里翻了几页之后买的，内容还行吧", lexicon=wide).label is N
    assert Lexicon.from_dict(wide.to_dict()).decision == wide.decision
    assert Lexicon.from_dict({"weights": {"好": 1.0}}).decision == Decision()
    with pytest.raises(InvalidConfigError, match="decision keys"):
        Lexicon.from_dict({"decision": {"short": 3}})
    with pytest.raises(InvalidConfigError, match="expected a number"):
        Lexicon.from_dict({"decision": {"short_text": -1}})


@pytest.mark.parametrize(
    ("text", "label", "evidence"),
    [
        ("根本没有发货", X, Evidence("negation", "根本没有", -0.6)),
        ("没有发货", X, Evidence("negation", "没有", -0.4)),
        ("屏幕亮度可以调", N, Evidence("word", "可以", 0.3)),
        ("呵呵", N, None),
        ("下次去杭州的话，不会考虑住这了", X, Evidence("word", "不会考虑", -1.2)),
        ("I was told so", X, Evidence("word", "was told", -0.6)),
        ("Save your money", X, Evidence("word", "save your money", -1.5)),
    ],
)
def test_second_round_vocabulary(text: str, label: Sentiment, evidence: Evidence | None) -> None:
    result = sentiment(text, rules_only=True)
    assert result.label is label, result.evidence
    assert result.evidence == ((evidence,) if evidence else ())


def test_negation_alone_is_a_lexicon_section() -> None:
    plain = Lexicon.from_dict({"weights": {"好": 1.0}, "negators": ["没"]})
    alone = Lexicon.from_dict({"negators": ["没"], "negation_alone": {"没": -0.5}})
    assert sentiment("没发货", lexicon=plain).label is N
    result = sentiment("没发货", lexicon=alone)
    assert result.label is X
    assert result.evidence == (Evidence("negation", "没", -0.5),)
    assert sentiment("没好", lexicon=alone.extend({"weights": {"好": 1.0}})).label is X
    assert alone.role("没") == (Role.NEGATOR, 0.0)
    assert alone.negation_alone == {"没": -0.5}
    assert Lexicon.from_dict(alone.to_dict()).negation_alone == {"没": -0.5}
    assert Lexicon.default().negation_alone["没有"] < 0
    with pytest.raises(InvalidConfigError, match="one section only"):
        Lexicon.from_dict({"weights": {"没": -1.0}, "negation_alone": {"没": -0.5}})


def test_longest_match_keeps_not_bad_positive() -> None:
    assert sentiment("质量不错").evidence == (Evidence("word", "不错", 1.5),)


def test_exclamation_marks_strengthen_up_to_three() -> None:
    plain, one, many = sentiment("太棒了"), sentiment("太棒了!"), sentiment("太棒了!!!!!!")
    assert plain.score < one.score < many.score
    assert many.evidence[-1] == Evidence("exclamation", "!!!!!!", 1.3)


def test_contrast_in_a_long_review_follows_the_balance() -> None:
    long = "房间很大很干净，早餐丰富，位置方便，前台热情，" * 4 + "但是隔音一般"
    result = sentiment(long, rules_only=True)
    assert result.label is P
    assert "mixed" not in [item.rule for item in result.evidence]


@pytest.mark.parametrize(
    ("text", "warm", "words"),
    [
        ("谢谢", True, ("谢谢",)),
        ("理解了，谢谢你的耐心解释", True, ("理解了", "谢谢")),
        ("Thanks, I understand", True, ("thanks", "i understand")),
        ("不理解为什么这么慢", False, ()),
        ("问题未解决", False, ()),
    ],
)
def test_warmth(text: str, warm: bool, words: tuple[str, ...]) -> None:
    result = sentiment(text)
    assert result.warmth is warm
    assert result.warmth_words == words


@pytest.mark.parametrize(
    ("text", "state", "zh"),
    [
        ("很满意，谢谢", RevisitState.SATISFIED, "满意"),
        ("还行吧", RevisitState.AVERAGE, "一般"),
        ("推诿扯皮", RevisitState.DISSATISFIED, "不满"),
    ],
)
def test_revisit_state(text: str, state: RevisitState, zh: str) -> None:
    assert revisit_state(text) is state
    assert state.zh == zh
    assert sentiment(text).revisit_state is state
    assert sentiment(text).label.revisit_state is state


@pytest.mark.parametrize(
    ("verdict", "label", "score"),
    [
        (0.3, P, 0.3),
        (-0.04, N, -0.04),
        (-7, X, -1.0),
        ("negative", X, None),
        (Sentiment.NEUTRAL, N, None),
    ],
)
def test_custom_scorer(verdict: object, label: Sentiment, score: float | None) -> None:
    def model(text: str) -> object:
        return verdict

    result = sentiment("太棒了", scorer=model)  # type: ignore[arg-type]
    assert result.label is label
    assert result.score == (sentiment("太棒了", rules_only=True).score if score is None else score)
    assert result.evidence[-1].rule == "scorer"
    assert result.evidence[-1].text == "model"


@pytest.mark.parametrize("verdict", ["great", None, math.nan, True])
def test_bad_scorer_output(verdict: object) -> None:
    with pytest.raises(InputTypeError, match=r"^scorer: expected a callable returning"):
        sentiment("ok", scorer=lambda text: verdict)  # type: ignore[arg-type,return-value]


def test_lexicon_extend_and_replace(tmp_path: Path) -> None:
    lexicon = Lexicon.default().extend({"weights": {"丝滑": 1.5, "不错": -1.0}})
    assert sentiment("丝滑", lexicon=lexicon).label is P
    assert sentiment("不错", lexicon=lexicon).label is X
    assert sentiment("不错").label is P
    assert sentiment("丝滑", rules_only=True).label is N
    path = tmp_path / "own.toml"
    path.write_text('negators = ["不"]\n[weights]\n"好" = 1.0\n', encoding="utf-8")
    own = Lexicon.from_file(path)
    assert sentiment("不好", lexicon=own).label is X
    assert sentiment("满意", lexicon=own).label is N
    assert len(own) > 2
    assert "entries" in repr(own)


def test_lexicon_round_trip_and_roles() -> None:
    default = Lexicon.default()
    again = Lexicon.from_dict(default.to_dict())
    assert again.roles == default.roles
    assert default.role("不") == (Role.NEGATOR, 0.0)
    assert default.role("但是") == (Role.CONTRAST, 0.0)
    assert default.role(",") == (Role.BREAK, 0.0)
    assert default.adjacent_degree["好"] > 1
    assert "谢谢" in default.warmth
    assert default.extend(again).roles == default.roles


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        ({"weights": {"好": 9}}, InvalidConfigError, r"\[-5.0, 5.0\]"),
        ({"degree": {"很": -1}}, InvalidConfigError, r"\[0.0, 5.0\]"),
        ({"weights": {"好": math.inf}}, InvalidConfigError, "expected a number"),
        ({"colours": {}}, InvalidConfigError, "unknown key .colours."),
        ({"weights": {"好": 1}, "negators": ["好"]}, InvalidConfigError, "one section only"),
        ({"weights": {"5.0 stars": 1}}, InvalidConfigError, "without clause breaks"),
        (["weights"], InputTypeError, "^lexicon: expected a mapping"),
    ],
)
def test_bad_lexicons(data: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        Lexicon.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 3, b"ok", ["ok"]])
def test_sentiment_rejects_non_str(bad: object) -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str"):
        sentiment(bad)  # type: ignore[arg-type]


def test_sentiment_rejects_a_wrong_lexicon() -> None:
    with pytest.raises(InputTypeError, match=r"^lexicon: expected a Lexicon or None, got dict"):
        sentiment("ok", lexicon={"weights": {}})  # type: ignore[arg-type]


@given(any_text)
def test_sentiment_never_crashes(text: str) -> None:
    result = sentiment(text)
    assert isinstance(result, SentimentResult)
    assert -1.0 <= result.score <= 1.0
    assert result.label in (P, N, X)


clauses = st.lists(
    st.sampled_from(
        ["很好", "不", "但是", "太", "慢", "有点", "不错", ",", "!", "not", " ", "bad", "谢谢"]
    ),
    min_size=1,
    max_size=30,
).map("".join)


@given(clauses)
def test_clause_by_clause_reading_equals_one_pass(text: str) -> None:
    long = normalize_text((text + ",") * (600 // (len(text) + 1) + 1))
    split = analyse(long, Lexicon.default())
    whole = _finish(long, _clause(long, Lexicon.default()), Lexicon.default().decision)
    assert (split.label, split.evidence, split.warmth) == (
        whole.label,
        whole.evidence,
        whole.warmth,
    )
    assert split.total == pytest.approx(whole.total, rel=1e-9, abs=1e-9)
    assert (split.contrast, split.mixed, split.exclaims) == (
        whole.contrast,
        whole.mixed,
        whole.exclaims,
    )


comments = st.lists(
    st.one_of(
        st.sampled_from(["感谢解决问题", "推诿扯皮", "解决了,但流程麻烦", "", "ok"]), any_text
    ),
    max_size=20,
)


@given(comments)
def test_sentiment_many_equals_single_calls(texts: list[str]) -> None:
    batch = sentiment_many(texts)
    singles = [sentiment(t) for t in texts]
    assert batch.labels.tolist() == [r.label.value for r in singles]
    assert batch.scores.tolist() == [r.score for r in singles]
    assert batch.warmth.tolist() == [r.warmth for r in singles]
    assert batch.revisit_states.tolist() == [r.revisit_state.value for r in singles]
    assert sum(batch.counts().values()) == len(texts) == len(batch)


@pytest.mark.parametrize(
    "texts",
    [
        ["谢谢", "推诿扯皮", "你好"],
        np.array(["谢谢", "推诿扯皮", "你好"], dtype=object),
        pd.Series(["谢谢", "推诿扯皮", "你好"]),
    ],
)
def test_sentiment_many_inputs(texts: object) -> None:
    batch = sentiment_many(texts)  # type: ignore[arg-type]
    assert batch.labels.tolist() == ["positive", "negative", "neutral"]
    assert batch.codes.tolist() == [0, 2, 1]
    assert batch.counts() == {"positive": 1, "neutral": 1, "negative": 1}
    assert batch.warmth_share() == pytest.approx(1 / 3)


def test_sentiment_many_with_scorer() -> None:
    batch = sentiment_many(["a", "b"], scorer=lambda text: 0.5 if text == "a" else "negative")
    assert batch.labels.tolist() == ["positive", "negative"]


def test_empty_batch_warns_for_the_warmth_share() -> None:
    batch = sentiment_many([])
    assert len(batch) == 0
    with pytest.warns(UndefinedMetricWarning, match="warmth_share of no comments"):
        assert math.isnan(batch.warmth_share())


def test_sentiment_many_rejects_missing_values() -> None:
    with pytest.raises(InputTypeError, match="at position 2"):
        sentiment_many(["ok", "fine", None])  # type: ignore[list-item]


def test_lexicons_and_results_pickle() -> None:
    lexicon = Lexicon.default().extend({"weights": {"丝滑": 1.5}})
    again = pickle.loads(pickle.dumps(lexicon))
    assert again.roles == lexicon.roles
    result = sentiment("谢谢，很满意", lexicon=again)
    assert pickle.loads(pickle.dumps(result)) == result
