"""The pages as people use them: the import's review screen (nothing saved until 确认导入,
a bad file refused in Chinese), the node's report form keeping its evidence file, the
督办 button and its Word notice, the board and the lists' export."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Attachment
from yingji.core.testing import JIANGAN, WUHAN, actor_for, client_for, region
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem, WorkPlan
from yingji.governance.services import plans
from yingji.governance.tests.conftest import seed_text
from yingji.governance.tests.test_import import docx_of
from yingji.governance.tests.test_progress import PNG

FORM = {"year": 2024, "issuer": "武汉市应急管理局", "doc_number": "武应急〔2024〕1号", "region": WUHAN}


def test_import_reviews_then_saves_on_confirmation(office: Any) -> None:
    client = client_for(office)
    upload = SimpleUploadedFile("2024年工作要点.docx", docx_of(seed_text("wuhan_2024.txt")))
    review = client.post(reverse("workplan_import"), {**FORM, "title": "", "file": upload})
    assert review.status_code == 200
    page = review.content.decode()
    assert "识别结果（尚未保存）" in page and "“一、”6项，“（一）”27项，共33项" in page
    assert page.count('data-testid="import-item"') == 33
    assert not WorkPlan.objects.exists()
    confirm = review.context["confirm"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    data.update(confirm="1", title="2024年全市应急管理工作要点")
    done = client.post(reverse("workplan_import"), data, follow=True)
    plan = WorkPlan.objects.get()
    assert plan.item_count == 33 and plan.source == "docx" and plan.source_name == "2024年工作要点.docx"
    assert plan.doc_number == "武应急〔2024〕1号"
    closing = "已导入工作计划《2024年全市应急管理工作要点》：“一、”6项，“（一）”27项，共33项"
    assert closing in done.content.decode()
    assert done.content.decode().count('data-testid="plan-item"') == 33


def test_a_bad_file_is_refused_on_the_page_and_nothing_changes(office: Any) -> None:
    upload = SimpleUploadedFile("plan.docx", b"this is not a word file")
    response = client_for(office).post(reverse("workplan_import"), {**FORM, "file": upload})
    assert response.status_code == 400
    assert "文件内容不是Word（.docx）格式" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_pasted_text_without_items_is_refused(office: Any) -> None:
    response = client_for(office).post(reverse("workplan_import"), {**FORM, "text": "没有编号的一段话"})
    assert response.status_code == 400 and "未识别到带编号的工作事项" in response.content.decode()


def test_the_report_form_keeps_its_files(plan: WorkPlan, office: Any, ja_staff: Any) -> None:
    item = WorkItem.objects.get(plan=plan, style="cn_paren", number=22)
    item = plans.update_item(item, {"region": region(JIANGAN)}, actor=actor_for(office))
    node = plans.create_node({"item": item, "title": "街道应急服务站建设", "owner": ja_staff,
                              "due": timezone.localdate() + timedelta(days=20)}, actor=actor_for(office))
    client = client_for(ja_staff)
    page = client.get(reverse("node_detail", args=[node.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="evidence"' in page
    files = [SimpleUploadedFile("照片一.png", PNG, content_type="image/png"),
             SimpleUploadedFile("照片二.png", PNG, content_type="image/png")]
    response = client.post(reverse("node_step", args=[node.pk]),
                           {"name": "report", "content": "已建成2个服务站", "percent": 100, "done": "on",
                            "evidence": files}, follow=True)
    assert "已报送完成" in response.content.decode()
    report = ProgressReport.objects.get(node=node)
    stored = Attachment.objects.filter(object_id=str(report.pk))
    assert sorted(a.original_name for a in stored) == ["照片一.png", "照片二.png"]
    assert report.evidence_count == 2
    assert response.content.decode().count('data-testid="evidence"') == 2
    node.refresh_from_db()
    assert node.done_on == timezone.localdate()


def test_the_office_presses_from_the_item_page_and_downloads_the_notice(
        plan: WorkPlan, office: Any, ja_staff: Any) -> None:
    item = WorkItem.objects.get(plan=plan, style="cn_paren", number=3)
    item = plans.update_item(item, {"region": region(JIANGAN)}, actor=actor_for(office))
    plans.create_node({"item": item, "title": "责任清单修订", "owner": ja_staff,
                       "due": timezone.localdate() - timedelta(days=1)}, actor=actor_for(office))
    client = client_for(office)
    assert 'value="supervise"' in client.get(reverse("workitem_detail", args=[item.pk])).content.decode()
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    client.post(reverse("workitem_step", args=[item.pk]),
                {"name": "supervise", "requirement": "请立即整改", "reply_due": due})
    supervision = Supervision.objects.get(item=item)
    notice = client.get(reverse("supervision_notice", args=[supervision.pk]))
    assert notice.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    assert "请立即整改" in text and supervision.number in text
    # The owner (a supervisor) has no 督办 button.
    assert 'value="supervise"' not in client_for(ja_staff).get(
        reverse("workitem_detail", args=[item.pk])).content.decode()


def test_the_board_and_the_exports(plan: WorkPlan, office: Any) -> None:
    item = WorkItem.objects.get(plan=plan, style="cn_paren", number=5)
    plans.create_node({"item": item, "title": "挂牌督办隐患清零", "owner": office,
                       "due": timezone.localdate() - timedelta(days=1)}, actor=actor_for(office))
    client = client_for(office)
    page = client.get(reverse("workplan_board", args=[plan.pk]))
    assert page.status_code == 200
    assert page.context["board"].items.counts["late"] == 1
    assert 'data-chart="governance-stack"' in page.content.decode()
    export = client.get(reverse("node_list") + f"?plan={plan.pk}&status=late&export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert any("挂牌督办隐患清零" in [str(v) for v in row] for row in rows)
    listed = client.get(reverse("workitem_list") + f"?plan={plan.pk}&status=late")
    assert listed.content.decode().count("（五）") >= 1 and Node.objects.count() == 1


def test_the_owners_to_do_lists_what_it_counts(plan: WorkPlan, office: Any, ja_staff: Any) -> None:
    from yingji.governance.workbench import node_todos

    item = WorkItem.objects.get(plan=plan, style="cn_paren", number=22)
    item = plans.update_item(item, {"region": region(JIANGAN)}, actor=actor_for(office))
    for days in (-3, -1, 4):
        plans.create_node({"item": item, "title": f"节点{days}", "owner": ja_staff,
                           "due": timezone.localdate() + timedelta(days=days)}, actor=actor_for(office))
    todos = {t.label: t for t in node_todos(ja_staff)}
    late = todos["2个本人负责的工作节点已逾期"]
    soon = todos["1个本人负责的工作节点7日内到期"]
    client = client_for(ja_staff)
    for todo in (late, soon):
        page = client.get(todo.url)
        assert page.context["page"].paginator.count == todo.count
