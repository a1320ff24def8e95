"""Auto-drafting from readings, with the province's own criteria replacing the defaults."""

from __future__ import annotations

import pytest

from yingji.core.models import Region
from yingji.core.testing import JIANGAN_STREET, actor_for
from yingji.warnings import rules
from yingji.warnings.models import SignalCriterion, WarningType
from yingji.warnings.services.autodraft import Station, criteria_for, draft_from_readings

pytestmark = pytest.mark.django_db


def test_defaults_are_the_section_10_table() -> None:
    assert SignalCriterion.objects.filter(province__isnull=True).count() == 15
    red = SignalCriterion.objects.get(warning_type__code="rainstorm", level="red")
    assert (red.window_hours, red.threshold) == (3, 100)


def test_provincial_rows_replace_the_defaults_of_their_type(officer) -> None:
    street = Region.objects.get(code=JIANGAN_STREET)
    hubei = Region.objects.get(code="420000000000") if Region.objects.filter(
        code="420000000000").exists() else None
    if hubei is None:
        pytest.skip("province row not loaded")
    SignalCriterion.objects.create(warning_type=WarningType.objects.get(code="rainstorm"),
                                   province=hubei, level="blue", metric=rules.RAIN_MM,
                                   window_hours=12, threshold=40)
    rain = [c for c in criteria_for(street) if c.hazard == "rainstorm"]
    assert [(c.level, c.threshold) for c in rain] == [("blue", 40)]
    station = Station("R1", street, rules.Readings({rules.RAIN_MM: {12: 45}}))
    [drafted] = draft_from_readings([station], actor=actor_for(officer)).created
    assert drafted.level == "blue" and drafted.state == "draft"


def test_typhoon_only_when_the_station_names_it(officer) -> None:
    street = Region.objects.get(code=JIANGAN_STREET)
    wind = rules.Readings({rules.GUST_FORCE: {6: 14}})
    plain = draft_from_readings([Station("W1", street, wind)], actor=actor_for(officer)).created
    assert [b.warning_type.code for b in plain] == ["gale"]
    named = draft_from_readings([Station("W1", street, wind, ("typhoon",))],
                                actor=actor_for(officer)).created
    assert [(b.warning_type.code, b.level) for b in named] == [("typhoon", "red")]
