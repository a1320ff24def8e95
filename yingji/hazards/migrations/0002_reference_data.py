from django.db import migrations

from yingji.hazards.reference_data import load


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
