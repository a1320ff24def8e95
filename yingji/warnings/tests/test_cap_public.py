"""CAP 1.2 export validated against the official OASIS schema, import, the Atom feed and
the public pages (active warnings, one warning, the directory with masked phones)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from yingji.core.testing import actor_for
from yingji.warnings import cap
from yingji.warnings.models import Bulletin, BulletinSource
from yingji.warnings.services import bulletins
from yingji.warnings.tests.conftest import draft_data, publish

pytestmark = pytest.mark.django_db
Q = "{urn:oasis:names:tc:emergency:cap:1.2}"


def test_every_stage_exports_valid_cap(draft, officer, leader, street, people) -> None:
    assert cap.schema_errors(cap.to_cap(draft)) == []  # a draft is status Draft
    bulletin = publish(draft, officer, leader)
    bulletins.upgrade_bulletin(bulletin, actor=actor_for(leader), level="red")
    Bulletin.objects.filter(pk=bulletin.pk).update(polygon={
        "type": "Polygon", "coordinates": [[[114.28, 30.58], [114.30, 30.58], [114.30, 30.60]]]})
    bulletin.refresh_from_db()
    xml = cap.to_cap(bulletin)
    assert cap.schema_errors(xml) == []
    root = ET.fromstring(xml)
    assert root.findtext(f"{Q}msgType") == "Update"
    assert root.findtext(f"{Q}identifier") == f"{bulletin.identifier}.2"
    assert root.findtext(f"{Q}references").split(",")[1] == f"{bulletin.identifier}.1"
    info = root.find(f"{Q}info")
    assert info is not None and info.findtext(f"{Q}severity") == "Extreme"
    area = info.find(f"{Q}area")
    assert area is not None and area.findtext(f"{Q}geocode/{Q}value") == street.code
    assert area.findtext(f"{Q}polygon").startswith("30.580000,114.280000")
    assert area.findtext(f"{Q}polygon").endswith("30.580000,114.280000")  # closed ring
    bulletins.lift_bulletin(bulletin, actor=actor_for(leader))
    lifted = ET.fromstring(cap.to_cap(bulletin))
    assert lifted.findtext(f"{Q}msgType") == "Cancel"
    assert cap.schema_errors(cap.to_cap(bulletin)) == []


def test_schema_rejects_a_broken_message(draft) -> None:
    xml = cap.to_cap(draft).replace(b"<status>Draft</status>", b"<status>Maybe</status>")
    assert any("status" in e for e in cap.schema_errors(xml))


def test_cap_import_round_trip_makes_a_draft(draft, officer, leader, people, street) -> None:
    bulletin = publish(draft, officer, leader)
    xml = cap.to_cap(bulletin).replace(bulletin.identifier.encode(), b"external-0001")
    imported = bulletins.import_cap(xml, actor=actor_for(officer))
    assert imported.state == "draft" and imported.source == BulletinSource.CAP
    assert (imported.level, imported.warning_type.code) == ("orange", "rainstorm")
    assert list(imported.target_regions.all()) == [street]
    assert imported.region_id == "420102000000"
    with pytest.raises(cap.CapError, match="已导入"):
        bulletins.import_cap(xml, actor=actor_for(officer))


def test_cap_import_refuses_entities_and_invalid_messages(officer) -> None:
    evil = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&x;</alert>')
    with pytest.raises(cap.CapError, match="DOCTYPE"):
        bulletins.import_cap(evil, actor=actor_for(officer))
    with pytest.raises(cap.CapError, match=r"不符合CAP 1\.2规范"):
        bulletins.import_cap(b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>',
                             actor=actor_for(officer))
    with pytest.raises(cap.CapError, match="XML格式错误"):
        bulletins.import_cap(b"<alert", actor=actor_for(officer))


def test_public_pages_and_feed(client, draft, officer, leader, people, street) -> None:
    other = bulletins.create_bulletin(draft_data(street, title="尚在草稿的预警"),
                                      actor=actor_for(officer))
    bulletin = publish(draft, officer, leader)
    listing = client.get("/public/warnings/").content.decode()
    assert bulletin.title in listing and other.title not in listing
    assert 'name="viewport"' in listing
    detail = client.get(f"/public/warnings/{bulletin.identifier}/")
    assert "转移低洼地带群众" in detail.content.decode()
    assert client.get(f"/public/warnings/{other.identifier}/").status_code == 404
    assert client.get(f"/public/warnings/{other.identifier}/cap.xml").status_code == 404
    xml = client.get(f"/public/warnings/{bulletin.identifier}/cap.xml")
    assert xml["Content-Type"].startswith("application/cap+xml")
    assert cap.schema_errors(xml.content) == []
    feed = ET.fromstring(client.get("/public/warnings/feed.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = feed.findall(f"{atom}entry")
    links = {link.get("type"): link.get("href") for link in entry.findall(f"{atom}link")}
    assert links["application/cap+xml"].endswith(f"/public/warnings/{bulletin.identifier}/cap.xml")
    Bulletin.objects.filter(pk=bulletin.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert bulletin.title not in client.get("/public/warnings/").content.decode()


def test_public_directory_masks_phones_and_lists_only_published(client, people) -> None:
    page = client.get("/public/warnings/directory/").content.decode()
    assert "钱主任" in page and "139****0002" in page and "13900000002" not in page
    assert "李网格员" not in page  # 群测群防员 are not published by default
    assert "钱主任" not in client.get("/public/warnings/directory/?region=420106").content.decode()
    # A street's 12-digit code covers its villages; a district's 6-digit code its streets.
    for code in ("420102002000", "420102"):
        assert "钱主任" in client.get(f"/public/warnings/directory/?region={code}").content.decode()


@pytest.mark.parametrize(("value", "reason"), [
    ("abc", "只能包含数字"), ("4201021", "应为2、4、6、9或12位数字"), ("1234567890123", "12位"),
    ("000000", "省级部分无效")])
def test_public_directory_malformed_region_is_a_400_in_chinese(client, people, value, reason) -> None:
    response = client.get("/public/warnings/directory/", {"region": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "区划参数有误" in page and reason in page
    assert "钱主任" not in page  # nothing listed on a bad request
