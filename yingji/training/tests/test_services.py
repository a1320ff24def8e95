"""Services: the roll, certificates with their deadlines, refusals that change nothing,
the 无证上岗 hazard through the hazards module and the expiry handler."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import actor_for, system
from yingji.hazards.models import Hazard
from yingji.training.models import Certificate, CertifiedPerson
from yingji.training.services import hazards, people, requirements
from yingji.training.tests.conftest import certificate, person

pytestmark = pytest.mark.django_db


def test_registry_people_get_the_certificate_their_post_needs(enterprise: Any) -> None:
    added = people.seed_from_registry(enterprise, actor=system())
    assert sorted((p.name, p.required_kind) for p in added) == [
        ("李安全", "manager_cert"), ("王建国", "principal_cert")]
    assert people.seed_from_registry(enterprise, actor=system()) == []  # not twice


def test_certificate_sets_expiry_and_review_deadlines_reminding_the_enterprise(
        enterprise: Any, owner: Any) -> None:
    today = timezone.localdate()
    holder = person(enterprise)
    cert = certificate(holder, issued=today - timedelta(days=400),
                       until=today - timedelta(days=400) + timedelta(days=365 * 6))
    assert cert.review_due_on is not None  # 3 years after issue
    deadlines = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Certificate),
                                        object_id=str(cert.pk), closed_at__isnull=True)
    kinds = {d.kind: d for d in deadlines}
    assert set(kinds) == {"training.expiry", "training.review"}
    assert kinds["training.expiry"].responsible == owner
    assert kinds["training.expiry"].remind_before_minutes == 60 * 24 * 60
    assert AuditLog.objects.filter(object_type="training.certificate", action="create").exists()


def test_bad_certificate_is_refused_in_chinese_and_saves_nothing(enterprise: Any) -> None:
    holder = person(enterprise)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        people.create_certificate({"person": holder, "kind": "special_operation", "number": "X1",
                                   "issuer": "湖北省应急管理厅", "issued_on": today,
                                   "valid_until": today - timedelta(days=1)}, actor=system())
    assert refused.value.message_dict == {"valid_until": ["有效期至须晚于初领日期"],
                                          "work_type": ["特种作业操作证须填写作业类别"]}
    assert not Certificate.objects.exists()
    with pytest.raises(ValidationError) as missing:
        people.create_person({"enterprise": enterprise, "name": "钱焊工", "post": "special_operator"},
                             actor=system())
    assert missing.value.message_dict == {"work_type": ["特种作业人员须填写作业类别"]}


def test_out_of_scope_supervisor_cannot_add_to_another_districts_roll(
        enterprise: Any, wc_supervisor: Any) -> None:
    with pytest.raises(ValidationError):
        people.create_person({"enterprise": enterprise, "name": "孙某", "post": "principal"},
                             actor=actor_for(wc_supervisor))
    assert not CertifiedPerson.objects.exists()


def test_working_without_a_certificate_is_registered_through_the_hazards_service(
        enterprise: Any, ja_supervisor: Any) -> None:
    holder = person(enterprise)
    hazard = hazards.flag_uncertified(holder, actor=actor_for(ja_supervisor))
    assert (hazard.enterprise, hazard.category, hazard.source, hazard.state) == (
        enterprise, "basic_training", "department", "registered")
    assert "未持有效特种作业操作证上岗" in hazard.title
    assert hazard.data["training"]["person"] == holder.pk
    holder.refresh_from_db()
    assert holder.hazard == hazard
    with pytest.raises(ValidationError, match="已登记隐患"):
        hazards.flag_uncertified(holder, actor=actor_for(ja_supervisor))
    assert Hazard.objects.count() == 1


def test_a_valid_certificate_or_leaving_the_post_is_not_a_hazard(enterprise: Any, owner: Any) -> None:
    holder = person(enterprise)
    certificate(holder)
    with pytest.raises(ValidationError, match="持有有效证书"):
        hazards.flag_uncertified(holder, actor=actor_for(owner))
    gone = person(enterprise, name="周离职", on_duty=False)
    with pytest.raises(ValidationError, match="不在岗"):
        hazards.flag_uncertified(gone, actor=actor_for(owner))
    assert not Hazard.objects.exists()


def test_enterprise_flags_its_own_as_self_inspection(enterprise: Any, owner: Any) -> None:
    hazard = hazards.flag_uncertified(person(enterprise), actor=actor_for(owner))
    assert hazard.source == "self_check"


def test_the_expiry_deadline_passing_registers_the_hazard_once(enterprise: Any) -> None:
    today = timezone.localdate()
    holder = person(enterprise)
    certificate(holder, until=today + timedelta(days=2))
    check_deadlines(now=timezone.now() + timedelta(days=4))
    holder.refresh_from_db()
    assert holder.hazard is not None and holder.hazard.source == "department"
    check_deadlines(now=timezone.now() + timedelta(days=40))
    assert Hazard.objects.count() == 1


def test_unpermitted_user_cannot_flag(enterprise: Any, db: Any) -> None:
    from yingji.core.testing import make_user

    public = make_user("pub_train", roles=["public"])
    with pytest.raises(PermissionDenied):
        hazards.flag_uncertified(person(enterprise), actor=actor_for(public))


def test_editing_the_requirement_table_recomputes_the_roll(enterprise: Any, city_supervisor: Any,
                                                           ja_supervisor: Any) -> None:
    from yingji.training.models import Requirement

    principal = person(enterprise, name="王建国", post="principal")
    assert principal.required_kind == "principal_cert"
    row = Requirement.objects.get(industry="hazchem", post="principal")
    with pytest.raises(PermissionDenied):  # a district may not change installation-wide rules
        requirements.update_requirement(row, {"kind": ""}, actor=actor_for(ja_supervisor))
    requirements.update_requirement(row, {"kind": ""}, actor=actor_for(city_supervisor))
    principal.refresh_from_db()
    assert principal.required_kind == ""
