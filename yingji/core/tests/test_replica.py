"""A real streaming replica (core.replica): the test starts a PostgreSQL primary and a
replica made from it with pg_basebackup (Debian's PostgreSQL binaries, ports of their own),
migrates the primary and drives the application on both through a child process, which
reports what it saw. With the replica's replay paused, a row written on the primary after
the pause is what tells the two apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from yingji.core.testing_browser import _free_port
from yingji.core.testing_pg import Cluster, as_postgres, server_available

pytestmark = [pytest.mark.slow]

@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    if not os.environ.get("YINGJI_DATABASE_URL"):
        pytest.skip("由 PostgreSQL 测试轮执行（主库与只读副本）")
    if not server_available():
        pytest.skip("未安装 PostgreSQL 服务端程序")
    primary = Cluster(_free_port(), name="primary").init("wal_level = replica\nmax_wal_senders = 4\n")
    standby = Cluster(_free_port(), base=primary.base, name="standby")
    try:
        primary.start()
        primary.createdb("yingji")
        as_postgres(str(primary.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U",
                    "postgres", "-D", str(standby.data), "-R", "-X", "stream")
        with (standby.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {standby.port}\nhot_standby = on\n")
        standby.start()
        yield primary.url("yingji"), standby.url("yingji")
    finally:
        if standby.running:
            standby.stop("immediate")
        primary.remove()


def _app(urls: tuple[str, str], *args: str, script: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("YINGJI_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"YINGJI_DATABASE_URL": urls[0], "YINGJI_DATABASE_REPLICA_URL": urls[1],
                "YINGJI_DEBUG": "1", "YINGJI_REPLICA_PIN_SECONDS": "2",
                "DJANGO_SETTINGS_MODULE": "yingji.config.settings"})
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "yingji.config.cli", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


# Run in the child: the application on the primary and its replica.
SCRIPT = r'''
import json, time
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from yingji.core import audit, replica
from yingji.core.models import Region, User

def caught_up():
    with connections["default"].cursor() as c:
        c.execute("SELECT pg_current_wal_lsn()")
        lsn = c.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as c:
            c.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if c.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")

out = {}
user = User.objects.create_superuser("replica_admin", password="Replica@2026x")
caught_up()
with connections["replica"].cursor() as c:
    c.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = c.fetchone()[0]
    c.execute("SELECT pg_wal_replay_pause()")
# Written after the pause: on the primary only.
Region.objects.create(code="990000000000", name="副本未见区", level=1, prefix="99")
with replica.replica_reads() as used:
    out["marked_sees_new_row"] = Region.objects.filter(code="990000000000").exists()
out["unmarked_sees_new_row"] = Region.objects.filter(code="990000000000").exists()

client = Client()
client.force_login(user)

def served(path):
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(path)
    return response.status_code, len(on_replica), len([q for q in on_primary
                                                       if q["sql"].lstrip().upper().startswith("SELECT")])

out["analysis"] = served("/hazards/analysis/")
out["list"] = served("/enterprises/")
out["export"] = served("/enterprises/?export=xlsx")
out["chain_problems"] = len(audit.verify_chain())
client.post("/hazards/analysis/")  # any unsafe request pins the session
out["analysis_pinned"] = served("/hazards/analysis/")
time.sleep(2.2)
out["analysis_after_pin"] = served("/hazards/analysis/")
with connections["replica"].cursor() as c:
    c.execute("SELECT pg_wal_replay_resume()")
print("RESULT" + json.dumps(out))
'''


def test_heavy_pages_read_from_the_replica_and_a_writer_reads_its_own_writes(
        clusters: tuple[str, str]) -> None:
    _app(clusters, "migrate", "--no-input", "-v0")
    done = _app(clusters, script=SCRIPT)
    seen = json.loads(done.stdout.rsplit("RESULT", 1)[1])
    assert seen["replica_in_recovery"] is True  # a real standby, not a second primary
    # Replay paused: the replica does not have the row written after the pause.
    assert seen["marked_sees_new_row"] is False and seen["unmarked_sees_new_row"] is True
    status, replica_reads, _ = seen["analysis"]
    assert status == 200 and replica_reads > 0
    status, replica_reads, primary_selects = seen["list"]
    assert status == 200 and replica_reads == 0 and primary_selects > 0  # an ordinary page
    status, replica_reads, _ = seen["export"]
    assert status == 200 and replica_reads > 0
    # The export's audit row was chained on the primary's last hash, not the replica's.
    assert seen["chain_problems"] == 0
    status, replica_reads, primary_selects = seen["analysis_pinned"]
    assert status == 200 and replica_reads == 0 and primary_selects > 0
    status, replica_reads, _ = seen["analysis_after_pin"]
    assert status == 200 and replica_reads > 0
