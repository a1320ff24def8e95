"""Backup and restore round trip (issue 14 item 8): every table, file and the audit chain
come back equal, into an empty database only; a damaged backup is refused."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from yingji.core import audit
from yingji.core.audit_anchor import export_anchor
from yingji.core.backup import BackupError, create_backup, restore_backup, table_digests
from yingji.core.models import AuditLog, Department
from yingji.core.models.audit import AuditChainHead
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, region, system


def _some_data(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "attachments" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "2026" / "现场照片.jpg").write_bytes(b"\xff\xd8photo" * 100)
    # A chain of this test's own (the serialised rows a transactional test reloads are
    # not the ones that were hashed).
    AuditLog.objects.all().delete()
    AuditChainHead.objects.all().delete()
    create_object(Department, {"name": "备份测试科", "region": region(JIANGAN), "kind": "bureau"},
                  actor=system())
    audit.record(audit.AuditAction.SECURITY, actor=system(), detail="备份前的记录")
    assert export_anchor() is not None
    assert audit.verify_chain() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_round_trip_is_equal_and_refuses_a_second_restore(settings, tmp_path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite 轮执行")
    _some_data(settings, tmp_path)
    manifest = create_backup(tmp_path / "backup")
    assert manifest["tables"]["core_auditlog"][0] == AuditLog.objects.count()
    assert "attachments/2026/现场照片.jpg" in manifest["media"] and manifest["anchors"]
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
    result = restore_backup(tmp_path / "backup", database=target, media_root=tmp_path / "media2",
                            anchor_dir=tmp_path / "anchors2")
    assert result["rows"] == sum(rows for rows, _ in manifest["tables"].values())
    restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    copy = sqlite3.connect(tmp_path / "backup" / "database.sqlite3")
    assert table_digests(restored, "sqlite") == table_digests(copy, "sqlite")
    copy.close()
    # The copy is the live database: the same number of rows in every table.
    live = {t: n for t, (n, _) in manifest["tables"].items()}
    assert live["core_department"] == Department.objects.count()
    found = restored.execute("SELECT count(*) FROM core_department WHERE name = '备份测试科'").fetchone()
    assert found == (1,)
    restored.close()
    photo = tmp_path / "media2" / "attachments" / "2026" / "现场照片.jpg"
    assert photo.read_bytes() == b"\xff\xd8photo" * 100
    with pytest.raises(BackupError, match="目标数据库已存在"):
        restore_backup(tmp_path / "backup", database=target, media_root=tmp_path / "media3",
                       anchor_dir=tmp_path / "anchors3")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused(settings, tmp_path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite 轮执行")
    _some_data(settings, tmp_path)
    create_backup(tmp_path / "backup")
    (tmp_path / "backup" / "media" / "attachments" / "2026" / "现场照片.jpg").write_bytes(b"changed")
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "r.sqlite3")}
    with pytest.raises(BackupError, match="media 中的文件与清单不符"):
        restore_backup(tmp_path / "backup", database=target, media_root=tmp_path / "m",
                       anchor_dir=tmp_path / "a")
    assert not (tmp_path / "r.sqlite3").exists()
    with pytest.raises(BackupError, match="备份目录不为空"):
        create_backup(tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["format"] == "yingji.backup"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_backup_command_reports_what_it_wrote(settings, tmp_path, capsys) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite 轮执行")
    _some_data(settings, tmp_path)
    call_command("backup", str(tmp_path / "b"))
    assert "备份完成" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_round_trip_with_pg_dump_and_pg_restore(settings, tmp_path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL 轮执行")
    import psycopg

    _some_data(settings, tmp_path)
    manifest = create_backup(tmp_path / "backup")
    db = dict(connection.settings_dict)
    name = f"yingji_restore_{uuid.uuid4().hex[:8]}"
    conninfo = (f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} "
                f"user={db.get('USER')} dbname=postgres")
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = restore_backup(tmp_path / "backup", database={**db, "NAME": name},
                                media_root=tmp_path / "media2", anchor_dir=tmp_path / "anchors2")
        assert result["rows"] == sum(rows for rows, _ in manifest["tables"].values())
        with pytest.raises(BackupError, match="不为空"):
            restore_backup(tmp_path / "backup", database={**db, "NAME": name},
                           media_root=tmp_path / "media3", anchor_dir=tmp_path / "anchors3")
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_backup_taken_while_the_server_writes_restores_equal(settings, tmp_path,
                                                                          monkeypatch) -> None:
    """A write that commits while pg_dump runs is in neither the dump nor the manifest:
    both come from one exported snapshot, so the restore's comparison holds."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL 轮执行")
    import subprocess

    import psycopg

    from yingji.core import backup

    _some_data(settings, tmp_path)
    db = dict(connection.settings_dict)
    conninfo = (f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} "
                f"user={db.get('USER')} dbname=")
    real_run = subprocess.run

    def dump_then_write(*args, **kwargs):
        done = real_run(*args, **kwargs)
        with psycopg.connect(conninfo + str(db["NAME"]), autocommit=True) as other:
            other.execute("UPDATE core_department SET name = '备份期间改名' WHERE name = '备份测试科'")
        return done

    monkeypatch.setattr(backup.subprocess, "run", dump_then_write)
    manifest = create_backup(tmp_path / "backup")
    monkeypatch.setattr(backup.subprocess, "run", real_run)
    assert Department.objects.filter(name="备份期间改名").exists()  # the write happened
    name = f"yingji_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(conninfo + "postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = restore_backup(tmp_path / "backup", database={**db, "NAME": name},
                                media_root=tmp_path / "media2", anchor_dir=tmp_path / "anchors2")
        assert result["rows"] == sum(rows for rows, _ in manifest["tables"].values())
        with psycopg.connect(conninfo + name) as restored:
            names = [r[0] for r in restored.execute("SELECT name FROM core_department").fetchall()]
        assert "备份测试科" in names and "备份期间改名" not in names
    finally:
        with psycopg.connect(conninfo + "postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_into_a_used_anchor_folder_writes_nothing(settings, tmp_path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite 轮执行")
    _some_data(settings, tmp_path)
    create_backup(tmp_path / "b")
    (tmp_path / "anchors2").mkdir()
    (tmp_path / "anchors2" / "anchors-2026-11.jsonl").write_text("{}\n", encoding="utf-8")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupError, match="审计锚点目录不为空"):
        restore_backup(tmp_path / "b", database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
                       media_root=tmp_path / "media2", anchor_dir=tmp_path / "anchors2")
    assert not target.exists() and not (tmp_path / "media2").exists()
