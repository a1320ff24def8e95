"""站内消息 pages: each user sees only their own messages; reading marks them read;
the HTMX actions update the row and the top-bar badge."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import Notification, User
from yingji.core.services.notifications import notify
from yingji.core.testing import client_for, system

pytestmark = pytest.mark.django_db


def send(user: User, title: str, **kwargs: Any) -> Notification:
    return notify([user], title=title, actor=system(), **kwargs)[0]


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    assert client.get(reverse("notification_list")).status_code == 302


def test_list_shows_only_own_messages(duty_officer: User, district_admin: User) -> None:
    send(duty_officer, "请于17:00前报送值班信息")
    send(district_admin, "管理员的消息")
    html = client_for(duty_officer).get(reverse("notification_list")).content.decode()
    assert "请于17:00前报送值班信息" in html and "管理员的消息" not in html
    assert "未读" in html and "全部标为已读" in html


def test_any_signed_in_role_may_read_messages() -> None:
    from yingji.core.testing import make_user

    public = make_user("resident", roles=["public"])
    send(public, "预警信息")
    assert "预警信息" in client_for(public).get(reverse("notification_list")).content.decode()


def test_opening_a_message_marks_it_read(duty_officer: User) -> None:
    note = send(duty_officer, "值班提醒", body="今晚带班领导：张三", link="/regions/")
    html = client_for(duty_officer).get(reverse("notification_detail", args=[note.pk])).content.decode()
    assert "今晚带班领导：张三" in html and 'href="/regions/"' in html
    note.refresh_from_db()
    assert note.read_at is not None


def test_external_link_is_not_offered(duty_officer: User) -> None:
    note = send(duty_officer, "外链", link="https://evil.example/phish")
    html = client_for(duty_officer).get(reverse("notification_detail", args=[note.pk])).content.decode()
    assert 'href="https://evil.example' not in html
    assert "查看相关事项" not in html


def test_someone_elses_message_is_404(duty_officer: User, district_admin: User) -> None:
    other = send(district_admin, "管理员的消息")
    client = client_for(duty_officer)
    assert client.get(reverse("notification_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_htmx_mark_read_returns_the_new_state(duty_officer: User) -> None:
    note = send(duty_officer, "值班提醒")
    response = client_for(duty_officer).post(reverse("notification_read", args=[note.pk]),
                                             headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "已读" in response.content.decode()
    assert response["HX-Trigger"] == "notifications-changed"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read(duty_officer: User) -> None:
    send(duty_officer, "一")
    send(duty_officer, "二")
    response = client_for(duty_officer).post(reverse("notification_read_all"), follow=True)
    assert "已将2条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=duty_officer, read_at__isnull=True).exists()


def test_badge_shows_the_unread_count(duty_officer: User) -> None:
    send(duty_officer, "一")
    send(duty_officer, "二")
    html = client_for(duty_officer).get(reverse("notification_badge")).content.decode()
    assert ">2</span>" in html and 'id="notification-badge"' in html
    mobile = client_for(duty_officer).get(reverse("notification_badge"),
                                          {"id": "notification-badge-mobile"}).content.decode()
    assert 'id="notification-badge-mobile"' in mobile
    forged = client_for(duty_officer).get(reverse("notification_badge"),
                                          {"id": '"><img src=x>'}).content.decode()
    assert "<img" not in forged and 'id="notification-badge"' in forged


def test_filter_unread(duty_officer: User) -> None:
    read = send(duty_officer, "已看过的")
    send(duty_officer, "还没看的")
    client = client_for(duty_officer)
    client.get(reverse("notification_detail", args=[read.pk]))
    html = client.get(reverse("notification_list"), {"unread": "true"}).content.decode()
    assert "还没看的" in html and "已看过的" not in html
