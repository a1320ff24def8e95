"""Outputs: the roll-up table with the differences between levels, the 灾情快报
(Word), the 签领表 (Word) and the map's figures by region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.documents import add_table, document_bytes, word_document
from yingji.core.masking import mask_name
from yingji.core.models import Region
from yingji.core.personal.fields import masked_value
from yingji.core.personal.reveal import may_reveal
from yingji.disasters import rules
from yingji.disasters.models import DisasterEvent, ReliefCase, Stage
from yingji.disasters.services import response, rollup

KEY_FIELDS = (
    "affected",
    "deaths",
    "missing",
    "relocated",
    "needing_aid",
    "crop_affected",
    "collapsed_households",
    "severe_households",
)


@dataclass(frozen=True)
class RollupRow:
    code: str
    name: str
    level: int
    reported: dict[str, Any]
    reviewed: dict[str, Any]
    accepted: dict[str, Any]

    @property
    def pending(self) -> dict[str, Any]:
        """村报 minus 区县已审核: what has not yet come up through the chain."""
        return rules.difference(self.reported, self.accepted)

    def key(self, stage: str) -> list[Any]:
        figures = getattr(self, stage) if stage != "pending" else self.pending
        return [figures.get(n, 0) for n in KEY_FIELDS] + [rules.direct_loss(figures)]

    @property
    def key_reported(self) -> list[Any]:
        return self.key("reported")

    @property
    def key_reviewed(self) -> list[Any]:
        return self.key("reviewed")

    @property
    def key_accepted(self) -> list[Any]:
        return self.key("accepted")

    @property
    def key_pending(self) -> list[Any]:
        return self.key("pending")

    @property
    def units(self) -> int:
        return int(self.reported.get("units", 0))


def rollup_rows(event: DisasterEvent, prefix: str | None) -> list[RollupRow]:
    """The city, the counties and the streets inside ``prefix`` (the viewer's scope), each
    with its three stages (three indexed reads and one of names)."""
    scope = prefix or ""
    stages = {stage: rollup.totals(event, stage, prefix=scope[:4]) for stage in Stage.values}
    codes = sorted({code for kept in stages.values() for code in kept if code.startswith(scope)})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    levels = dict(Region.objects.filter(code__in=codes).values_list("code", "level"))
    zero = rules.zero_figures()
    return [
        RollupRow(
            code,
            names.get(code, code),
            levels.get(code, 0),
            stages[Stage.REPORTED].get(code, zero),
            stages[Stage.REVIEWED].get(code, zero),
            stages[Stage.ACCEPTED].get(code, zero),
        )
        for code in codes
    ]


KEY_HEADERS = [rules.LABELS[n] for n in KEY_FIELDS] + ["直接经济损失（万元）"]


def brief_docx(event: DisasterEvent, rows: list[RollupRow]) -> bytes:
    """灾情快报: what happened, the totals at each stage and the regions' figures."""
    now = timezone.localtime()
    document = word_document(f"{event.title}灾情快报", subtitle=f"截至{now:%Y年%m月%d日%H时%M分}")
    top = next((r for r in rows if r.level == 2), rows[0] if rows else None)
    started = timezone.localtime(event.started_at)
    document.add_paragraph(
        f"{started:%m月%d日%H时}起，{event.region.name}发生{event.get_kind_display()}灾害"
        f"（{response.assess(event).grade_label}）。{event.description}"
    )
    if top is not None:
        f = top.reported
        document.add_paragraph(
            f"据各村（社区）灾害信息员报告，共{top.units}个村（社区）报灾：受灾人口{f['affected']}人，"
            f"因灾死亡{f['deaths']}人、失踪{f['missing']}人，紧急转移安置{f['relocated']}人，"
            f"需紧急生活救助{f['needing_aid']}人；农作物受灾面积{f['crop_affected']}公顷，其中绝收"
            f"{f['crop_lost']}公顷；倒塌房屋{f['collapsed_households']}户{f['collapsed_rooms']}间，严重损坏"
            f"{f['severe_households']}户{f['severe_rooms']}间，一般损坏{f['general_households']}户"
            f"{f['general_rooms']}间；直接经济损失{rules.direct_loss(f)}万元。"
        )
        a = top.accepted
        document.add_paragraph(
            f"其中经区县审核上报：受灾人口{a['affected']}人，直接经济损失{rules.direct_loss(a)}万元。"
        )
    if event.response_level:
        document.add_paragraph(f"已启动{rules.LEVEL_LABELS[event.response_level]}救灾救助应急响应。")
    add_table(document, ["区划", *KEY_HEADERS], [[r.name, *r.key("reported")] for r in rows])
    return document_bytes(document)


def receipt_filename(case: ReliefCase, user: Any) -> str:
    """The 签领表's file name: the head of household in clear only for a user who may see
    personal data in clear (``core.reveal_personal_data``), masked (王**) for anyone else,
    since a file name travels where the page does not (download folders, mail)."""
    name = case.head_name if may_reveal(user) else mask_name(case.head_name)
    return f"签领表-{name}-{timezone.localtime():%Y%m%d}.docx"


def receipt_docx(case: ReliefCase, *, actor: Actor) -> bytes:
    """救灾款物签领表 of one household: what was issued and who signed (the download
    audited as an export)."""
    document = word_document(
        "救灾款物发放签领表", subtitle=f"{case.event.title}·{case.get_category_display()}"
    )
    add_table(
        document,
        ["项目", "内容"],
        [
            ["户主", case.head_name],
            ["身份证号", masked_value(case, "id_number")],
            ["家庭人口", case.members],
            ["所在村（社区）", case.region.name],
            ["核定金额（元）", case.approved_amount or ""],
        ],
    )
    document.add_paragraph("")
    add_table(
        document,
        ["发放内容", "数量/金额", "签领人", "签领时间"],
        [
            [
                issue.get_kind_display() if issue.kind == "money" else issue.item_name,
                f"{issue.amount}元" if issue.kind == "money" else f"{issue.quantity}{issue.unit}",
                issue.signed_by_name,
                f"{timezone.localtime(issue.signed_at):%Y-%m-%d %H:%M}",
            ]
            for issue in case.issues.order_by("signed_at")
        ],
    )
    document.add_paragraph("签领人（签字/手印）：　　　　　　发放经办人：　　　　　　日期：")
    audit.record(
        audit.AuditAction.EXPORT,
        actor=actor,
        obj=case,
        detail=f"下载救灾款物发放签领表：{mask_name(case.head_name)}（{case.event.title}）",
    )
    return document_bytes(document)


BANDS = ((10000, "#b71c1c"), (1000, "#e65100"), (100, "#f9a825"), (1, "#1e88e5"))


def band_color(affected: int) -> str:
    return next((color for bound, color in BANDS if affected >= bound), "#9e9e9e")


def _figures_line(name: str, f: dict[str, Any]) -> str:
    return (
        f"{name}：受灾{f['affected']}人，紧急转移安置{f['relocated']}人，"
        f"倒塌和严重损坏房屋{f['collapsed_households'] + f['severe_households']}户，"
        f"直接经济损失{rules.direct_loss(f)}万元"
    )


def map_features(event: DisasterEvent, prefix: str | None, shapes: dict[str, Any]) -> dict[str, Any]:
    """The figures by region (GeoJSON): each district's boundary polygon coloured by its
    受灾人口, its popup listing every reporting street's figures; each street as a point
    where its centre is known. No street boundary ships with the base map and the region
    data carry no street centres, so a street without one is counted (``unplaced``) and
    read in its district's popup — never put at the district's centre."""
    kept = {
        code: f for code, f in rollup.totals(event, Stage.REPORTED).items() if code.startswith(prefix or "")
    }
    regions = list(Region.objects.filter(code__in=list(kept), level__in=(3, 4)).order_by("code"))
    streets_of: dict[str, list[str]] = {}
    for region in regions:
        if region.level == 4:
            streets_of.setdefault(region.code[:6] + "000000", []).append(
                _figures_line(region.name, kept[region.code])
            )
    features = []
    unplaced = 0
    for region in regions:
        f = kept[region.code]
        props: dict[str, Any] = {
            "name": region.name,
            "code": region.code,
            "affected": f["affected"],
            "color": band_color(int(f["affected"])),
        }
        if region.level == 3 and region.code in shapes:
            streets = [f"· {line}" for line in streets_of.get(region.code, [])]
            props["lines"] = [_figures_line(region.name, f), *streets]
            features.append({"type": "Feature", "geometry": shapes[region.code], "properties": props})
        elif region.longitude is not None and region.latitude is not None:
            props["popup"] = _figures_line(region.name, f)
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "Point", "coordinates": [region.longitude, region.latitude]},
                }
            )
        else:
            unplaced += 1
    return {"type": "FeatureCollection", "features": features, "unplaced": unplaced}
