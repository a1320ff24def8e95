"""Analysis figures on a worked set of hazards, the public disclosure page (fields as
configured, personal data masked), the settings page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from yingji.core.testing import actor_for, client_for
from yingji.hazards.models import Hazard, HazardSettings
from yingji.hazards.services import analysis, hazards, steps
from yingji.hazards.tests.conftest import COMPLETE_PLAN, assign_data, hazard_data, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(enterprise, officer, owner, wuchang_enterprise, bureau):
    """Four hazards in 江岸: one closed on time after 3 days, one closed late, one overdue,
    one registered; two in the same category at the enterprise (a repeat)."""
    actor = actor_for(officer)
    now = timezone.now()
    made = []
    for n in range(4):
        made.append(hazards.create_hazard(hazard_data(enterprise, title=f"隐患{n}",
                                                      category="site_fire" if n < 2 else "site_electrical"),
                                          actor=actor))
    for h in made[:3]:
        h = steps.assign_rectification(h, actor=actor, **assign_data())
        h = steps.start_rectification(h, actor=actor)
        if h.title != "隐患2":
            h = steps.submit_for_verification(h, actor=actor, content="ok", evidence=[png()])
            steps.close_hazard(h, actor=actor)
    Hazard.objects.filter(title="隐患0").update(found_at=now - timedelta(days=3))
    Hazard.objects.filter(title="隐患1").update(closed_on_time=False, found_at=now - timedelta(days=5))
    Hazard.objects.filter(title="隐患2").update(deadline=now - timedelta(days=1))
    return made


def test_summary_and_dimensions(worked, officer) -> None:
    scoped = Hazard.objects.restrict(officer, "view")
    figures = analysis.summary(scoped)
    assert (figures.total, figures.closed, figures.overdue) == (4, 2, 1)
    assert figures.rectification_rate == 50.0 and figures.on_time_rate == 50.0
    assert figures.avg_days_to_close == 4.0
    dims = analysis.by_dimensions(scoped)
    assert dims["region"] == [{"name": "江岸区", "value": 4}]
    assert dims["source"] == [{"name": "部门检查", "value": 4}]
    month = analysis.by_month(scoped)
    assert sum(month["series"][0]["data"]) == 4 and sum(month["series"][1]["data"]) == 2
    assert [h.title for h in analysis.overdue_list(scoped)] == ["隐患2"]
    assert [(r["enterprise"], r["category"], r["count"]) for r in analysis.repeat_hazards(scoped)] \
        == [(worked[0].enterprise.name, "用电安全", 2), (worked[0].enterprise.name, "消防安全", 2)]


def test_analysis_page_in_scope(worked, officer, wc_supervisor) -> None:
    page = client_for(officer).get("/hazards/analysis/").content.decode()
    assert "整改销号率" in page and "50.0%" in page and "隐患2" in page
    other = client_for(wc_supervisor).get("/hazards/analysis/").content.decode()
    assert "隐患2" not in other


def test_public_page_shows_listed_majors_with_masked_people(enterprise, officer, bureau) -> None:
    actor = actor_for(officer)
    major = hazards.create_hazard(hazard_data(enterprise, grade="major", title="液氯罐区无吸收装置"),
                                  actor=actor)
    hazards.save_plan(major, COMPLETE_PLAN, actor=actor)
    major = steps.assign_rectification(major, actor=actor, **assign_data())
    hazards.list_for_supervision(major, actor=actor, level="district", department=bureau,
                                 officer=officer)
    hazards.create_hazard(hazard_data(enterprise, title="未挂牌的一般隐患"), actor=actor)
    page = Client().get("/public/hazards/").content.decode()
    assert "液氯罐区无吸收装置" in page and "未挂牌的一般隐患" not in page
    assert "区县级挂牌督办" in page and "江岸区应急管理局" in page
    assert "陈安全" not in page and "13800138000" not in page
    settings = HazardSettings.current()
    settings.public_show_responsible = True
    settings.public_show_department = False
    settings.save()
    page = Client().get("/public/hazards/").content.decode()
    assert "陈**" in page or "陈*" in page
    assert "138****8000" in page and "江岸区应急管理局" not in page


def test_settings_page_for_city_staff_only(officer) -> None:
    response = client_for(officer).get("/hazards/settings/", follow=True)
    assert response.status_code in (403, 404)  # a district supervisor may not change it
