"""Serving the project under uvicorn inside a test, as production serves it, so that
Server-Sent Events really stream (Django's WSGI live server holds a stream until it
ends). Used by the browser tests of live pages through the ``asgi_server`` and
``live_bus`` fixtures (``conftest.py``)."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings

from yingji.core import live


class AsgiServer:
    """The project's ASGI application under uvicorn in a thread of the test process.

    On PostgreSQL every request thread opens its own connection to the test database
    and closes it at the end of the request.
    SQLite's test database lives in this process's memory, so, as Django's own live
    server does, every request thread uses the test's connection; requests are then
    handled one at a time (a shared connection cannot hold two transactions) except
    that an event stream releases its turn once its headers are sent.
    """

    def __init__(self) -> None:
        import uvicorn
        from django.core.asgi import get_asgi_application
        from django.db import connections

        self.django_app = get_asgi_application()
        connection = connections["default"]  # the test thread's own, not the proxy
        in_memory = connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", bool)()
        self.shared = connection if in_memory else None
        if self.shared is not None:
            self.shared.inc_thread_sharing()
        self.turn: asyncio.Lock | None = None
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, interface="asgi3", lifespan="off", log_level="warning",
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def _adopt(self) -> None:
        from django.db import connections

        assert self.shared is not None
        connections["default"] = self.shared

    async def app(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.django_app(scope, receive, send)
        elif self.shared is None:
            # The request's thread closes its connection when done (the thread ends, and
            # the test database must have no sessions left when it is dropped).
            async with ThreadSensitiveContext():
                try:
                    await self.django_app(scope, receive, send)
                finally:
                    await sync_to_async(_close_connections)()
        else:
            await self._one_at_a_time(scope, receive, send)

    async def _one_at_a_time(self, scope: dict[str, Any], receive: Callable[..., Any],
                             send: Callable[..., Any]) -> None:
        if self.turn is None:
            self.turn = asyncio.Lock()
        turn = self.turn
        # One thread for the whole request (Django's own context is then a no-op).
        async with ThreadSensitiveContext():
            await sync_to_async(self._adopt)()
            await turn.acquire()
            held = [True]

            def release() -> None:
                if held[0]:
                    held[0] = False
                    turn.release()

            async def sending(message: Mapping[str, Any]) -> None:
                if message["type"] == "http.response.start" and scope["path"] == "/events/stream":
                    release()
                await send(message)

            try:
                await self.django_app(scope, receive, sending)
            finally:
                release()

    def start(self) -> None:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return
            time.sleep(0.05)
        raise RuntimeError("uvicorn did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
        # A request cut short by a closing page can leave its thread's connection in a
        # reference cycle: collect it, so the test database is left without sessions.
        gc.collect()
        if self.shared is not None:
            self.shared.dec_thread_sharing()


def _close_connections() -> None:
    from django.db import connections

    connections.close_all()


def serving() -> Iterator[AsgiServer]:
    """A started server, stopped afterwards (the ``asgi_server`` fixture)."""
    server = AsgiServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def chosen_bus() -> Iterator[None]:
    """The bus the settings choose: Redis pub/sub with YINGJI_REDIS_URL (on a channel of
    this test's own), else the in-process bus (the ``live_bus`` fixture)."""
    if settings.LIVE_BUS == "redis":
        live.set_bus(live.RedisBus(settings.REDIS_URL, f"yingji:test-live-{uuid.uuid4().hex}"))
    yield
    live.set_bus(None)
