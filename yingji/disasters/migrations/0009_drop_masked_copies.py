"""The masked copies and the SECRET_KEY digest go (0008 moved them into the encrypted
``id_number`` and its index); the no-duplicate constraint is on the blind index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disasters", "0008_encrypt_rows"),
    ]

    operations = [
        migrations.RemoveField(model_name="reliefcase", name="id_hash"),
        migrations.RemoveField(model_name="reliefcase", name="id_masked"),
        migrations.RemoveField(model_name="casualtyrecord", name="id_masked"),
        migrations.RemoveField(model_name="damagedhouse", name="id_masked"),
        migrations.AddConstraint(
            model_name="reliefcase",
            constraint=models.UniqueConstraint(
                fields=("event", "category", "id_number_index"), name="drelief_no_duplicate_index"
            ),
        ),
    ]
