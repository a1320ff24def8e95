"""GB 32100-2015 统一社会信用代码: the check character and the normalised code."""

from __future__ import annotations

# --- GB 32100-2015 统一社会信用代码 ------------------------------------------------------

# GB 32100-2015 §4 / 附录: the 31-character code alphabet (no I, O, S, V, Z) and the
# position weights 3^(i-1) mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """An invalid unified social credit code; the message is Chinese."""


def credit_check_character(first17: str) -> str:
    """The check character of the first 17 characters (GB 32100-2015 §5, 附录B):
    C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0."""
    if len(first17) != 17:
        raise CreditCodeError("统一社会信用代码本体应为17位")
    total = 0
    for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True):
        index = CREDIT_ALPHABET.find(char)
        if index < 0:
            raise CreditCodeError(f"统一社会信用代码含有不允许的字符“{char}”")
        total += index * weight
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    """Upper-case, trimmed code, validated: 18 characters of the GB 32100 alphabet,
    digits for the division code (positions 3–8) and the right check character."""
    code = (raw or "").strip().upper()
    if not code:
        raise CreditCodeError("请填写统一社会信用代码")
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，收到{len(code)}位")
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        raise CreditCodeError(
            f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）")
    if not code[2:8].isdigit():
        raise CreditCodeError("统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）")
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError("统一社会信用代码校验位不正确，请核对后重新填写")
    return code


def is_valid_credit_code(raw: str) -> bool:
    try:
        normalize_credit_code(raw)
    except CreditCodeError:
        return False
    return True
