"""The listing grounds of 令第11号 (rules.DEFAULT_GROUNDS), editable afterwards."""

from django.db import migrations


def load(apps, schema_editor):
    from yingji.credit import rules

    ListingGround = apps.get_model("credit", "ListingGround")
    for code, title, article in rules.DEFAULT_GROUNDS:
        ListingGround.objects.get_or_create(code=code, defaults={"title": title, "article": article})


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
