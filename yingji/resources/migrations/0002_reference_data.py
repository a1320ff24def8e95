"""Default reference data: road speeds, analysis settings, supply catalogue, standards."""

from decimal import Decimal
from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from yingji.resources import reference_data as ref

    RoadSpeed = apps.get_model("resources", "RoadSpeed")
    AnalysisSettings = apps.get_model("resources", "AnalysisSettings")
    SupplyItem = apps.get_model("resources", "SupplyItem")
    ReserveStandard = apps.get_model("resources", "ReserveStandard")
    for highway, label, speed in ref.ROAD_SPEEDS:
        RoadSpeed.objects.get_or_create(highway=highway, defaults={
            "label": label, "speed_kmh": Decimal(str(speed))})
    AnalysisSettings.objects.get_or_create(id=1)
    items = {}
    for code, name, category, unit, spec, shelf in ref.SUPPLY_ITEMS:
        items[code], _ = SupplyItem.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "unit": unit, "spec": spec,
            "shelf_life_days": shelf})
    for code, minimums in ref.RESERVE_MINIMUMS.items():
        for level, minimum in zip(ref.STANDARD_LEVELS, minimums, strict=True):
            ReserveStandard.objects.get_or_create(item=items[code], level=level,
                                                  defaults={"minimum": Decimal(minimum)})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
