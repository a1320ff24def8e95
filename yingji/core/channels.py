"""Notification channels: each a small adapter that carries one message to one address.

- ``sms``: an SMS gateway over HTTP (POST JSON {phone, content, sign}, bearer token;
  success is HTTP 2xx and, if present, ``code`` 0/"0"/"OK").
- ``wecom``: an enterprise WeChat group robot webhook (msgtype text, @mobile).
- ``dingtalk``: a DingTalk group robot webhook, signed with HMAC-SHA256 when a secret is
  configured (timestamp + sign query parameters).
- ``email``: SMTP.

HTTP adapters share one pool of kept-alive connections (``http_pool``), so the sender
threads of a bulk notification reuse their connections to the gateway.

A channel raises ``ChannelError`` with a Chinese reason; ``retryable`` says whether a
later attempt may succeed (network trouble, 5xx) or not (a refused address).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import smtplib
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import urllib3
from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class ChannelError(Exception):
    """A message could not be carried."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str = ""

    def text(self) -> str:
        parts = [f"【{self.title}】", self.body]
        if self.link:
            parts.append(self.link)
        return "\n".join(p for p in parts if p)


class Channel:
    code = ""
    label = ""

    def configured(self) -> bool:
        raise NotImplementedError

    def address_of(self, user: Any) -> str:
        """Where this channel reaches ``user`` ("" if it cannot)."""
        return str(getattr(user, "phone", "") or "")

    def send(self, address: str, message: Message) -> str:
        """Send; return the provider's id for the message (may be "")."""
        raise NotImplementedError


_pool: tuple[int, urllib3.PoolManager] | None = None
_pool_lock = threading.Lock()


