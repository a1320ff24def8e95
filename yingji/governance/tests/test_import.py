"""Importing a work plan (issue 20 item 1): each of the five seed plans, as pasted text,
as a Word file and as an Excel sheet, becomes a tree with the document's counts and
numbering; nothing is saved before the confirmation, a bad file changes nothing."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingji.core.models import AuditLog
from yingji.core.testing import JIANGAN, WUHAN, actor_for, region
from yingji.governance.models import WorkItem, WorkPlan
from yingji.governance.services.imports import import_plan, preview, text_of_file
from yingji.governance.tests.conftest import plan_data, seed_text

SEED_COUNTS = [("hainan_2022.txt", 32), ("qingdao_2023.txt", 62), ("dongguan_2020.txt", 22),
               ("wuhan_2024.txt", 33), ("huarong_2021_2025.txt", 43)]


def docx_of(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_of(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in text.splitlines():
        sheet.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "count"), SEED_COUNTS)
def test_each_seed_imports_with_its_item_count(office: Any, name: str, count: int) -> None:
    plan = import_plan(plan_data(), seed_text(name), actor=actor_for(office))
    assert plan.item_count == count
    assert WorkItem.objects.filter(plan=plan).count() == count
    assert sum(plan.counts.values()) == count


@pytest.mark.parametrize(("name", "count"), SEED_COUNTS)
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_each_seed_reads_the_same_from_word_and_excel(name: str, count: int, kind: str) -> None:
    text = seed_text(name)
    content = docx_of(text) if kind == "docx" else xlsx_of(text)
    read, source = text_of_file(f"plan.{kind}", content)
    assert source == kind
    assert preview(read).total == count


def test_the_tree_keeps_the_documents_numbering(plan: WorkPlan) -> None:
    tops = list(WorkItem.objects.filter(plan=plan, parent=None).order_by("order"))
    assert [i.label for i in tops] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    second = tops[1]
    assert [c.label for c in second.children.order_by("order")] == [
        "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）"]
    last = WorkItem.objects.filter(plan=plan, style="cn_paren").order_by("order").last()
    assert last is not None and last.label == "（二十七）" and last.number == 27
    assert last.title == "坚持正风肃纪" and last.parent_id == tops[-1].pk and last.level == 1
    first = WorkItem.objects.get(plan=plan, style="cn_paren", number=1)
    assert first.body.startswith("按照省市部署")
    assert plan.counts_text == "“一、”6项，“（一）”27项，共33项"
    assert plan.preamble.startswith("2024年全市应急管理工作总体要求")


def test_the_import_is_audited_row_by_row(office: Any) -> None:
    before = AuditLog.objects.count()
    plan = import_plan(plan_data(), seed_text("wuhan_2024.txt"), actor=actor_for(office))
    assert AuditLog.objects.count() - before == 1 + 33
    entry = AuditLog.objects.filter(object_type="governance.workplan", object_id=str(plan.pk)).get()
    assert "共33项" in entry.detail


def test_preview_saves_nothing(db: Any) -> None:
    found = preview(seed_text("qingdao_2023.txt"))
    assert found.total == 62 and found.counts_text == "“一、”4项，“（一）”13项，“1.”45项，共62项"
    assert not WorkPlan.objects.exists() and not WorkItem.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.docx", b"not a zip at all", "不是Word"),
    ("plan.xlsx", b"PK\x03\x04broken", "不是Excel"),
    ("plan.xlsx", "zip", "无法读取"),
    ("plan.doc", b"\xd0\xcf\x11\xe0", "旧版Office"),
    ("plan.pdf", b"%PDF-1.4", "只能导入"),
    ("plan.txt", b"", "文件为空"),
])
def test_a_bad_file_is_refused_in_chinese(name: str, content: Any, message: str) -> None:
    if content == "zip":  # a zip archive that is not a workbook
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        content = buffer.getvalue()
    with pytest.raises(ValidationError) as refused:
        text_of_file(name, content)
    assert message in str(refused.value)


def test_text_without_numbered_items_changes_nothing(office: Any) -> None:
    with pytest.raises(ValidationError, match="未识别到带编号的工作事项"):
        import_plan(plan_data(), "这是一段没有编号的文字。\n第二段。", actor=actor_for(office))
    assert not WorkPlan.objects.exists() and not WorkItem.objects.exists()


def test_a_bad_field_leaves_no_half_plan(office: Any) -> None:
    with pytest.raises(ValidationError):
        import_plan(plan_data(year=None), seed_text("wuhan_2024.txt"), actor=actor_for(office))
    assert not WorkPlan.objects.exists() and not WorkItem.objects.exists()


def test_a_district_user_cannot_import_a_plan_for_the_city(ja_staff: Any, office: Any) -> None:
    from django.contrib.auth.models import Group

    ja_staff.groups.add(Group.objects.get(name="safety_office"))
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        import_plan(plan_data(), seed_text("wuhan_2024.txt"), actor=actor_for(ja_staff))
    assert not WorkPlan.objects.exists()
    plan = import_plan(plan_data(region=region(JIANGAN), title="江岸区2024年工作要点"),
                       seed_text("wuhan_2024.txt"), actor=actor_for(ja_staff))
    assert plan.region_id == JIANGAN


def test_staff_without_the_permission_cannot_import(wc_staff: Any) -> None:
    with pytest.raises(PermissionDenied):
        import_plan(plan_data(region=region(WUHAN)), seed_text("wuhan_2024.txt"),
                    actor=actor_for(wc_staff))
