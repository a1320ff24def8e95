"""Pages and API as their users see them: the proposal on the case page, a refused step
shown in Chinese with nothing changed, bad input on the filing form, the API's 409 and
403, and the enterprise file's section."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import client_for
from yingji.enforcement.models import Case
from yingji.enforcement.tests.conftest import Bureau, open_test_case, standard

pytestmark = pytest.mark.django_db


def test_case_page_shows_the_proposal_and_the_steps_of_the_user(bureau: Bureau) -> None:
    case = open_test_case(bureau, first_offence=True, corrected=True, unit_fine=2000)
    text = client_for(bureau.inspector_user).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "裁量阶次：<strong>轻微</strong>" in text
    assert "建议罚款 <strong>0 — 5,000 元</strong>" in text or "建议罚款 <strong>0 — 5000 元</strong>" in text
    assert 'data-step="investigate"' in text
    assert 'data-step="review"' not in text


def test_a_refused_step_is_explained_and_changes_nothing(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    client = client_for(bureau.inspector_user)
    client.post(reverse("case_transition", args=[case.pk]), {"name": "investigate",
                                                              "version": case.version})
    case.refresh_from_db()
    response = client.post(reverse("case_transition", args=[case.pk]),
                           {"name": "submit_review", "version": case.version}, follow=True)
    assert "至少须有一份经两名执法人员签名的调查取证记录" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "investigating"


def test_filing_form_refuses_one_officer_with_a_field_message(bureau: Bureau) -> None:
    client = client_for(bureau.inspector_user)
    response = client.post(reverse("case_add"), {
        "enterprise": bureau.enterprise.pk, "title": "测试案由", "standard": standard().pk,
        "facts": "事实", "officers": [bureau.officers[0].pk], "unit_fine": "1000",
        "person_fine": "0"})
    assert response.status_code == 200
    assert "两名以上持有效执法证" in response.content.decode()
    assert not Case.objects.exists()


def test_api_refuses_a_wrong_state_with_409_and_a_foreign_role_with_403(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    url = reverse("case-transition", args=[case.pk])
    inspector = client_for(bureau.inspector_user)
    wrong = inspector.post(url, {"name": "notify", "version": case.version},
                           content_type="application/json")
    assert wrong.status_code == 409
    assert "不能执行" in wrong.json()["error"]["message"]
    legal = client_for(bureau.legal)
    assert legal.post(url, {"name": "investigate"}, content_type="application/json").status_code == 403
    done = inspector.post(url, {"name": "investigate", "version": case.version},
                          content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "investigating"


def test_enterprise_file_shows_its_cases(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    text = client_for(bureau.inspector_user).get(
        reverse("enterprise_detail", args=[bureau.enterprise.pk])).content.decode()
    assert "执法检查与行政处罚" in text and case.number in text


def test_the_settings_menu_entry_opens_the_one_settings_row_and_saves_it() -> None:
    from decimal import Decimal

    from yingji.core.testing import WUHAN, make_user
    from yingji.enforcement.models import EnforcementSettings

    city = make_user("city_enf_leader", roles=["duty_leader"], scope=WUHAN)
    client = client_for(city)
    url = reverse("enforcementsettings_edit")
    assert url == "/enforcement/settings/"
    page = client.get(url)
    assert page.status_code == 200 and "听证标准：单位罚款（元）" in page.content.decode()
    settings = EnforcementSettings.current()
    data = {f.name: getattr(settings, f.name) for f in EnforcementSettings._meta.concrete_fields
            if f.name not in ("id", "updated_at")}
    data["hearing_unit_threshold"] = "60000"
    assert client.post(url, data).status_code == 302
    assert EnforcementSettings.current().hearing_unit_threshold == Decimal("60000")


def test_the_api_step_runs_the_page_step_table(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    client = client_for(bureau.inspector_user)
    url = f"/api/v1/enforcement/cases/{case.pk}/transition/"
    unknown = client.post(url, {"name": "fly"}, content_type="application/json")
    assert unknown.status_code == 400 and "未知的操作" in unknown.json()["error"]["fields"]["name"][0]
    stale = client.post(url, {"name": "investigate", "version": case.version + 5},
                        content_type="application/json")
    assert stale.status_code == 409
    done = client.post(url, {"name": "investigate", "version": case.version},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "investigating"


def test_the_case_form_proposes_the_band_live_from_the_facts(bureau: Bureau) -> None:
    client = client_for(bureau.inspector_user)
    form = client.get(reverse("case_add")).content.decode()
    assert f'hx-get="{reverse("case_proposal")}"' in form and 'id="case-proposal"' in form
    url = reverse("case_proposal")
    empty = client.get(url).content.decode()
    assert "选择违法行为" in empty
    minor = client.get(url, {"standard": str(standard().pk), "first_offence": "on", "corrected": "on",
                             "unit_fine": "8000"}).content.decode()
    assert "裁量阶次：<strong>轻微</strong>" in minor and "超出裁量范围" in minor
    heavy = client.get(url, {"standard": str(standard().pk), "refused_to_correct": "on",
                             "unit_fine": "60000"}).content.decode()
    assert "听证标准" in heavy and "轻微" not in heavy
    assert "请检查" in client.get(url, {"standard": str(standard().pk), "unit_fine": "abc"}).content.decode()
    assert not Case.objects.exists()


def test_date_fields_show_their_value_to_the_browser_date_picker(bureau: Bureau) -> None:
    """A type=date input takes ISO dates only: the locale's 2026/12/03 would show it empty."""
    officer = bureau.officers[0]
    form = client_for(bureau.leader).get(reverse("inspector_edit", args=[officer.pk])).content.decode()
    assert f'value="{officer.certificate_expires_on:%Y-%m-%d}"' in form
    new = client_for(bureau.inspector_user).get(reverse("inspection_add")).content.decode()
    assert f'name="inspected_on" value="{timezone.localdate():%Y-%m-%d}"' in new


def test_the_legal_reviewer_and_the_leader_take_their_steps_from_the_case_page(bureau: Bureau) -> None:
    """They hold no change_case: the page's step view asks only that the case be visible
    and lets the workflow say who may take each step (as the API does)."""
    from yingji.core.testing import actor_for
    from yingji.enforcement.services import cases, steps

    actor = actor_for(bureau.inspector_user)
    case = steps.start_investigation(open_test_case(bureau), actor=actor)
    cases.add_record(case, {"content": "问：……答：……"}, actor=actor, signers=bureau.officers)
    case = steps.submit_review(case, actor=actor)
    url = reverse("case_transition", args=[case.pk])
    done = client_for(bureau.legal).post(url, {"name": "review", "passed": "on", "comment": "同意",
                                               "version": case.version})
    assert done.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == "notifying"
    # The inspector may not take the leader's step: refused, nothing changes.
    notified = client_for(bureau.inspector_user).post(url, {"name": "notify", "version": case.version})
    assert notified.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == "notified"
    refused = client_for(bureau.inspector_user).post(url, {"name": "decide", "waived": "on",
                                                            "version": case.version})
    assert refused.status_code in (302, 403) and Case.objects.get(pk=case.pk).state == "notified"
    decided = client_for(bureau.leader).post(url, {"name": "decide", "waived": "on", "version": case.version})
    assert decided.status_code == 302 and Case.objects.get(pk=case.pk).state == "decided"
