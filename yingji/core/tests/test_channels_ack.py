"""Notification channels over real protocols, and call-and-acknowledge (叫应)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.channels import CHANNELS, DingTalkChannel, EmailChannel, Message
from yingji.core.events import timeline
from yingji.core.models import AuditLog, Delivery, Notification
from yingji.core.models.notifications import DeliveryStatus
from yingji.core.services.notifications import (
    ack_url,
    check_acknowledgements,
    notify,
    send_delivery,
)
from yingji.core.testing import JIANGAN, client_for, make_department, make_user, system

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    """A gateway on loopback that records what it receives and answers as configured."""

    received: list[dict[str, Any]] = []
    answer: dict[str, Any] = {"code": 0, "id": "msg-1"}
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length).decode("utf-8"))
        type(self).received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        payload = json.dumps(type(self).answer).encode()
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def gateway() -> Iterator[str]:
    Recorder.received, Recorder.answer, Recorder.status = [], {"code": 0, "id": "msg-1"}, 200
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def subject():
    return make_department("江岸区应急管理局", region_code=JIANGAN)


def test_sms_gateway_receives_the_message_with_an_ack_link(settings, gateway, subject) -> None:
    settings.SMS_GATEWAY_URL = gateway + "/sms"
    settings.SMS_GATEWAY_TOKEN = "t0ken"
    person = make_user("village_head", roles=["duty_officer"], phone="13800000001")
    [note] = notify([person], title="暴雨红色预警", body="请立即组织转移", obj=subject,
                    actor=system(), channels=["sms"], requires_ack=True)
    delivery = Delivery.objects.get(notification=note)
    assert send_delivery(delivery.pk) == DeliveryStatus.SENT
    [request] = Recorder.received
    assert request["headers"]["Authorization"] == "Bearer t0ken"
    assert request["body"]["phone"] == "13800000001"
    assert "【暴雨红色预警】" in request["body"]["content"]
    assert "/ack/" in request["body"]["content"]
    delivery.refresh_from_db()
    assert (delivery.provider_id, delivery.attempts) == ("msg-1", 1)
    assert send_delivery(delivery.pk) == "already-done"


def test_gateway_refusal_and_outage(settings, gateway, subject) -> None:
    settings.SMS_GATEWAY_URL = gateway + "/sms"
    person = make_user("p1", roles=["duty_officer"], phone="13800000002")
    Recorder.answer = {"code": 40001, "message": "号码无效"}
    [note] = notify([person], title="t", actor=system(), channels=["sms"])
    delivery = Delivery.objects.get(notification=note)
    assert send_delivery(delivery.pk) == DeliveryStatus.GAVE_UP
    delivery.refresh_from_db()
    assert "短信网关拒绝：40001 号码无效" in delivery.last_error
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/unreachable"
    [note] = notify([person], title="t2", actor=system(), channels=["sms"])
    delivery = Delivery.objects.get(notification=note)
    with pytest.raises(Exception, match="无法连接网关"):
        send_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED  # retried later by the job


def test_recipient_without_phone_is_skipped_not_failed(settings, gateway) -> None:
    settings.SMS_GATEWAY_URL = gateway
    person = make_user("nophone", roles=["duty_officer"])
    [note] = notify([person], title="t", actor=system(), channels=["sms"])
    assert Delivery.objects.get(notification=note).status == DeliveryStatus.SKIPPED


def test_wecom_and_signed_dingtalk_webhooks(settings, gateway) -> None:
    settings.WECOM_WEBHOOK_URL = gateway + "/wecom?key=abc"
    settings.DINGTALK_WEBHOOK_URL = gateway + "/ding?access_token=xyz"
    settings.DINGTALK_SECRET = "SEC123"
    Recorder.answer = {"errcode": 0, "errmsg": "ok"}
    person = make_user("p2", roles=["duty_officer"], phone="13800000003")
    [note] = notify([person], title="大风预警", body="注意防范", actor=system(),
                    channels=["wecom", "dingtalk"])
    for delivery in Delivery.objects.filter(notification=note):
        assert send_delivery(delivery.pk) == DeliveryStatus.SENT
    wecom, ding = Recorder.received
    assert wecom["body"]["text"]["mentioned_mobile_list"] == ["13800000003"]
    assert ding["body"]["at"]["atMobiles"] == ["13800000003"]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(ding["path"]).query)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["sign"][0] == expected
    assert DingTalkChannel().signed_url(1700000000000).count("timestamp=1700000000000") == 1


def test_email_over_a_real_smtp_server(settings) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    inbox: list[Any] = []

    class Inbox(MessageHandler):
        def handle_message(self, message: Any) -> None:
            inbox.append(message)

    import socket

    with socket.socket() as probe:  # a free loopback port for the SMTP server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        person = make_user("mailer", roles=["duty_officer"], email="duty@example.cn")
        [note] = notify([person], title="值班提醒", body="今晚带班", actor=system(), channels=["email"])
        assert send_delivery(Delivery.objects.get(notification=note).pk) == DeliveryStatus.SENT
        # More messages from this thread reuse the SMTP session; one the server dropped
        # is reopened and the message still goes.
        channel = CHANNELS["email"]
        assert isinstance(channel, EmailChannel)
        opened = channel.connections_opened()
        for n in range(3):
            channel.send(f"team{n}@example.cn", Message("叫应测试", f"第{n}条"))
        assert channel.connections_opened() == opened
        channel._local.connection.connection.sock.shutdown(socket.SHUT_RDWR)  # the session is gone
        channel.send("late@example.cn", Message("叫应测试", "断线后"))
        assert channel.connections_opened() == opened + 1
        channel.close()
    finally:
        controller.stop()
    assert [m["To"] for m in inbox] == ["duty@example.cn", "team0@example.cn", "team1@example.cn",
                                        "team2@example.cn", "late@example.cn"]
    mail = inbox[0]
    assert mail["To"] == "duty@example.cn"
    from email.header import decode_header, make_header

    assert str(make_header(decode_header(mail["Subject"]))) == "值班提醒"
    assert "今晚带班" in mail.get_payload(decode=True).decode("utf-8")


def test_ack_link_shows_then_confirms_and_forged_links_fail(client, subject) -> None:
    person = make_user("village_head", roles=["duty_officer"], phone="13800000004")
    [note] = notify([person], title="暴雨红色预警", body="请立即组织转移", obj=subject,
                    actor=system(), requires_ack=True)
    path = ack_url(note).split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "确认收到" in page.content.decode()
    note.refresh_from_db()
    assert note.acked_at is None  # a GET (link preview) does not answer
    assert "已确认收到" in client.post(path).content.decode()
    note.refresh_from_db()
    assert note.ack_via == "link" and note.read_at is not None
    assert AuditLog.objects.filter(detail__startswith="叫应确认（短信链接）").exists()
    assert any("已叫应" in e.summary for e in timeline(subject))
    assert client.get(path[:-3] + "xyz/").status_code == 404


def test_web_ack_only_by_the_recipient(subject) -> None:
    person = make_user("p5", roles=["duty_officer"])
    other = make_user("p6", roles=["duty_officer"])
    [note] = notify([person], title="t", actor=system(), requires_ack=True)
    assert client_for(other).post(f"/notifications/{note.pk}/ack/").status_code == 404
    client_for(person).post(f"/notifications/{note.pk}/ack/")
    note.refresh_from_db()
    assert note.ack_via == "web"


def test_sms_reply_callback_is_signed(client, settings) -> None:
    settings.SMS_CALLBACK_SECRET = "cb-secret"
    person = make_user("p7", roles=["duty_officer"], phone="13800000005")
    [note] = notify([person], title="t", actor=system(), requires_ack=True)
    body = json.dumps({"phone": "13800000005", "content": "1"}).encode()
    bad = client.post("/notify/sms-callback", body, content_type="application/json",
                      headers={"X-Yingji-Signature": "0" * 64})
    assert bad.status_code == 403
    signature = hmac.new(b"cb-secret", body, hashlib.sha256).hexdigest()
    good = client.post("/notify/sms-callback", body, content_type="application/json",
                       headers={"X-Yingji-Signature": signature})
    assert good.json() == {"acknowledged": True, "notification": note.pk}
    note.refresh_from_db()
    assert note.ack_via == "sms"


def test_unanswered_call_is_resent_once_then_escalated_up_the_chain(subject) -> None:
    head = make_user("village_head", roles=["duty_officer"])
    town = make_user("town_leader", roles=["duty_leader"])
    county = make_user("county_leader", roles=["duty_leader"])
    [note] = notify([head], title="暴雨红色预警", obj=subject, actor=system(), requires_ack=True,
                    ack_within=timedelta(minutes=10), escalation_chain=[town, county])
    now = timezone.now()
    assert check_acknowledgements(now).renotified == 0
    step1 = check_acknowledgements(now + timedelta(minutes=11))
    assert (step1.renotified, step1.escalated) == (1, 0)
    assert check_acknowledgements(now + timedelta(minutes=12)).renotified == 0
    step2 = check_acknowledgements(now + timedelta(minutes=22))
    assert step2.escalated == 1
    assert Notification.objects.get(recipient=town).title == "未叫应上报：暴雨红色预警"
    assert check_acknowledgements(now + timedelta(minutes=33)).escalated == 1
    assert Notification.objects.filter(recipient=county).exists()
    assert check_acknowledgements(now + timedelta(minutes=60)).escalated == 0
    steps = [e.event_type for e in timeline(subject)]
    assert steps.count("notification.escalated") == 2 and "notification.renotified" in steps
    note.refresh_from_db()
    assert note.escalation_level == 2


def test_answered_calls_are_left_alone(subject) -> None:
    head = make_user("village_head", roles=["duty_officer"])
    town = make_user("town_leader", roles=["duty_leader"])
    [note] = notify([head], title="t", obj=subject, actor=system(), requires_ack=True,
                    ack_within=timedelta(minutes=10), escalation_chain=[town])
    client_for(head).post(f"/notifications/{note.pk}/ack/")
    result = check_acknowledgements(timezone.now() + timedelta(hours=5))
    assert (result.renotified, result.escalated) == (0, 0)


def test_message_text_for_channels() -> None:
    assert Message("标题", "正文", "http://x/").text() == "【标题】\n正文\nhttp://x/"


def test_notification_page_offers_the_ack_button_and_shows_deliveries(settings, gateway) -> None:
    settings.SMS_GATEWAY_URL = gateway
    person = make_user("p8", roles=["duty_officer"], phone="13800000006")
    [note] = notify([person], title="防汛叫应", actor=system(), requires_ack=True, channels=["sms"])
    page = client_for(person).get(f"/notifications/{note.pk}/").content.decode()
    assert "确认收到（叫应）" in page and "短信（待发送）" in page
    client_for(person).post(f"/notifications/{note.pk}/ack/", {"next": f"/notifications/{note.pk}/"})
    assert "已叫应" in client_for(person).get(f"/notifications/{note.pk}/").content.decode()
