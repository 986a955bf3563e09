"""Problem categories: categorize, Taxonomy, categorize_many (SPEC §4)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.classify import (
    CategoryResult,
    DisplayName,
    Taxonomy,
    TaxonomyTarget,
    categorize,
    categorize_many,
    sentiment_many,
)
from csmetrics.exceptions import InputTypeError, InvalidConfigError

any_text = st.text(st.characters(codec=None, exclude_categories=()))


@pytest.mark.parametrize(
    ("text", "category", "subcategory"),
    [
        # SPEC §4, every example
        ("死机", "product_quality", "malfunction"),
        ("无法连接", "product_quality", "malfunction"),
        ("开机后屏幕无显示", "product_quality", "malfunction"),
        ("划痕", "product_quality", "appearance"),
        ("色差", "product_quality", "appearance"),
        ("充电线未配", "product_quality", "missing_parts"),
        ("等待超过2小时未接通", "service", "slow_response"),
        ("客服语气生硬", "service", "attitude"),
        ("退换货需5步审批", "service", "cumbersome_process"),
        ("承诺3天到货,实际7天", "logistics", "delay"),
        ("外箱变形,产品损坏", "logistics", "damage"),
        ("订单A商品发成B商品", "logistics", "wrong_or_missing_item"),
        ("希望增加批量导出功能", "suggestion", "new_feature"),
        ("界面操作步骤过多", "suggestion", "improvement"),
        ("发票开具延迟", "billing", "invoice"),
        ("推诿扯皮", "service", "attitude"),
        # SPEC §3 wording
        ("我的货已经延迟5天了！", "logistics", "delay"),
        ("产品破损需紧急补发", "logistics", "damage"),
        ("建议包装再加层泡沫", "suggestion", "improvement"),
        ("希望增加夜间客服", "suggestion", "new_feature"),
        # English
        ("The app crashes every time I open it", "product_quality", "malfunction"),
        ("There is a scratch on the lid", "product_quality", "appearance"),
        ("The charger was not included", "product_quality", "missing_parts"),
        ("Waited on hold for two hours, no response", "service", "slow_response"),
        ("The agent was rude", "service", "attitude"),
        ("Returns need five approvals", "service", "cumbersome_process"),
        ("The package arrived a week late", "logistics", "delay"),
        ("The box was crushed and the item damaged", "logistics", "damage"),
        ("I received the wrong item", "logistics", "wrong_or_missing_item"),
        ("Please add a bulk export feature", "suggestion", "new_feature"),
        ("The interface could be simpler, too many clicks", "suggestion", "improvement"),
        ("The invoice is late", "billing", "invoice"),
        ("I was charged twice", "billing", "charge_dispute"),
        # Traditional Chinese and full-width forms
        ("發票開具延遲", "billing", "invoice"),
        ("ＴＨＥ ＡＰＰ ＣＲＡＳＨＥＳ", "product_quality", "malfunction"),
    ],
)
def test_spec_categories(text: str, category: str, subcategory: str) -> None:
    result = categorize(text)
    assert (result.category, result.subcategory) == (category, subcategory)
    assert result.matched
    assert result.evidence
    assert result.score > 0


def test_evidence_and_display_names() -> None:
    result = categorize("开机后屏幕无显示")
    assert result.evidence == ("开机", "屏幕无显示")
    assert result.category_name == DisplayName("产品质量", "Product quality")
    assert result.subcategory_name == DisplayName("功能故障", "Malfunction")


@pytest.mark.parametrize("text", ["", "你好", "hello there", "\ud800\x00", "123"])
def test_nothing_matched(text: str) -> None:
    result = categorize(text)
    assert (result.category, result.subcategory, result.evidence) == (None, None, ())
    assert categorize(text, rules_only=True) == CategoryResult(None, None, ())
    assert not result.matched
    assert result.score == 0.0


def test_category_level_keyword_leaves_subcategory_empty() -> None:
    result = categorize("物流", rules_only=True)
    assert (result.category, result.subcategory) == ("logistics", None)
    assert result.subcategory_name is None


def test_ties_go_to_the_first_mentioned() -> None:
    taxonomy = Taxonomy.from_dict(
        {"categories": [{"id": "a", "keywords": ["alpha"]}, {"id": "b", "keywords": ["beta"]}]}
    )
    assert categorize("beta alpha", taxonomy=taxonomy).category == "b"
    assert categorize("alpha beta", taxonomy=taxonomy).category == "a"


CUSTOM = {
    "categories": [
        {
            "id": "praise",
            "zh": "表扬",
            "en": "Praise",
            "keywords": {"表扬": 2, "很棒": 1},
            "subcategories": [{"id": "agent", "zh": "客服表扬", "keywords": ["小张"]}],
        }
    ]
}


def test_custom_taxonomy_from_dict() -> None:
    taxonomy = Taxonomy.from_dict(CUSTOM)
    result = categorize("上次处理问题的小张很棒", taxonomy=taxonomy)
    assert (result.category, result.subcategory) == ("praise", "agent")
    assert result.evidence == ("小张", "很棒")
    assert taxonomy.names("praise", "agent") == DisplayName("客服表扬", "agent")
    assert taxonomy.targets("表扬") == (TaxonomyTarget("praise", None, 2.0),)
    assert "praise" in repr(taxonomy)


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_custom_taxonomy_from_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"taxonomy{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(CUSTOM, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(
            '[[categories]]\nid = "praise"\nzh = "表扬"\nkeywords = ["表扬", "很棒"]\n',
            encoding="utf-8",
        )
    assert categorize("表扬一下", taxonomy=Taxonomy.from_file(path)).category == "praise"


def test_extend_adds_categories_and_keywords_without_changing_the_original() -> None:
    base = Taxonomy.default()
    extended = base.extend(CUSTOM).extend(
        {
            "categories": [
                {
                    "id": "logistics",
                    "zh": "物流",
                    "subcategories": [
                        {"id": "delay", "keywords": ["还在路上"]},
                        {"id": "lost", "keywords": ["丢件"]},
                    ],
                }
            ]
        }
    )
    assert categorize("小张很棒", taxonomy=extended).category == "praise"
    assert categorize("还在路上", taxonomy=extended).subcategory == "delay"
    assert categorize("丢件了", taxonomy=extended).subcategory == "lost"
    assert extended.names("logistics") == DisplayName("物流", "Logistics")
    assert categorize("还在路上", taxonomy=base).category is None
    assert "praise" not in base.category_ids
    assert categorize("死机", taxonomy=extended).subcategory == "malfunction"


def test_extend_with_a_taxonomy_and_round_trip() -> None:
    other = Taxonomy.from_dict(CUSTOM)
    merged = Taxonomy.default().extend(other)
    assert merged.category_ids[-1] == "praise"
    again = Taxonomy.from_dict(merged.to_dict())
    assert again.category_ids == merged.category_ids
    assert again.subcategory_ids("praise") == ("agent",)
    assert again.subcategory_ids("unknown") == ()


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"categories": [{"id": "Bad Id"}]}, "snake_case"),
        ({"categories": [{"id": "x", "colour": "red"}]}, "snake_case"),
        ({"categories": [{"id": "x", "keywords": {"a": "heavy"}}]}, "snake_case"),
        ({"cats": []}, "snake_case"),
    ],
)
def test_bad_taxonomies(data: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        Taxonomy.from_dict(data)


def test_taxonomy_must_be_a_mapping() -> None:
    with pytest.raises(InputTypeError, match=r"^taxonomy: expected a mapping"):
        Taxonomy.from_dict(["categories"])  # type: ignore[arg-type]


def test_unknown_names_raise() -> None:
    with pytest.raises(InvalidConfigError, match=r"^category: expected one of"):
        Taxonomy.default().names("weather")


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("t.yaml", "categories: []", r"\.toml or \.json file"),
        ("t.json", "{not json", "expected valid JSON"),
        ("t.toml", "[[categories]\n", "expected valid TOML"),
        ("t.json", "[1, 2]", "mapping at the top"),
        ("missing.json", None, "readable UTF-8"),
    ],
)
def test_bad_taxonomy_files(tmp_path: Path, name: str, content: str | None, match: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidConfigError, match=match):
        Taxonomy.from_file(path)


def test_file_path_must_be_a_path() -> None:
    with pytest.raises(InputTypeError, match=r"^path: expected a str or os.PathLike"):
        Taxonomy.from_file(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 12, b"bytes", ["list"]])
def test_categorize_rejects_non_str(bad: object) -> None:
    with pytest.raises(InputTypeError, match=r"^text: expected str"):
        categorize(bad)  # type: ignore[arg-type]


def test_categorize_rejects_a_wrong_taxonomy() -> None:
    with pytest.raises(InputTypeError, match=r"^taxonomy: expected a Taxonomy or None, got dict"):
        categorize("死机", taxonomy={"categories": []})  # type: ignore[arg-type]


@given(any_text)
def test_categorize_never_crashes(text: str) -> None:
    rules = categorize(text, rules_only=True)
    assert (rules.category is None) == (rules.evidence == ())
    assert rules.subcategory is None or rules.category is not None
    result = categorize(text)  # the model may name a category without any keyword
    assert result.category is not None or (result.evidence, result.ngrams) == ((), ())
    assert result.subcategory is None or result.category is not None


comments = st.lists(
    st.one_of(
        st.sampled_from(["死机", "发票开具延迟", "你好", "物流太慢", "rude agent", "", "划痕"]),
        any_text,
    ),
    max_size=20,
)


@given(comments)
def test_categorize_many_equals_single_calls(texts: list[str]) -> None:
    batch = categorize_many(texts)
    singles = [categorize(t) for t in texts]
    assert len(batch) == len(texts)
    assert batch.categories.tolist() == [r.category for r in singles]
    assert batch.subcategories.tolist() == [r.subcategory for r in singles]
    assert batch.scores.tolist() == [r.score for r in singles]
    assert batch.matched.tolist() == [r.matched for r in singles]


@pytest.mark.parametrize(
    "texts",
    [
        ["死机", "你好"],
        ("死机", "你好"),
        np.array(["死机", "你好"], dtype=object),
        np.array(["死机", "你好"]),
        pd.Series(["死机", "你好"], index=[10, 20]),
        iter(["死机", "你好"]),
    ],
)
def test_categorize_many_inputs(texts: object) -> None:
    batch = categorize_many(texts)  # type: ignore[arg-type]
    assert batch.categories.tolist() == ["product_quality", None]


@pytest.mark.parametrize(
    ("texts", "match"),
    [
        ("死机", "^texts: expected an iterable of str"),
        (5, "^texts: expected an iterable of str"),
        (["死机", None], "got None at position 1"),
        (pd.Series(["死机", float("nan")]), r"at position 1 \(fill missing comments first"),
        (np.array([["a"]]), "one-dimensional"),
    ],
)
def test_categorize_many_rejects_bad_input(texts: object, match: str) -> None:
    with pytest.raises(InputTypeError, match=match):
        categorize_many(texts)  # type: ignore[arg-type]


def test_taxonomies_and_results_pickle() -> None:
    taxonomy = Taxonomy.default().extend(CUSTOM)
    again = pickle.loads(pickle.dumps(taxonomy))
    assert again.category_ids == taxonomy.category_ids
    result = categorize("小张很棒", taxonomy=again)
    assert pickle.loads(pickle.dumps(result)) == result


def test_sentiment_many_scores_each_distinct_text_once() -> None:
    seen: list[str] = []

    def scorer(text: str) -> float:
        seen.append(text)
        return 0.5

    batch = sentiment_many(["好", "差", "好", "差", "好"], scorer=scorer)
    assert seen == ["好", "差"]
    assert batch.scores.tolist() == [0.5] * 5
