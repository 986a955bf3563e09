"""Where the rules are sure of a sentiment, the built-in model is not consulted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import SURE_CONFIDENCE, SURE_TOTAL, rules_are_sure
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.sentiment import analyse
from csmetrics._core.text import normalize_text
from csmetrics.classify import SentimentModel, sentiment, sentiment_many

PIECES = ["很满意", "服务很好", "太差了", "不太满意", "但是", "物流太慢", "great", "love it"]
PIECES += ["terrible", "not", "awful", "thanks", "why", "?", "!", "，", ", ", "请问", "一般"]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=60),
)


@pytest.mark.parametrize(
    ("text", "sure"),
    [
        ("很满意，服务很好", True),  # lexicon words only, strong
        ("great service, love it", True),
        ("terrible, awful", True),
        ("good", False),  # too weak alone (1.0)
        ("好", True),  # 1.2
        ("不太满意", False),  # a negation: the model decides
        ("服务很好，但是物流太慢", False),  # a contrast
        ("The problem is not solved", False),
        ("请问什么时候发货", False),  # neutral
        ("", False),
    ],
)
def test_rules_are_sure_only_of_strong_plain_word_evidence(text: str, sure: bool) -> None:
    found = analyse(normalize_text(text), Lexicon.default())
    assert rules_are_sure(found) is sure
    result = sentiment(text)
    if sure:
        rules = sentiment(text, rules_only=True)
        assert (result.label, result.score, result.evidence) == (
            rules.label,
            rules.score,
            rules.evidence,
        )
        assert (result.confidence, result.ngrams) == (SURE_CONFIDENCE, ())


@given(texts)
def test_a_sure_answer_is_the_rules_answer_and_the_batch_agrees(text: str) -> None:
    found = analyse(normalize_text(text), Lexicon.default())
    result = sentiment(text)
    batch = sentiment_many([text])
    assert (batch.labels[0], batch.scores[0]) == (result.label.value, result.score)
    if rules_are_sure(found):
        assert abs(found.total) >= SURE_TOTAL
        assert {item.rule for item in result.evidence} == {"word"}
        rules = sentiment(text, rules_only=True)
        assert (result.label, result.score) == (rules.label, rules.score)
        assert result.confidence == SURE_CONFIDENCE


def test_a_company_model_is_always_consulted() -> None:
    texts = ["发货很快，满意"] * 10 + ["一直没发货，差评"] * 10 + ["请问几点上班"] * 10
    labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"] * 10
    model = SentimentModel.fit(texts, labels)
    result = sentiment("很满意，服务很好", model=model)
    assert rules_are_sure(analyse(normalize_text("很满意，服务很好"), Lexicon.default()))
    assert result.confidence != SURE_CONFIDENCE
