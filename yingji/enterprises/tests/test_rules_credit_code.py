"""GB 32100-2015 unified social credit code check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.enterprises.rules import (
    CREDIT_ALPHABET,
    CreditCodeError,
    credit_check_character,
    is_valid_credit_code,
    normalize_credit_code,
)

# Published codes: the standard's example and three well-known companies.
REAL_CODES = [
    "91350100M000100Y43",
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass(code: str) -> None:
    assert normalize_credit_code(code) == code
    assert normalize_credit_code(f"  {code.lower()} ") == code


def test_check_character_of_the_standard_example() -> None:
    assert credit_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(("code", "reason"), [
    ("91350100M000100Y44", "校验位不正确"),
    ("91350100M000100Y4", "应为18位"),
    ("91350100M000100YI3", "不允许的字符“I”"),
    ("9135A100M000100Y43", "第3至8位"),
    ("", "请填写"),
])
def test_corrupted_codes_fail_with_chinese_reason(code: str, reason: str) -> None:
    with pytest.raises(CreditCodeError, match=reason):
        normalize_credit_code(code)


@given(st.sampled_from(REAL_CODES), st.integers(0, 17), st.sampled_from(CREDIT_ALPHABET))
def test_changing_any_one_character_breaks_the_code(code: str, position: int, char: str) -> None:
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1:]
    assert not is_valid_credit_code(changed)


@given(st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17))
def test_every_body_has_exactly_one_check_character(body: str) -> None:
    valid = [c for c in CREDIT_ALPHABET
             if body[2:8].isdigit() and is_valid_credit_code(body + c)]
    assert len(valid) == (1 if body[2:8].isdigit() else 0)
