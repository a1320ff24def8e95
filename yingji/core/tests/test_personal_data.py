"""Personal data (issue 14 item 7): phones and other personal fields are SM4 ciphertext
in the database, plaintext in Python, masked on pages, in exports, in the API and in the
audit log, and shown in clear only by 查看 with ``core.reveal_personal_data``, audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.urls import reverse

from yingji.core import masking
from yingji.core.actor import Actor
from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.personal import cipher, keys
from yingji.core.personal.fields import matches, migration_steps
from yingji.core.services.users import update_user
from yingji.core.testing import JIANGAN, WUCHANG, client_for, make_user
from yingji.core.views.base import Column

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
MASK = "139****5678"


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])
        return str(cursor.fetchone()[0])


@pytest.fixture
def resident(db: Any) -> User:
    return make_user("jiangan_resident", roles=["informant"], scope=JIANGAN, phone=PHONE)


@pytest.fixture
def commander(db: Any) -> User:
    return make_user("jiangan_commander", roles=["commander"], scope=JIANGAN)


@pytest.fixture
def own_keyring(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.DATA_KEYRING = str(tmp_path / "keys" / "data-keyring.json")
    settings.DATA_KEYRING_JSON = ""
    keys.forget()
    yield Path(settings.DATA_KEYRING)
    keys.forget()


# --- storage ---------------------------------------------------------------------------


def test_the_column_holds_ciphertext_and_the_model_plaintext(resident: User) -> None:
    stored = raw_column("core_user", "phone", resident.pk)
    assert stored.startswith("sm4g:") and PHONE not in stored
    assert User.objects.get(pk=resident.pk).phone == PHONE
    assert raw_column("core_user", "phone_index", resident.pk) == cipher.blind_index(
        PHONE, "core.user.phone", "phone")


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(resident: User) -> None:
    stored = raw_column("core_user", "phone", resident.pk)
    assert cipher.decrypt(stored, "core.user.phone") == PHONE
    with pytest.raises(cipher.DecryptionError):
        cipher.decrypt(stored, "warnings.responsibleperson.phone")
    with connection.cursor() as cursor:  # a stored value swapped into the name column's place
        cursor.execute('UPDATE core_user SET phone = %s WHERE id = %s',
                       [cipher.encrypt(PHONE, "core.user.real_name"), resident.pk])
    with pytest.raises(cipher.DecryptionError):
        User.objects.get(pk=resident.pk)


def test_rotation_keeps_old_values_readable_and_writes_with_the_new_key(own_keyring: Path) -> None:
    first = make_user("rot_first", roles=[], phone=PHONE)
    assert cipher.key_id_of(raw_column("core_user", "phone", first.pk)) == "k1"
    assert keys.rotate() == "k2"
    document = json.loads(own_keyring.read_text())
    assert document["current"] == "k2" and set(document["keys"]) == {"k1", "k2"}
    assert own_keyring.stat().st_mode & 0o777 == 0o600
    second = make_user("rot_second", roles=[], phone="13700000001")
    assert cipher.key_id_of(raw_column("core_user", "phone", second.pk)) == "k2"
    assert User.objects.get(pk=first.pk).phone == PHONE
    # The blind index does not move with the keys: the old row is still found by value.
    assert list(User.objects.filter(matches(User, "phone", PHONE))) == [first]


def test_production_without_a_keyring_fails_closed(own_keyring: Path, settings: Any) -> None:
    settings.DATA_KEYRING_AUTOCREATE = False
    with pytest.raises(keys.DataKeyringError, match="个人信息密钥环不存在"):
        make_user("no_keyring", roles=[], phone=PHONE)
    assert not own_keyring.exists()


def test_a_keyring_in_the_environment_is_used(settings: Any) -> None:
    ring = {"current": "e1", "keys": {"e1": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="}}
    settings.DATA_KEYRING_JSON = json.dumps(ring)
    user = make_user("env_keyring", roles=[], phone=PHONE)
    assert cipher.key_id_of(raw_column("core_user", "phone", user.pk)) == "e1"
    assert User.objects.get(pk=user.pk).phone == PHONE


def test_lookup_by_value_goes_through_the_blind_index(resident: User) -> None:
    assert list(User.objects.filter(matches(User, "phone", "+86 139-1234-5678"))) == [resident]
    assert not User.objects.filter(matches(User, "phone", "13912345679")).exists()
    assert not User.objects.filter(matches(User, "phone", "")).exists()
    with pytest.raises(FieldError, match="盲索引"):
        list(User.objects.filter(phone=PHONE))
    with pytest.raises(FieldError, match="盲索引"):
        list(User.objects.filter(phone__contains="1391"))
    without = make_user("no_phone", roles=[])
    assert list(User.objects.filter(phone="")) == [without]


def test_the_migration_step_encrypts_plaintext_rows_and_reverses(resident: User) -> None:
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_user SET phone = %s, phone_index = '' WHERE id = %s",
                       [PHONE, resident.pk])
    forward, backward = migration_steps("core.User", ["phone"])
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    forward(apps, editor)
    forward(apps, editor)  # twice does no harm
    assert raw_column("core_user", "phone", resident.pk).startswith("sm4g:")
    assert User.objects.filter(matches(User, "phone", PHONE)).get() == resident
    backward(apps, editor)
    assert raw_column("core_user", "phone", resident.pk) == PHONE


# --- masking -------------------------------------------------------------------------


def test_masking_rules() -> None:
    assert masking.mask_phone("13812345678") == "138****5678"
    assert masking.mask_id_number("420102198001011234") == "420102********1234"
    assert masking.mask_id_number("11010519491231002x") == "110105********002X"
    assert masking.mask_name("张三") == "张*" and masking.mask_name("欧阳娜娜") == "欧阳**"
    assert masking.mask_address("武汉市江岸区大智街道黄石路12号3栋501") == "武汉市江岸区大智街道****"
    assert masking.mask_address("湖北省武汉市江岸区黄石路12号") == "湖北省武汉市江岸区****"


# --- pages, export, API, audit -----------------------------------------------------------


def test_without_the_permission_pages_and_exports_show_the_mask(district_admin: User,
                                                                resident: User) -> None:
    client = client_for(district_admin)
    html = client.get(reverse("user_detail", args=[resident.pk])).content.decode()
    assert MASK in html and PHONE not in html and "personal_reveal" not in html
    assert reverse("personal_reveal") not in html
    # List cells and export cells come from the columns (the export itself: warnings'
    # directory test).
    column = Column("phone", "手机号")
    assert column.text(resident) == MASK and column.export_value(resident) == MASK
    assert Column("x", "手机号", accessor="phone").export_value(resident) == MASK


def test_reveal_without_the_permission_is_refused_and_recorded(district_admin: User,
                                                               resident: User) -> None:
    response = client_for(district_admin).post(reverse("personal_reveal"), {
        "model": "core.user", "pk": resident.pk, "field": "phone"})
    assert response.status_code == 403 and PHONE not in response.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.DENIED, actor_id=district_admin.pk).exists()
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_with_the_permission_the_mask_stays_until_revealed_and_each_reveal_is_audited(
        commander: User, resident: User) -> None:
    client = client_for(commander)
    html = client.get(reverse("user_detail", args=[resident.pk])).content.decode()
    assert MASK in html and PHONE not in html and reverse("personal_reveal") in html
    for _ in range(2):
        response = client.post(reverse("personal_reveal"), {
            "model": "core.user", "pk": resident.pk, "field": "phone"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and PHONE in response.content.decode()
    entries = AuditLog.objects.filter(action=AuditAction.REVEAL, actor_id=commander.pk)
    assert entries.count() == 2
    entry = entries.first()
    assert entry is not None and entry.object_id == str(resident.pk) and "手机号" in entry.detail
    assert PHONE not in entry.detail


def test_an_out_of_scope_reveal_is_a_404_and_a_security_event(commander: User) -> None:
    stranger = make_user("wuchang_contact", roles=[], scope=WUCHANG, phone=PHONE)
    response = client_for(commander).post(reverse("personal_reveal"), {
        "model": "core.user", "pk": stranger.pk, "field": "phone"})
    assert response.status_code == 404 and PHONE not in response.content.decode()
    denied = AuditLog.objects.get(action=AuditAction.DENIED, actor_id=commander.pk)
    assert denied.object_type == "core.user" and denied.object_id == str(stranger.pk)
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_reveal_of_a_field_that_is_not_personal_is_a_404(commander: User, resident: User) -> None:
    client = client_for(commander)
    for body in ({"model": "core.user", "pk": resident.pk, "field": "password"},
                 {"model": "nope.model", "pk": resident.pk, "field": "phone"},
                 {"model": "core.user", "pk": "x", "field": "phone"}):
        assert client.post(reverse("personal_reveal"), body).status_code == 404


def test_the_api_answers_masks_and_reveals_through_its_endpoint(commander: User, city_admin: User,
                                                                resident: User) -> None:
    api = client_for(city_admin)
    body = api.get(f"/api/v1/users/{resident.pk}/").json()
    assert body["phone"] == MASK
    assert api.post("/api/v1/personal-data/reveal/", {"model": "core.user", "pk": resident.pk,
                                                     "field": "phone"},
                    content_type="application/json").status_code == 403
    answer = client_for(commander).post("/api/v1/personal-data/reveal/", {
        "model": "core.user", "pk": str(resident.pk), "field": "phone"},
        content_type="application/json")
    assert answer.status_code == 200 and answer.json()["value"] == PHONE
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, actor_id=commander.pk).count() == 1


def test_a_masked_echo_on_patch_keeps_the_value(city_admin: User, resident: User) -> None:
    api = client_for(city_admin)
    url = f"/api/v1/users/{resident.pk}/"
    assert api.patch(url, {"phone": MASK, "position": "楼长"},
                     content_type="application/json").status_code == 200
    resident.refresh_from_db()
    assert resident.phone == PHONE and resident.position == "楼长"
    assert api.patch(url, {"phone": "13700000002"}, content_type="application/json").status_code == 200
    resident.refresh_from_db()
    assert resident.phone == "13700000002"
    bad = api.patch(url, {"phone": "137****0000"}, content_type="application/json")
    assert bad.status_code == 400 and "phone" in bad.json()["error"]["fields"]


def test_the_audit_snapshot_holds_no_plaintext(resident: User) -> None:
    update_user(resident, {"phone": "13700000003"}, roles=None, actor=Actor.system("test"))
    entry = AuditLog.objects.filter(action=AuditAction.UPDATE,
                                    object_id=str(resident.pk)).latest("chain_index")
    text = json.dumps([entry.before, entry.after], ensure_ascii=False)
    assert PHONE not in text and "13700000003" not in text
    assert entry.before["phone"].startswith(MASK + "#") and entry.after["phone"].startswith("137****0003#")
    assert "phone_index" not in entry.after


def test_the_edit_form_never_shows_the_value_and_an_empty_entry_keeps_it(city_admin: User,
                                                                         resident: User) -> None:
    client = client_for(city_admin)
    html = client.get(reverse("user_edit", args=[resident.pk])).content.decode()
    assert PHONE not in html and MASK in html
    form = {"real_name": "居民", "phone": "", "email": "", "department": "", "position": "",
            "scope_region": JIANGAN, "is_active": "on", "roles": ["informant"]}
    response = client.post(reverse("user_edit", args=[resident.pk]), form)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "invalid-feedback" in line]
    resident.refresh_from_db()
    assert resident.phone == PHONE
