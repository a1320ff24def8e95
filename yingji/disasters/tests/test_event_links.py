"""An event and the warning bulletins it came with: warnings' read service finds the
issued bulletins over the event's regions and period, the event form offers them, and
the event page links them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for
from yingji.disasters.models import DisasterEvent
from yingji.warnings.models import Bulletin, WarningType
from yingji.warnings.services import bulletins
from yingji.warnings.services.for_events import bulletins_for, linked_rows

pytestmark = pytest.mark.django_db
WUCHANG = "420106000000"


def _bulletin(
    people: dict[str, Any], region: str, targets: list[str], *, publish: bool = True, kind: str = "rainstorm"
) -> Bulletin:
    now = timezone.now()
    made = bulletins.create_bulletin(
        {
            "warning_type": WarningType.objects.get(code=kind),
            "level": "orange",
            "region": Region.objects.get(code=region),
            "target_regions": list(Region.objects.filter(code__in=targets)),
            "effective_at": now - timedelta(hours=3),
            "expires_at": now + timedelta(hours=12),
            "content": "预计未来3小时降雨量将达50毫米以上",
            "measures": "转移低洼地带群众",
            "issuer": "区应急管理局",
        },
        actor=actor_for(people["leader"]),
    )
    if publish:
        made = bulletins.submit_bulletin(made, actor=actor_for(people["leader"]))
        made = bulletins.publish_bulletin(made, actor=actor_for(people["leader"]))
    return made


@pytest.fixture
def warnings_(people: dict[str, Any]) -> dict[str, Bulletin]:
    return {
        "jiangan": _bulletin(people, JIANGAN, [JIANGAN_STREET]),
        "draft": _bulletin(people, JIANGAN, [JIANGAN_STREET], publish=False),
        "wuchang": _bulletin(people, WUCHANG, ["420106001000"]),
    }


def test_the_issued_bulletins_over_the_event_regions_in_its_period(event, warnings_) -> None:
    regions = [event.region, *event.affected_regions.all()]
    found = list(bulletins_for(regions, event.started_at))
    assert found == [warnings_["jiangan"]]  # not the draft, not 武昌's
    # A street alone is covered by its district's bulletin.
    street = Region.objects.get(code=JIANGAN_STREET)
    assert list(bulletins_for([street], event.started_at)) == [warnings_["jiangan"]]
    # A period that begins two days after the bulletin expired finds nothing.
    later = timezone.now() + timedelta(days=3)
    assert list(bulletins_for(regions, later, later + timedelta(hours=1))) == []


def test_the_event_form_offers_them_and_the_page_links_the_chosen(event, people, warnings_) -> None:
    client = client_for(people["county"])
    page = client.get(f"/disasters/events/{event.pk}/edit/").content.decode()
    assert "江岸区暴雨橙色预警" in page
    assert f'value="{warnings_["wuchang"].pk}"' not in page and f'value="{warnings_["draft"].pk}"' not in page
    form = {
        "title": event.title,
        "kind": event.kind,
        "grade": event.grade,
        "region": event.region_id,
        "affected_regions": [JIANGAN_STREET],
        "started_at": timezone.localtime(event.started_at).strftime("%Y-%m-%dT%H:%M"),
        "description": event.description,
    }
    refused = client.post(
        f"/disasters/events/{event.pk}/edit/", {**form, "bulletins": [warnings_["wuchang"].pk]}
    )
    assert refused.status_code == 200 and "选择一个有效的选项" in refused.content.decode()
    assert not DisasterEvent.objects.get(pk=event.pk).bulletins.exists()
    done = client.post(
        f"/disasters/events/{event.pk}/edit/", {**form, "bulletins": [warnings_["jiangan"].pk]}
    )
    assert done.status_code == 302
    assert list(DisasterEvent.objects.get(pk=event.pk).bulletins.all()) == [warnings_["jiangan"]]
    detail = client_for(people["county"]).get(f"/disasters/events/{event.pk}/").content.decode()
    assert f'href="/warnings/{warnings_["jiangan"].pk}/"' in detail and "关联预警信息" in detail
    # The street's informant does not reach 江岸区's bulletin page: the link is its public page.
    street = client_for(people["informant"]).get(f"/disasters/events/{event.pk}/").content.decode()
    public = f'href="/public/warnings/{warnings_["jiangan"].identifier}/"'
    assert public in street and "江岸区暴雨橙色预警" in street


def test_warnings_read_service_gives_the_linked_rows_without_drafts(event, people, warnings_) -> None:
    ids = [warnings_["jiangan"].pk, warnings_["draft"].pk]
    rows = linked_rows(ids, people["county"])
    assert [r["title"] for r in rows] == [warnings_["jiangan"].title]  # the draft is left out
    assert rows[0]["url"] == f"/warnings/{warnings_['jiangan'].pk}/" and rows[0]["level"] == "橙色（二级）"
    outside = linked_rows(ids, people["informant"])  # the street does not reach the district's page
    assert outside[0]["url"] == f"/public/warnings/{warnings_['jiangan'].identifier}/"


def test_disasters_reads_warnings_only_through_its_read_service() -> None:
    """No disasters module reads warnings' models or workflow itself: the bulletins an
    event offers and shows come from ``warnings.services.for_events``."""
    root = Path(__file__).resolve().parents[1]
    direct = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name.startswith("demo"):
            continue
        text = path.read_text(encoding="utf-8")
        for forbidden in ("yingji.warnings.models", "yingji.warnings.workflow"):
            if forbidden in text:
                direct.append(f"{path.relative_to(root)}: {forbidden}")
    assert direct == []
