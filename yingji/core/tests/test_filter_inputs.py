"""No filter input gives a server error (issue 14 item 1): every list endpoint of the
API, every filter of its FilterSet, with the inputs that broke them — a "%" in a code, a
huge, negative or fractional number, a NUL byte — answers 400 with a Chinese field
message or 200, never 500. Generated from the URL map, so a new module is covered."""

from __future__ import annotations

from typing import Any

import django_filters as filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from yingji.core.roles import ROLES
from yingji.core.testing import WUHAN, client_for, make_user

pytestmark = pytest.mark.django_db

NUMBER_INPUTS = ("99999999999999999999", "-7.4e+216", "-1", "1.5", "%")
TEXT_INPUTS = ("%", "%25", "42%s", "a\x00b", "x" * 3000)


def _list_endpoints() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def visit(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                visit(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                actions = getattr(pattern.callback, "actions", None) or {}
                if (cls is not None and getattr(cls, "filterset_class", None) is not None
                        and actions.get("get") == "list" and "<" not in route and "(?P" not in route):
                    found.append(("/" + route.replace("^", "").replace("$", "").replace("\\.", "."), cls))

    visit(get_resolver().url_patterns, "")
    return sorted({url: cls for url, cls in found if not url.endswith("{format}")}.items())


def _inputs(flt: Any) -> tuple[str, ...]:
    if isinstance(flt, (filters.NumberFilter, filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter)):
        return NUMBER_INPUTS
    if isinstance(flt, filters.CharFilter):
        return TEXT_INPUTS
    return ("%", "99999999999999999999")


def test_the_generated_cases_cover_every_module() -> None:
    endpoints = _list_endpoints()
    apps = {cls.__module__.split(".")[1] for _, cls in endpoints}
    assert {"core", "enterprises", "hazards", "monitoring", "warnings", "resources", "incidents"} <= apps
    assert len(endpoints) >= 50


def test_no_filter_input_gives_a_server_error() -> None:
    staff = [r.code for r in ROLES if r.code not in ("admin", "enterprise", "rescue", "public")]
    client = client_for(make_user("filter_probe", roles=staff, scope=WUHAN))
    failures = []
    probes = 0
    for url, cls in _list_endpoints():
        for name, flt in cls.filterset_class.base_filters.items():
            for value in _inputs(flt):
                response = client.get(url, {name: value})
                probes += 1
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value!r}: {response.status_code}")
                elif response.status_code == 400:
                    body = response.json()["error"]
                    if not any("\u4e00" <= ch <= "\u9fff" for ch in str(body.get("fields", body))):
                        failures.append(f"{url}?{name}={value!r}: 400 without a Chinese message")
    assert probes > 300
    assert not failures, "\n".join(failures)
