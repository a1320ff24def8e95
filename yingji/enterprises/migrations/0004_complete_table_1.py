"""Complete GB 18218-2018 表1 (85 entries) from ``yingji.enterprises.reference_data``.

Adds the entries the first release lacked and fills in what the shipped rows lacked
(further aliases and trade names, CAS numbers the standard's cell gives). Figures an
administrator may have corrected since (Q, β, category) are left as they are; the list
order follows the standard's 序号. Every row stays editable on the reference pages.
"""

from typing import Any

from django.db import migrations


def _merge(current: str, shipped: str) -> str:
    items = [part for part in current.split("；") if part]
    items += [part for part in shipped.split("；") if part and part not in items]
    return "；".join(items)


def complete(apps: Any, schema_editor: Any) -> None:
    from yingji.enterprises import reference_data as data
    from yingji.enterprises.rules import split_cas

    category_model = apps.get_model("enterprises", "HazardCategory")
    substance_model = apps.get_model("enterprises", "HazardSubstance")
    categories = {c.code: c for c in category_model.objects.all()}
    for order, (name, aliases, cas, q, toxic_beta, category) in enumerate(data.SUBSTANCES):
        row = substance_model.objects.filter(name=name).first()
        if row is None:
            substance_model.objects.create(
                name=name, aliases=aliases, cas=cas, critical_quantity=q, toxic_beta=toxic_beta,
                category=categories.get(category) if category else None, sort_order=order)
            continue
        row.aliases = _merge(row.aliases, aliases)[:200]
        # A cell holding a number the standard does not give is the administrator's;
        # otherwise the cell takes the standard's fuller form.
        if set(split_cas(row.cas)) <= set(split_cas(cas)):
            row.cas = cas
        row.sort_order = order
        row.save(update_fields=["aliases", "cas", "sort_order"])


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_enterprise_index_covers_colour")]
    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]
