"""组织机构 pages: who may open them, what a district user can reach, edits through
the services with inline Chinese errors, Excel export of the same scoped rows."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from yingji.core.models import AuditLog, Department, DomainEvent, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    WUCHANG,
    client_for,
    make_department,
    make_user,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {"name": "江岸区应急管理局值班室", "short_name": "值班室", "kind": "office",
            "parent": "", "region": JIANGAN, "sector": "", "phone": "027-82800000",
            "address": "", "sort_order": "0", "is_active": "on"}
    data.update(overrides)
    return data


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


# --- access -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    response = client.get(reverse("department_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/departments/")


def test_user_without_permission_gets_chinese_403() -> None:
    public = make_user("resident", roles=["public"])
    response = client_for(public).get(reverse("department_list"))
    assert response.status_code == 403
    assert "您没有访问此页面的权限" in response.content.decode()


def test_duty_officer_reads_list_without_add_button(duty_officer: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    response = client_for(duty_officer).get(reverse("department_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "组织机构" in html and "江岸区应急管理局" in html
    assert reverse("department_add") not in html


def test_duty_officer_cannot_open_create_form(duty_officer: User) -> None:
    response = client_for(duty_officer).get(reverse("department_add"))
    assert response.status_code == 403


# --- scope ---------------------------------------------------------------------------------


def test_district_user_lists_only_own_district(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("大智街道办事处", region_code=JIANGAN_STREET)
    make_department("武昌区应急管理局", region_code=WUCHANG)
    html = client_for(district_admin).get(reverse("department_list")).content.decode()
    assert "江岸区应急管理局" in html and "大智街道办事处" in html
    assert "武昌区应急管理局" not in html


def test_other_district_department_is_404_for_detail_edit_and_delete(district_admin: User) -> None:
    other = make_department("武昌区应急管理局", region_code=WUCHANG)
    client = client_for(district_admin)
    assert client.get(reverse("department_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("department_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("department_edit", args=[other.pk]),
                       form_data(region=JIANGAN)).status_code == 404
    assert client.post(reverse("department_delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.region_id == WUCHANG


def test_missing_department_is_the_same_404(district_admin: User) -> None:
    response = client_for(district_admin).get(reverse("department_detail", args=[999999]))
    assert response.status_code == 404
    assert "不在您的数据范围内" in response.content.decode()


def test_export_holds_the_scoped_filtered_rows_and_is_audited(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
    make_department("大智街道办事处", region_code=JIANGAN_STREET, kind="street")
    make_department("武昌区应急管理局", region_code=WUCHANG, kind="district_bureau")
    response = client_for(district_admin).get(reverse("department_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    rows = xlsx_rows(response.content)
    assert rows[0][:4] == ("名称", "简称", "类型", "所属区划")
    names = {row[0] for row in rows[1:]}
    assert names == {"江岸区应急管理局", "大智街道办事处"}
    entry = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert entry.actor_id == district_admin.pk and entry.object_type == "core.department"
    assert "2条" in entry.detail


def test_export_follows_the_filter(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
    make_department("大智街道办事处", region_code=JIANGAN_STREET, kind="street")
    response = client_for(district_admin).get(reverse("department_list"),
                                              {"kind": "street", "export": "xlsx"})
    rows = xlsx_rows(response.content)
    assert [row[0] for row in rows[1:]] == ["大智街道办事处"]
    assert "类型：街道（乡镇）" in AuditLog.objects.get(action=AuditAction.EXPORT).detail


def test_export_writes_formula_like_text_as_text(district_admin: User) -> None:
    make_department("=HYPERLINK(\"http://x\")", region_code=JIANGAN)
    response = client_for(district_admin).get(reverse("department_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=HYPERLINK(\"http://x\")"


# --- list mechanics -----------------------------------------------------------------------


def test_filter_and_whitelisted_ordering(district_admin: User) -> None:
    make_department("乙单位", region_code=JIANGAN, sort_order=1)
    make_department("甲单位", region_code=JIANGAN_STREET, sort_order=2)
    client = client_for(district_admin)
    html = client.get(reverse("department_list"), {"q": "甲"}).content.decode()
    assert "甲单位" in html and "乙单位" not in html
    asc = client.get(reverse("department_list"), {"ordering": "-region"}).content.decode()
    assert asc.index("甲单位") < asc.index("乙单位")
    ignored = client.get(reverse("department_list"), {"ordering": "password"})
    assert ignored.status_code == 200
    street = client.get(reverse("department_list"), {"region": JIANGAN_STREET}).content.decode()
    assert "甲单位" in street and "乙单位" not in street
    assert 'data-region-select' in street and "大智街道" in street  # the picker shows the choice


def test_htmx_filter_request_gets_only_the_table(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    response = client_for(district_admin).get(
        reverse("department_list"), {"q": "江岸"},
        headers={"HX-Request": "true", "HX-Target": "object-list"},
    )
    html = response.content.decode()
    assert 'id="object-list"' in html and "江岸区应急管理局" in html
    assert "<html" not in html


def _list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("department_list"), {"page_size": 100})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(
    district_admin: User, django_assert_max_num_queries: Any
) -> None:
    parent = make_department("江岸区应急管理局", region_code=JIANGAN)
    for i in range(4):
        make_department(f"科室{i}", region_code=JIANGAN_STREET, parent=parent)
    client = client_for(district_admin)
    client.get(reverse("department_list"))  # warm the session and caches
    few = _list_queries(client)
    for i in range(4, 49):
        make_department(f"科室{i}", region_code=JIANGAN_STREET, parent=parent)
    many = _list_queries(client)
    assert Department.objects.count() == 50
    assert many == few
    with django_assert_max_num_queries(15):
        client.get(reverse("department_list"), {"page_size": 100})


# --- create, edit, delete ------------------------------------------------------------------


def test_create_goes_through_the_service(district_admin: User) -> None:
    response = client_for(district_admin).post(reverse("department_add"), form_data())
    dept = Department.objects.get(name="江岸区应急管理局值班室")
    assert response.status_code == 302
    assert response["Location"] == reverse("department_detail", args=[dept.pk])
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(dept.pk)).exists()
    assert DomainEvent.objects.filter(event_type="department.created").exists()


def test_create_form_shows_inline_chinese_errors(district_admin: User) -> None:
    response = client_for(district_admin).post(reverse("department_add"),
                                               form_data(name="", kind=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "保存未成功" in html and "该字段是必填项" in html
    assert 'class="form-control is-invalid"' in html
    assert not Department.objects.exists()


def test_editing_region_outside_scope_shows_inline_error_and_changes_nothing(
    district_admin: User,
) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    before = AuditLog.objects.count()
    response = client_for(district_admin).post(
        reverse("department_edit", args=[dept.pk]),
        form_data(name="江岸区应急管理局", region=WUCHANG),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "所选区划不存在或超出您的数据范围" in html
    assert 'class="invalid-feedback d-block"' in html
    dept.refresh_from_db()
    assert dept.region_id == JIANGAN
    assert AuditLog.objects.count() == before


def test_edit_updates_and_records_the_change(district_admin: User) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    response = client_for(district_admin).post(
        reverse("department_edit", args=[dept.pk]),
        form_data(name="江岸区应急管理局", region=JIANGAN_STREET, phone="027-82345678"),
    )
    assert response.status_code == 302
    dept.refresh_from_db()
    assert dept.region_id == JIANGAN_STREET and dept.phone == "027-82345678"
    entry = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(dept.pk))
    assert entry.before is not None and entry.after is not None
    assert entry.before["phone"] == "" and entry.after["phone"] == "027-82345678"


def test_parent_choices_exclude_other_districts(district_admin: User) -> None:
    make_department("武昌区应急管理局", region_code=WUCHANG)
    mine = make_department("江岸区应急管理局", region_code=JIANGAN)
    html = client_for(district_admin).get(reverse("department_add")).content.decode()
    assert f'value="{mine.pk}"' in html and "武昌区应急管理局" not in html


def test_delete_is_post_only_and_uses_the_service(district_admin: User) -> None:
    dept = make_department("临时机构", region_code=JIANGAN)
    client = client_for(district_admin)
    assert client.get(reverse("department_delete", args=[dept.pk])).status_code == 405
    response = client.post(reverse("department_delete", args=[dept.pk]), follow=True)
    assert not Department.objects.filter(pk=dept.pk).exists()
    assert "已删除组织机构：临时机构" in response.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.DELETE, object_id=str(dept.pk)).exists()


def test_delete_of_referenced_department_explains_why(district_admin: User) -> None:
    parent = make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("值班室", region_code=JIANGAN, parent=parent)
    response = client_for(district_admin).post(
        reverse("department_delete", args=[parent.pk]), follow=True)
    assert "该记录仍被其他数据引用，不能删除" in response.content.decode()
    assert Department.objects.filter(pk=parent.pk).exists()


def test_detail_shows_fields_sub_units_and_timeline(district_admin: User) -> None:
    client = client_for(district_admin)
    client.post(reverse("department_add"), form_data())
    dept = Department.objects.get()
    make_department("值班一组", region_code=JIANGAN, parent=dept)
    html = client.get(reverse("department_detail", args=[dept.pk])).content.decode()
    assert "基本信息" in html and "内设科室" in html and "027-82800000" in html
    assert "下级单位" in html and "值班一组" in html
    assert "新增组织机构：江岸区应急管理局值班室" in html  # timeline
    assert "附件" in html and reverse("attachment_upload", kwargs={
        "app_label": "core", "model": "department", "object_id": str(dept.pk)}) in html


def test_blank_choices_read_in_chinese(district_admin: User) -> None:
    client = client_for(district_admin)
    listing = client.get(reverse("department_list")).content.decode()
    assert '<option value="" selected>全部</option>' in listing  # 类型 filter
    assert "---------" not in listing
    form = client.get(reverse("department_add")).content.decode()
    assert "---------" not in form and "请选择" in form and "（无上级单位）" in form


def test_detail_lists_attachments_with_download_and_delete(
    district_admin: User, duty_officer: User, tmp_path: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    client = client_for(district_admin)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    upload_url = reverse("attachment_upload", kwargs={
        "app_label": "core", "model": "department", "object_id": str(dept.pk)})
    client.post(upload_url, {"file": SimpleUploadedFile("值班表.png", png), "next": "/"})
    attachment = dept_attachment(dept)
    html = client.get(reverse("department_detail", args=[dept.pk])).content.decode()
    assert "值班表.png" in html and reverse("attachment_download", args=[attachment.pk]) in html
    assert reverse("attachment_delete", args=[attachment.pk]) in html
    readonly = client_for(duty_officer).get(reverse("department_detail", args=[dept.pk]))
    text = readonly.content.decode()
    assert "值班表.png" in text and upload_url not in text  # no change permission
    assert reverse("attachment_delete", args=[attachment.pk]) not in text


def dept_attachment(dept: Department) -> Any:
    from yingji.core.models import Attachment

    return Attachment.objects.get(object_id=str(dept.pk))
