"""Responsible persons' phones SM4-encrypted with a blind index (core.personal)."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('warnings', '0002_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='responsibleperson',
            name='phone_index',
            field=yingji.core.personal.fields.BlindIndexField(source='phone'),
        ),
        migrations.AlterField(
            model_name='responsibleperson',
            name='phone',
            field=yingji.core.personal.fields.PersonalField(kind='phone', max_length=20, verbose_name='手机号'),
        ),
        migrations.RunPython(*migration_steps("warnings.ResponsiblePerson", ["phone"])),
    ]
