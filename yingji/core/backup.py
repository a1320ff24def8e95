"""Backup and restore of an installation: the database, the media files and the audit
anchors, in one folder with a manifest (issue 14 item 8).

``create_backup(folder)`` writes ``database.sqlite3`` (SQLite's online backup API, safe
while the server runs) or ``database.dump`` (``pg_dump -Fc``), ``media/`` and
``audit-anchors/`` copies, and ``manifest.json``: the row count and a digest of every
table's rows, the SM3 of every file, the audit chain's head. ``restore_backup(folder)``
checks the files against the manifest, refuses a database that already holds data, loads
the database (a copy of the file, or ``pg_restore``), the media and the anchors, and
proves the restored tables equal the manifest. The audit keyring is deliberately not in
the backup: it is kept apart from the data (docs/deployment.md).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from yingji.core.crypto import sm3_hex

FORMAT = "yingji.backup"
VERSION = 1


class BackupError(RuntimeError):
    """A backup cannot be written or a restore cannot proceed (Chinese reason)."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    digest: str


def _file_digest(path: Path) -> str:
    return sm3_hex(path.read_bytes())


def _tree_digests(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): _file_digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def table_digests(conn: Any, vendor: str) -> dict[str, TableDigest]:
    """Row count and a digest of the rows (in primary-key order, as text) of every table."""
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                       "ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    out: dict[str, TableDigest] = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str)
                      for row in cursor.fetchall())
        out[table] = TableDigest(len(rows), sm3_hex("\n".join(rows).encode()))
    return out


def _plain(value: Any) -> Any:
    """One value as both backends spell it (JSON text, booleans and times differ)."""
    if isinstance(value, memoryview):
        return bytes(value).hex()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432),
            "-U", str(db.get("USER") or "postgres")]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def create_backup(folder: Path, *, alias: str = "default") -> dict[str, Any]:
    """Write a backup of the database, media and audit anchors into ``folder`` (new or
    empty); returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"备份目录不为空：{folder}")
    folder.mkdir(parents=True, exist_ok=True)
    conn = connections[alias]
    conn.ensure_connection()
    vendor = conn.vendor
    db = conn.settings_dict
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库：{vendor}")
    # Anchors before the database: each copied anchor then names a head the dump holds
    # (one exported after the dump would look like a truncated chain). Media after it:
    # a file is stored before the row naming it commits, so every named file is copied.
    _copy_tree(Path(settings.AUDIT_ANCHOR_DIR), folder / "audit-anchors")
    if vendor == "sqlite":
        database_file = "database.sqlite3"
        target = sqlite3.connect(folder / database_file)
        with target:
            conn.connection.backup(target)
        target.close()
        tables, head = _sqlite_state(folder / database_file)
    else:
        database_file = "database.dump"
        tables, head = _pg_dump_in_snapshot(folder / database_file, db)
    _copy_tree(Path(settings.MEDIA_ROOT), folder / "media")
    manifest = {
        "format": FORMAT, "version": VERSION, "created": timezone.now().isoformat(), "vendor": vendor,
        "database_file": database_file, "database_sm3": _file_digest(folder / database_file),
        "tables": {name: [d.rows, d.digest] for name, d in tables.items()},
        "media": _tree_digests(folder / "media"), "anchors": _tree_digests(folder / "audit-anchors"),
        "audit_head": head,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def _conninfo(db: dict[str, Any]) -> str:
    return (f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} "
            f"user={db.get('USER') or 'postgres'} dbname={db['NAME']}")


State = tuple[dict[str, TableDigest], dict[str, Any] | None]
HEAD_SQL = "SELECT last_index, last_hash FROM core_auditchainhead WHERE id = 1"


def _head(row: Any) -> dict[str, Any] | None:
    return {"index": row[0], "hash": row[1]} if row else None


def _sqlite_state(database_file: Path) -> State:
    """Digests and audit head of the SQLite copy itself, through a plain connection
    (Django's own converts values on the way out)."""
    plain = sqlite3.connect(database_file)
    try:
        return table_digests(plain, "sqlite"), _head(plain.execute(HEAD_SQL).fetchone())
    finally:
        plain.close()


def _pg_dump_in_snapshot(target: Path, db: dict[str, Any]) -> State:
    """``pg_dump`` of one exported snapshot, and the digests and audit head read in that
    same snapshot: the manifest describes exactly what the dump holds, even while the
    server goes on writing (a dump and a later read would differ by those writes)."""
    import psycopg

    args, env = _pg_env(db)
    with psycopg.connect(_conninfo(db), password=db.get("PASSWORD") or None) as plain:
        plain.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exported = plain.execute("SELECT pg_export_snapshot()").fetchone()
        assert exported is not None
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        result = subprocess.run(["pg_dump", *args, "-Fc", "--no-owner", f"--snapshot={exported[0]}",
                                 "-f", str(target), str(db["NAME"])],
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:300]}")
        tables = table_digests(plain, "postgresql")
        head = _head(plain.execute(HEAD_SQL).fetchone())
        plain.rollback()
    return tables, head


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise BackupError(f"不是备份目录（缺少 manifest.json）：{folder}")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError("manifest.json 不是应急平台的备份清单")
    return dict(manifest)