def http_pool() -> urllib3.PoolManager:
    """One process-wide pool of kept-alive connections per gateway host, shared by the
    sender threads (thread-safe), so a batch does not pay a TCP handshake per message.
    No automatic retries: a failed attempt is the delivery's business (backoff, status)."""
    global _pool
    size = max(1, settings.NOTIFY_CONCURRENCY)
    with _pool_lock:
        if _pool is None or _pool[0] != size:
            _pool = (size, urllib3.PoolManager(num_pools=8, maxsize=size, retries=False))
        return _pool[1]


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        response = http_pool().request(
            "POST", url, body=data, retries=False,
            timeout=urllib3.Timeout(total=settings.NOTIFY_HTTP_TIMEOUT),
            headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise ChannelError(f"无法连接网关：{exc}") from exc
    if response.status >= 400:
        raise ChannelError(f"网关返回HTTP {response.status}", retryable=response.status >= 500)
    raw = response.data
    try:
        return json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError as exc:
        raise ChannelError("网关应答不是JSON") from exc


class SmsChannel(Channel):
    code, label = "sms", "短信"

    def configured(self) -> bool:
        return bool(settings.SMS_GATEWAY_URL)

    def send(self, address: str, message: Message) -> str:
        headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if (
            settings.SMS_GATEWAY_TOKEN) else {}
        answer = post_json(settings.SMS_GATEWAY_URL, {
            "phone": address, "content": message.text(), "sign": settings.SMS_SIGN,
        }, headers)
        code = answer.get("code", 0) if isinstance(answer, dict) else 0
        if str(code) not in ("0", "OK", "ok"):
            reason = answer.get("message", "") if isinstance(answer, dict) else ""
            raise ChannelError(f"短信网关拒绝：{code} {reason}".strip(), retryable=False)
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


class WeComChannel(Channel):
    code, label = "wecom", "企业微信"

    def configured(self) -> bool:
        return bool(settings.WECOM_WEBHOOK_URL)

    def send(self, address: str, message: Message) -> str:
        answer = post_json(settings.WECOM_WEBHOOK_URL, {
            "msgtype": "text",
            "text": {"content": message.text(), "mentioned_mobile_list": [address] if address else []},
        })
        _robot_ok(answer)
        return ""


class DingTalkChannel(Channel):
    code, label = "dingtalk", "钉钉"

    def configured(self) -> bool:
        return bool(settings.DINGTALK_WEBHOOK_URL)

    def signed_url(self, now_ms: int | None = None) -> str:
        url = settings.DINGTALK_WEBHOOK_URL
        if not settings.DINGTALK_SECRET:
            return str(url)
        timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
        digest = hmac.new(settings.DINGTALK_SECRET.encode(),
                          f"{timestamp}\n{settings.DINGTALK_SECRET}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest))
        joiner = "&" if "?" in url else "?"
        return f"{url}{joiner}timestamp={timestamp}&sign={sign}"

    def send(self, address: str, message: Message) -> str:
        answer = post_json(self.signed_url(), {
            "msgtype": "text", "text": {"content": message.text()},
            "at": {"atMobiles": [address] if address else [], "isAtAll": False},
        })
        _robot_ok(answer)
        return ""


class EmailChannel(Channel):
    """SMTP, one kept-open connection per sending thread: a bulk notification's sender
    threads send many messages each, and a new SMTP session (TCP, EHLO, STARTTLS,
    AUTH) per message costs more than the message. A connection idle for more than
    ``IDLE_SECONDS`` is replaced at the thread's next message (servers drop idle
    sessions), and one the server dropped is reopened once; should a server drop the
    session after accepting a message, that message may arrive twice (a notice, not a
    payment: the lesser evil than losing it)."""

    code, label = "email", "电子邮件"
    IDLE_SECONDS = 30.0

    def __init__(self) -> None:
        self._local = threading.local()

    def configured(self) -> bool:
        return bool(settings.EMAIL_HOST)

    def address_of(self, user: Any) -> str:
        return str(getattr(user, "email", "") or "")

    def send(self, address: str, message: Message) -> str:
        body = message.body + (f"\n\n{message.link}" if message.link else "")
        for attempt in (1, 2):
            try:
                connection = self._connection()
            except OSError as exc:  # refused, unreachable, TLS or login failed
                raise ChannelError(f"邮件服务器连接失败：{exc}") from exc
            email = EmailMessage(subject=message.title, body=body, to=[address], connection=connection)
            try:
                email.send()
            except smtplib.SMTPServerDisconnected as exc:
                self.close()
                if attempt == 2:
                    raise ChannelError(f"邮件发送失败：{exc}") from exc
                continue  # the kept connection had gone stale: once more on a new one
            except smtplib.SMTPRecipientsRefused as exc:
                raise ChannelError(f"收件地址被拒绝：{address}", retryable=False) from exc
            except OSError as exc:  # smtplib errors are OSError subclasses
                self.close()
                raise ChannelError(f"邮件发送失败：{exc}") from exc
            self._local.used_at = time.monotonic()
            break
        return ""

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is not None and time.monotonic() - self._local.used_at > self.IDLE_SECONDS:
            self.close()
            connection = None
        if connection is None:
            connection = get_connection("django.core.mail.backends.smtp.EmailBackend", fail_silently=False)
            connection.open()
            self._local.connection, self._local.used_at = connection, time.monotonic()
            self._local.opened = getattr(self._local, "opened", 0) + 1
        return connection

    def close(self) -> None:
        """Close this thread's connection (if any)."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            with contextlib.suppress(OSError):  # already broken: nothing to tidy
                connection.close()

    def connections_opened(self) -> int:
        """SMTP sessions this thread has opened (for tests and diagnostics)."""
        return int(getattr(self._local, "opened", 0))


def _robot_ok(answer: Any) -> None:
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code != 0:
        message = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise ChannelError(f"机器人接口返回错误：{code} {message}".strip(), retryable=False)


CHANNELS: dict[str, Channel] = {c.code: c for c in (SmsChannel(), WeComChannel(), DingTalkChannel(),
                                                    EmailChannel())}
CHANNEL_LABELS = {"inapp": "站内消息", **{code: c.label for code, c in CHANNELS.items()}}


def configured_channels() -> list[str]:
    return [code for code, channel in CHANNELS.items() if channel.configured()]
