"""Enterprises' persons' phones SM4-encrypted (core.personal): legal representative,
principal, safety manager, the major hazard source's three responsible persons, the risk
point's responsible person."""

import yingji.core.personal.fields
from django.db import migrations

from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0005_enterprise_pool_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='enterprise',
            name='legal_representative_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='法定代表人电话'),
        ),
        migrations.AlterField(
            model_name='enterprise',
            name='principal_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='主要负责人电话'),
        ),
        migrations.AlterField(
            model_name='enterprise',
            name='safety_manager_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='安全管理负责人电话'),
        ),
        migrations.AlterField(
            model_name='majorhazard',
            name='main_person_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='主要负责人电话'),
        ),
        migrations.AlterField(
            model_name='majorhazard',
            name='operation_person_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='操作负责人电话'),
        ),
        migrations.AlterField(
            model_name='majorhazard',
            name='technical_person_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='技术负责人电话'),
        ),
        migrations.AlterField(
            model_name='riskpoint',
            name='responsible_phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='责任人电话'),
        ),
        migrations.RunPython(*migration_steps("enterprises.Enterprise", [
            "legal_representative_phone", "principal_phone", "safety_manager_phone"])),
        migrations.RunPython(*migration_steps("enterprises.MajorHazard", [
            "main_person_phone", "technical_person_phone", "operation_person_phone"])),
        migrations.RunPython(*migration_steps("enterprises.RiskPoint", ["responsible_phone"])),
    ]
