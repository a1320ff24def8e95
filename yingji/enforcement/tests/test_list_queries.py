"""The campaign list and the document-prefix list read a fixed number of queries
whatever the number of rows (no query per row for a campaign's progress or a
department's default prefix)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import actor_for, client_for, make_department, system
from yingji.enforcement.models import DocumentPrefix
from yingji.enforcement.services import campaigns
from yingji.enforcement.services.documents import default_prefix
from yingji.enforcement.tests.conftest import Bureau
from yingji.enforcement.tests.test_campaigns import _inspect, _world

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured), page.content.decode()


def test_the_campaign_list_does_not_query_per_campaign(bureau: Bureau) -> None:
    w = _world(bureau)
    client = client_for(bureau.leader)
    url = reverse("campaign_list")
    district = w["plan"].region
    campaigns.create_quota({"campaign": w["campaign"], "region": district, "planned": 4}, actor=system())
    _inspect(bureau, w, w["one"], bureau.officers)
    client.get(url)  # warm the per-request caches (menus, settings)
    few, page = _queries(client, url)
    assert "1 / 4" in page
    today = timezone.localdate()
    for n in range(5):
        extra = campaigns.create_campaign({"plan": w["plan"], "name": f"专项{n}",
                                           "starts_on": date(today.year, 1, 1), "ends_on": today},
                                          actor=actor_for(bureau.leader))
        campaigns.create_quota({"campaign": extra, "region": district, "planned": n + 1}, actor=system())
    many, page = _queries(client, url)
    assert many == few, (few, many)
    assert "0 / 5" in page


def test_the_prefix_list_does_not_query_per_department(bureau: Bureau) -> None:
    client = client_for(bureau.leader)
    url = reverse("documentprefix_list")
    codes = ("420103000000", "420104000000", "420105000000", "420106000000", "420107000000")
    first = make_department("江汉区应急管理局", region_code=codes[0], kind="district_bureau")
    DocumentPrefix.objects.create(department=first, prefix="汉应急甲")
    client.get(url)
    few, page = _queries(client, url)
    assert default_prefix(first) in page
    for n, code in enumerate(codes[1:]):
        dep = make_department(f"测试{n}区应急管理局", region_code=code, kind="district_bureau")
        DocumentPrefix.objects.create(department=dep, prefix=f"测试前缀{'甲乙丙丁'[n]}")
    many, page = _queries(client, url)
    assert many == few, (few, many)
    assert all(default_prefix(d.department) in page for d in DocumentPrefix.objects.all())
