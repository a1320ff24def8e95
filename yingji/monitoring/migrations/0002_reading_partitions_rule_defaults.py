"""PostgreSQL: readings in a table partitioned by day on ``ts`` (the plain table made
by 0001 is replaced while still empty). SQLite keeps the plain table. Also loads the
default rule settings of each point type."""

from django.db import migrations

PG_UP = [
    "DROP TABLE monitoring_reading",
    """CREATE TABLE monitoring_reading (
        point_id bigint NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        flag smallint NOT NULL DEFAULT 0,
        PRIMARY KEY (point_id, ts)
    ) PARTITION BY RANGE (ts)""",
    "CREATE TABLE monitoring_reading_default PARTITION OF monitoring_reading DEFAULT",
]
PG_DOWN = [
    "DROP TABLE monitoring_reading",
    """CREATE TABLE monitoring_reading (
        point_id bigint NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL,
        flag smallint NOT NULL DEFAULT 0, PRIMARY KEY (point_id, ts))""",
]

# point type: debounce_count, debounce_seconds, hysteresis_pct, rate_pct_per_min,
# stuck_minutes, offline_minutes. Gas detectors alarm almost at once (GB/T 50493-2019)
# and usually read zero, so no stuck rule for them or for rain gauges.
DEFAULTS = {
    "level": (3, 30, 2.0, 10.0, 60, 10),
    "temperature": (3, 30, 1.0, 5.0, 120, 10),
    "pressure": (3, 30, 2.0, 10.0, 60, 10),
    "gas_combustible": (2, 10, 5.0, None, None, 10),
    "gas_toxic": (2, 10, 5.0, None, None, 10),
    "flow": (3, 60, 2.0, None, 60, 10),
    "rainfall": (1, 0, 0.0, None, None, 30),
    "water_level": (3, 60, 1.0, 5.0, None, 30),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_UP:
            schema_editor.execute(sql)
    RuleConfig = apps.get_model("monitoring", "RuleConfig")
    for point_type, values in DEFAULTS.items():
        keys = ("debounce_count", "debounce_seconds", "hysteresis_pct", "rate_pct_per_min",
                "stuck_minutes", "offline_minutes")
        RuleConfig.objects.get_or_create(point_type=point_type, defaults=dict(zip(keys, values)))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
