"""The national criteria of 国家自然灾害救助应急预案 (2024) as the default table.

Level I is the 2024 plan's; levels II–IV carry the 2016 plan's figures (regulations.md
§6: check before relying on them). Administrators edit the rows; province and city
tables are added beside them.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "国家自然灾害救助应急预案（2024）"
ROWS = {
    # level: (dead+missing, relocated+needing aid, rooms, households, drought people, drought %)
    "I": (200, 2_000_000, 300_000, 100_000, 4_000_000, 30),
    "II": (100, 1_000_000, 200_000, 70_000, 3_000_000, 25),
    "III": (50, 500_000, 100_000, 30_000, 2_000_000, 20),
    "IV": (20, 100_000, 10_000, 3_000, 1_000_000, 15),
}
LABEL = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}


def _wan(n: int) -> str:
    return f"{n // 10000}万" if n >= 10000 else str(n)


def texts(level: str) -> dict[str, str]:
    dead, people, rooms, households, drought, share = ROWS[level]
    head = f"{SOURCE}{LABEL[level]}响应：某一省（区、市）行政区域内发生重特大自然灾害，一次灾害过程出现"
    return {
        "dead_missing": f"{head}因灾死亡和失踪{dead}人以上",
        "relocated_needing": f"{head}紧急转移安置和需紧急生活救助{_wan(people)}人以上",
        "houses_rooms": f"{head}倒塌和严重损坏房屋{_wan(rooms)}间以上",
        "houses_households": f"{head}倒塌和严重损坏房屋{_wan(households)}户以上",
        "drought_aid": f"{head}干旱灾害造成缺粮或缺水等生活困难，需政府救助人数{_wan(drought)}人以上",
        "drought_share": f"{head}干旱灾害需政府救助人数占该省（区、市）农牧业人口{share}%以上",
    }


def load(apps, schema_editor):
    Threshold = apps.get_model("disasters", "ResponseThreshold")
    for level, values in ROWS.items():
        minimums = dict(zip(("dead_missing", "relocated_needing", "houses_rooms",
                             "houses_households", "drought_aid", "drought_share"), values, strict=True))
        for indicator, text in texts(level).items():
            Threshold.objects.update_or_create(
                tier="national", level=level, indicator=indicator,
                defaults={"minimum": Decimal(minimums[indicator]), "text": text})


def unload(apps, schema_editor):
    apps.get_model("disasters", "ResponseThreshold").objects.filter(tier="national").delete()


class Migration(migrations.Migration):
    dependencies = [("disasters", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
