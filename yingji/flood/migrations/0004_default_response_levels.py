from django.db import migrations

from yingji.flood import reference_data


class Migration(migrations.Migration):
    dependencies = [("flood", "0003_response_levels")]

    operations = [migrations.RunPython(reference_data.load, migrations.RunPython.noop)]
