"""The served process freezes its start-up heap (core.heap), and can be told not to."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "import gc, yingji.config.asgi; print(gc.get_freeze_count())"


def frozen_in_a_fresh_process(**env: str) -> int:
    given = {**os.environ, "DJANGO_SETTINGS_MODULE": "yingji.config.settings", "YINGJI_DEBUG": "1", **env}
    done = subprocess.run([sys.executable, "-c", PROBE], env=given, capture_output=True, text=True,
                          timeout=120, check=True)
    return int(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_asgi_application_freezes_the_start_up_heap() -> None:
    # Tens of thousands of objects: the models, URL patterns and views a request uses.
    assert frozen_in_a_fresh_process() > 50_000


@pytest.mark.slow
def test_the_freeze_can_be_turned_off() -> None:
    assert frozen_in_a_fresh_process(YINGJI_GC_FREEZE="0") == 0
