"""Key rotation with re-encryption and retiring old keys (issue 14 item 7):
``yingji data-key rotate`` rewrites every stored personal value under the new key,
``retire`` removes a key only when nothing needs it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.personal import cipher, keys
from yingji.core.personal.fields import matches
from yingji.core.testing import make_user

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM core_user WHERE id = %s', [pk])
        return str(cursor.fetchone()[0])


@pytest.fixture
def own_keyring(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.DATA_KEYRING = str(tmp_path / "keys" / "data-keyring.json")
    settings.DATA_KEYRING_JSON = ""
    keys.forget()
    yield Path(settings.DATA_KEYRING)
    keys.forget()


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("data_key", *args, stdout=out)
    return out.getvalue()


def test_rotate_rewrites_every_value_under_the_new_key(own_keyring: Path) -> None:
    first = make_user("rk_first", roles=[], phone=PHONE)
    second = make_user("rk_second", roles=[], phone="13700000001")
    index_before = raw("phone_index", first.pk)
    with connection.cursor() as cursor:  # a row still in clear, from before its migration
        cursor.execute("UPDATE core_user SET phone = %s WHERE id = %s", ["13600000002", second.pk])
    printed = run("rotate")
    assert "已轮换个人信息密钥：k2" in printed and "重新加密完成" in printed
    for user, phone in ((first, PHONE), (second, "13600000002")):
        assert cipher.key_id_of(raw("phone", user.pk)) == "k2"
        assert User.objects.get(pk=user.pk).phone == phone
    assert raw("phone_index", first.pk) == index_before
    assert list(User.objects.filter(matches(User, "phone", PHONE))) == [first]
    details = list(AuditLog.objects.filter(action=AuditAction.SECURITY).values_list("detail", flat=True))
    assert any("新密钥编号 k2" in text for text in details)
    assert any("用密钥 k2 重新加密个人信息" in text for text in details)
    # Nothing left under k1: a second pass rewrites nothing.
    assert "重新加密完成：0 条" in run("reencrypt")


def test_a_key_leaves_the_keyring_only_when_nothing_needs_it(own_keyring: Path) -> None:
    user = make_user("rk_retire", roles=[], phone=PHONE)
    run("rotate")                        # k2 current, values rewritten
    run("rotate", "--keep-old-values")   # k3 current, the values stay under k2
    assert cipher.key_id_of(raw("phone", user.pk)) == "k2"
    with pytest.raises(CommandError, match=re.escape("仍有数据使用密钥 k2（core.user.phone 1 条）")):
        run("retire", "k2")
    with pytest.raises(CommandError, match="当前密钥"):
        run("retire", "k3")
    with pytest.raises(CommandError, match="盲索引由密钥 k1 派生"):
        run("retire", "k1")
    with pytest.raises(CommandError, match="不在密钥环中"):
        run("retire", "k9")
    with pytest.raises(CommandError, match="请指定要停用的密钥编号"):
        run("retire")
    assert set(json.loads(own_keyring.read_text())["keys"]) == {"k1", "k2", "k3"}
    run("reencrypt")
    assert "已停用个人信息密钥：k2" in run("retire", "k2")
    document = json.loads(own_keyring.read_text())
    assert set(document["keys"]) == {"k1", "k3"} and document["current"] == "k3"
    keys.forget()
    assert User.objects.get(pk=user.pk).phone == PHONE
    assert AuditLog.objects.filter(action=AuditAction.SECURITY, detail="停用个人信息密钥 k2").exists()


def test_a_keyring_from_the_environment_is_not_rewritten(settings: Any) -> None:
    settings.DATA_KEYRING_JSON = json.dumps(
        {"current": "e2", "index": "e1",
         "keys": {"e0": "MjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM=",
                  "e1": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=",
                  "e2": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI="}})
    keys.forget()
    with pytest.raises(CommandError, match="由环境变量提供"):
        run("rotate")
    with pytest.raises(CommandError, match="由环境变量提供"):
        run("retire", "e0")
