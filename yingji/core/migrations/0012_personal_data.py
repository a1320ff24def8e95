"""Users' phones SM4-encrypted with a blind index (core.personal); the permission to
reveal personal data and the audit action that records each reveal."""

from django.db import migrations, models

import yingji.core.personal.fields
from yingji.core.personal.fields import migration_steps


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_deadline_waiting'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='user',
            options={'ordering': ['username'], 'permissions': [('reveal_personal_data', '查看个人信息明文')], 'verbose_name': '用户', 'verbose_name_plural': '用户'},
        ),
        migrations.AddField(
            model_name='user',
            name='phone_index',
            field=yingji.core.personal.fields.BlindIndexField(source='phone'),
        ),
        migrations.AlterField(
            model_name='auditlog',
            name='action',
            field=models.CharField(choices=[('create', '新增'), ('update', '修改'), ('delete', '删除'), ('login', '登录'), ('logout', '退出'), ('login_failed', '登录失败'), ('locked', '账户锁定'), ('export', '导出'), ('access', '敏感访问'), ('security', '安全设置'), ('denied', '越权或拒绝访问'), ('reveal', '查看个人信息')], db_index=True, max_length=20, verbose_name='操作'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=yingji.core.personal.fields.PersonalField(blank=True, kind='phone', max_length=20, verbose_name='手机号'),
        ),
        migrations.RunPython(*migration_steps("core.User", ["phone"])),
    ]
