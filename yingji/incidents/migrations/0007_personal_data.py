"""Duty contacts' mobiles (with a blind index) and callers' phones SM4-encrypted (core.personal)."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0006_two_step_first_report'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='mobile_index',
            field=yingji.core.personal.fields.BlindIndexField(source='mobile'),
        ),
        migrations.AlterField(
            model_name='contact',
            name='mobile',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='手机'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='caller_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=30, verbose_name='报告人电话'),
        ),
        migrations.RunPython(*migration_steps("incidents.Contact", ['mobile'])),
        migrations.RunPython(*migration_steps("incidents.Incident", ['caller_phone'])),
    ]
