"""The API: a report submitted with the phone form's fields, refused figures as field
messages, the chain's steps (a refused step is a 409), the roll-up and relief steps."""

from __future__ import annotations

import pytest

from yingji.core.testing import client_for
from yingji.disasters.models import DisasterReport
from yingji.disasters.tests.conftest import VILLAGE

pytestmark = pytest.mark.django_db


def test_submit_review_and_a_refused_county_step_over_the_api(event, people) -> None:
    informant = client_for(people["informant"])
    bad = informant.post("/api/v1/disasters/reports/submit/", {"event": event.pk, "region": VILLAGE,
                                                               "affected": 10, "relocated": 20},
                         content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["relocated"] == ["紧急转移安置人口不能大于受灾人口"]
    assert not DisasterReport.objects.exists()
    made = informant.post("/api/v1/disasters/reports/submit/", {"event": event.pk, "region": VILLAGE,
                                                                "affected": 10, "relocated": 2},
                          content_type="application/json")
    assert made.status_code == 201 and made.json()["kind"] == "initial"
    pk = made.json()["id"]
    street = client_for(people["street"])
    reviewed = street.post(f"/api/v1/disasters/reports/{pk}/step/", {"name": "review", "version": 0},
                           content_type="application/json")
    assert reviewed.status_code == 200 and reviewed.json()["state"] == "reviewed"
    refused = street.post(f"/api/v1/disasters/reports/{pk}/step/", {"name": "accept", "version": 1},
                          content_type="application/json")
    assert refused.status_code == 409
    rollup = client_for(people["city"]).get(f"/api/v1/disasters/events/{event.pk}/rollup/").json()
    city = next(row for row in rollup["rows"] if row["level"] == 2)
    assert city["reported"]["affected"] == 10 and city["pending"]["affected"] == 10
