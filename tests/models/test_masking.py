"""De-identification: masks of names and phone numbers, and that raw values never leak."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Callable, Mapping
from types import MappingProxyType

import pytest
from hypothesis import given

from csmetrics import InputTypeError, InvalidInputError
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
