"""Nodes, progress and 督办 (issue 20 item 2): a node is a core deadline of its owner;
the owner's report keeps its evidence files; a done node closes its deadline; the office
presses a late item with a numbered Word notice; the board counts by department and
district; district users see their district's items only."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingji.core.models import Attachment, AuditLog, Deadline, Notification
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_user, region
from yingji.governance import rules
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem, WorkPlan
from yingji.governance.services import board, documents, plans

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def photo(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def task(plan: WorkPlan, number: int) -> WorkItem:
    return WorkItem.objects.get(plan=plan, style="cn_paren", number=number)


def assign(plan: WorkPlan, number: int, office: Any, district: str, **data: Any) -> WorkItem:
    item = task(plan, number)
    return plans.update_item(item, {"region": region(district), "lead_department": "区应急管理局",
                                    **data}, actor=actor_for(office))


def node_for(item: WorkItem, owner: Any, office: Any, days: int = 10, **extra: Any) -> Node:
    return plans.create_node({"item": item, "title": f"{item.title}：阶段任务", "owner": owner,
                              "due": timezone.localdate() + timedelta(days=days), **extra},
                             actor=actor_for(office))


@pytest.fixture
def ja_item(plan: WorkPlan, office: Any) -> WorkItem:
    return assign(plan, 22, office, JIANGAN)


@pytest.fixture
def ja_node(ja_item: WorkItem, ja_staff: Any, office: Any) -> Node:
    return node_for(ja_item, ja_staff, office)


def test_a_node_is_a_deadline_of_its_owner(ja_node: Node, ja_staff: Any, office: Any) -> None:
    deadline = Deadline.objects.get(object_id=str(ja_node.pk), kind=plans.NODE_DEADLINE)
    assert deadline.responsible == ja_staff and deadline.closed_at is None
    assert deadline.escalation_chain == [office.pk]
    moved = plans.update_node(ja_node, {"due": ja_node.due + timedelta(days=5)}, actor=actor_for(office))
    deadline.refresh_from_db()
    assert timezone.localtime(deadline.due_at).date() == moved.due


def test_a_late_node_reminds_and_escalates_through_the_core_mechanism(
        ja_item: WorkItem, ja_staff: Any, office: Any) -> None:
    node = node_for(ja_item, ja_staff, office, days=-1)
    check_deadlines(timezone.now())
    assert Notification.objects.filter(recipient=ja_staff, title__contains="逾期").exists()
    assert Notification.objects.filter(recipient=office, title__contains="逾期").exists()
    assert node.status(timezone.localdate()) == rules.LATE


def test_the_owner_must_be_able_to_see_the_node(ja_item: WorkItem, wc_staff: Any, office: Any) -> None:
    with pytest.raises(ValidationError, match="数据范围不包含"):
        node_for(ja_item, wc_staff, office)
    assert not Node.objects.exists()


def test_a_node_stays_inside_its_items_region(ja_item: WorkItem, ja_staff: Any, office: Any) -> None:
    with pytest.raises(ValidationError, match="事项的责任区域"):
        node_for(ja_item, ja_staff, office, region=region(WUCHANG))


def test_the_report_keeps_its_evidence_file(ja_node: Node, ja_staff: Any) -> None:
    report = plans.report_progress(ja_node, actor=actor_for(ja_staff), content="已完成街道调研",
                                   percent=40, evidence=[photo()])
    stored = Attachment.objects.get(object_id=str(report.pk), purpose=plans.EVIDENCE)
    assert stored.original_name == "现场照片.png" and stored.size == len(PNG)
    with stored.file.open("rb") as handle:
        assert handle.read() == PNG
    ja_node.refresh_from_db()
    assert ja_node.progress == 40 and ja_node.reported_at is not None
    assert ja_node.status(timezone.localdate()) == rules.ON_TIME
    assert AuditLog.objects.filter(object_type="governance.progressreport", object_id=str(report.pk)).exists()


def test_done_needs_evidence_and_closes_the_deadline(ja_node: Node, ja_staff: Any) -> None:
    with pytest.raises(ValidationError, match="须上传佐证材料"):
        plans.report_progress(ja_node, actor=actor_for(ja_staff), content="完成", percent=100, done=True)
    assert not ProgressReport.objects.exists()
    plans.report_progress(ja_node, actor=actor_for(ja_staff), content="全部完成", percent=80, done=True,
                          evidence=[photo("验收材料.png")])
    ja_node.refresh_from_db()
    assert ja_node.done_on == timezone.localdate() and ja_node.progress == 100
    deadline = Deadline.objects.get(object_id=str(ja_node.pk), kind=plans.NODE_DEADLINE)
    assert deadline.closed_at is not None and deadline.met_on_time
    with pytest.raises(ValidationError, match="已完成"):
        plans.report_progress(ja_node, actor=actor_for(ja_staff), content="再报", percent=10)


def test_a_bad_evidence_file_saves_nothing(ja_node: Node, ja_staff: Any) -> None:
    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError, match=r"照片\.png"):
        plans.report_progress(ja_node, actor=actor_for(ja_staff), content="进展", percent=20,
                              evidence=[photo(), fake])
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    ja_node.refresh_from_db()
    assert ja_node.progress == 0 and ja_node.reported_at is None


def test_only_the_owner_reports(ja_node: Node, office: Any) -> None:
    with pytest.raises(PermissionDenied, match="只有节点责任人"):
        plans.report_progress(ja_node, actor=actor_for(office), content="代报", percent=10)


def test_the_office_presses_a_late_item_with_a_word_notice(
        ja_item: WorkItem, ja_staff: Any, office: Any) -> None:
    on_time = node_for(ja_item, ja_staff, office)
    with pytest.raises(ValidationError, match="没有逾期节点"):
        plans.supervise_item(ja_item, actor=actor_for(office), requirement="加快推进",
                             reply_due=timezone.localdate() + timedelta(days=7))
    node_for(ja_item, ja_staff, office, days=-3)
    done = plans.supervise_item(ja_item, actor=actor_for(office), requirement="请于一周内完成并报送",
                                reply_due=timezone.localdate() + timedelta(days=7))
    year = timezone.localdate().year
    assert done.number == f"督办〔{year}〕1号"
    assert Notification.objects.filter(recipient=ja_staff, title__contains=done.number).exists()
    content = documents.supervision_notice(done, actor=actor_for(office))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert done.number in text and "请于一周内完成并报送" in text and ja_item.title in text
    table = Document(io.BytesIO(content)).tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "推进情况"
    assert {r.cells[-1].text for r in table.rows[1:]} == {"逾期", "未启动"}
    assert on_time.pk
    second = plans.supervise_item(ja_item, actor=actor_for(office), requirement="再次督办",
                                  reply_due=timezone.localdate() + timedelta(days=3))
    assert second.number == f"督办〔{year}〕2号"


def test_staff_cannot_press(ja_item: WorkItem, ja_staff: Any, office: Any) -> None:
    node_for(ja_item, ja_staff, office, days=-3)
    with pytest.raises(PermissionDenied):
        plans.supervise_item(ja_item, actor=actor_for(ja_staff), requirement="督办",
                             reply_due=timezone.localdate() + timedelta(days=7))
    assert not Supervision.objects.exists()


def test_the_board_counts_by_department_and_district(
        plan: WorkPlan, office: Any, ja_staff: Any, wc_staff: Any) -> None:
    ja = assign(plan, 22, office, JIANGAN_STREET[:6] + "000000", lead_department="江岸区应急管理局")
    wc = assign(plan, 14, office, WUCHANG, lead_department="武昌区应急管理局")
    city = task(plan, 3)
    plans.update_item(city, {"lead_department": "市安委办"}, actor=actor_for(office))
    late = node_for(ja, ja_staff, office, days=-2)
    node_for(wc, wc_staff, office)
    done = node_for(city, office, office, days=5)
    plans.report_progress(done, actor=actor_for(office), content="完成", percent=100, done=True,
                          evidence=[photo()])
    data = board.board(plan, office)
    assert data.items.counts == {"done": 1, "on_time": 0, "late": 1, "not_started": 1}
    by_district = {t.name: t.counts for t in data.by_district}
    assert by_district["江岸区"]["late"] == 1 and by_district["武昌区"]["not_started"] == 1
    assert by_district["武汉市本级"]["done"] == 1
    assert data.by_department[0].name == "江岸区应急管理局"  # the most lagging first
    assert {t.name for t in data.by_department} == {"江岸区应急管理局", "武昌区应急管理局", "市安委办"}
    # A district user's board holds the district's items only.
    district = board.board(plan, ja_staff)
    assert district.items.total == 1 and district.statuses == {ja.pk: rules.LATE}
    assert late.pk


def test_district_users_see_their_districts_items_only(
        plan: WorkPlan, ja_item: WorkItem, ja_node: Node, ja_staff: Any, wc_staff: Any) -> None:
    assert WorkPlan.objects.restrict(ja_staff).filter(pk=plan.pk).exists()  # the city's plan
    assert list(WorkItem.objects.restrict(ja_staff).filter(plan=plan)) == [ja_item]
    assert not WorkItem.objects.restrict(wc_staff).filter(pk=ja_item.pk).exists()
    assert not Node.objects.restrict(wc_staff).filter(pk=ja_node.pk).exists()
    wc_office = make_user("wc_aw", roles=["safety_office"], scope=WUCHANG)
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        plans.update_item(ja_item, {"lead_department": "越权修改"}, actor=actor_for(wc_office))
    ja_item.refresh_from_db()
    assert ja_item.lead_department == "区应急管理局"


def test_a_plan_with_nodes_is_not_deleted(plan: WorkPlan, ja_node: Node, office: Any) -> None:
    with pytest.raises(ValidationError, match="不能删除"):
        plans.delete_plan(plan, actor=actor_for(office))
    assert WorkPlan.objects.filter(pk=plan.pk).exists()
