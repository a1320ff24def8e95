from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from yingji.incidents.reference_data import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
