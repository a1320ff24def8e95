"""Say where each national threshold comes from.

Level I is the 2024 plan's (§5.1.1: 死亡和失踪 200 人, 紧急转移安置和需紧急生活救助 200 万人,
倒塌和严重损坏房屋 30 万间或 10 万户, 干旱 30% 或 400 万人). The 2024 plan's §5.2–5.4 text
for levels II–IV could not be found in the sources this project can consult; those rows
keep the 2016 plan's figures (国办函〔2016〕25号), and their text now says so, so the leader
reading the basis knows which figures were applied. The figures themselves are unchanged.
"""

from django.db import migrations

NOTE = "（数值沿用2016年预案，待与2024年预案原文核对）"


def label(apps, schema_editor):
    Threshold = apps.get_model("disasters", "ResponseThreshold")
    for row in Threshold.objects.filter(tier="national", level__in=("II", "III", "IV")):
        if NOTE not in row.text:
            row.text = row.text + NOTE
            row.save(update_fields=["text"])


def unlabel(apps, schema_editor):
    Threshold = apps.get_model("disasters", "ResponseThreshold")
    for row in Threshold.objects.filter(tier="national", text__endswith=NOTE):
        row.text = row.text[: -len(NOTE)]
        row.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("disasters", "0004_statistics_approval_no")]
    operations = [migrations.RunPython(label, unlabel)]
