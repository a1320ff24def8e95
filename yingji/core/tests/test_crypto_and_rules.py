"""SM3/SM4 and the pure rules (region codes, password policy)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.core.crypto import decrypt_field, encrypt_field, sm3_hex
from yingji.core.rules import (
    PasswordPolicy,
    RegionCodeError,
    normalize_region_code,
    password_problems,
    prefix_upper_bound,
)


def test_sm3_matches_the_standard_test_vector() -> None:
    # GB/T 32905-2016 Appendix A, example 1: "abc".
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm3_pure_python_fallback_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    from yingji.core import crypto

    monkeypatch.setattr(crypto, "_HAS_OPENSSL_SM3", False)
    assert crypto.sm3_hex(b"abcd" * 16) == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_sm4_field_encryption_round_trips_with_random_iv() -> None:
    first, second = encrypt_field("JBSWY3DPEHPK3PXP"), encrypt_field("JBSWY3DPEHPK3PXP")
    assert first != second and first.startswith("sm4:")
    assert decrypt_field(first) == "JBSWY3DPEHPK3PXP"


@pytest.mark.parametrize(("raw", "expected"), [
    ("42", "420000000000"), ("4201", "420100000000"), ("420102", "420102000000"),
    ("420102002", "420102002000"), (" 420102002001 ", "420102002001"),
])
def test_region_codes_are_padded_to_twelve_digits(raw: str, expected: str) -> None:
    assert normalize_region_code(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("", "请填写"), ("42a1", "只能包含数字"), ("42011", "应为2、4、6、9或12位"),
    ("001234", "省级部分无效"),
])
def test_malformed_region_codes_are_refused_in_chinese(raw: str, message: str) -> None:
    with pytest.raises(RegionCodeError, match=message):
        normalize_region_code(raw)


@given(st.from_regex(r"^[0-9]{1,12}$", fullmatch=True), st.from_regex(r"^[0-9]{12}$", fullmatch=True))
def test_prefix_range_equals_startswith(prefix: str, code: str) -> None:
    in_range = prefix <= code < prefix_upper_bound(prefix)
    assert in_range == code.startswith(prefix)


@pytest.mark.parametrize(("password", "ok"), [
    ("Abcdefg1", True), ("abcdefg1!", True), ("abcdefgh", False), ("Ab1!", False),
    ("ABCDEFG1", False),
])
def test_password_policy_length_and_three_classes(password: str, ok: bool) -> None:
    assert (password_problems(password, PasswordPolicy(8, 3)) == []) is ok
