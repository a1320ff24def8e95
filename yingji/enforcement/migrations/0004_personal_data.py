"""Parties' ID numbers and inspectors' phones SM4-encrypted (core.personal)."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0003_case_notice_and_claims'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='person_id_number',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='id_number', max_length=18, verbose_name='责任人身份证号'),
        ),
        migrations.AlterField(
            model_name='inspector',
            name='phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='联系电话'),
        ),
        migrations.RunPython(*migration_steps("enforcement.Case", ["person_id_number"])),
        migrations.RunPython(*migration_steps("enforcement.Inspector", ["phone"])),
    ]
