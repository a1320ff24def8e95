"""Load the default reference tables (GB 18218-2018 tables, risk bands, supervision
classes) from ``yingji.enterprises.reference_data``."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from yingji.enterprises import reference_data as data

    category_model = apps.get_model("enterprises", "HazardCategory")
    substance_model = apps.get_model("enterprises", "HazardSubstance")
    categories = {}
    for order, (code, name, q, beta) in enumerate(data.CATEGORIES):
        categories[code], _ = category_model.objects.update_or_create(
            code=code, defaults={"name": name, "critical_quantity": q, "beta": beta,
                                 "sort_order": order})
    for order, (name, aliases, cas, q, toxic_beta, category) in enumerate(data.SUBSTANCES):
        substance_model.objects.update_or_create(name=name, defaults={
            "aliases": aliases, "cas": cas, "critical_quantity": q, "toxic_beta": toxic_beta,
            "category": categories[category] if category else None, "sort_order": order})
    alpha_model = apps.get_model("enterprises", "AlphaBand")
    for minimum, alpha, label in data.ALPHA_BANDS:
        alpha_model.objects.update_or_create(min_population=minimum,
                                             defaults={"alpha": alpha, "label": label})
    band_model = apps.get_model("enterprises", "RiskBand")
    for method, minimum, inclusive, level, colour in data.RISK_BANDS:
        band_model.objects.update_or_create(method=method, minimum=minimum, defaults={
            "inclusive": inclusive, "level": level, "colour": colour})
    class_model = apps.get_model("enterprises", "SupervisionClass")
    for order, (code, name, description, per_year) in enumerate(data.SUPERVISION_CLASSES):
        class_model.objects.update_or_create(code=code, defaults={
            "name": name, "description": description, "inspections_per_year": per_year,
            "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
