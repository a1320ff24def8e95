"""flood.RiskPoint becomes flood.FloodPoint: route names carry the model name only, and the
enterprises' RiskPoint had the same one. Permissions keep their groups, renamed."""

from django.db import migrations


def rename_permissions(apps, schema_editor, old="riskpoint", new="floodpoint"):  # noqa: ANN001, ANN201
    permission = apps.get_model("auth", "Permission")
    for row in permission.objects.filter(content_type__app_label="flood", codename__endswith=f"_{old}"):
        row.codename = row.codename[: -len(old)] + new
        row.save(update_fields=["codename"])


def restore_permissions(apps, schema_editor):  # noqa: ANN001, ANN201
    rename_permissions(apps, schema_editor, old="floodpoint", new="riskpoint")


class Migration(migrations.Migration):

    dependencies = [
        ("flood", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel("RiskPoint", "FloodPoint"),
        migrations.RenameIndex(model_name="floodpoint", new_name="flood_flood_region__b2d9d9_idx",
                               old_name="flood_riskp_region__f5c3ff_idx"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
