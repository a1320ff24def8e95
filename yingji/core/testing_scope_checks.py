"""What the generated scope tests check, and where the endpoints come from: the kinds of
endpoint, a ``Check`` per endpoint (``Page``, ``List``, ``Detail`` …), and the discovery
of every named URL and router route with its conventional check. ``ScopeCase``
(``core.testing_scope``) runs them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, get_resolver

if TYPE_CHECKING:
    from yingji.core.testing_scope import ScopeCase

from yingji.core.testing import JIANGAN, WUCHANG, WUHAN

LIST = "list"  # GET, shows rows: the world's object inside, not outside
DETAIL = "detail"  # GET on one object: 404 outside
EDIT = "edit"  # GET form on one object; the outsider's POST is refused without change
DELETE = "delete"  # POST only on one object; the outsider's POST is refused without change
ACTION = "action"  # POST only on one object (a transition, a decision): as DELETE
PAGE = "page"  # GET, no object (a form, a map, a chart): the permission checks only
POST = "post"  # POST only, no object: anonymous and unpermitted are refused

OBJECT_KINDS = (DETAIL, EDIT, DELETE, ACTION)
WRITE_KINDS = (DELETE, ACTION, POST)
UNSAFE_API_METHODS = ("put", "patch", "delete")


@dataclass(frozen=True)
class Endpoint:
    """One named URL as the resolver knows it."""

    name: str
    route: str
    app: str
    api: bool
    kwargs: tuple[str, ...]
    methods: frozenset[str] | None  # None: a function view (not introspectable)
    lookup_field: str = "pk"
    is_object_list_view: bool = False
    actions: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Check:
    """What to do with one endpoint; fields left to None follow the kind's defaults.

    ``obj`` names the world's object whose key fills the URL (``kwargs`` instead builds
    them from the world); ``query`` is appended to the URL (e.g. ``export=xlsx``), or is
    built from the world's objects when a callable (e.g. the year of the world's drill, so
    that a page filtered by year shows the object whatever today's date);
    ``roles`` replaces the case's permitted roles for this endpoint; ``marker`` is the
    text that shows the object in a list page; ``post`` is the outsider's form data.
    """

    kind: str = PAGE
    obj: str | None = None
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    query: str | Callable[[dict[str, Any]], str] = ""
    roles: tuple[str, ...] | None = None
    anonymous: int | None = None  # default: login redirect (pages), 401/403 (API)
    unpermitted: int = 403
    permitted: int = 200
    outsider: int | None = None  # default: 404 for object kinds, ``permitted`` otherwise
    # The request body of a write: a valid one, so that only the scope can refuse it (a
    # callable builds it from the world's objects).
    post: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None
    unpermitted_roles: tuple[str, ...] | None = None
    # The two permitted users' scopes, when not the case's (city-wide reference data).
    inside_scope: str | None = None
    outside_scope: str | None = None
    # The outsider's list shows the object too (data every scope reads).
    outsider_lists: bool = False
    # The outsider's refused write (default: ``outsider``, else 404).
    outsider_write: int | None = None
    # (inside, outside) scopes of the users trying writes, when not the reading ones.
    write_scopes: tuple[str, str] | None = None
    # The unsafe API methods tried on an object (default: all the endpoint allows).
    write_methods: tuple[str, ...] | None = None

    def query_string(self, objects: dict[str, Any]) -> str:
        """The query appended to the URL, built from the world's ``objects`` if need be."""
        return self.query(objects) if callable(self.query) else self.query

    def writer_scopes(self, case: ScopeCase) -> tuple[str, str]:
        return self.write_scopes or (self.inside_scope or case.inside_scope,
                                     self.outside_scope or case.outside_scope)


def Page(**options: Any) -> Check:
    return Check(kind=PAGE, **options)


def List(obj: str, **options: Any) -> Check:
    return Check(kind=LIST, obj=obj, **options)


def Detail(obj: str, **options: Any) -> Check:
    return Check(kind=DETAIL, obj=obj, **options)


def Edit(obj: str, **options: Any) -> Check:
    return Check(kind=EDIT, obj=obj, **options)


def Delete(obj: str, **options: Any) -> Check:
    return Check(kind=DELETE, obj=obj, **options)


def Action(obj: str, **options: Any) -> Check:
    return Check(kind=ACTION, obj=obj, **options)


