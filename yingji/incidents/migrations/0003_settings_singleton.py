"""IncidentSettings is a SingletonSettings now (always primary key 1): the one row the
reference data created keeps its values under pk 1, and is created if missing."""

from typing import Any

from django.db import migrations

SINGLETON_PK = 1


def forwards(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("incidents", "IncidentSettings")
    if model.objects.filter(pk=SINGLETON_PK).exists():
        model.objects.exclude(pk=SINGLETON_PK).delete()
        return
    first = model.objects.order_by("pk").first()
    if first is None:
        model.objects.create(pk=SINGLETON_PK)
        return
    values = {f.name: getattr(first, f.name) for f in model._meta.concrete_fields
              if not f.primary_key}
    model.objects.all().delete()
    model.objects.create(pk=SINGLETON_PK, **values)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
