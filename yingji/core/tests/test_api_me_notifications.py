"""The caller's own data through the API: who am I, and my messages only."""

from __future__ import annotations

import pytest
from django.test import Client

from yingji.core.models import Notification, User
from yingji.core.services.notifications import notify
from yingji.core.testing import JIANGAN, client_for, make_user, system

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_me_shows_identity_roles_and_scope(duty_officer: User) -> None:
    body = client_for(duty_officer).get("/api/v1/me/").json()
    assert body["username"] == "jiangan_duty" and body["display_name"] == "江岸值班员"
    assert body["roles"] == [{"code": "duty_officer", "name": "值班员"}]
    assert body["scope"] == {"region": {"code": JIANGAN, "name": "江岸区"},
                             "region_prefix": "420102", "industries": None}
    assert body["token"] is None
    assert body["password_expires_at"]


def test_nationwide_scope_has_no_region() -> None:
    user = make_user("national", scope=None)
    scope = client_for(user).get("/api/v1/me/").json()["scope"]
    assert scope == {"region": None, "region_prefix": None, "industries": None}


def test_me_is_read_only(duty_officer: User) -> None:
    response = client_for(duty_officer).post("/api/v1/me/", {"real_name": "x"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_each_user_sees_only_their_own_messages(duty_officer: User) -> None:
    other = make_user("other_duty")
    mine = notify([duty_officer], title="值班提醒", actor=system())[0]
    theirs = notify([other], title="别人的消息", actor=system())[0]
    client = client_for(duty_officer)
    listing = client.get(URL).json()
    assert [row["title"] for row in listing["results"]] == ["值班提醒"]
    assert client.get(f"{URL}{mine.pk}/").status_code == 200
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/mark-read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_and_mark_all_read(duty_officer: User) -> None:
    first, second, third = (notify([duty_officer], title=f"消息{i}", actor=system())[0]
                            for i in range(3))
    client = client_for(duty_officer)
    response = client.post(f"{URL}{first.pk}/mark-read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    first.refresh_from_db()
    assert first.read_at is not None
    unread = client.get(URL, {"unread": "true"}).json()
    assert {row["id"] for row in unread["results"]} == {second.pk, third.pk}
    response = client.post(f"{URL}mark-all-read/")
    assert response.json() == {"updated": 2}
    assert not Notification.objects.filter(recipient=duty_officer, read_at__isnull=True).exists()


def test_messages_need_a_signed_in_caller() -> None:
    response = Client().get(URL)
    assert response.status_code == 401
