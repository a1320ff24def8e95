"""Staff pages: lists with scope and query counts, detail with workflow buttons, draft
editing, transitions, the board, CAP download, the directory pages; scope 404s."""

from __future__ import annotations

import pytest

from yingji.core.personal.fields import matches
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.services import bulletins
from yingji.warnings.tests.conftest import draft_data, publish

pytestmark = pytest.mark.django_db


def test_anonymous_and_unpermitted(client, auditor, draft) -> None:
    assert client.get("/warnings/").status_code == 302
    assert client_for(auditor).get("/warnings/").status_code == 403
    assert client_for(auditor).get("/warnings/people/").status_code == 403


def test_out_of_scope_user_gets_404_everywhere(outsider, draft, people) -> None:
    api = client_for(outsider)
    for path in (f"/warnings/{draft.pk}/", f"/warnings/{draft.pk}/edit/",
                 f"/warnings/{draft.pk}/board/", f"/warnings/{draft.pk}/cap.xml",
                 f"/warnings/people/{people['town'].pk}/",
                 f"/warnings/people/{people['town'].pk}/edit/"):
        assert api.get(path).status_code == 404, path
    assert api.post(f"/warnings/{draft.pk}/transition/",
                    {"name": "submit", "version": 0}).status_code == 404
    assert draft.title not in api.get("/warnings/").content.decode()
    export = api.get("/warnings/?export=xlsx")
    assert export.status_code == 200 and draft.title.encode() not in export.content
    assert "钱主任" not in api.get("/warnings/people/").content.decode()


def test_list_query_count_is_flat(officer, street, django_assert_max_num_queries) -> None:
    page = client_for(officer)
    bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))
    with django_assert_max_num_queries(40) as few:
        page.get("/warnings/")
    for _ in range(12):
        bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert page.get("/warnings/").status_code == 200


