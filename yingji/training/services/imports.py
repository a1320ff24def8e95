"""Excel import of certificate rolls (持证人员名册) through core ``run_import``: one row
is a person and one certificate. The enterprise is found by its 统一社会信用代码 inside
the importer's scope, the person by enterprise and ID number (blind index), else by
enterprise, name and post; the certificate by kind and number (updated when it exists,
so a roll can be imported again after renewals)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportSpec
from yingji.core.personal.fields import matches
from yingji.core.scope import scope_of
from yingji.enterprises.models import Enterprise
from yingji.training.models import Certificate, CertificateKind, CertifiedPerson, Post, WorkType
from yingji.training.services import people


def _enterprise(code: str, actor: Actor) -> Enterprise:
    found = Enterprise.objects.filter(credit_code=code.strip().upper()).first()
    if found is None:
        raise ValidationError({"credit_code": f"未找到统一社会信用代码为{code}的企业"})
    if not actor.is_system and (actor.user is None or not found.in_scope(scope_of(actor.user))):
        raise ValidationError({"credit_code": f"企业{found.name}不在您的数据范围内"})
    return found


def _person(enterprise: Enterprise, values: dict[str, Any], actor: Actor) -> CertifiedPerson:
    id_number = str(values.get("id_number") or "").strip().upper()
    person = None
    if id_number:
        person = CertifiedPerson.objects.filter(matches(CertifiedPerson, "id_number", id_number),
                                                enterprise=enterprise).first()
    if person is None:
        person = CertifiedPerson.objects.filter(enterprise=enterprise, name=values["name"],
                                                post=values["post"]).first()
    data = {"enterprise": enterprise, "name": values["name"], "post": values["post"],
            "work_type": values.get("work_type") or "", "job_title": values.get("job_title") or "",
            "on_duty": values.get("on_duty", True)}
    if id_number:
        data["id_number"] = id_number
    if person is None:
        return people.create_person(data, actor=actor)
    return people.update_person(person, data, actor=actor)


@transaction.atomic
def import_row(values: dict[str, Any], actor: Actor) -> bool:
    """Save one roll row (see the module docstring); True when the certificate is new."""
    enterprise = _enterprise(str(values["credit_code"]), actor)
    person = _person(enterprise, values, actor)
    data = {"person": person, "kind": values["kind"], "number": values["number"],
            "issuer": values["issuer"], "valid_until": values["valid_until"],
            "issued_on": values.get("issued_on"), "last_reviewed_on": values.get("last_reviewed_on"),
            "work_type": values.get("work_type") or ""}
    existing = Certificate.objects.filter(kind=values["kind"], number=values["number"]).first()
    if existing is None:
        people.create_certificate(data, actor=actor)
        return True
    if existing.person_id != person.pk:
        raise ValidationError({"number": f"证书编号{values['number']}已登记在{existing.person.name}名下"})
    people.update_certificate(existing, data, actor=actor)
    return False


def roll_import_spec() -> ImportSpec:
    return ImportSpec(
        title="持证人员名册", object_type="training.certificate", save_row=import_row,
        columns=(
            ImportColumn("credit_code", "统一社会信用代码", required=True, max_length=18,
                         example="91420102MA4K000001"),
            ImportColumn("name", "姓名", required=True, max_length=40, example="张伟"),
            ImportColumn("id_number", "身份证号", max_length=18, help="用于识别同一人员，可不填"),
            ImportColumn("post", "岗位类别", kind="choice", required=True, choices=Post.choices),
            ImportColumn("job_title", "职务/工种", max_length=60),
            ImportColumn("work_type", "作业类别", kind="choice", choices=WorkType.choices,
                         help="特种作业人员必填"),
            ImportColumn("kind", "证书类别", kind="choice", required=True,
                         choices=CertificateKind.choices),
            ImportColumn("number", "证书编号", required=True, max_length=40),
            ImportColumn("issuer", "发证机关", required=True, max_length=80,
                         example="武汉市应急管理局"),
            ImportColumn("issued_on", "初领日期", kind="date", example="2022-05-10"),
            ImportColumn("valid_until", "有效期至", kind="date", required=True, example="2028-05-09"),
            ImportColumn("last_reviewed_on", "上次复审日期", kind="date"),
            ImportColumn("on_duty", "在岗", kind="bool", help="不填视为在岗"),
        ))
