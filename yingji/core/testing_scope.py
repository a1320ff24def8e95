"""The reusable permission and data-scope test case (``ScopeCase``).

Every page and API endpoint of a module is checked for the four kinds of caller the
module kit names (``docs/development.md``, tests): anonymous, a user without the
permission, a permitted user inside the scope and a permitted user outside it. The
endpoints are read from the URL resolver, so an endpoint added to a module without a
scope declaration fails that module's ``test_every_endpoint_is_declared``.

A module's ``tests/test_scope_endpoints.py`` subclasses ``ScopeCase``::

    class TestScope(ScopeCase):
        apps = ("enterprises",)
        roles = ("supervisor",)

        def build(self, world: World) -> dict[str, Any]:
            return {"enterprise": make_enterprise(...)}   # inside 江岸区

        endpoints = {"enterprise_map": Page()}          # what the conventions do not say
        exempt = {"enterprise_geojson": "…why…"}

Names follow the conventions of ``core.routes.crud`` and DRF routers, so most endpoints
need no line at all: ``<key>_list`` / ``<key>-list`` is a list of the world's ``key``
object, ``<key>_detail`` / ``<key>-detail`` its detail, ``<key>_edit`` its form,
``<key>_delete`` its POST-only delete, ``<key>_add`` a form without an object, and a
router's ``<key>-<action>`` an extra action on the object. Everything else is declared
in ``endpoints`` (or given a reasoned exemption in ``exempt``). A list page on
``ObjectListView`` is also checked as its Excel export (``?export=xlsx``); endpoints that
allow no GET are tried with writes only. Installation-wide reference data (read in every
scope, written city-wide only) takes its checks from ``city_wide_reference``. A page
that shows the scope's rows for a parameter (a year, a place) is declared as a ``List``
of one of the world's objects, its ``query`` built from the world when it depends on it
(``List("drill", query=lambda w: f"year={w['drill'].planned_on.year}")``).

What the generated tests assert, per endpoint:

- anonymous: a page redirects to the login page, the API answers 401 or 403;
- ``unpermitted`` (a user in the same district holding ``unpermitted_roles``): 403;
- permitted inside the scope: 200 on GET, and a list (page, export or API) shows the
  world's object;
- permitted outside the scope (the same roles in 武昌区): 404 for an object's pages and
  endpoints (GET, and the unsafe methods with no change to the row), and a list that
  does not show the object;
- and, as the positive control of that refusal, the same write by the permitted user
  inside passes the permission and scope gates (neither 403 nor 404).

The world is built once per case inside a transaction that is rolled back when the
case ends, and every test runs inside it (in its own savepoint), so the tests are fast
and leave nothing behind (a write that succeeds is undone with its test's savepoint).
"""

from __future__ import annotations

import contextlib
import html
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, ClassVar

import pytest
from django.db import models, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from yingji.core.models import User
from yingji.core.testing import JIANGAN, WUCHANG, client_for, make_user
from yingji.core.testing_scope_checks import (
    ACTION,
    DELETE,
    DETAIL,
    EDIT,
    LIST,
    OBJECT_KINDS,
    POST,
    UNSAFE_API_METHODS,
    WRITE_KINDS,
    Action,
    Check,
    Delete,
    Detail,
    Edit,
    Endpoint,
    List,
    Page,
    Planned,
    Post,
    all_endpoints,
    city_wide_reference,
    conventional_check,
    endpoints_of,
)

# --- the case -------------------------------------------------------------------------------