def test_create_edit_and_workflow_through_pages(officer, leader, people) -> None:
    page = client_for(officer)
    form = {"warning_type": draft_type(), "level": "orange", "region": JIANGAN,
            "effective_at": "2030-07-01T08:00", "expires_at": "2030-07-01T20:00",
            "content": "强降雨", "issuer": "江岸区应急管理局", "ack_within_minutes": 30,
            "target_codes": f"{JIANGAN_STREET}，999"}
    bad = page.post("/warnings/add/", form)
    assert "区划代码应为12位数字：999" in bad.content.decode()
    form["target_codes"] = JIANGAN_STREET
    done = page.post("/warnings/add/", form)
    assert done.status_code == 302
    bulletin = Bulletin.objects.get(content="强降雨")
    assert list(bulletin.target_regions.values_list("code", flat=True)) == [JIANGAN_STREET]
    detail = page.get(f"/warnings/{bulletin.pk}/").content.decode()
    assert "提交审核" in detail and "审核发布" not in detail
    page.post(f"/warnings/{bulletin.pk}/transition/", {"name": "submit", "version": 0})
    refused = page.post(f"/warnings/{bulletin.pk}/transition/", {"name": "publish", "version": 1},
                        follow=True)
    assert "无权执行“审核发布”" in refused.content.decode()
    boss = client_for(leader)
    assert "审核发布" in boss.get(f"/warnings/{bulletin.pk}/").content.decode()
    stale = boss.post(f"/warnings/{bulletin.pk}/transition/", {"name": "publish", "version": 0},
                      follow=True)
    assert "已被他人处理" in stale.content.decode()
    boss.post(f"/warnings/{bulletin.pk}/transition/", {"name": "publish", "version": 1})
    bulletin.refresh_from_db()
    assert bulletin.state == "published"
    assert page.get(f"/warnings/{bulletin.pk}/edit/").status_code == 200
    edit = page.post(f"/warnings/{bulletin.pk}/edit/", form)
    assert "不能直接修改" in edit.content.decode()
    board = page.get(f"/warnings/{bulletin.pk}/board/").content.decode()
    assert "孙书记" in board and "钱主任" in board
    fragment = page.get(f"/warnings/{bulletin.pk}/board/", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert page.get(f"/warnings/{bulletin.pk}/cap.xml")["Content-Type"].startswith(
        "application/cap+xml")
    page.post(f"/warnings/{bulletin.pk}/delete/")
    assert Bulletin.objects.filter(pk=bulletin.pk).exists()  # only drafts are deleted


def draft_type() -> int:
    from yingji.warnings.models import WarningType

    return WarningType.objects.get(code="rainstorm").pk


def test_directory_pages(officer, people, street) -> None:
    page = client_for(officer)
    listing = page.get("/warnings/people/", {"region": JIANGAN_STREET}).content.decode()
    # Personal data: staff see masked phones too (the clear one by 查看, audited).
    assert "钱主任" in listing and "139****0002" in listing and "13900000002" not in listing
    created = page.post("/warnings/people/add/", {
        "name": "吴信息员", "phone": "13900000010", "region": street.code, "role": "informant"})
    assert created.status_code == 302
    person = ResponsiblePerson.objects.get(name="吴信息员")
    assert person.tier == "town" and person.contact is None
    detail = page.get(f"/warnings/people/{person.pk}/").content.decode()
    assert "灾害信息员" in detail
    page.post(f"/warnings/people/{person.pk}/delete/")
    assert not ResponsiblePerson.objects.filter(pk=person.pk).exists()


def test_published_bulletin_detail_links_board_and_public_page(officer, leader, draft,
                                                               people) -> None:
    bulletin = publish(draft, officer, leader)
    detail = client_for(leader).get(f"/warnings/{bulletin.pk}/").content.decode()
    assert "叫应情况" in detail and "升级" in detail and "解除" in detail
    assert f"/public/warnings/{bulletin.identifier}/" in detail
    # The CAP identifier is technical: only behind the 技术信息 toggle, not among the fields.
    before, _, hidden = detail.partition("data-cap-details")
    assert bulletin.identifier in hidden and f">{bulletin.identifier}<" not in before


def test_directory_import_from_excel(officer, auditor, street, villages) -> None:
    import io

    from openpyxl import Workbook, load_workbook

    page = client_for(officer)
    template = load_workbook(io.BytesIO(page.get("/warnings/people/import/template/").content))
    header = [c.value for c in template.worksheets[0][1]]
    assert "姓名" in str(header[0]) and "责任类别" in str(header[3])
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append([c for c in header])
    sheet.append(["孙建国", "13900000021", villages[0].code, "村（社区）三防责任人", None, "暴雨、洪水"])
    sheet.append(["坏号码", "123", villages[0].code, "村（社区）三防责任人"])
    sheet.append(["外区", "13900000022", "420106000000", "灾害信息员"])
    sheet.append(["未知灾种", "13900000023", street.code, "灾害信息员", None, "火山"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "people.xlsx"
    result = page.post("/warnings/people/import/", {"file": buffer})
    text = result.content.decode()
    assert result.status_code == 200
    assert "请填写11位手机号" in text and "超出您的数据范围" in text and "未知的灾种：火山" in text
    # The phone is ciphertext in the database: the import matched (and the test finds)
    # the person through its blind index.
    person = ResponsiblePerson.objects.get(matches(ResponsiblePerson, "phone", "13900000021"))
    assert person.tier == "village" and person.published
    assert sorted(person.hazard_types.values_list("code", flat=True)) == ["flood", "rainstorm"]
    assert client_for(auditor).get("/warnings/people/import/").status_code == 403


def test_the_board_reveals_a_silent_recipients_phone_with_the_permission(officer, leader, draft,
                                                                         people) -> None:
    from yingji.core.models import AuditLog
    from yingji.core.models.audit import AuditAction
    from yingji.core.testing import make_user

    bulletin = publish(draft, officer, leader)
    board = client_for(officer).get(f"/warnings/{bulletin.pk}/board/").content.decode()
    # 孙书记 has not answered: his phone masked, with 查看 naming his directory entry.
    assert "139****0003" in board and "13900000003" not in board
    head = people["head1"]
    assert f'name="pk" value="{head.pk}"' in board and 'value="warnings.responsibleperson"' in board
    answer = client_for(officer).post("/personal-data/reveal/", {
        "model": "warnings.responsibleperson", "pk": head.pk, "field": "phone"},
        headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "13900000003" in answer.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(head.pk)).count() == 1
    # Without the permission: the mask alone, no 查看.
    reader = make_user("jiangan_legal", roles=["legal_reviewer"], scope=JIANGAN)
    text = client_for(reader).get(f"/warnings/{bulletin.pk}/board/").content.decode()
    assert "139****0003" in text and "查看完整信息" not in text
