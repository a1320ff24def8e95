"""A resident's account (公众) has work of its own: the warnings in force, the listed
hazards, the shelters on a map and how to report a hazard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yingji.core.actor import Actor
from yingji.core.testing import WUHAN, client_for, make_user
from yingji.resources.tests.factories import shelter

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return make_user("gz_resident", roles=["public"], scope=WUHAN, real_name="张小红")


def test_the_resident_workbench_links_public_services(resident) -> None:
    page = client_for(resident).get("/").content.decode()
    for url in (reverse("warnings_public_list"), reverse("hazards_public_list"),
                reverse("public_shelters")):
        assert f'href="{url}"' in page
    assert "12350" in page and "公众服务" in page


def test_staff_do_not_get_the_residents_menu(resident) -> None:
    officer = make_user("gz_duty", roles=["duty_officer"], scope=WUHAN)
    page = client_for(officer).get("/").content.decode()
    assert f'href="{reverse("public_shelters")}"' not in page


def test_shelters_show_only_usable_ones_and_points_only_where_known(resident) -> None:
    shelter("解放公园应急避难场所")
    shelter("中山公园应急避难场所", longitude=None, latitude=None)
    shelter("已停用的避难场所", status="closed")
    client = client_for(resident)
    page = client.get(reverse("public_shelters")).content.decode()
    assert "解放公园应急避难场所" in page and "中山公园应急避难场所" in page
    assert "已停用的避难场所" not in page
    assert "共2处可用避难场所，其中1处已标注位置" in page
    points = client.get(reverse("public_shelters_geojson")).json()["features"]
    assert [p["properties"]["name"] for p in points] == ["解放公园应急避难场所"]


def test_shelters_need_a_signed_in_account(client) -> None:
    assert client.get(reverse("public_shelters")).status_code == 302


def test_a_system_actor_reads_as_a_job_not_a_code() -> None:
    assert Actor.system("deadlines").label == "系统（期限提醒）"
    assert Actor.system("雨量站自动研判").label == "系统（雨量站自动研判）"
