"""A real streaming replica (core.replica): the test starts a PostgreSQL primary and a
replica made from it with pg_basebackup (Debian's PostgreSQL binaries, ports of their own),
migrates the primary and drives the application on both through a child process, which
reports what it saw. With the replica's replay paused, a row written on the primary after
the pause is what tells the two apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from yingji.core.testing_browser import _free_port

pytestmark = [pytest.mark.slow]

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def _as_postgres(*command: str) -> None:
    prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command[0]}: {done.stderr[-2000:]}"


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    if not os.environ.get("YINGJI_DATABASE_URL"):
        pytest.skip("由 PostgreSQL 测试轮执行（主库与只读副本）")
    if BIN is None or not (BIN / "initdb").exists():
        pytest.skip("未安装 PostgreSQL 服务端程序")
    # Not under pytest's base directory: the server runs as postgres, which may not enter it.
    base = Path(tempfile.mkdtemp(prefix="yingji-replica-"))
    shutil.chown(base, "postgres")
    base.chmod(0o755)
    primary, standby = base / "primary", base / "standby"
    ports = _free_port(), _free_port()
    _as_postgres(str(BIN / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres",
                 "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {ports[0]}\nlisten_addresses = '127.0.0.1'\n"
                   f"unix_socket_directories = '{base}'\nwal_level = replica\n"
                   "max_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n")
    started = []
    try:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(primary), "-l", str(base / "primary.log"),
                     "-w", "start")
        started.append(primary)
        _as_postgres(str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres",
                     "yingji")
        _as_postgres(str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(ports[0]), "-U",
                     "postgres", "-D", str(standby), "-R", "-X", "stream")
        with (standby / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {ports[1]}\nhot_standby = on\n")
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(standby), "-l", str(base / "standby.log"),
                     "-w", "start")
        started.append(standby)
        yield (f"postgres://postgres@127.0.0.1:{ports[0]}/yingji",
               f"postgres://postgres@127.0.0.1:{ports[1]}/yingji")
    finally:
        for data in reversed(started):
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


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
