"""Pure rules of the shared mechanisms: administrative division codes and passwords.

No Django imports here, so the rules can be tested on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# GB/T 2260 plus the statistical extension: 2 digits province, 2 city, 2 county,
# 3 town/street, 3 village/community = 12 digits. A region's subtree is the set of
# codes that start with its significant prefix.
LEVEL_PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}
LEVEL_NAMES = {1: "省级", 2: "地市级", 3: "区县级", 4: "乡镇街道", 5: "村社区"}

_DIGITS = re.compile(r"^\d+$")


class RegionCodeError(ValueError):
    """A code that is not a valid administrative division code; message in Chinese."""


def normalize_region_code(raw: str) -> str:
    """Return the 12-digit form of a 2, 4, 6, 9 or 12 digit division code.

    GB/T 2260 codes have 6 digits; the statistical division codes of the National
    Bureau of Statistics extend them to 12 (9 for towns). Shorter forms are padded.
    """
    code = (raw or "").strip()
    if not code:
        raise RegionCodeError("请填写行政区划代码")
    if not _DIGITS.match(code):
        raise RegionCodeError(f"行政区划代码只能包含数字：{code}")
    if len(code) not in (2, 4, 6, 9, 12):
        raise RegionCodeError(f"行政区划代码应为2、4、6、9或12位数字，收到{len(code)}位：{code}")
    if code[:2] == "00":
        raise RegionCodeError(f"行政区划代码的省级部分无效：{code}")
    return code.ljust(12, "0")


def significant_prefix(code: str, level: int) -> str:
    """The prefix that every code in the region's subtree starts with."""
    return code[: LEVEL_PREFIX_LENGTH[level]]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``.

    Codes are ASCII digits, so bumping the last character gives an exclusive upper
    bound: the subtree is ``prefix <= code < bound``, a range that uses a btree index
    on SQLite and PostgreSQL alike (LIKE with ESCAPE does not on SQLite).
    """
    if not prefix:
        raise ValueError("empty prefix has no upper bound")
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def code_in_subtree(code: str, prefix: str) -> bool:
    return code.startswith(prefix)


@dataclass(frozen=True)
class PasswordPolicy:
    """等保 2.0 practice: length and character classes (regulations.md §9)."""

    min_length: int = 8
    min_classes: int = 3


def password_classes(password: str) -> int:
    """Count of character classes present: lower, upper, digit, other."""
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


def password_problems(password: str, policy: PasswordPolicy) -> list[str]:
    """Chinese explanations of every way ``password`` fails ``policy``; empty if it passes."""
    problems = []
    if len(password) < policy.min_length:
        problems.append(f"密码长度至少{policy.min_length}位")
    if password_classes(password) < policy.min_classes:
        problems.append(f"密码须包含大写字母、小写字母、数字、特殊字符中的至少{policy.min_classes}类")
    return problems


# --- phone numbers and coordinates (what a person types into a form) --------------------

# Mobile numbers of the mainland: 11 digits from 13x to 19x (工信部 numbering plan).
_MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
# A fixed line with its area code (0 + 2 or 3 digits), 7 or 8 digits, optional extension.
_FIXED = re.compile(r"^(?:\+?86[- ]?)?\(?0\d{2,3}\)?[- ]?\d{7,8}(?:(?:-|转|ext\.?|#)\d{1,6})?$")
# Short service numbers (110, 119, 12350, also dialled with the area code: 027-12345)
# and national hotlines (95xxx, 400/800).
_SERVICE = re.compile(r"^(?:(?:0\d{2,3}-?)?(?:1\d{2,4}|9\d{4})|[48]00[- ]?\d{3}[- ]?\d{4})$")

# Mainland China with its islands, as a bounding box (WGS84 / CGCS2000).
CHINA_LONGITUDE = (73.4, 135.1)
CHINA_LATITUDE = (3.8, 53.6)


def phone_problem(raw: str, *, mobile_only: bool = False) -> str | None:
    """Why ``raw`` is not a usable phone number (Chinese), or None when it is.

    ``mobile_only`` for numbers that receive text messages (叫应 by SMS)."""
    value = raw.strip().replace("－", "-").replace("（", "(").replace("）", ")")
    if not value:
        return None
    compact = value.replace(" ", "")
    if _MOBILE.match(compact):
        return None
    if mobile_only:
        return "请填写11位手机号码（如 13912345678）"
    if _FIXED.match(compact) or _SERVICE.match(compact):
        return None
    return "电话号码格式不正确：手机填11位号码，固定电话带区号（如 027-85123456，分机写作 027-85123456-801）"


def coordinate_problem(value: float, *, axis: str) -> str | None:
    """Why a longitude or latitude lies outside China (Chinese), or None."""
    low, high = CHINA_LONGITUDE if axis == "longitude" else CHINA_LATITUDE
    if low <= value <= high:
        return None
    name = "经度" if axis == "longitude" else "纬度"
    return f"{name}应在{low}～{high}之间（中国境内），请检查经纬度是否填反或漏了小数点"
