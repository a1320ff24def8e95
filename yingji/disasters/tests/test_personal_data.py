"""The relief households' and the registers' personal data (个人信息保护法): ID numbers,
phones and addresses are ciphertext in the database, masked in lists, exports, the API
and the 签领表, shown in clear one value at a time by the audited reveal (only with
``core.reveal_personal_data``, only inside the scope), and the no-duplicate rule still
holds through the blind index — also against cases registered before the encryption."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditAction
from yingji.core.testing import WUCHANG, actor_for, client_for, make_user, region
from yingji.disasters.models import CasualtyRecord, DamagedHouse, ReliefCase
from yingji.disasters.services import registers, relief
from yingji.disasters.tests.conftest import VILLAGE
from yingji.disasters.tests.test_relief import ID, case_data

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ADDRESS = "武汉市江岸区大智街道保成路88号"
REVEAL = "/api/v1/personal-data/reveal/"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def _case(event: Any, people: dict[str, Any], **fields: Any) -> ReliefCase:
    data = case_data(event, phone=PHONE, address=ADDRESS, **fields)
    return relief.create_case(data, actor=actor_for(people["informant"]))


def _casualty(event: Any, people: dict[str, Any]) -> CasualtyRecord:
    data = {
        "event": event,
        "region": region(VILLAGE),
        "name": "王某",
        "gender": "男",
        "age": 70,
        "status": "dead",
        "cause": "房屋倒塌",
        "occurred_at": timezone.now() - timedelta(minutes=30),
        "id_number": ID,
    }
    return registers.add_casualty(data, actor=actor_for(people["informant"]))


def _house(event: Any, people: dict[str, Any]) -> DamagedHouse:
    data = {
        "event": event,
        "region": region(VILLAGE),
        "head_name": "李某",
        "address": ADDRESS,
        "degree": "severe",
        "rooms": 3,
        "id_number": ID,
    }
    return registers.add_house(data, actor=actor_for(people["informant"]))


def test_the_database_holds_only_ciphertext(event, people) -> None:
    case, person, house = _case(event, people), _casualty(event, people), _house(event, people)
    stored = [
        _raw("disasters_reliefcase", "id_number", case.pk),
        _raw("disasters_reliefcase", "phone", case.pk),
        _raw("disasters_reliefcase", "address", case.pk),
        _raw("disasters_casualtyrecord", "id_number", person.pk),
        _raw("disasters_damagedhouse", "id_number", house.pk),
        _raw("disasters_damagedhouse", "address", house.pk),
    ]
    for value in stored:
        assert value.startswith("sm4g:"), value
        assert ID not in value and PHONE not in value and "保成路" not in value
    index = _raw("disasters_reliefcase", "id_number_index", case.pk)
    assert len(index) == 64 and ID not in index
    fresh = ReliefCase.objects.get(pk=case.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID, PHONE, ADDRESS)
    assert CasualtyRecord.objects.get(pk=person.pk).id_number == ID
    for entry in AuditLog.objects.filter(object_type__startswith="disasters."):
        assert ID not in str(entry.after) and PHONE not in str(entry.after)


def test_lists_details_exports_and_the_api_show_masks_even_to_a_revealer(event, people) -> None:
    case, person, house = _case(event, people), _casualty(event, people), _house(event, people)
    client = client_for(people["county"])  # holds core.reveal_personal_data
    for url in (
        "/disasters/relief/",
        f"/disasters/relief/{case.pk}/",
        "/disasters/casualties/",
        f"/disasters/casualties/{person.pk}/",
        "/disasters/houses/",
        f"/disasters/houses/{house.pk}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "110105********002X" in text, url
        assert ID not in text and PHONE not in text and "保成路88号" not in text, url
    export = client.get("/disasters/relief/?export=xlsx")
    assert export.status_code == 200
    cells = [str(c) for row in load_workbook(io.BytesIO(export.content)).active.values for c in row]
    assert "110105********002X" in cells and ID not in " ".join(cells)
    api = client.get(f"/api/v1/disasters/relief/{case.pk}/").json()
    assert api["id_number"] == "110105********002X" and "保成路88号" not in api["address"]
    assert "id_number_index" not in api
    people_api = client.get("/api/v1/disasters/casualties/").json()["results"]
    assert [p["id_number"] for p in people_api] == ["110105********002X"]
    houses_api = client.get("/api/v1/disasters/houses/").json()["results"]
    assert houses_api[0]["address"] == "武汉市江岸区大智街道****"


def test_the_reveal_gives_one_value_audited_and_only_with_the_permission(event, people) -> None:
    case = _case(event, people)
    target = {"model": "disasters.reliefcase", "pk": str(case.pk), "field": "id_number"}
    refused = client_for(people["informant"]).post(REVEAL, target, content_type="application/json")
    assert refused.status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    answer = client_for(people["county"]).post(REVEAL, target, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["value"] == ID
    entry = AuditLog.objects.get(action=AuditAction.REVEAL, object_type="disasters.reliefcase")
    assert entry.actor_id == people["county"].pk and "身份证号" in entry.detail
    house = _house(event, people)
    shown = client_for(people["county"]).post(
        REVEAL,
        {"model": "disasters.damagedhouse", "pk": str(house.pk), "field": "address"},
        content_type="application/json",
    )
    assert shown.json()["value"] == ADDRESS
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 2


def test_an_out_of_scope_officer_sees_nothing(event, people) -> None:
    case, person = _case(event, people), _casualty(event, people)
    outsider = make_user("t_wc_duty", roles=["duty_officer"], scope=WUCHANG)
    client = client_for(outsider)
    assert client.get("/api/v1/disasters/relief/").json()["results"] == []
    assert client.get("/api/v1/disasters/casualties/").json()["results"] == []
    assert client.get(f"/disasters/relief/{case.pk}/").status_code == 404
    assert "110105" not in client.get("/disasters/relief/").content.decode()
    for model, pk in (("disasters.reliefcase", case.pk), ("disasters.casualtyrecord", person.pk)):
        answer = client.post(
            REVEAL, {"model": model, "pk": str(pk), "field": "id_number"}, content_type="application/json"
        )
        assert answer.status_code == 404
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    assert AuditLog.objects.filter(action=AuditAction.DENIED, actor_id=outsider.pk).exists()


def test_a_case_registered_before_the_encryption_still_refuses_its_duplicate(event, people) -> None:
    """Migration 0007 gave the old cases their mask as the number and kept their digest
    as the index; a new application of the same household and category is refused, and
    saving the old case keeps the digest."""
    old = _case(event, people, id_number="110105194912310038")
    ReliefCase.objects.filter(pk=old.pk).update(
        id_number="110105********0038", id_number_index=relief.legacy_digest("110105194912310038")
    )
    with pytest.raises(ValidationError) as refused:
        _case(event, people, id_number="110105194912310038")
    assert "不能重复救助" in refused.value.message_dict["id_number"][0]
    old = ReliefCase.objects.get(pk=old.pk)
    relief.update_case(old, {"members": 5}, actor=actor_for(people["informant"]))
    assert _raw("disasters_reliefcase", "id_number_index", old.pk) == relief.legacy_digest(
        "110105194912310038"
    )
    assert ReliefCase.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrations_0007_to_0009_encrypt_the_rows_in_place_and_keeps_the_old_digests() -> None:
    from django.db.migrations.executor import MigrationExecutor

    from yingji.core.models import Region

    before = [("disasters", "0006_verify_permission")]
    after = [("disasters", "0009_drop_masked_copies")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    village = Region.objects.get(code=VILLAGE)
    Event = old.get_model("disasters", "DisasterEvent")
    event = Event.objects.create(
        title="旧暴雨", kind="flood", grade="major", region_id=village.code[:6] + "000000",
        started_at=timezone.now(), description="旧数据", state="developing",
    )
    digest = relief.legacy_digest("110105194912310038")
    old.get_model("disasters", "ReliefCase").objects.create(
        event=event, region_id=VILLAGE, category="emergency", head_name="旧户", situation="进水",
        id_masked="110105********0038", id_hash=digest, phone=PHONE, address=ADDRESS, state="applied",
    )
    old.get_model("disasters", "DamagedHouse").objects.create(
        event=event, region_id=VILLAGE, head_name="旧户", id_masked="110105********0038",
        address=ADDRESS, degree="severe", rooms=2,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # On to the app's latest state, which today's models (read below) expect.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("disasters"))
    case = ReliefCase.objects.get()
    assert (case.id_number, case.phone, case.address) == ("110105********0038", PHONE, ADDRESS)
    for column in ("id_number", "phone", "address"):
        assert _raw("disasters_reliefcase", column, case.pk).startswith("sm4g:")
    assert _raw("disasters_reliefcase", "id_number_index", case.pk) == digest
    house = DamagedHouse.objects.get()
    assert _raw("disasters_damagedhouse", "address", house.pk).startswith("sm4g:")
    assert house.address == ADDRESS and house.id_number == "110105********0038"
    assert relief.already_registered(case.event, "emergency", "110105194912310038")