def check_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Problems (Chinese) of the backup's files against its manifest."""
    folder = Path(folder)
    problems = []
    db_file = folder / str(manifest["database_file"])
    if not db_file.is_file():
        problems.append(f"缺少数据库文件 {db_file.name}")
    elif _file_digest(db_file) != manifest["database_sm3"]:
        problems.append(f"数据库文件 {db_file.name} 与清单不符（已损坏或被修改）")
    for kind, sub in (("media", "media"), ("anchors", "audit-anchors")):
        if _tree_digests(folder / sub) != manifest[kind]:
            problems.append(f"{sub} 中的文件与清单不符")
    return problems


def restore_backup(folder: Path, *, database: dict[str, Any], media_root: Path,
                   anchor_dir: Path) -> dict[str, Any]:
    """Restore ``folder`` into ``database`` (Django settings dict of an empty database),
    ``media_root`` and ``anchor_dir``; returns the verified table digests. Refuses a
    database or media folder that holds data, and a backup whose files do not match."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = check_files(folder, manifest)
    if problems:
        raise BackupError("；".join(problems))
    vendor = "sqlite" if str(database["ENGINE"]).endswith("sqlite3") else "postgresql"
    if vendor != manifest["vendor"]:
        raise BackupError(f"备份来自 {manifest['vendor']}，不能恢复到 {vendor}")
    # Every target is checked before anything is written.
    if media_root.exists() and any(media_root.rglob("*")):
        raise BackupError(f"附件目录不为空：{media_root}")
    if anchor_dir.exists() and any(anchor_dir.rglob("*")):
        raise BackupError(f"审计锚点目录不为空：{anchor_dir}")
    if vendor == "sqlite":
        target = Path(database["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"目标数据库已存在：{target}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "database.sqlite3", target)
        conn: Any = sqlite3.connect(target)
    else:
        import psycopg

        args, env = _pg_env(database)
        conninfo = _conninfo(database)
        with psycopg.connect(conninfo, password=database.get("PASSWORD") or None) as probe:
            count = probe.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
            if count and count[0]:
                raise BackupError(f"目标数据库 {database['NAME']} 不为空（已有{count[0]}张表）")
        result = subprocess.run(["pg_restore", *args, "--no-owner", "-d", str(database["NAME"]),
                                 str(folder / "database.dump")], env=env, capture_output=True, text=True,
                                check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:300]}")
        conn = psycopg.connect(conninfo, password=database.get("PASSWORD") or None)
    try:
        restored = table_digests(conn, vendor)
    finally:
        conn.close()
    expected = {name: TableDigest(rows, digest) for name, (rows, digest) in manifest["tables"].items()}
    differing = sorted(name for name in expected if restored.get(name) != expected[name])
    if differing:
        raise BackupError(f"恢复后的数据与备份不一致：{'、'.join(differing[:10])}")
    _copy_tree(folder / "media", media_root)
    _copy_tree(folder / "audit-anchors", anchor_dir)
    if _tree_digests(media_root) != manifest["media"] or _tree_digests(anchor_dir) != manifest["anchors"]:
        raise BackupError("恢复后的附件或审计锚点与备份不一致")
    return {"tables": len(restored), "rows": sum(d.rows for d in restored.values()),
            "media": len(manifest["media"]), "anchors": len(manifest["anchors"]),
            "audit_head": manifest["audit_head"]}


def default_target() -> dict[str, Any]:
    return dict(connection.settings_dict)
