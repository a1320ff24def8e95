"""Personal data of the relief cases and the registers SM4-encrypted (core.personal).

The relief cases, the register of the dead and missing and the damaged-house register
kept the ID number only masked (and, for the cases, a keyed SM3 digest for the
no-duplicate rule); the clear number was never stored, so it cannot be recovered here.
Existing rows get their mask, encrypted, as ``id_number`` (a reveal shows the mask), and
a case keeps its old digest as its index: ``HouseholdIndexField`` leaves it alone while
the number is a mask, and ``services.relief.already_registered`` compares a new
application with both. New rows hold the full number, encrypted, with the blind index.
Phones and addresses are encrypted in place. The new columns come in 0007 and the old
ones go in 0009: PostgreSQL refuses to alter or index a table in the transaction that
updated it while trigger events are pending.
"""

from typing import Any

from django.conf import settings
from django.db import migrations

from yingji.core.crypto import sm3_hex
from yingji.core.masking import mask_id_number
from yingji.core.personal.fields import migration_steps

ENCRYPT_PHONE_ADDRESS = migration_steps("disasters.ReliefCase", ["phone", "address"])
ENCRYPT_HOUSE_ADDRESS = migration_steps("disasters.DamagedHouse", ["address"])


# The historical models carry the real PersonalField: values written through the ORM are
# encrypted by it, and values read are decrypted (update() skips the index's pre_save).


def _copy_ids(apps: Any, schema_editor: Any, label: str, *, with_digest: bool) -> None:
    manager = apps.get_model(label)._base_manager
    for pk, masked, *digest in manager.values_list("pk", "id_masked", *(["id_hash"] if with_digest else [])):
        values: dict[str, str] = {"id_number": masked or ""}
        if with_digest:
            values["id_number_index"] = digest[0]
        manager.filter(pk=pk).update(**values)


def _restore_ids(apps: Any, schema_editor: Any, label: str, *, with_digest: bool) -> None:
    manager = apps.get_model(label)._base_manager
    for pk, plain, *index in manager.values_list(
        "pk", "id_number", *(["id_number_index"] if with_digest else [])
    ):
        plain = plain or ""
        values = {"id_masked": mask_id_number(plain)}
        if with_digest:
            clear = plain and "*" not in plain
            values["id_hash"] = (
                sm3_hex(f"{settings.SECRET_KEY}|relief|{plain.upper()}".encode()) if clear else index[0]
            )
        manager.filter(pk=pk).update(**values)


def forward(apps: Any, schema_editor: Any) -> None:
    _copy_ids(apps, schema_editor, "disasters.ReliefCase", with_digest=True)
    _copy_ids(apps, schema_editor, "disasters.CasualtyRecord", with_digest=False)
    _copy_ids(apps, schema_editor, "disasters.DamagedHouse", with_digest=False)


def backward(apps: Any, schema_editor: Any) -> None:
    _restore_ids(apps, schema_editor, "disasters.ReliefCase", with_digest=True)
    _restore_ids(apps, schema_editor, "disasters.CasualtyRecord", with_digest=False)
    _restore_ids(apps, schema_editor, "disasters.DamagedHouse", with_digest=False)


class Migration(migrations.Migration):

    dependencies = [
        ("disasters", "0007_personal_fields"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(*ENCRYPT_PHONE_ADDRESS),
        migrations.RunPython(*ENCRYPT_HOUSE_ADDRESS),
    ]
