"""Make the audit log append-only at the database: UPDATE and DELETE are refused.

Tamper evidence (the hash chain) still matters: someone with database-owner rights
can drop the trigger, and ``yingji audit verify`` then reports what they changed.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER core_auditlog_no_update BEFORE UPDATE ON core_auditlog
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
    """CREATE TRIGGER core_auditlog_no_delete BEFORE DELETE ON core_auditlog
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_update;",
    "DROP TRIGGER IF EXISTS core_auditlog_no_delete;",
]
PG_UP = [
    """CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_auditlog_no_change BEFORE UPDATE OR DELETE ON core_auditlog
       FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only();""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_change ON core_auditlog;",
    "DROP FUNCTION IF EXISTS core_auditlog_append_only();",
]


def forwards(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
