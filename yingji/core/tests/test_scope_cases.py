"""Every app's endpoints are under a ``ScopeCase`` (``core.testing_scope``).

Each module declares its case in ``yingji/<app>/tests/test_scope_endpoints.py``; that
case already fails when one of its endpoints is neither declared nor exempt. This test
closes the gap above it: an app with URLs but no case at all, or a case that no longer
covers its app, fails here.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter

from django.urls import reverse

from yingji.core.testing_scope import List, Planned, ScopeCase, World, all_endpoints

# Apps whose case lives in another app's file: the shell (ui) has no tests of its own
# for endpoints and is covered with core.
CASE_MODULE_OF = {"ui": "core"}


def _cases() -> list[type[ScopeCase]]:
    apps = sorted({endpoint.app for endpoint in all_endpoints()})
    cases: list[type[ScopeCase]] = []
    for app in {CASE_MODULE_OF.get(app, app) for app in apps}:
        name = f"yingji.{app}.tests.test_scope_endpoints"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        cases += [value for value in vars(module).values()
                  if isinstance(value, type) and issubclass(value, ScopeCase) and value is not ScopeCase
                  and value.__module__ == name]
    return cases


def test_every_app_with_endpoints_has_a_scope_case() -> None:
    covered = {app for case in _cases() for app in case.apps}
    apps = {endpoint.app for endpoint in all_endpoints()}
    missing = sorted(apps - covered)
    assert not missing, (
        f"apps without a ScopeCase: {missing} (add yingji/<app>/tests/test_scope_endpoints.py)")


def test_every_endpoint_is_planned_or_exempt() -> None:
    undeclared = []
    for case in _cases():
        undeclared += case.plan()[1]
    assert not undeclared, "endpoints without a scope declaration:\n" + "\n".join(undeclared)


def test_no_app_is_claimed_by_two_cases() -> None:
    claims = Counter(app for case in _cases() for app in case.apps)
    assert [app for app, n in claims.items() if n > 1] == []


def test_a_check_builds_its_query_from_the_world() -> None:
    """A page filtered by a parameter of the world's objects (a drill's year) is asked
    for that parameter, whatever today's date; a plain query is appended as written."""
    endpoint = next(e for e in all_endpoints() if e.name == "region-list")
    world = World.__new__(World)
    world.objects = {"year": 2019}
    built = Planned(endpoint, List("region", query=lambda w: f"year={w['year']}"), "built")
    plain = Planned(endpoint, List("region", query="q=1"), "plain")
    bare = Planned(endpoint, List("region"), "bare")
    url = reverse("region-list")
    assert world.url(built) == f"{url}?year=2019"
    assert world.url(plain) == f"{url}?q=1"
    assert world.url(bare) == url
