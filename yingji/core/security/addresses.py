"""The client's address, trusted only as far as the configured proxies vouch for it.

``X-Forwarded-For`` is written by whoever sends the request, so only the entries added
by proxies we run can be believed. The socket address must be a trusted proxy for the
header to count at all; the header is then read right to left, skipping further trusted
proxies, and the first address not among them is the client. With no proxy configured
(``YINGJI_TRUSTED_PROXIES`` empty) the socket address is the client, whatever the header
says. Entries are addresses or networks (``10.0.0.0/8``, ``::1``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def resolve_client_address(remote: str, forwarded: str, proxies: Iterable[str]) -> str:
    """The client address given the socket address, the X-Forwarded-For header and the
    trusted proxies (pure: the rule itself, tested case by case)."""
    networks = _networks(tuple(proxies))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a forged or broken entry: do not believe what lies beyond it
    return hops[0] if hops else remote


def client_address(request: HttpRequest) -> str:
    """The address recorded in the audit log and used by the login throttles."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    address = resolve_client_address(remote, str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
                                     settings.TRUSTED_PROXIES)
    return address[:45]
