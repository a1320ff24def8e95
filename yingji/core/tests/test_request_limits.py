"""Oversized bodies are refused before they are read, and redirects stay on this site
(issue 14 item 5)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.test import Client

from yingji.core.security.body_limit import BodyLimit
from yingji.core.testing import JIANGAN, client_for, make_user

MiB = 1024 * 1024


class Recorder:
    """An inner ASGI app that reads the whole body, as Django does, and answers 200."""

    def __init__(self) -> None:
        self.body = b""
        self.called = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # Django's RequestAborted: no response
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _run(app: Any, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[list[Any], int]:
    sent: list[Any] = []
    pulled = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled < len(chunks):
            pulled += 1
            return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/files/", "headers": headers}
    asyncio.run(app(scope, receive, send))
    return sent, pulled


def test_a_declared_oversized_body_is_refused_without_reading_it() -> None:
    inner = Recorder()
    sent, pulled = _run(BodyLimit(inner, max_bytes=10 * MiB),
                        [(b"content-length", str(200 * MiB).encode())], [b"x" * MiB] * 3)
    assert sent[0]["status"] == 413 and pulled == 0 and not inner.called
    assert "请求内容过大" in json.loads(sent[1]["body"])["error"]["message"]


def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit() -> None:
    inner = Recorder()
    sent, pulled = _run(BodyLimit(inner, max_bytes=2 * MiB), [], [b"x" * MiB] * 50)
    assert sent[0]["status"] == 413
    assert pulled == 3  # the third megabyte passed the limit; the other 47 were never read
    assert len(inner.body) == 2 * MiB


def test_a_body_within_the_limit_passes() -> None:
    inner = Recorder()
    sent, _ = _run(BodyLimit(inner, max_bytes=2 * MiB), [(b"content-length", b"5")], [b"hello"])
    assert sent[0]["status"] == 200 and inner.body == b"hello"


def test_the_served_application_is_wrapped() -> None:
    from yingji.config.asgi import application

    assert isinstance(application, BodyLimit)


@pytest.mark.django_db
def test_django_refuses_a_declared_oversized_body(settings) -> None:
    settings.REQUEST_MAX_BYTES = 1 * MiB
    client = client_for(make_user("big_upload", roles=("duty_officer",), scope=JIANGAN))
    response = client.post("/api/v1/me/", data=b"x" * (2 * MiB), content_type="application/octet-stream")
    assert response.status_code == 413 and response.json()["error"]["code"] == "request_too_large"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/",
                                    "javascript:alert(1)"])
def test_next_never_leaves_the_site(target: str) -> None:
    from yingji.core.models import Notification

    user = make_user("next_user", roles=("duty_officer",), scope=JIANGAN)
    note = Notification.objects.create(recipient=user, title="测试", body="测试")
    response = client_for(user).post(f"/notifications/{note.pk}/ack/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_next_to_a_page_of_the_site_is_kept() -> None:
    from yingji.core.models import Notification

    user = make_user("next_user2", roles=("duty_officer",), scope=JIANGAN)
    note = Notification.objects.create(recipient=user, title="测试", body="测试")
    response = client_for(user).post(f"/notifications/{note.pk}/ack/", {"next": "/warnings/?page=2"})
    assert response["Location"] == "/warnings/?page=2"
    assert Client().get("/").status_code in (200, 302)
