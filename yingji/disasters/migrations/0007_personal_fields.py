"""The personal-data columns of the relief cases and the registers (core.personal): the
encrypted ID number beside the old masked copy, its blind index, phones and addresses as
encrypted fields. 0008 fills them, 0009 drops the old columns."""

from django.db import migrations

import yingji.core.personal.fields
import yingji.disasters.models.relief


class Migration(migrations.Migration):

    dependencies = [
        ("disasters", "0006_verify_permission"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reliefcase", name="drelief_no_duplicate"),
        migrations.AddField(
            model_name="reliefcase",
            name="id_number",
            field=yingji.core.personal.fields.PersonalField(
                default="", kind="id_number", max_length=18, verbose_name="身份证号"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="reliefcase",
            name="id_number_index",
            field=yingji.disasters.models.relief.HouseholdIndexField(
                source="id_number", verbose_name="身份证号索引"
            ),
        ),
        migrations.AddField(
            model_name="casualtyrecord",
            name="id_number",
            field=yingji.core.personal.fields.PersonalField(
                blank=True, kind="id_number", max_length=18, verbose_name="身份证号"
            ),
        ),
        migrations.AddField(
            model_name="damagedhouse",
            name="id_number",
            field=yingji.core.personal.fields.PersonalField(
                blank=True, kind="id_number", max_length=18, verbose_name="身份证号"
            ),
        ),
        migrations.AlterField(
            model_name="reliefcase",
            name="phone",
            field=yingji.core.personal.fields.PersonalField(
                blank=True, kind="phone", max_length=20, verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="reliefcase",
            name="address",
            field=yingji.core.personal.fields.PersonalField(
                blank=True, kind="address", max_length=200, verbose_name="住址"
            ),
        ),
        migrations.AlterField(
            model_name="damagedhouse",
            name="address",
            field=yingji.core.personal.fields.PersonalField(
                kind="address", max_length=200, verbose_name="住址"
            ),
        ),
    ]
