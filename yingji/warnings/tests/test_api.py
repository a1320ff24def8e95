"""API: bulletins with workflow steps, board, versions and CAP; the directory; CAP import;
the monitoring feed that drafts bulletins. Scope, permissions and Chinese errors."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.services.tokens import issue_token
from yingji.core.testing import JIANGAN, JIANGAN_STREET, client_for, make_user, system
from yingji.warnings import cap
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.tests.conftest import publish

pytestmark = pytest.mark.django_db
B = "/api/v1/warnings/bulletins/"
P = "/api/v1/warnings/people/"


def payload(**extra: Any) -> dict[str, Any]:
    return {"warning_type": "rainstorm", "level": "yellow", "region": JIANGAN,
            "target_regions": [JIANGAN_STREET], "effective_at": "2030-07-01T08:00:00+08:00",
            "expires_at": "2030-07-01T20:00:00+08:00", "content": "预计6小时降雨量50毫米以上",
            "issuer": "江岸区应急管理局", **extra}


def test_draft_submit_publish_board_and_cap(officer, leader, people) -> None:
    api = client_for(officer)
    created = api.post(B, payload(), content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft" and body["title"] == "江岸区暴雨黄色预警"
    pk = body["id"]
    stale = api.post(f"{B}{pk}/transition/", {"name": "submit", "version": 5},
                     content_type="application/json")
    assert stale.status_code == 409 and "已被他人处理" in stale.json()["error"]["message"] + str(
        stale.json()["error"]["fields"])
    assert api.post(f"{B}{pk}/transition/", {"name": "submit", "version": 0},
                    content_type="application/json").status_code == 200
    refused = api.post(f"{B}{pk}/transition/", {"name": "publish"}, content_type="application/json")
    assert refused.status_code == 403 and "审核发布" in refused.json()["error"]["message"]
    published = client_for(leader).post(f"{B}{pk}/transition/", {"name": "publish"},
                                        content_type="application/json")
    assert published.json()["state"] == "published"
    board = api.get(f"{B}{pk}/board/").json()
    assert (board["total"], board["acknowledged"]) == (2, 0)
    assert {s["name"] for s in board["regions"][0]["silent"]} == {"钱主任", "孙书记"}
    assert api.get(f"{B}{pk}/versions/").json()[0]["action"] == "publish"
    xml = api.get(f"{B}{pk}/cap/")
    assert cap.schema_errors(xml.content) == []
    assert api.patch(f"{B}{pk}/", {"content": "x"}, content_type="application/json").status_code == 400
    assert api.delete(f"{B}{pk}/").status_code == 400


def test_bad_input_gets_chinese_messages(officer) -> None:
    api = client_for(officer)
    bad = api.post(B, payload(level="purple", polygon={"type": "Point"}),
                   content_type="application/json").json()["error"]["fields"]
    assert "四级之内" in bad["level"][0] and "GeoJSON多边形" in bad["polygon"][0]
    empty = api.post(B, payload(target_regions=[]), content_type="application/json").json()
    step = api.post(f"{B}{empty['id']}/transition/", {"name": "submit"},
                    content_type="application/json")
    assert step.status_code == 409 and "未指定预警区域" in str(step.json())
    unknown = api.post(f"{B}{empty['id']}/transition/", {"name": "fly"},
                       content_type="application/json")
    assert "未知的操作" in str(unknown.json())


def test_scope_and_permissions(draft, outsider, auditor) -> None:
    assert client_for(outsider).get(f"{B}{draft.pk}/").status_code == 404
    assert client_for(outsider).get(f"{B}{draft.pk}/cap/").status_code == 404
    assert client_for(outsider).get(f"{B}{draft.pk}/board/").status_code == 404
    assert client_for(outsider).get(B).json()["count"] == 0
    assert client_for(auditor).get(B).status_code == 403
    assert client_for(outsider).post(B, payload(), content_type="application/json").status_code == 400


def test_list_query_count_is_flat(officer, street, django_assert_max_num_queries) -> None:
    from yingji.core.testing import actor_for
    from yingji.warnings.services import bulletins
    from yingji.warnings.tests.conftest import draft_data

    api = client_for(officer)
    bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))
    with django_assert_max_num_queries(12) as few:
        api.get(B)
    for _ in range(10):
        bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(B).json()["count"] == 11
    with django_assert_max_num_queries(12):
        api.get(P)


def test_directory_api(officer, outsider, people) -> None:
    api = client_for(officer)
    listed = api.get(P, {"region": JIANGAN_STREET}).json()
    assert {r["name"] for r in listed["results"]} == {"钱主任", "孙书记", "李网格员"}
    assert client_for(outsider).get(P).json()["count"] == 0
    assert client_for(outsider).get(f"{P}{people['town'].pk}/").status_code == 404
    created = api.post(P, {"name": "周队长", "phone": "13900000009", "region": JIANGAN_STREET,
                           "role": "informant", "hazard_types": ["rainstorm"]},
                       content_type="application/json")
    assert created.status_code == 201 and created.json()["tier"] == "town"
    person = ResponsiblePerson.objects.get(pk=created.json()["id"])
    assert person.contact is None  # made when first notified
    from yingji.warnings.services.directory import ensure_contact

    assert ensure_contact(person).phone == "13900000009"
    bad = api.post(P, {"name": "x", "phone": "12", "region": JIANGAN_STREET, "role": "informant"},
                   content_type="application/json")
    assert "有效的手机号" in str(bad.json())
    assert api.delete(f"{P}{person.pk}/").status_code == 204
    assert person.contact is not None
    person.contact.refresh_from_db()
    assert not person.contact.is_active


def test_cap_import_api(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    xml = cap.to_cap(bulletin).replace(bulletin.identifier.encode(), b"ext-1")
    api = client_for(officer)
    done = api.post(f"{B}import-cap/", xml, content_type="application/cap+xml")
    assert done.status_code == 201 and done.json()["state"] == "draft"
    again = api.post(f"{B}import-cap/", xml, content_type="application/cap+xml")
    assert again.status_code == 400 and "已导入" in str(again.json())


def test_feed_drafts_bulletins_with_a_token(officer, client) -> None:
    _, key = issue_token(officer, "雨量站接入", read_only=False, actor=system())
    station = {"station": "R001", "region": JIANGAN_STREET, "rain_mm": {"3": 55, "12": 80}}
    calm = {"station": "R002", "region": "420102003000", "rain_mm": {"3": 10}}
    sent = client.post("/api/v1/warnings/readings/", {"stations": [station, calm]},
                       content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert sent.status_code == 201, sent.json()
    [drafted] = sent.json()["drafted"]
    assert drafted["level"] == "orange" and drafted["targets"] == [JIANGAN_STREET]
    bulletin = Bulletin.objects.get(pk=drafted["id"])
    assert bulletin.state == "draft" and bulletin.source == "auto"  # never published by itself
    again = client.post("/api/v1/warnings/readings/", {"stations": [station]},
                        content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert again.status_code == 200 and "已有待审核" in again.json()["skipped"][0]
    bad = client.post("/api/v1/warnings/readings/",
                      {"stations": [{"station": "R3", "region": "999", "rain_mm": {"3": 1}}]},
                      content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert bad.status_code == 400 and "行政区划代码无效" in str(bad.json())
    assert client.post("/api/v1/warnings/readings/", {"stations": [station]},
                       content_type="application/json",
                       headers={"Authorization": "Token nope"}).status_code == 401
    viewer = make_user("viewer", roles=["inspector"], scope=JIANGAN)
    _, viewer_key = issue_token(viewer, "只读", read_only=False, actor=system())
    assert client.post("/api/v1/warnings/readings/", {"stations": [station]},
                       content_type="application/json",
                       headers={"Authorization": f"Token {viewer_key}"}).status_code == 403


def test_upgrade_through_the_api_takes_the_steps_inputs(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    boss = client_for(leader)
    later = "2031-07-01T20:00:00+08:00"
    bad = boss.post(f"{B}{bulletin.pk}/transition/", {"name": "upgrade", "level": "purple"},
                    content_type="application/json")
    assert bad.status_code == 400 and "四级之内" in bad.json()["error"]["fields"]["level"][0]
    missing = boss.post(f"{B}{bulletin.pk}/transition/", {"name": "upgrade"},
                        content_type="application/json")
    assert missing.status_code == 409 and "level" in missing.json()["error"]["fields"]
    done = boss.post(f"{B}{bulletin.pk}/transition/", {"name": "upgrade", "level": "red",
                                                      "expires_at": later, "content": "降雨加强"},
                     content_type="application/json")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert (body["level"], body["content"], body["version"]) == ("red", "降雨加强", 3)
    assert body["expires_at"].startswith("2031-07-01T20:00")
