"""转为事故 on the incident's page (``core.detail_links``): offered for a production safety
incident without its record, to users who may add accidents; afterwards the page links
the record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.accidents.models import Accident
from yingji.core.testing import JIANGAN, actor_for, client_for, make_user


def _incident(street: Any, subtype: str, category: str = "accident") -> Any:
    from yingji.incidents.services import intake

    duty = make_user(f"ja_duty_{subtype}", roles=["duty_officer"], scope=JIANGAN)
    return intake.receive_incident({
        "title": f"江岸区{subtype}事件", "received_at": timezone.now() - timedelta(hours=2),
        "source": "phone", "caller": "张三", "caller_phone": "13800000000", "region": street,
        "address": "大智街道中山大道100号", "category": category, "subtype": subtype,
        "deaths": 1, "description": "现场有人员伤亡"}, actor=actor_for(duty))


def test_a_production_incident_offers_the_turn_and_then_the_record(supervisor: Any, street: Any) -> None:
    incident = _incident(street, "construction")
    client = client_for(supervisor)
    page = client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    target = reverse("accident_from_incident") + f"?incident={incident.pk}"
    assert "转为事故" in page and target in page
    form = client.get(target).content.decode()
    assert f'<option value="{incident.pk}" selected>' in form  # the incident is chosen
    refused = client.post(reverse("accident_from_incident"), {"incident": incident.pk})
    assert "请选择企业库中的事故单位，或填写事故单位名称" in refused.content.decode()
    assert not Accident.objects.exists()
    done = client.post(reverse("accident_from_incident"), {
        "incident": incident.pk, "unit_name": "武汉某建设工程有限公司", "victims": "王某"})
    accident = Accident.objects.get(incident_id=incident.pk)
    assert done.status_code == 302 and accident.subtype == "construction"
    again = client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert target not in again
    assert reverse("accident_detail", args=[accident.pk]) in again and "事故记录" in again


def test_no_turn_for_other_incidents_or_readers(supervisor: Any, street: Any) -> None:
    flood = _incident(street, "flood_drought", category="natural")
    page = client_for(supervisor).get(reverse("incident_detail", args=[flood.pk])).content.decode()
    assert "?incident=" not in page
    fire = _incident(street, "fire")
    leader = make_user("ja_leader_l", roles=["duty_leader"], scope=JIANGAN)
    page = client_for(leader).get(reverse("incident_detail", args=[fire.pk])).content.decode()
    assert "?incident=" not in page  # leaders read accidents, they do not enter them


def test_a_drills_incident_is_no_accident(supervisor: Any, street: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A drill run through the real intake (演练模式) opens an incident that is not an
    accident: not offered on its page nor in the form, and refused by the service."""
    from yingji.accidents.services import accidents
    from yingji.incidents import drill_mode
    from yingji.incidents.models import Incident

    drill = _incident(street, "fire")
    monkeypatch.setattr(drill_mode, "_SOURCES", [lambda: Incident.objects.filter(pk=drill.pk).values("pk")])
    client = client_for(supervisor)
    page = client.get(reverse("incident_detail", args=[drill.pk])).content.decode()
    assert "?incident=" not in page
    form = client.get(reverse("accident_from_incident")).content.decode()
    assert f'<option value="{drill.pk}"' not in form
    with pytest.raises(ValidationError) as refused:
        accidents.accident_from_incident(drill, actor=actor_for(supervisor),
                                         data={"unit_name": "武汉某商业管理有限公司"})
    assert "演练" in refused.value.message_dict["incident"][0]
    assert not Accident.objects.exists()
