"""Amounts of money as the bureau writes them: 12,500.00元.

Pure (no Django): rules, services, Word documents and templates (the ``yuan`` filter of
``ui``) format money through this one function, so a page and a document show the same
figure. Django's own grouping cannot be used: the zh-hans locale groups by nothing
(``THOUSAND_SEPARATOR = ""``), so ``floatformat:"2g"`` printed 12500.00.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def yuan(value: Any, *, unit: bool = True, places: int = 2) -> str:
    """``value`` with thousand separators and ``places`` decimals, followed by 元 unless
    ``unit`` is False; an empty value is an empty string."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.{places}f}"
    return f"{text}元" if unit else text


def quantity(value: Any) -> str:
    """A quantity of goods with thousand separators and no trailing zeros: 3,000, 12.5."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}"
