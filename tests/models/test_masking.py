"""De-identification: masks of names and phone numbers, and that raw values never leak."""

from __future__ import annotations

import pickle
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics import InputTypeError, InvalidInputError
from csmetrics._core.text import MAX_TEXT_LENGTH
from csmetrics._models.masking import MAX_NAME_WORDS, STREAM_SAFE_RUN, stream_safe
from csmetrics.masking import mask_name, mask_phone
from csmetrics.models import Customer

from ..strategies import cjk_names, greek_names, phone_numbers


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张*"),
        ("张", "张*"),
        ("欧阳娜娜", "欧阳*"),
        ("王先生", "王先生"),
        ("李小明女士", "李*女士"),
        ("张*", "张*"),
        ("  赵六 ", "赵*"),
        ("Mr. Smith", "Mr. S***"),
        ("Mrs Jane Doe", "Mrs J*** D***"),
        ("John Smith", "J*** S***"),
        ("Dr. Ada Lovelace", "Dr. A*** L***"),
        ("S***", "S***"),
        ("Ｍｒ． Ｓｍｉｔｈ", "Mr. S***"),
    ],
)
def test_mask_name(raw: str, masked: str) -> None:
    assert mask_name(raw) == masked


@pytest.mark.parametrize(
    ("raw", "last4"),
    [
        ("13812345678", "5678"),
        ("138-1234-5678", "5678"),
        ("+86 138 1234 5678", "5678"),
        ("(010) 8888.0001", "0001"),
        ("*******5678", "5678"),
        ("5678", "5678"),
        (13812345678, "5678"),
        ("１３８１２３４５６７８", "5678"),
    ],
)
def test_mask_phone(raw: str | int, last4: str) -> None:
    assert mask_phone(raw) == last4


@pytest.mark.parametrize("bad", ["", "   ", "\t\n"])
def test_mask_name_rejects_blank(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="name: expected a non-empty name"):
        mask_name(bad)


@pytest.mark.parametrize("bad", [None, 42, b"name"])
def test_mask_name_rejects_non_str(bad: object) -> None:
    with pytest.raises(InputTypeError, match="name: expected a str"):
        mask_name(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["123", "phone: 13812345678", "138-1234-567x", ""])
def test_mask_phone_rejects_malformed_without_echoing(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="phone: expected a phone number") as info:
        mask_phone(bad)
    digits = "".join(ch for ch in bad if ch.isdigit())
    if len(digits) >= 4:
        assert digits not in str(info.value)


@pytest.mark.parametrize("bad", [None, 1.5, True])
def test_mask_phone_rejects_wrong_type(bad: object) -> None:
    with pytest.raises(InputTypeError, match="phone: expected a str or int"):
        mask_phone(bad)  # type: ignore[arg-type]


def _every_rendering(customer: Customer) -> str:
    return "\n".join(
        [
            repr(customer),
            str(customer),
            str(customer.model_dump()),
            customer.model_dump_json(),
            pickle.dumps(customer).decode("utf-8", "replace"),
        ]
    )


@given(name=cjk_names, phone=phone_numbers)
def test_raw_chinese_name_and_phone_never_leak(name: str, phone: str) -> None:
    customer = Customer(name=name, phone=phone)
    assert customer.name in (name[0] + "*", name[:2] + "*")
    rendered = _every_rendering(customer).replace(customer.name, "<mask>")
    given_name = name[len(customer.name) - 1 :]
    if given_name:
        assert given_name not in rendered
    assert customer.phone_last4 == phone[-4:]
    assert phone[:-4] not in rendered.replace(phone[-4:], "<last4>")


@given(name=greek_names, phone=phone_numbers)
def test_raw_latin_style_name_never_leaks(name: str, phone: str) -> None:
    customer = Customer(name=name, phone=phone)
    rendered = _every_rendering(customer)
    for word in name.split():
        assert word not in rendered
    assert customer.name == " ".join(w[0] + "***" for w in name.split())


def test_pickle_round_trip_keeps_only_the_mask() -> None:
    customer = Customer(name="张三", phone="13812345678", tier="VIP客户")
    restored = pickle.loads(pickle.dumps(customer))
    assert restored == customer
    assert (restored.name, restored.phone_last4) == ("张*", "5678")


def test_validation_errors_do_not_echo_the_input() -> None:
    with pytest.raises(ValueError, match="phone") as info:
        Customer(name="张三", phone="138123x5678")
    assert "138123" not in str(info.value)


