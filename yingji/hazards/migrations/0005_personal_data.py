"""Reporters' and responsible persons' phones SM4-encrypted (core.personal)."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0004_enterprise_self_close'),
    ]

    operations = [
        migrations.AlterField(
            model_name='hazard',
            name='reporter_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='举报人电话'),
        ),
        migrations.AlterField(
            model_name='hazard',
            name='responsible_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='责任人电话'),
        ),
        migrations.RunPython(*migration_steps("hazards.Hazard", ['reporter_phone', 'responsible_phone'])),
    ]
