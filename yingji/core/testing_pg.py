"""A PostgreSQL cluster of a test's own (Debian's server binaries, a port of its own), for
tests that must stop, restart or replicate the database: the topology and replica tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def server_available() -> bool:
    return BIN is not None and (BIN / "initdb").exists()


def as_postgres(*command: str, timeout: int = 300) -> None:
    """Run a server program as the postgres account (the server refuses to run as root)."""
    prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command[0]}: {done.stderr[-2000:]}"


class Cluster:
    """A cluster in a temporary directory outside pytest's (the server runs as postgres,
    which may not enter it), trust authentication on 127.0.0.1 only."""

    def __init__(self, port: int, base: Path | None = None, name: str = "data") -> None:
        assert BIN is not None
        self.bin = BIN
        self.port = port
        self.base = base or Path(tempfile.mkdtemp(prefix="yingji-pg-"))
        shutil.chown(self.base, "postgres")
        self.base.chmod(0o755)
        self.data = self.base / name
        self.log = self.base / f"{name}.log"
        self.running = False

    def init(self, extra_conf: str = "") -> Cluster:
        as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.base}'\nfsync = off\n"
                       f"synchronous_commit = off\nmax_connections = 200\n{extra_conf}")
        return self

    def start(self) -> None:
        as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def createdb(self, name: str) -> str:
        as_postgres(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                    name)
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        if self.running:
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)
