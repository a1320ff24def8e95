"""Pages: list (filters, overdue flag, export), detail with workflow buttons, forms,
map data, workbench card and to-dos, the enterprise-file section, and scope (404)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from yingji.core.testing import actor_for, client_for, make_user
from yingji.hazards.models import Hazard
from yingji.hazards.services import hazards, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data, png

pytestmark = pytest.mark.django_db


def _overdue(hazard: Hazard, officer) -> Hazard:
    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    Hazard.objects.filter(pk=pending.pk).update(deadline=timezone.now() - timezone.timedelta(days=2))
    return pending


def test_list_flags_overdue_and_filters(hazard, officer, enterprise) -> None:
    other = hazards.create_hazard(hazard_data(enterprise, title="消防通道堵塞"), actor=actor_for(officer))
    _overdue(hazard, officer)
    page = client_for(officer).get("/hazards/")
    text = page.content.decode()
    assert page.status_code == 200 and "待整改（已逾期）" in text and "消防通道堵塞" in text
    only = client_for(officer).get("/hazards/?overdue=true").content.decode()
    assert hazard.title in only and other.title not in only


def test_ledger_export_has_every_column_and_honours_scope(hazard, officer, wc_supervisor) -> None:
    response = client_for(officer).get("/hazards/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert {"编号", "隐患名称", "整改责任人", "整改措施", "销号时间", "督办部门"} <= set(headers)
    assert sheet.max_row == 2
    empty = load_workbook(io.BytesIO(client_for(wc_supervisor).get("/hazards/?export=xlsx").content))
    assert empty.worksheets[0].max_row == 1


def test_detail_shows_buttons_and_out_of_scope_is_404(hazard, officer, wc_supervisor,
                                                      owner, other_enterprise) -> None:
    page = client_for(officer).get(f"/hazards/{hazard.pk}/").content.decode()
    assert "下发整改" in page and "整改流程" in page
    assert client_for(wc_supervisor).get(f"/hazards/{hazard.pk}/").status_code == 404
    foreign = hazards.create_hazard(hazard_data(other_enterprise), actor=actor_for(officer))
    assert client_for(owner).get(f"/hazards/{foreign.pk}/").status_code == 404
    assert client_for(owner).get(f"/hazards/{hazard.pk}/").status_code == 200


def test_transition_button_posts_and_reports_refusal(hazard, officer) -> None:
    client = client_for(officer)
    refused = client.post(f"/hazards/{hazard.pk}/transition/", {
        "name": "assign", "version": 0, "responsible_name": "陈安全", "measures": "更换",
        "deadline": "2020-01-01T10:00"}, follow=True)
    assert "整改期限不能早于当前时间" in refused.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).state == "registered"
    deadline = timezone.localtime() + timezone.timedelta(days=5)
    client.post(f"/hazards/{hazard.pk}/transition/", {
        "name": "assign", "version": 0, "responsible_name": "陈安全", "measures": "更换",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M")})
    assert Hazard.objects.get(pk=hazard.pk).state == "pending"


def test_register_form_with_photo(enterprise, officer) -> None:
    response = client_for(officer).post("/hazards/add/", {
        "enterprise": enterprise.pk, "title": "电缆沟积水", "source": "department",
        "grade": "general", "category": "site_electrical", "description": "电缆沟积水约20cm",
        "found_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "photos": [png()]})
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Hazard.objects.get(title="电缆沟积水")
    assert created.region_id == enterprise.region_id
    bad = client_for(officer).post("/hazards/add/", {
        "enterprise": enterprise.pk, "title": "坏照片", "source": "department",
        "grade": "general", "category": "site_electrical", "description": "x",
        "found_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "photos": [png("scan.pdf")]})
    assert bad.status_code == 200 and "不是图片" in bad.content.decode()
    assert not Hazard.objects.filter(title="坏照片").exists()


def test_map_layers_in_scope(hazard, officer, wc_supervisor) -> None:
    data = client_for(officer).get("/hazards/map.geojson?layer=general").json()
    assert [f["properties"]["id"] for f in data["features"]] == [hazard.pk]
    assert client_for(officer).get("/hazards/map.geojson?layer=overdue").json()["features"] == []
    assert client_for(wc_supervisor).get("/hazards/map.geojson").json()["features"] == []
    assert client_for(officer).get("/hazards/map/").status_code == 200


def test_workbench_card_and_todos(hazard, officer, owner, django_assert_max_num_queries) -> None:
    _overdue(hazard, officer)
    from yingji.hazards.workbench import hazard_todos

    labels = [t.label for t in hazard_todos(owner)]
    assert "1项隐患逾期未整改" in labels and "1项隐患待我整改" in labels
    page = client_for(officer).get("/").content.decode()
    assert "隐患排查治理" in page and hazard.title[:10] in page


def test_enterprise_file_section(hazard, officer, enterprise) -> None:
    page = client_for(officer).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "隐患排查治理" in page and hazard.number in page


def test_anonymous_and_unpermitted(hazard) -> None:
    from django.test import Client

    assert Client().get("/hazards/").status_code == 302
    rescue = make_user("rescuer", roles=["rescue"])
    assert client_for(rescue).get("/hazards/").status_code == 403
    assert client_for(rescue).get(f"/api/v1/hazards/hazards/{hazard.pk}/").status_code in (403, 404)


def test_list_and_card_run_a_fixed_number_of_queries(enterprise, officer,
                                                     django_assert_max_num_queries) -> None:
    for n in range(30):
        hazards.create_hazard(hazard_data(enterprise, title=f"隐患{n}"), actor=actor_for(officer))
    client = client_for(officer)
    client.get("/hazards/")  # warm caches (session, content types)
    with django_assert_max_num_queries(14):
        assert client.get("/hazards/?page_size=25").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/hazards/hazards/?page_size=25").status_code == 200


def test_city_staff_edit_settings(db) -> None:
    from yingji.hazards.models import HazardSettings

    city = make_user("city_sup", roles=["supervisor"], scope="420100000000")
    client = client_for(city)
    edit = client.get("/hazards/settings/", follow=True)
    assert edit.status_code == 200 and "整改期限前提醒" in edit.content.decode()
    settings = HazardSettings.current()
    data = {f.name: getattr(settings, f.name) for f in HazardSettings._meta.concrete_fields
            if f.name not in ("id", "updated_at")}
    data.update(remind_before_hours=48, public_show_responsible="on")
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post("/hazards/settings/", data)
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.remind_before_hours == 48 and settings.public_show_responsible is True


def test_every_page_opens_for_a_supervisor(hazard, officer, owner, enterprise) -> None:
    from yingji.hazards.models import Checklist, SelfInspection
    from yingji.hazards.services import extensions, inspections

    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    extensions.request_extension(pending, actor=actor_for(owner),
                                 requested_deadline=timezone.now() + timezone.timedelta(days=40),
                                 reason="设备未到货")
    checklist = Checklist.objects.get(name="通用安全生产检查清单")
    done = inspections.run_self_inspection(
        enterprise, checklist, [inspections.Answer(i.pk, True) for i in checklist.items.all()],
        actor=actor_for(owner), inspector_name="陈安全")
    client = client_for(officer)
    pages = {
        "/hazards/add/": "隐患照片", f"/hazards/?enterprise={enterprise.pk}": hazard.title,
        "/hazards/extensions/": "设备未到货", f"/hazards/{hazard.pk}/": "延期申请",
        "/hazards/checklists/": "通用安全生产检查清单",
        f"/hazards/checklists/{checklist.pk}/": "先通风、再检测、后作业",
        "/hazards/self-inspections/": enterprise.name,
        f"/hazards/self-inspections/{done.pk}/": "检查结果",
        "/hazards/self-inspections/coverage/": "开展了自查",
        "/hazards/import/": "导入", "/public/hazards/": "重大事故隐患挂牌督办公示",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    assert SelfInspection.objects.restrict(owner, "view").count() == 1
    detail = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "批准" in detail and "驳回" in detail  # the approver sees the decision buttons


def test_listed_filter(enterprise, officer, bureau) -> None:
    from yingji.hazards.tests.conftest import COMPLETE_PLAN

    actor = actor_for(officer)
    major = hazards.create_hazard(hazard_data(enterprise, grade="major", title="液氯罐区"),
                                  actor=actor)
    hazards.save_plan(major, COMPLETE_PLAN, actor=actor)
    hazards.list_for_supervision(major, actor=actor, level="district", department=bureau)
    hazards.create_hazard(hazard_data(enterprise, title="未挂牌隐患"), actor=actor)
    page = client_for(officer).get("/hazards/?listed=any").content.decode()
    assert "液氯罐区" in page and "未挂牌隐患" not in page
    assert "液氯罐区" not in client_for(officer).get("/hazards/?listed=city").content.decode()


def test_settings_menu_only_for_those_who_may_change_them(client: Any, wc_supervisor: Any) -> None:
    """The module settings are city-wide: a district supervisor holds the permission but
    may not write them, so the menu does not offer the page it would refuse."""
    from yingji.core.testing import WUHAN, make_user
    from yingji.ui.navigation import menu_for

    city = make_user("city_sup_menu", roles=["supervisor"], scope=WUHAN)

    def labels(user: Any) -> list[str]:
        return [link.label for section in menu_for(user, "/") for link in section.links]

    assert "隐患模块设置" in labels(city)
    assert "隐患模块设置" not in labels(wc_supervisor)
    assert {"隐患台账", "排查清单"} <= set(labels(wc_supervisor))  # reading stays offered
    client.force_login(wc_supervisor)
    assert client.get("/hazards/settings/", follow=True).status_code == 403
