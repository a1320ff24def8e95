"""Client addresses are believed only as far as the configured proxies vouch for them
(issue 14 item 3): with no proxy any X-Forwarded-For is ignored, behind a proxy the
header is read right to left."""

from __future__ import annotations

import pytest
from django.test import Client

from yingji.core.models import AuditLog
from yingji.core.security.addresses import resolve_client_address
from yingji.core.testing import JIANGAN, make_user

pytestmark = pytest.mark.django_db

PROXY = ["10.0.0.0/8"]


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert resolve_client_address("203.0.113.9", "1.2.3.4", []) == "203.0.113.9"


def test_a_header_from_an_untrusted_peer_is_ignored() -> None:
    assert resolve_client_address("203.0.113.9", "1.2.3.4", PROXY) == "203.0.113.9"


def test_behind_a_proxy_the_last_untrusted_hop_is_the_client() -> None:
    # The client claimed 1.2.3.4 itself; the proxy appended the address it saw.
    assert resolve_client_address("10.0.0.2", "1.2.3.4, 198.51.100.7", PROXY) == "198.51.100.7"
    # Two trusted proxies in a row are skipped.
    assert resolve_client_address("10.0.0.2", "198.51.100.7, 10.1.1.1", PROXY) == "198.51.100.7"
    # Only proxies: the first entry is the farthest address known.
    assert resolve_client_address("10.0.0.2", "10.9.9.9", PROXY) == "10.9.9.9"
    assert resolve_client_address("10.0.0.2", "", PROXY) == "10.0.0.2"
    # Garbage in the header does not become the address.
    assert resolve_client_address("10.0.0.2", "<script>", PROXY) == "10.0.0.2"
    assert resolve_client_address("::1", "2001:db8::5", ["::1"]) == "2001:db8::5"


def _login_address(settings, remote: str, forwarded: str, proxies: list[str]) -> str:
    settings.TRUSTED_PROXIES = proxies
    make_user("addr_user", roles=("duty_officer",), scope=JIANGAN, password="Aa1!aaaaaaaa")
    Client(REMOTE_ADDR=remote).post("/login/", {"username": "addr_user", "password": "wrong"},
                                    HTTP_X_FORWARDED_FOR=forwarded)
    entry = AuditLog.objects.order_by("-chain_index").first()
    assert entry is not None
    return entry.ip


def test_the_audit_log_records_the_socket_address_without_proxies(settings) -> None:
    assert _login_address(settings, "203.0.113.9", "6.6.6.6", []) == "203.0.113.9"


def test_the_audit_log_records_the_client_behind_a_trusted_proxy(settings) -> None:
    assert _login_address(settings, "10.0.0.2", "6.6.6.6, 198.51.100.7", PROXY) == "198.51.100.7"
