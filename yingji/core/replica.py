"""Heavy read-only pages read from a PostgreSQL streaming replica.

With ``YINGJI_DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database and
``ReplicaRouter``. Only what runs inside ``replica_reads()`` reads from it: the pages that
scan a city's data (analysis, statistics, the big screen, exports), marked with
``ReplicaReadsMixin`` or ``reads_from_replica``. Everything else, and every read inside a
transaction on the primary (a service that reads then writes, the audit chain's last
hash), stays on the primary.

Read-your-own-writes: a replica lags by a moment, so a user who has just changed
something would not see it there. Every unsafe request (POST, PUT, PATCH, DELETE) pins its
session to the primary for ``REPLICA_PIN_SECONDS``; the session lives in the database, so
the pin holds on every web process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_KEY = "replica_pinned_until"
# The primary's transaction depth when the marked block began (None: not marked). A
# transaction opened inside the block reads from the primary; one around it (a request
# wrapped in a transaction, a test) does not count.
_reads: ContextVar[int | None] = ContextVar("yingji_replica_reads", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def pinned(request: HttpRequest | None) -> bool:
    session = getattr(request, "session", None)
    return session is not None and float(session.get(PIN_KEY, 0)) > time.time()


def pin(request: HttpRequest) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[PIN_KEY] = time.time() + settings.REPLICA_PIN_SECONDS


@contextmanager
def replica_reads(request: HttpRequest | None = None) -> Iterator[bool]:
    """Reads in the block go to the replica (True yielded), unless none is configured or
    the request's session is pinned to the primary by a recent write."""
    use = configured() and not pinned(request)
    token = _reads.set(_depth() if use else None)
    try:
        yield use
    finally:
        _reads.reset(token)


def _depth() -> int:
    return len(connections["default"].atomic_blocks)


def reading_from_replica() -> bool:
    depth = _reads.get()
    return depth is not None and _depth() == depth


class ReplicaRouter:
    """Reads marked by ``replica_reads()`` outside a primary transaction go to the
    replica; everything else to the primary, which alone is migrated."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if reading_from_replica() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


class ReplicaPinMiddleware:
    """An unsafe request pins its session to the primary (read-your-own-writes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if configured() and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            pin(request)
        return self.get_response(request)


class ReplicaReadsMixin:
    """A view whose every read may come from the replica (a heavy read-only page)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with replica_reads(request):
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The function-view form of ``ReplicaReadsMixin``."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with replica_reads(request):
            return view(request, *args, **kwargs)
    return wrapper
