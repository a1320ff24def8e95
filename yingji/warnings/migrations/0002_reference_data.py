from django.db import migrations

from yingji.warnings.reference_data import load


class Migration(migrations.Migration):
    dependencies = [("warnings", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
