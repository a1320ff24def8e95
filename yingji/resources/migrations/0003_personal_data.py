"""Experts' phones SM4-encrypted (core.personal)."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0002_reference_data'),
    ]

    operations = [
        migrations.AlterField(
            model_name='expert',
            name='phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='联系电话'),
        ),
        migrations.RunPython(*migration_steps("resources.Expert", ['phone'])),
    ]
