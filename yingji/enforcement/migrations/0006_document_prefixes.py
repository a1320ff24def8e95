"""Document numbers per prefix: the departments' own prefixes (DocumentPrefix), the
counters keyed by prefix instead of department, and each document's prefix, read from
the numbers already issued."""

import django.db.models.deletion
from django.db import migrations, models


def fill_prefixes(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    Document = apps.get_model("enforcement", "Document")
    Counter = apps.get_model("enforcement", "DocumentCounter")
    seen: dict[tuple[int, int, str], str] = {}
    for doc in Document.objects.all().only("pk", "number", "series", "year", "department_id"):
        # 武江应急罚〔2026〕12号: the prefix is what stands before the series and the year.
        head = doc.number.split("〔", 1)[0]
        prefix = head[: len(head) - len(doc.series)] if head.endswith(doc.series) else head
        Document.objects.filter(pk=doc.pk).update(prefix=prefix)
        seen[(doc.department_id, doc.year, doc.series)] = prefix
    best: dict[tuple[str, int, str], int] = {}
    for counter in Counter.objects.all():
        prefix = seen.get((counter.department_id, counter.year, counter.series))
        if prefix is None:  # no number of it survived: nothing to continue
            counter.delete()
            continue
        key = (prefix, counter.year, counter.series)
        if key in best:  # two departments that numbered under one prefix: one counter
            keep = Counter.objects.get(pk=best[key])
            keep.last = max(keep.last, counter.last)
            keep.save(update_fields=["last"])
            counter.delete()
            continue
        counter.prefix = prefix
        counter.save(update_fields=["prefix"])
        best[key] = counter.pk


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("enforcement", "0005_case_urge"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentPrefix",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("prefix", models.CharField(help_text="如：武江应急；编号为 前缀+文书字+〔年度〕+序号+号",
                                            max_length=12, unique=True, verbose_name="文书编号前缀")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("department", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name="+", to="core.department",
                                                    verbose_name="执法部门")),
            ],
            options={"verbose_name": "文书编号前缀", "verbose_name_plural": "文书编号前缀",
                     "ordering": ["department"]},
        ),
        migrations.AddField(
            model_name="documentcounter", name="prefix",
            field=models.CharField(default="", max_length=12, verbose_name="文书编号前缀"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="document", name="prefix",
            field=models.CharField(default="", max_length=12, verbose_name="文书编号前缀"),
        ),
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="documentcounter", name="enforcement_counter_unique"),
        migrations.RemoveField(model_name="documentcounter", name="department"),
        migrations.AddConstraint(
            model_name="documentcounter",
            constraint=models.UniqueConstraint(fields=("prefix", "year", "series"),
                                               name="enforcement_counter_prefix_unique"),
        ),
        migrations.RemoveConstraint(model_name="document", name="enforcement_document_seq_unique"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(fields=("prefix", "year", "series", "seq"),
                                               name="enforcement_document_prefix_seq_unique"),
        ),
    ]
