"""Where a "back" or ``next`` redirect may go: a path of this site, never another host.

A value from the client (a ``next`` field, a Referer header) is used only when it is a
path on this site: ``/x/y?z``. Protocol-relative ``//host``, back-slashed ``/\\host``,
any scheme and any other host fall back to the default. An absolute URL naming this very
host (a Referer) is reduced to its path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, value: str | None, default: str = "/") -> str:
    """``value`` if it is a path of this site (or this site's own absolute URL, reduced to
    its path), else ``default``."""
    if not value:
        return default
    value = value.strip()
    if value.startswith("/") and not value.startswith(("//", "/\\")) and url_has_allowed_host_and_scheme(
            value, allowed_hosts=set()):
        return value
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path
    return default
