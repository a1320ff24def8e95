"""Settings refuse unsafe combinations before anything starts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _check(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("YINGJI_")}
    clean.update({"YINGJI_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "yingji.config.cli", "check"],
        env=clean, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.slow
def test_demo_mode_refuses_to_start_without_debug_unless_told(tmp_path) -> None:
    refused = _check({"YINGJI_DEMO": "1"}, tmp_path)
    assert refused.returncode != 0
    assert "YINGJI_DEMO_ALLOW_PRODUCTION" in refused.stderr
    allowed = _check({"YINGJI_DEMO": "1", "YINGJI_DEMO_ALLOW_PRODUCTION": "1"}, tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    # The local install made a random key of its own, readable by its owner only.
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"


@pytest.mark.slow
def test_production_without_secret_key_refuses(tmp_path) -> None:
    refused = _check({}, tmp_path)
    assert refused.returncode != 0 and "YINGJI_SECRET_KEY" in refused.stderr


@pytest.mark.slow
def test_production_without_tls_settings_refuses(tmp_path) -> None:
    key = {"YINGJI_SECRET_KEY": "k" * 50}
    refused = _check(key, tmp_path)
    assert refused.returncode != 0 and "YINGJI_SECURE_COOKIES" in refused.stderr
    refused = _check({**key, "YINGJI_SECURE_COOKIES": "1"}, tmp_path)
    assert refused.returncode != 0 and "YINGJI_HSTS_SECONDS" in refused.stderr
    allowed = _check({**key, "YINGJI_SECURE_COOKIES": "1", "YINGJI_HSTS_SECONDS": "31536000"}, tmp_path)
    assert allowed.returncode == 0, allowed.stderr
