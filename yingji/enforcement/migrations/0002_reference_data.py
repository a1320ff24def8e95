from django.db import migrations

from yingji.enforcement.reference_data import load


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
