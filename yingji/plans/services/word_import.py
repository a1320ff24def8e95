"""Importing a plan's structure from its Word text (.docx) written with the usual
headings: the working groups ("综合协调组：由市应急管理局牵头，市公安局、市卫生健康委参加。
主要职责：……"), the response levels ("Ⅰ级响应", "二级响应" …) and their starting conditions
("造成3人以上死亡", "紧急转移安置1万人以上", "发布暴雨红色预警", "发生较大事故"). What was
recognised is reported line by line with the text it came from, and so is every line of a
level's section that was not; nothing is created until the user confirms."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.plans import rules
from yingji.plans.models import Plan, PlanResponseLevel, TriggerCondition, WorkingGroup
from yingji.plans.services.plans import create_part

_LEVEL = re.compile(r"^[（(]?[一二三四五六七八九十\d.、）)\s]*"
                    r"(?P<level>[ⅠⅡⅢⅣ]|I{1,3}|IV|[一二三四])级(应急)?响应")
_LEVEL_CODES = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "I": "I", "II": "II", "III": "III",
                "IV": "IV", "一": "I", "二": "II", "三": "III", "四": "IV"}
_GROUP = re.compile(r"^[（(]?[一二三四五六七八九十\d.、）)\s]*"
                    r"(?P<name>[\u4e00-\u9fa5]{2,12}组)[：:](?P<rest>.+)$")
_LEAD = re.compile(r"由(?P<lead>[^，,。；;]+?)牵头")
_MEMBERS = re.compile(r"牵头[，,](?P<members>[^。；;]+?)(等(单位|部门))?(参加|配合|组成)")
_DUTIES = re.compile(r"(主要职责|职责)[：:](?P<duties>.+)$")
_NUMBER = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<wan>万)?"
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("deaths_missing", re.compile(_NUMBER + r"人以上(死亡[和、及]失踪|死亡（含失踪）|死亡失踪)")),
    ("deaths", re.compile(_NUMBER + r"人以上(死亡|遇难)")),
    ("serious_injuries", re.compile(_NUMBER + r"人以上重伤")),
    ("trapped", re.compile(r"(被困|受困)" + _NUMBER + r"人以上")),
    ("trapped", re.compile(_NUMBER + r"人以上(被困|受困)")),
    ("relocated", re.compile(r"(紧急)?转移安置" + _NUMBER + r"人以上")),
    ("affected", re.compile(r"(受灾|影响)" + _NUMBER + r"人以上")),
)
_LOSS = re.compile(r"直接经济损失\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>亿|万)元以上")
_WARNING = re.compile(r"(?P<colour>红色|橙色|黄色|蓝色)预警")
_WARNING_CODES = {"红色": "red", "橙色": "orange", "黄色": "yellow", "蓝色": "blue"}
_GRADE = re.compile(r"(?P<grade>特别重大|重大|较大|一般)(突发事件|事故|灾害|险情)")
_GRADE_CODES = {"特别重大": "I", "重大": "II", "较大": "III", "一般": "IV"}


@dataclass
class FoundGroup:
    name: str
    lead: str
    members: str
    duties: str
    source: str


@dataclass
class FoundLevel:
    level: str
    conditions: list[tuple[str, str, str]] = field(default_factory=list)  # fact, value, source
    unrecognised: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return rules.level_label(self.level)

    @property
    def items(self) -> list[tuple[str, str]]:
        """(the condition in words, the sentence it came from)."""
        return [(rules.condition_text(rules.Condition(f, v)), source) for f, v, source in self.conditions]


@dataclass
class ImportReport:
    """What the file held: groups and levels recognised, lines not understood."""

    groups: list[FoundGroup] = field(default_factory=list)
    levels: list[FoundLevel] = field(default_factory=list)
    paragraphs: int = 0

    @property
    def condition_count(self) -> int:
        return sum(len(lv.conditions) for lv in self.levels)


def paragraphs_of(content: bytes) -> list[str]:
    """The text of every paragraph and table cell of a .docx, in order."""
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise ValidationError({"file": "无法读取该文件，请上传Word（.docx）格式的预案文本"}) from exc
    out = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.strip()
                if text and text not in out:
                    out.append(text)
    return out


def _number(match: re.Match[str], name: str = "n", wan: str = "wan") -> str:
    value = Decimal(match.group(name))
    if match.groupdict().get(wan):
        value *= 10_000
    return f"{value.normalize():f}"


def conditions_in(line: str) -> list[tuple[str, str]]:
    """The trigger conditions a sentence states ("造成3人以上死亡" → deaths ≥ 3)."""
    found: list[tuple[str, str]] = []
    for fact, pattern in _FIGURES:
        for match in pattern.finditer(line):
            found.append((fact, _number(match)))
        if fact == "deaths_missing" and found and found[-1][0] == "deaths_missing":
            line = pattern.sub("", line)  # "死亡和失踪" is not also "死亡"
    for match in _LOSS.finditer(line):
        value = Decimal(match.group("n")) * (10_000 if match.group("unit") == "亿" else 1)
        found.append(("loss_wan", f"{value.normalize():f}"))
    for match in _WARNING.finditer(line):
        found.append(("warning_level", _WARNING_CODES[match.group("colour")]))
    for match in _GRADE.finditer(line):
        found.append(("grade", _GRADE_CODES[match.group("grade")]))
    return found


def parse(content: bytes) -> ImportReport:
    """Recognise the groups and the levels with their conditions."""
    lines = paragraphs_of(content)
    report = ImportReport(paragraphs=len(lines))
    current: FoundLevel | None = None
    for line in lines:
        level = _LEVEL.match(line)
        if level is not None and len(line) <= 40:
            code = _LEVEL_CODES[level.group("level")]
            current = next((lv for lv in report.levels if lv.level == code), None)
            if current is None:
                current = FoundLevel(code)
                report.levels.append(current)
            rest = line[level.end():].strip("：: ")
            if rest:
                _level_line(current, rest)
            continue
        group = _GROUP.match(line)
        if group is not None:
            rest = group.group("rest")
            lead = _LEAD.search(rest)
            members = _MEMBERS.search(rest)
            duties = _DUTIES.search(rest)
            report.groups.append(FoundGroup(
                group.group("name"), lead.group("lead") if lead else "",
                members.group("members") if members else "",
                duties.group("duties") if duties else rest, line))
            current = None
            continue
        if re.match(r"^[\d.]+\s*[\u4e00-\u9fa5]{2,}$", line) and len(line) <= 20:
            current = None  # another numbered heading ends the level's section
            continue
        if current is not None:
            _level_line(current, line)
    return report


def _level_line(level: FoundLevel, line: str) -> None:
    level.text.append(line)
    found = conditions_in(line)
    if found:
        for fact, value in found:
            if (fact, value) not in [(f, v) for f, v, _ in level.conditions]:
                level.conditions.append((fact, value, line))
    else:
        level.unrecognised.append(line)


@transaction.atomic
def import_structure(plan: Plan, content: bytes, *, actor: Actor) -> ImportReport:
    """Create the recognised groups and levels with their conditions on ``plan`` (a
    draft or a plan under revision); groups and levels it already has are kept, only
    new ones are added."""
    if plan.state not in ("draft", "revising"):
        raise ValidationError({"file": "只能向起草中或修订中的预案导入结构"})
    report = parse(content)
    if not report.groups and not report.levels:
        raise ValidationError({"file": "未识别到工作组或响应分级，请检查文件是否采用常规标题"})
    have = set(WorkingGroup.objects.filter(plan=plan).values_list("name", flat=True))
    for order, group in enumerate(report.groups):
        if group.name in have:
            continue
        create_part(WorkingGroup, {"plan": plan, "name": group.name,
                                   "lead_department": (group.lead or "待明确")[:120],
                                   "member_departments": group.members[:400],
                                   "duties": group.duties or "待补充", "order": order}, actor=actor)
    for found in report.levels:
        level: Any = PlanResponseLevel.objects.filter(plan=plan, level=found.level).first()
        if level is None:
            level = create_part(PlanResponseLevel, {"plan": plan, "level": found.level,
                                                    "description": "\n".join(found.text)[:2000]},
                                actor=actor)
        existing = set(level.conditions.values_list("fact", "value"))
        for fact, value, _source in found.conditions:
            if (fact, value) not in existing:
                create_part(TriggerCondition, {"response_level": level, "fact": fact, "value": value},
                            actor=actor)
    return report
