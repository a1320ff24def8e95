"""The point's 一图一案一册 as one printable Word file (core.documents house style): 一图
the map position (a locator drawn on the installed district boundaries, with the
coordinates and the way to the shelter), 一案 the disposal card (who answers, when to
move, how, where to), 一册 the roster of households to move."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yingji.core import audit, masking
from yingji.core.actor import Actor
from yingji.core.documents import add_table, add_title, document_bytes, word_document
from yingji.flood.models import FloodPoint
from yingji.flood.services.locator import locator_png
from yingji.warnings.rules import level_label

REVEAL = "core.reveal_personal_data"


def _phone(value: str, reveal: bool) -> str:
    return value if reveal or not value else masking.mask("phone", value)


@transaction.atomic
def point_card(point: FloodPoint, *, actor: Actor) -> bytes:
    """一图一案一册 of ``point``; the phones in clear only for holders of the reveal
    permission. The download is audited as an export."""
    from docx.shared import Cm

    reveal = actor.user is not None and actor.user.has_perm(REVEAL)
    document = word_document(f"{point.name}“一图一案一册”", subtitle=f"编号：{point.code}")

    add_title(document, "一图：位置图", size=14)
    picture = locator_png(point.longitude, point.latitude, point.region_id)
    if picture is not None:
        document.add_picture(picture, width=Cm(15))
    add_table(document, ("项目", "内容"), [
        ("所在区域", point.region.full_name if hasattr(point.region, "full_name") else point.region.name),
        ("位置", point.address),
        ("坐标", f"东经{point.longitude:.5f}°，北纬{point.latitude:.5f}°"),
        ("转移路线", point.route or "—"),
        ("避险安置场所", f"{point.shelter}（{point.shelter.address}，可容纳{point.shelter.capacity}人）"
         if point.shelter else "未指定"),
    ])

    add_title(document, "一案：处置卡", size=14)
    gauges = "；".join(f"{g.gauge.name}达到{g.threshold:g}{g.gauge.unit}" for g in
                       point.gauges.select_related("gauge")) or "无"
    add_table(document, ("项目", "内容"), [
        ("风险点类型", point.get_kind_display()),
        ("威胁对象", f"{point.people_threatened}人，房屋{point.houses_threatened}间"
         + (f"；{point.threat}" if point.threat else "")),
        ("转移条件", f"{level_label(point.trigger_level)}及以上预警生效；监测：{gauges}"),
        ("预警信号", point.signal or "电话逐户通知"),
        ("处置措施", point.disposal),
    ])
    persons = list(point.responsible.order_by("region_id", "tier", "name"))
    add_table(document, ("责任人", "责任类别", "职务", "联系电话"),
              [(p.name, p.get_role_display(), p.position, _phone(p.phone, reveal)) for p in persons]
              or [("未落实", "", "", "")])

    add_title(document, "一册：转移人员名册", size=14)
    households = list(point.households.order_by("pk"))
    add_table(document, ("序号", "户主", "人数", "住址", "联系电话", "必转类别", "需帮扶"),
              [(n, h.head_name, h.members, h.address, _phone(h.phone, reveal), h.category_labels,
                h.vulnerable_note or ("是" if h.vulnerable else "")) for n, h in enumerate(households, 1)])
    total = sum(h.members for h in households)
    helped = sum(h.vulnerable for h in households)
    document.add_paragraph(f"合计：{len(households)}户{total}人，其中需帮扶{helped}户。")
    document.add_paragraph(f"制表日期：{timezone.localdate():%Y年%m月%d日}").alignment = 2
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=point,
                 detail=f"下载一图一案一册：{point.name}")
    return document_bytes(document)
