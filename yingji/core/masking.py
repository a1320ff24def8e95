"""How personal data is shown to whoever may not see it in clear: one set of rules for
pages, exports, the API, audit snapshots and public disclosures (GB/T 35273 / GB/T 39335
去标识化: show enough to recognise a record, not enough to identify a person).

Pure functions, no Django: a module's rules and public pages use them too.
"""

from __future__ import annotations

from collections.abc import Callable

STARS = "****"
# Markers of the part of an address that names a place, not a household.
_STREET_MARKERS = ("街道", "镇", "乡", "苏木")
_AREA_MARKERS = ("区", "县", "旗", "市")


def mask_phone(phone: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """A phone number with its middle hidden: 138****5678, 027*****1234; numbers too
    short to keep both ends keep only the last two digits."""
    text = (phone or "").strip()
    if not text:
        return ""
    if len(text) > keep_start + keep_end:
        return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[-keep_end:]
    if len(text) > 2:
        return "*" * (len(text) - 2) + text[-2:]
    return "*" * len(text)


def mask_id_number(number: str) -> str:
    """An identity-card number with the region code (6) and the check part (4) kept:
    420102********1234; other lengths keep at most the first and last two."""
    text = (number or "").strip().upper()
    if not text:
        return ""
    if len(text) in (15, 18):
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if len(text) > 4:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "*" * len(text)


def mask_name(name: str) -> str:
    """A person's name with the surname kept (张*, 李**; 欧阳** for four characters, where a
    double surname is likely)."""
    text = (name or "").strip()
    if len(text) <= 1:
        return text
    keep = 2 if len(text) >= 4 else 1
    return text[:keep] + "*" * (len(text) - keep)


def mask_address(address: str) -> str:
    """An address cut after its street or township (街道/镇/乡), else after its district
    or county, with the rest hidden: 武汉市江岸区大智街道****."""
    text = (address or "").strip()
    if not text:
        return ""
    cut = _after_first(text, _STREET_MARKERS, min) or _after_first(text, _AREA_MARKERS, max)
    if cut is None or cut >= len(text):
        cut = min(len(text) // 3, 6)
    return text[:cut] + STARS


def _after_first(text: str, markers: tuple[str, ...], pick: Callable[[list[int]], int]) -> int | None:
    """Where the first occurrence of a marker ends, the earliest or the deepest one."""
    found = [i + len(m) for m in markers if (i := text.find(m)) > 0]
    return pick(found) if found else None


MASKERS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone, "id_number": mask_id_number, "name": mask_name, "address": mask_address}


def mask(kind: str, value: str) -> str:
    """``value`` masked by the rule of its kind (phone, id_number, name, address)."""
    return MASKERS[kind](value)
