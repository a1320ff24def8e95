"""The national defaults of the requirement table (rules.default_requirements)."""

from django.db import migrations

INDUSTRIES = ("hazchem", "chem_park", "non_coal_mine", "tailings", "fireworks", "industry_trade",
              "construction", "transport", "gas", "fire", "water", "other")


def load(apps, schema_editor):
    from yingji.training import rules

    Requirement = apps.get_model("training", "Requirement")
    for row in rules.default_requirements(INDUSTRIES):
        Requirement.objects.get_or_create(industry=row.industry, post=row.post,
                                          defaults={"kind": row.kind, "source": row.source})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
