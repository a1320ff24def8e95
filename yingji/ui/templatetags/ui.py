"""Template tags of the page shell: icons, optional URLs, form fields, masked personal data."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from yingji.core import money
from yingji.core.personal.fields import masked_value
from yingji.ui.icons import svg_icon

register = template.Library()


@register.simple_tag
def icon(name: str, css_class: str = "icon") -> SafeString:
    """``{% icon "bell" %}``: an inline SVG icon."""
    return svg_icon(name, css_class)


@register.filter
def masked(obj: Any, field: str) -> str:
    """``{{ source|masked:"main_person_phone" }}``: a personal field (core.personal) as
    everyone sees it on a page, masked."""
    return masked_value(obj, field) if obj is not None else ""


@register.filter
def yuan(value: Any, places: int = 2) -> str:
    """``{{ case.unit_fine|yuan }}``: money with thousand separators and 元 (12,500.00元);
    ``|yuan:0`` without decimals. The same text as Word documents (``core.money``)."""
    return money.yuan(value, places=int(places))


@register.filter
def amount(value: Any, places: int = 2) -> str:
    """``{{ i.amount|amount }}``: money with thousand separators, without 元 (a table
    column whose heading names the unit)."""
    return money.yuan(value, unit=False, places=int(places))


@register.simple_tag
def optional_url(name: str, *args: Any, **kwargs: Any) -> str:
    """Like ``{% url %}`` but "" when the URL is not (yet) defined, e.g. a URL another
    module provides. Use as ``{% optional_url "x" pk as u %}{% if u %}…{% endif %}``."""
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.filter
def widget_type(field: forms.BoundField) -> str:
    """The widget class name in lower case (``checkboxselectmultiple`` …) for templates."""
    return type(field.field.widget).__name__.lower()


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
