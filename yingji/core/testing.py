"""Test helpers shared by every app's tests: users in scopes, departments, clients."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.crypto import encrypt_field
from yingji.core.models import Department, DepartmentKind, Region, User
from yingji.core.rules import normalize_region_code
from yingji.core.security.totp import new_secret

TEST_PASSWORD = "Test@Passw0rd"
# Real codes used throughout the tests.
WUHAN = "420100000000"
JIANGAN = "420102000000"  # 江岸区
WUCHANG = "420106000000"  # 武昌区
JIANGAN_STREET = "420102002000"  # 江岸区 大智街道


def region(code: str) -> Region:
    return Region.objects.get(code=normalize_region_code(code))


def make_user(
    username: str,
    *,
    roles: tuple[str, ...] | list[str] = ("duty_officer",),
    scope: str | None = JIANGAN,
    industries: list[str] | None = None,
    password: str = TEST_PASSWORD,
    totp_secret: str | None = None,
    **fields: Any,
) -> User:
    """A ready-to-use account: password set now, second factor enrolled when its role
    requires one (secret available as ``user.test_totp_secret``)."""
    user = User(
        username=username,
        real_name=fields.pop("real_name", username),
        scope_region=region(scope) if scope else None,
        scope_industries=industries or [],
        password_changed_at=timezone.now(),
        **fields,
    )
    user.set_password(password)
    needs_totp = any(r in ("admin", "auditor") for r in roles)
    secret = totp_secret or (new_secret() if needs_totp else None)
    if secret:
        user.totp_secret = encrypt_field(secret)
        user.totp_enabled = True
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    user.test_totp_secret = secret  # type: ignore[attr-defined]
    return user


def make_department(name: str, *, region_code: str = JIANGAN, **fields: Any) -> Department:
    return Department.objects.create(
        name=name, kind=fields.pop("kind", DepartmentKind.OFFICE),
        region=region(region_code), **fields,
    )


def client_for(user: User) -> Client:
    """A test client signed in as ``user`` (both factors done)."""
    client = Client()
    client.force_login(user)
    return client


def system() -> Actor:
    return Actor.system("test")


def actor_for(user: User) -> Actor:
    return Actor(user=user, ip="127.0.0.1", request_id="test")


def service_url(env_name: str, default: str, probe: str) -> str:
    """URL of a real service for tests; skip visibly when it is absent, fail instead when
    YINGJI_REQUIRE_SERVICES=1 (CI always has PostgreSQL, Redis and Mosquitto)."""
    import os
    import socket
    from urllib.parse import urlparse

    import pytest

    url = os.environ.get(env_name, default)
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), 1):
            pass
    except OSError:
        reason = f"{probe} is not reachable at {url}"
        if os.environ.get("YINGJI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} (YINGJI_REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    return url


def redis_url() -> str:
    return service_url("YINGJI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15", "Redis")


SOFFICE = "/usr/bin/soffice"
CHROMIUM = "/usr/bin/chromium"


def require_chromium() -> str:
    """Debian's Chromium for a browser test: skipped without it, failed instead when CI
    requires every service (YINGJI_REQUIRE_SERVICES=1)."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("YINGJI_REQUIRE_SERVICES") == "1":
            pytest.fail("未找到 Chromium")
        pytest.skip(f"未找到 Chromium（{CHROMIUM}）")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread
    return CHROMIUM


def libreoffice_pdf(content: bytes, suffix: str) -> bytes:
    """Open a generated office file (``.xlsx``, ``.docx``) in headless LibreOffice and
    return it converted to PDF: the proof that a real office suite opens it. Skips
    visibly without LibreOffice, and fails instead when YINGJI_REQUIRE_SERVICES=1."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    import pytest

    if not Path(SOFFICE).exists():
        reason = f"LibreOffice is not installed ({SOFFICE})"
        if os.environ.get("YINGJI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} (YINGJI_REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"file{suffix}"
        source.write_bytes(content)
        # A profile of its own: parallel runs must not share LibreOffice's user folder.
        profile = Path(folder, "profile").as_uri()
        result = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            capture_output=True, timeout=180, check=False)
        target = source.with_suffix(".pdf")
        assert target.exists(), f"LibreOffice could not open the file: {result.stderr!r}"
        return target.read_bytes()
