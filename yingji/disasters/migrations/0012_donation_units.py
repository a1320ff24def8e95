"""Every donation figure carries its unit: money donations get 元 in ``unit`` (goods
donations already had theirs; a goods row without one is left for the relief section to
complete, the service refuses saving it without)."""

from django.db import migrations, models


def money_unit(apps, schema_editor):
    apps.get_model("disasters", "Donation").objects.filter(kind="money").update(unit="元")


class Migration(migrations.Migration):

    dependencies = [
        ("disasters", "0011_relief_issue_note"),
    ]

    operations = [
        migrations.AlterField(
            model_name="donationuse",
            name="quantity",
            field=models.DecimalField(
                decimal_places=2,
                help_text="单位同所用捐赠：资金为元，物资为其计量单位",
                max_digits=14,
                verbose_name="使用金额/数量",
            ),
        ),
        migrations.RunPython(money_unit, migrations.RunPython.noop),
    ]