def Post(**options: Any) -> Check:
    return Check(kind=POST, **options)


def city_wide_reference(key: str, *, pages: bool = True, api: bool = True,
                        page_actions: tuple[str, ...] = ("list", "detail", "add", "edit", "delete"),
                        ) -> dict[str, Check]:
    """The checks of installation-wide reference data (``core.scope.CityWideReference``):
    every scope reads it whole, so the outsider (武昌区) reads and lists it too, while
    only a city-wide user writes it: the district user (江岸区) is refused with 403."""
    reads = {"inside_scope": JIANGAN, "outside_scope": WUCHANG, "outsider": 200,
             "outsider_lists": True}
    writes = {"inside_scope": WUHAN, "outside_scope": JIANGAN, "outsider": 403}
    checks: dict[str, Check] = {}
    if pages:
        kinds = {"list": List(key, **reads), "detail": Detail(key, **reads),
                 "add": Page(**writes), "edit": Edit(key, **writes), "delete": Delete(key, **writes)}
        checks.update({f"{key}_{action}": kinds[action] for action in page_actions})
    if api:
        checks[f"{key}-list"] = List(key, **reads)
        checks[f"{key}-detail"] = Detail(key, **reads, outsider_write=403, write_scopes=(WUHAN, JIANGAN))
    return checks


@dataclass(frozen=True, repr=False)
class Planned:
    """A generated test's subject: an endpoint, its check, and a label for the test id."""

    endpoint: Endpoint
    check: Check
    label: str

    def __str__(self) -> str:
        return self.label

    __repr__ = __str__


# --- discovery ----------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "yingji" else None


def _kwarg_names(pattern: URLPattern) -> tuple[str, ...]:
    regex = pattern.pattern.regex
    return tuple(name for name in regex.groupindex if name != "format")


def all_endpoints() -> list[Endpoint]:
    """Every named URL of a Yingji app (DRF's ``.<format>`` twins left out)."""
    found: dict[str, Endpoint] = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if not pattern.name or "format" in pattern.pattern.regex.groupindex:
            continue
        callback = pattern.callback
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        app = _app_of((cls or callback).__module__)
        if app is None or pattern.name in found:
            continue
        actions: dict[str, str] = dict(getattr(callback, "actions", None) or {})
        methods: frozenset[str] | None
        if actions:
            methods = frozenset(actions)
        elif cls is not None:
            methods = frozenset(m for m in cls.http_method_names if m != "options" and hasattr(cls, m))
        else:
            methods = None
        from yingji.core.views.generic import ObjectListView

        found[pattern.name] = Endpoint(
            name=pattern.name,
            route=route,
            app=app,
            api=route.startswith("api/"),
            kwargs=_kwarg_names(pattern),
            methods=methods,
            lookup_field=getattr(cls, "lookup_field", "pk") or "pk",
            is_object_list_view=isinstance(cls, type) and issubclass(cls, ObjectListView)
            and bool(getattr(cls, "export_formats", ())),
            actions=actions,
        )
    return sorted(found.values(), key=lambda e: e.name)


def endpoints_of(apps: tuple[str, ...]) -> list[Endpoint]:
    return [e for e in all_endpoints() if e.app in apps]


_API_NAME = re.compile(r"^(?P<key>[a-z0-9]+)-(?P<action>[a-z0-9-]+)$")


def conventional_check(endpoint: Endpoint) -> Check | None:
    """The check implied by an endpoint's name, or None when its name says nothing."""
    name = endpoint.name
    if endpoint.api:
        match = _API_NAME.match(name)
        if not match or endpoint.methods is None:
            return None
        key, action = match["key"], match["action"]
        has_object = bool(endpoint.kwargs)
        if action == "list" and not has_object and "get" in endpoint.methods:
            return List(key)
        if action == "detail" and has_object and "get" in endpoint.methods:
            return Detail(key)
        if has_object:
            return Detail(key) if "get" in endpoint.methods else Action(key)
        return None
    key, _, action = name.rpartition("_")
    if not key:
        return None
    has_pk = endpoint.kwargs == ("pk",)
    if action == "list" and not endpoint.kwargs:
        return List(key)
    if action == "detail" and has_pk:
        return Detail(key)
    if action == "edit" and has_pk:
        return Edit(key)
    if action == "delete" and has_pk:
        return Delete(key)
    if action == "add" and not endpoint.kwargs:
        return Page()
    return None
