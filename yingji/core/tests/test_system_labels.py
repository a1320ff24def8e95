"""Every system actor a job or command acts as reads in Chinese on a timeline and in the
workbench's 最新动态 (系统（灾情续报）, not 系统（disasters）)."""

from __future__ import annotations

import re
from pathlib import Path

from yingji.core.actor import SYSTEM_LABELS, Actor, system_label

SOURCE = Path(__file__).resolve().parents[2]
_SYSTEM_CALL = re.compile(r"""Actor\.system\(\s*["']([^"']+)["']""")


def test_every_system_actor_in_the_code_has_a_chinese_label() -> None:
    names = {name for path in SOURCE.rglob("*.py") if "tests" not in path.parts
             for name in _SYSTEM_CALL.findall(path.read_text(encoding="utf-8"))}
    assert "disasters" in names and "deadlines" in names  # the scan finds them
    unlabelled = sorted(n for n in names if n not in SYSTEM_LABELS and n.isascii())
    assert unlabelled == [], f"system actors without a Chinese label: {unlabelled}"


def test_the_label_is_what_a_timeline_shows() -> None:
    assert Actor.system("disasters").label == "系统（灾情续报）"
    assert system_label("data-key") == "个人信息密钥管理"