class ScopeCase:
    """Generated permission and scope tests of one module's endpoints (see the module
    docstring). Subclasses set ``apps``, ``roles`` and ``build``, and declare in
    ``endpoints`` and ``exempt`` what the naming conventions do not say."""

    apps: ClassVar[tuple[str, ...]] = ()
    # Roles of the permitted users (one inside the scope, one outside it).
    roles: ClassVar[tuple[str, ...]] = ()
    inside_scope: ClassVar[str] = JIANGAN
    outside_scope: ClassVar[str] = WUCHANG
    # A user in the same district without the module's permissions.
    unpermitted_roles: ClassVar[tuple[str, ...]] = ("public",)
    endpoints: ClassVar[dict[str, Check]] = {}
    exempt: ClassVar[dict[str, str]] = {}

    def build(self, world: World) -> dict[str, Any]:
        """The objects inside ``inside_scope``, by the keys the checks name (the world's
        users exist already: ``world.permitted()`` is the permitted user inside)."""
        raise NotImplementedError

    def world_context(self) -> contextlib.AbstractContextManager[Any]:
        """Entered around the world's life (settings the endpoints need, e.g. a media folder)."""
        return contextlib.nullcontext()

    def marker(self, key: str, obj: Any) -> str:
        """The text by which a list page or an export shows ``obj``."""
        return str(obj)

    # --- plan ---

    @classmethod
    def plan(cls) -> tuple[list[Planned], list[str]]:
        """(the generated tests' subjects, the endpoints neither declared nor exempt)."""
        planned: list[Planned] = []
        undeclared: list[str] = []
        for endpoint in endpoints_of(cls.apps):
            if endpoint.name in cls.exempt:
                continue
            check = cls.endpoints.get(endpoint.name) or conventional_check(endpoint)
            if check is None:
                undeclared.append(f"{endpoint.name} ({endpoint.route})")
                continue
            methods = endpoint.methods
            if methods is not None and "get" not in methods and check.kind not in WRITE_KINDS:
                # A POST-only endpoint: only writes can be tried on it.
                check = replace(check, kind=ACTION if check.obj else POST)
            planned.append(Planned(endpoint, check, endpoint.name))
            if (check.kind == LIST and not endpoint.api and endpoint.is_object_list_view
                    and not check.query and endpoint.name not in cls.endpoints):
                export = replace(check, query="export=xlsx")
                planned.append(Planned(endpoint, export, f"{endpoint.name}?export=xlsx"))
        return planned, undeclared

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "subject" not in metafunc.fixturenames:
            return
        planned, _ = self.plan()
        name = metafunc.function.__name__
        if name in ("test_outsider_cannot_write", "test_permitted_inside_may_write"):
            planned = [p for p in planned if _writes_tried(p)]
        elif name.startswith("test_permitted_"):
            # Writes are tried by the outsider alone (test_outsider_cannot_write).
            planned = [p for p in planned if p.check.kind not in WRITE_KINDS]
        metafunc.parametrize("subject", planned, ids=[p.label for p in planned])

    # --- world ---

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
        case = cls()
        with case.world_context(), django_db_blocker.unblock(), transaction.atomic():
            yield World(case)
            transaction.set_rollback(True)

    # --- the generated tests ---

    def test_every_endpoint_is_declared(self) -> None:
        planned, undeclared = self.plan()
        assert planned, f"no endpoint found for {self.apps}"
        assert not undeclared, (
            "endpoints without a scope declaration (add a Check to `endpoints` or a reasoned "
            "entry to `exempt`):\n" + "\n".join(undeclared))
        names = {e.name for e in endpoints_of(self.apps)}
        stale = sorted((set(self.endpoints) | set(self.exempt)) - names)
        assert not stale, f"declared endpoints that do not exist: {stale}"

    def test_anonymous_is_refused(self, world: World, subject: Planned, db: Any) -> None:
        response = world.request(Client(), subject, write=subject.check.kind in WRITE_KINDS)
        expected = subject.check.anonymous
        if subject.endpoint.api:
            assert response.status_code in ((expected,) if expected else (401, 403)), subject
        elif expected:
            assert response.status_code == expected, subject
        else:
            assert response.status_code == 302, subject
            assert response["Location"].startswith(reverse("login")), subject

    def test_unpermitted_is_refused(self, world: World, subject: Planned, db: Any) -> None:
        user = world.user(subject.check.unpermitted_roles or self.unpermitted_roles, self.inside_scope)
        write = subject.check.kind in WRITE_KINDS
        before = world.snapshot(subject)
        response = world.request(client_for(user), subject, write=write)
        assert response.status_code == subject.check.unpermitted, (subject, response.status_code)
        assert world.snapshot(subject) == before

    def test_permitted_inside_the_scope(self, world: World, subject: Planned, db: Any) -> None:
        user = world.user(subject.check.roles or self.roles, subject.check.inside_scope or self.inside_scope)
        response = world.request(client_for(user), subject)
        assert response.status_code == subject.check.permitted, (subject, response.status_code)
        if subject.check.kind == LIST:
            assert world.lists(subject, response), f"{subject}: the object inside the scope is missing"

    def test_permitted_outside_the_scope(self, world: World, subject: Planned, db: Any) -> None:
        check = subject.check
        user = world.user(check.roles or self.roles, check.outside_scope or self.outside_scope)
        response = world.request(client_for(user), subject)
        expected = check.outsider or (404 if check.kind in OBJECT_KINDS else check.permitted)
        assert response.status_code == expected, (subject, response.status_code)
        if check.kind == LIST and response.status_code == 200:
            if check.outsider_lists:
                assert world.lists(subject, response), f"{subject}: data every scope reads is missing"
            else:
                assert not world.lists(subject, response), f"{subject}: shows an object outside the scope"

    def test_permitted_inside_may_write(self, world: World, subject: Planned, db: Any) -> None:
        """The positive control of the outsider's refusal: the same request by the user
        inside the scope passes the permission and scope gates (whatever it then does is
        rolled back with the test)."""
        check = subject.check
        user = world.user(check.roles or self.roles, check.writer_scopes(self)[0])
        client = client_for(user)
        for method in world.write_methods(subject):
            response = world.request(client, subject, write=True, method=method)
            assert response.status_code not in (401, 403, 404, 405), (subject, method, response.status_code)

    def test_outsider_cannot_write(self, world: World, subject: Planned, db: Any) -> None:
        check = subject.check
        user = world.user(check.roles or self.roles, check.writer_scopes(self)[1])
        client = client_for(user)
        before = world.snapshot(subject)
        assert before is not None
        for method in world.write_methods(subject):
            response = world.request(client, subject, write=True, method=method)
            expected = check.outsider_write or check.outsider or 404
            assert response.status_code == expected, (subject, method, response.status_code)
            assert world.snapshot(subject) == before, (subject, method, "changed")