@pytest.mark.parametrize("wrap", [MappingProxyType, OrderedDict], ids=["mappingproxy", "ordered"])
def test_any_mapping_is_masked(wrap: Callable[[dict[str, str]], Mapping[str, str]]) -> None:
    customer = Customer.model_validate(wrap({"name": "张三丰", "phone": "13812345678"}))
    assert (customer.name, customer.phone_last4) == ("张*", "5678")
    assert "三丰" not in _every_rendering(customer)


# --- size limits and linear time ----------------------------------------------------------


@pytest.mark.parametrize("mask", [mask_name, mask_phone])
def test_limit_is_checked_first(mask: Callable[..., str]) -> None:
    with pytest.raises(InvalidInputError, match=r": expected at most 10 characters, got 11$"):
        mask("1" * 11, max_length=10)
    assert mask("1" * 10, max_length=10)  # at the limit


@pytest.mark.parametrize("mask", [mask_name, mask_phone])
@pytest.mark.parametrize("limit", [0, -1, 1.5, True, None])
def test_limit_must_be_a_positive_int(mask: Callable[..., str], limit: object) -> None:
    with pytest.raises(InputTypeError, match="max_length: expected a positive int"):
        mask("12345", max_length=limit)


def test_default_limit_is_max_text_length() -> None:
    with pytest.raises(InvalidInputError, match="name: expected at most 65536 characters"):
        mask_name("张" * (MAX_TEXT_LENGTH + 1))
    with pytest.raises(InvalidInputError, match="phone: expected at most 65536 characters"):
        mask_phone("1" * (MAX_TEXT_LENGTH + 1))


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("a" + "\u0301\u0316" * 30_000, "\u00e1***"),  # 38 s before the cut, now linear
        ("\u0f73" * 60_000, "\u0f71***"),  # decomposes into two marks each
        ("Zoe\u0308" + "\u0301" * 40_000 + " Smith", "Z*** S***"),
        ("张" + "\u0301" * 40_000 + "三", "张*"),
    ],
)
def test_long_runs_of_combining_marks(name: str, masked: str) -> None:
    assert mask_name(name, max_length=100_000) == masked


def test_phone_with_long_runs_of_combining_marks_is_rejected_without_echo() -> None:
    with pytest.raises(InvalidInputError, match="got a value of 60004 characters") as info:
        mask_phone("5678" + "\u0301\u0316" * 30_000, max_length=100_000)
    assert "5678" not in str(info.value)


@pytest.mark.parametrize(("phone", "last4"), [(2**63, "5808"), (-13812345678, "5678")])
def test_int_phones_up_to_64_bits(phone: int, last4: str) -> None:
    assert mask_phone(phone) == last4


def test_int_phone_beyond_64_bits() -> None:
    with pytest.raises(InvalidInputError, match="got int of 65 bits"):
        mask_phone(2**64)


@given(text=st.text(max_size=40))
def test_cut_keeps_normalisation_of_ordinary_text(text: str) -> None:
    assert unicodedata.normalize("NFKC", stream_safe(text)) == unicodedata.normalize("NFKC", text)


@given(
    text=st.text(
        alphabet=st.characters(categories=["Mn", "Mc", "Me", "Ll", "Lo"])
        | st.sampled_from("\u0f73\u0344"),
        max_size=400,
    )
)
def test_cut_leaves_no_run_beyond_the_stream_safe_limit(text: str) -> None:
    run = longest = 0
    for char in unicodedata.normalize("NFKD", stream_safe(text)):
        run = run + 1 if unicodedata.combining(char) else 0
        longest = max(longest, run)
    assert longest <= STREAM_SAFE_RUN


@given(name=st.text(min_size=1, max_size=40).filter(str.strip))
def test_masks_are_fixed_points(name: str) -> None:
    masked = mask_name(name)
    assert mask_name(masked) == masked


@given(words=st.lists(greek_names, min_size=1, max_size=40))
def test_a_customer_round_trips_whatever_the_length_of_its_name(words: list[str]) -> None:
    customer = Customer(name=" ".join(words))
    assert len(customer.name.split()) <= MAX_NAME_WORDS  # type: ignore[union-attr]
    assert Customer.model_validate(customer.model_dump()) == customer
    assert Customer.model_validate_json(customer.model_dump_json()) == customer


def test_a_customer_with_a_huge_name_of_short_words_round_trips() -> None:
    customer = Customer(name="a " * 30_000)
    assert Customer.model_validate(customer.model_dump()) == customer
