"""Who does which step of a hazard (issue 13): an enterprise account rectifies; it issues
下发整改 only on what it found itself, never records 执法检查 or 暗查暗访, closes only its
self-found general hazards where the bureau allows it (then 企业自行销号 on the ledger and
in the analysis), and nobody deletes a hazard's photos or evidence. Each rule through
the services, the pages and the API, for the enterprise, a supervisor and users outside
the scope."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from yingji.core.models import Attachment, AuditLog, Notification
from yingji.core.services.attachments import attach_file
from yingji.core.testing import actor_for, client_for
from yingji.core.workflow import TransitionRefused
from yingji.hazards.models import Hazard, HazardSettings, HazardSource
from yingji.hazards.services import hazards, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data, in_days, pdf, png

pytestmark = pytest.mark.django_db
H = "/api/v1/hazards/hazards/"


def _json(client: Any, url: str, data: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _found(enterprise: Any, user: Any, source: str, **fields: Any) -> Hazard:
    return hazards.create_hazard(hazard_data(enterprise, source=source, **fields),
                                 actor=actor_for(user))


def _verifying(hazard: Hazard, *, assigner: Any, rectifier: Any) -> Hazard:
    pending = steps.assign_rectification(hazard, actor=actor_for(assigner), **assign_data())
    rectifying = steps.start_rectification(pending, actor=actor_for(rectifier))
    return steps.submit_for_verification(rectifying, actor=actor_for(rectifier), content="已整改",
                                         evidence=[png("after.png")])


# --- sources -------------------------------------------------------------------------


def test_the_enterprise_form_does_not_offer_enforcement_or_covert_sources(owner, officer) -> None:
    mine = client_for(owner).get("/hazards/add/").content.decode()
    assert 'value="self_check"' in mine and 'value="department"' in mine
    assert 'value="enforcement"' not in mine and 'value="covert"' not in mine
    staff = client_for(officer).get("/hazards/add/").content.decode()
    assert 'value="enforcement"' in staff and 'value="covert"' in staff


@pytest.mark.parametrize("source", [HazardSource.ENFORCEMENT, HazardSource.COVERT])
def test_the_service_refuses_an_enterprise_government_only_source(enterprise, owner, officer,
                                                                  source) -> None:
    with pytest.raises(ValidationError) as refused:
        _found(enterprise, owner, source)
    assert "企业不能选择" in refused.value.message_dict["source"][0]
    assert not Hazard.objects.exists()
    assert _found(enterprise, officer, source).source == source


def test_the_page_and_the_api_refuse_it_on_the_source_field(enterprise, owner) -> None:
    page = client_for(owner).post("/hazards/add/", {
        "enterprise": enterprise.pk, "title": "执法检查发现", "source": "enforcement",
        "grade": "general", "category": "site_fire", "description": "x",
        "found_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    assert page.status_code == 200 and not Hazard.objects.exists()
    api = _json(client_for(owner), H, {
        "enterprise": enterprise.pk, "title": "暗访发现", "source": "covert", "grade": "general",
        "category": "site_fire", "description": "x"})
    assert api.status_code == 400
    assert "暗查暗访" in api.json()["error"]["fields"]["source"][0]
    assert not Hazard.objects.exists()


def test_an_enterprise_cannot_relabel_a_government_found_hazard(enterprise, owner, officer) -> None:
    found = _found(enterprise, officer, HazardSource.ENFORCEMENT)
    response = _json(client_for(owner), f"{H}{found.pk}/", {"source": "self_check"}, "patch")
    assert response.status_code == 400 and "source" in response.json()["error"]["fields"]
    assert Hazard.objects.get(pk=found.pk).source == HazardSource.ENFORCEMENT
    form = client_for(owner).get(f"/hazards/{found.pk}/edit/").content.decode()
    assert "企业不能修改其来源" in form
    # Its own self-found hazard it may still correct, and the supervisor may relabel.
    own = _found(enterprise, owner, HazardSource.SELF_CHECK)
    assert hazards.update_hazard(own, {"source": HazardSource.DEPARTMENT},
                                 actor=actor_for(owner)).source == HazardSource.DEPARTMENT
    assert hazards.update_hazard(found, {"source": HazardSource.DEPARTMENT},
                                 actor=actor_for(officer)).source == HazardSource.DEPARTMENT


# --- 下发整改 ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", [HazardSource.DEPARTMENT, HazardSource.ENFORCEMENT,
                                    HazardSource.COVERT, HazardSource.PUBLIC_REPORT,
                                    HazardSource.MONITORING])
def test_an_enterprise_never_assigns_a_government_found_hazard_to_itself(
        enterprise, owner, officer, source) -> None:
    found = _found(enterprise, officer, source)
    with pytest.raises(TransitionRefused, match="由监管部门下发整改"):
        steps.assign_rectification(found, actor=actor_for(owner), **assign_data())
    assert steps.assign_rectification(found, actor=actor_for(officer),
                                      **assign_data()).state == "pending"


def test_an_enterprise_assigns_what_it_found_itself(enterprise, owner) -> None:
    own = _found(enterprise, owner, HazardSource.SELF_CHECK)
    assert steps.assign_rectification(own, actor=actor_for(owner), **assign_data()).state == "pending"


def test_the_page_hides_the_assign_button_and_refuses_a_forged_post(enterprise, owner,
                                                                   officer) -> None:
    found = _found(enterprise, officer, HazardSource.ENFORCEMENT)
    client = client_for(owner)
    page = client.get(f"/hazards/{found.pk}/").content.decode()
    assert 'data-step="assign"' not in page and "由监管部门下发整改" in page
    staff = client_for(officer).get(f"/hazards/{found.pk}/").content.decode()
    assert 'data-step="assign"' in staff
    response = client.post(f"/hazards/{found.pk}/transition/", {
        "name": "assign", "version": 0, "responsible_name": "陈安全", "measures": "整改",
        "deadline": (timezone.localtime() + timezone.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    assert any("由监管部门下发整改" in m for m in _messages(response))
    assert Hazard.objects.get(pk=found.pk).state == "registered"


def test_the_api_answers_409_to_an_enterprise_assigning_a_government_found_hazard(
        enterprise, owner, officer) -> None:
    found = _found(enterprise, officer, HazardSource.COVERT)
    body = {"name": "assign", "responsible_name": "陈安全", "measures": "整改",
            "deadline": in_days(5).isoformat()}
    refused = _json(client_for(owner), f"{H}{found.pk}/transition/", body)
    assert refused.status_code == 409 and "由监管部门下发整改" in refused.json()["error"]["message"]
    assert _json(client_for(officer), f"{H}{found.pk}/transition/", body).status_code == 200


# --- 验收销号 ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", [HazardSource.ENFORCEMENT, HazardSource.COVERT,
                                    HazardSource.DEPARTMENT, HazardSource.PUBLIC_REPORT])
def test_an_enterprise_never_verifies_a_government_found_hazard(enterprise, owner, officer,
                                                                self_close_on, source) -> None:
    verifying = _verifying(_found(enterprise, officer, source), assigner=officer, rectifier=owner)
    with pytest.raises(TransitionRefused, match="须由监管部门验收销号"):
        steps.close_hazard(verifying, actor=actor_for(owner))
    with pytest.raises(TransitionRefused, match="须由监管部门验收销号"):
        steps.reject_verification(verifying, actor=actor_for(owner), comment="自己不通过")
    closed = steps.close_hazard(verifying, actor=actor_for(officer))
    assert closed.state == "closed" and closed.self_closed is False


def test_self_closing_needs_the_bureaus_setting(enterprise, owner, officer) -> None:
    assert HazardSettings.current().enterprise_self_close is False  # the safer default
    assert not HazardSettings.objects.exists()  # reading the default wrote nothing
    own = _verifying(_found(enterprise, owner, HazardSource.SELF_CHECK), assigner=owner,
                     rectifier=owner)
    with pytest.raises(TransitionRefused, match="未开启企业自行销号"):
        steps.close_hazard(own, actor=actor_for(owner))
    page = client_for(owner).get(f"/hazards/{own.pk}/").content.decode()
    assert 'data-step="close"' not in page and "未开启企业自行销号" in page
    assert steps.close_hazard(own, actor=actor_for(officer)).self_closed is False


def test_a_self_found_general_hazard_is_self_closed_where_allowed(enterprise, owner, officer,
                                                                  self_close_on) -> None:
    own = _verifying(_found(enterprise, owner, HazardSource.SELF_CHECK), assigner=owner,
                     rectifier=owner)
    page = client_for(owner).get(f"/hazards/{own.pk}/").content.decode()
    assert 'data-step="close"' in page
    response = client_for(owner).post(f"/hazards/{own.pk}/transition/",
                                      {"name": "close", "version": own.version})
    assert response.status_code == 302
    closed = Hazard.objects.get(pk=own.pk)
    assert closed.state == "closed" and closed.self_closed is True and closed.closed_by == owner
    assert Notification.objects.filter(recipient=officer, title="企业自行销号").exists()
    api = client_for(officer).get(f"{H}{own.pk}/").json()
    assert api["self_closed"] is True and api["state"] == "closed"
    assert AuditLog.objects.filter(object_id=str(own.pk), detail="隐患：验收销号").exists()


def test_the_api_answers_409_to_an_enterprise_closing_a_government_found_hazard(
        enterprise, owner, officer, self_close_on) -> None:
    verifying = _verifying(_found(enterprise, officer, HazardSource.ENFORCEMENT),
                           assigner=officer, rectifier=owner)
    refused = _json(client_for(owner), f"{H}{verifying.pk}/transition/", {"name": "close"})
    assert refused.status_code == 409 and "执法检查" in refused.json()["error"]["message"]
    assert Hazard.objects.get(pk=verifying.pk).state == "verifying"
    done = _json(client_for(officer), f"{H}{verifying.pk}/transition/", {"name": "close"})
    assert done.status_code == 200 and done.json()["state"] == "closed"


def test_users_outside_the_scope_get_404_not_a_refusal(enterprise, owner, officer, wc_supervisor,
                                                       other_enterprise) -> None:
    from yingji.core.testing import make_user, system
    from yingji.enterprises import services as enterprise_services

    stranger = make_user("qy_other", roles=["enterprise"], scope="420102000000")
    enterprise_services.add_member(other_enterprise, stranger, actor=system())
    verifying = _verifying(_found(enterprise, officer, HazardSource.DEPARTMENT),
                           assigner=officer, rectifier=owner)
    for user in (wc_supervisor, stranger):
        api = _json(client_for(user), f"{H}{verifying.pk}/transition/", {"name": "close"})
        assert api.status_code == 404
        page = client_for(user).post(f"/hazards/{verifying.pk}/transition/",
                                     {"name": "close", "version": verifying.version})
        assert page.status_code == 404
    assert Hazard.objects.get(pk=verifying.pk).state == "verifying"


# --- 企业自行销号 on the ledger and in the analysis ------------------------------------


def test_self_closing_shows_on_the_ledger_its_export_and_the_analysis(enterprise, owner, officer,
                                                                      self_close_on) -> None:
    own = _verifying(_found(enterprise, owner, HazardSource.SELF_CHECK, title="自查隐患甲"),
                     assigner=owner, rectifier=owner)
    steps.close_hazard(own, actor=actor_for(owner))
    other = _verifying(_found(enterprise, officer, HazardSource.DEPARTMENT, title="检查隐患乙"),
                       assigner=officer, rectifier=owner)
    steps.close_hazard(other, actor=actor_for(officer))
    client = client_for(officer)
    ledger = client.get("/hazards/").content.decode()
    assert "已销号（企业自行销号）" in ledger
    only = client.get("/hazards/?self_closed=true").content.decode()
    assert "自查隐患甲" in only and "检查隐患乙" not in only
    sheet = load_workbook(io.BytesIO(client.get("/hazards/?export=xlsx").content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    column = headers.index("企业自行销号")
    values = {row[headers.index("隐患名称")].value: row[column].value
              for row in sheet.iter_rows(min_row=2)}
    assert values["自查隐患甲"] not in (None, "", "否") and values["检查隐患乙"] in ("否", "", None)
    analysis = client.get("/api/v1/hazards/analysis/").json()["summary"]
    assert (analysis["closed"], analysis["self_closed"]) == (2, 1)
    assert "企业自行销号1项" in client.get("/hazards/analysis/").content.decode()


# --- evidence is append-only -------------------------------------------------------------


@pytest.fixture
def submitted(enterprise, owner, officer) -> Hazard:
    return _verifying(_found(enterprise, officer, HazardSource.DEPARTMENT), assigner=officer,
                      rectifier=owner)


def test_nobody_deletes_evidence_it_is_superseded(submitted, owner, officer) -> None:
    evidence = Attachment.objects.get(object_id=str(submitted.pk), purpose="整改证据")
    for user in (owner, officer):
        response = client_for(user).post(f"/files/{evidence.pk}/delete/",
                                         {"next": f"/hazards/{submitted.pk}/"})
        assert response.status_code == 302
        assert any("只能追加、不能删除" in m for m in _messages(response))
        assert Attachment.objects.filter(pk=evidence.pk).exists()
    # A failed verification and a second round: the new file is added, the old one kept.
    back = steps.reject_verification(submitted, actor=actor_for(officer), comment="证据不清晰")
    steps.submit_for_verification(back, actor=actor_for(owner), content="补充整改", evidence=[pdf()])
    assert Attachment.objects.filter(object_id=str(submitted.pk), purpose="整改证据").count() == 2
    second = submitted.reports.order_by("submitted_at", "id").last()
    assert evidence.pk not in second.evidence_ids and len(second.evidence_ids) == 1


def test_the_page_offers_no_delete_button_for_evidence_but_does_for_other_files(
        submitted, owner) -> None:
    evidence = Attachment.objects.get(object_id=str(submitted.pk), purpose="整改证据")
    other = attach_file(submitted, pdf("会议纪要.pdf"), actor=actor_for(owner))
    page = client_for(owner).get(f"/hazards/{submitted.pk}/").content.decode()
    assert f"/files/{evidence.pk}/delete/" not in page
    assert f"/files/{other.pk}/delete/" in page
    response = client_for(owner).post(f"/files/{other.pk}/delete/", {"next": "/"})
    assert response.status_code == 302 and not Attachment.objects.filter(pk=other.pk).exists()


def test_hazard_photos_are_append_only_too(enterprise, officer) -> None:
    found = hazards.create_hazard(hazard_data(enterprise), actor=actor_for(officer), photos=[png()])
    photo = Attachment.objects.get(object_id=str(found.pk), purpose="隐患照片")
    client_for(officer).post(f"/files/{photo.pk}/delete/", {"next": "/"})
    assert Attachment.objects.filter(pk=photo.pk).exists()


def test_evidence_outside_the_scope_is_404(submitted, wc_supervisor) -> None:
    evidence = Attachment.objects.get(object_id=str(submitted.pk), purpose="整改证据")
    assert client_for(wc_supervisor).post(f"/files/{evidence.pk}/delete/").status_code == 404