def _writes_tried(planned: Planned) -> bool:
    check, endpoint = planned.check, planned.endpoint
    if check.kind in (EDIT, DELETE, ACTION) and not check.query:
        return True
    return (check.kind == DETAIL and endpoint.api and endpoint.methods is not None
            and bool(set(UNSAFE_API_METHODS) & endpoint.methods))


class World:
    """The case's objects and users, built once for all its tests."""

    def __init__(self, case: ScopeCase) -> None:
        self.case = case
        self._users: dict[tuple[tuple[str, ...], str], User] = {}
        self._make(case.roles, case.inside_scope)
        self._make(case.roles, case.outside_scope)
        self._make(case.unpermitted_roles, case.inside_scope)
        # Every user now, inside the world's transaction: one made during a test would
        # vanish with the test's savepoint.
        for planned in case.plan()[0]:
            check = planned.check
            self._make(check.roles or case.roles, check.inside_scope or case.inside_scope)
            self._make(check.roles or case.roles, check.outside_scope or case.outside_scope)
            self._make(check.unpermitted_roles or case.unpermitted_roles, case.inside_scope)
            for scope in check.writer_scopes(case):
                self._make(check.roles or case.roles, scope)
        self.objects = case.build(self)

    def _make(self, roles: tuple[str, ...], scope: str) -> None:
        key = (tuple(roles), scope)
        if key not in self._users:
            name = f"scope{len(self._users)}_{type(self.case).__name__}"[:150]
            self._users[key] = make_user(name, roles=list(roles), scope=scope)

    def user(self, roles: tuple[str, ...], scope: str) -> User:
        return self._users[(tuple(roles), scope)]

    def permitted(self, roles: tuple[str, ...] | None = None) -> User:
        """The permitted user inside the scope (with ``roles``, default the case's)."""
        return self.user(roles or self.case.roles, self.case.inside_scope)

    def outsider(self, roles: tuple[str, ...] | None = None) -> User:
        return self.user(roles or self.case.roles, self.case.outside_scope)

    def obj(self, planned: Planned) -> Any:
        key = planned.check.obj
        if key is None:
            return None
        if key not in self.objects:
            raise AssertionError(f"{planned}: the world of {type(self.case).__name__} has no {key!r}")
        return self.objects[key]

    def url(self, planned: Planned) -> str:
        check, endpoint = planned.check, planned.endpoint
        if check.kwargs is not None:
            kwargs = check.kwargs(self.objects)
        elif endpoint.kwargs:
            obj = self.obj(planned)
            if obj is None:
                raise AssertionError(f"{planned}: the URL takes {endpoint.kwargs}; name an object")
            kwargs = {name: obj.pk if name == "pk" else getattr(obj, name) for name in endpoint.kwargs}
        else:
            kwargs = {}
        url = reverse(endpoint.name, kwargs=kwargs)
        query = check.query_string(self.objects)
        return f"{url}?{query}" if query else url

    def write_methods(self, planned: Planned) -> list[str]:
        if planned.check.write_methods is not None:
            return list(planned.check.write_methods)
        if planned.endpoint.api and planned.check.kind == DETAIL:
            methods = planned.endpoint.methods or frozenset()
            return [m for m in UNSAFE_API_METHODS if m in methods]
        if planned.endpoint.api:
            methods = planned.endpoint.methods or frozenset({"post"})
            return [m for m in ("post", *UNSAFE_API_METHODS) if m in methods][:1]
        return ["post"]

    def request(self, client: Client, planned: Planned, *, write: bool = False,
                method: str | None = None) -> Any:
        url = self.url(planned)
        if not write:
            return client.get(url, HTTP_ACCEPT="application/json" if planned.endpoint.api else "text/html")
        method = method or self.write_methods(planned)[0]
        post = planned.check.post
        data = post(self.objects) if callable(post) else (post or {})
        if planned.endpoint.api:
            return getattr(client, method)(url, data, content_type="application/json")
        return client.post(url, data)

    def snapshot(self, planned: Planned) -> dict[str, Any] | None:
        """The object's row as stored (None for a check without an object)."""
        obj = self.obj(planned) if planned.check.obj else None
        if not isinstance(obj, models.Model):
            return None
        manager = type(obj)._base_manager
        return manager.filter(pk=obj.pk).values().first() or {"deleted": True}

    def lists(self, planned: Planned, response: Any) -> bool:
        """Whether a list response shows the check's object."""
        obj = self.obj(planned)
        if planned.endpoint.api:
            data = response.json()
            rows = data.get("results", data) if isinstance(data, dict) else data
            field_name = "id" if planned.endpoint.lookup_field == "pk" else planned.endpoint.lookup_field
            value = obj.pk if field_name == "id" else getattr(obj, field_name)
            return any(isinstance(row, dict) and str(row.get(field_name)) == str(value) for row in rows)
        key = planned.check.obj or ""
        marker = self.case.marker(key, obj)
        if "spreadsheetml" in response.get("Content-Type", ""):
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(response.content), read_only=True)
            return any(marker in str(value) for sheet in book.worksheets
                       for row in sheet.iter_rows(values_only=True) for value in row if value is not None)
        content = response.content.decode()
        if "json" in response.get("Content-Type", ""):  # a page's data (GeoJSON, chart series)
            content = json.dumps(response.json(), ensure_ascii=False)
        if html.escape(marker) in content or marker in content:
            return True
        # A table row links to the object's page.
        try:
            link = reverse(f"{key}_detail", kwargs={"pk": obj.pk})
        except NoReverseMatch:
            return False
        return f'href="{link}"' in content

__all__ = [
    "ACTION",
    "DELETE",
    "DETAIL",
    "EDIT",
    "LIST",
    "OBJECT_KINDS",
    "POST",
    "UNSAFE_API_METHODS",
    "WRITE_KINDS",
    "Action",
    "Check",
    "Delete",
    "Detail",
    "Edit",
    "Endpoint",
    "List",
    "Page",
    "Planned",
    "Post",
    "ScopeCase",
    "World",
    "all_endpoints",
    "city_wide_reference",
    "conventional_check",
    "endpoints_of",
]
