"""The investigation on core's workflow: ``stage`` becomes the workflow's ``state`` (the
values are the same states), with ``state_changed_at`` and ``version``; the steps' own
permissions (提级调查/挂牌督办, 批复, 结案/回头看)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("accidents", "0005_grade_change_correction")]

    operations = [
        migrations.RenameField("accident", "stage", "state"),
        migrations.AlterModelOptions(
            name='accident',
            options={'ordering': ['-occurred_at', '-id'], 'permissions': [('escalate_accident', '提级调查、挂牌督办和督办销号（上级领导）'), ('reply_accident', '登记调查报告批复和批复延期（政府领导）'), ('close_accident', '事故结案和整改评估（回头看）（安委办、领导）')], 'verbose_name': '生产安全事故', 'verbose_name_plural': '生产安全事故'},
        ),
        migrations.AddField(
            model_name='accident',
            name='state_changed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='状态变更时间'),
        ),
        migrations.AddField(
            model_name='accident',
            name='version',
            field=models.PositiveIntegerField(default=0, verbose_name='版本'),
        ),
        migrations.AlterField(
            model_name='accident',
            name='state',
            field=models.CharField(choices=[('investigating', '调查中'), ('reported', '待批复'), ('replied', '已批复，整改落实中'), ('closed', '已结案'), ('reviewed', '已回头看'), ('none', '无需调查')], db_index=True, default='investigating', editable=False, max_length=30, verbose_name='办理阶段'),
        ),
    ]
