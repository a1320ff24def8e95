"""Key files kept outside the database: read, create once, rewrite atomically, cache.

Both the audit chain's keyring (``core.audit_keys``) and the personal-data keyring
(``core.personal.keys``) are small JSON documents in files of mode 0600 (by default
under ``<var>/keys/``), or given whole in an environment variable by deployments that
inject secrets. This module holds what they share: the file handling and a cache that
re-reads a file when it changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class KeyFileError(RuntimeError):
    """A key file is missing, unreadable or malformed."""


def read_json(path: Path, error: type[KeyFileError] = KeyFileError) -> dict[str, object]:
    """The JSON object stored in ``path``; ``error`` (a KeyFileError) when it cannot be."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"密钥文件无法读取：{path}（{exc}）") from exc
    if not isinstance(data, dict):
        raise error(f"密钥文件格式错误：{path}")
    return data


def write_json(path: Path, document: dict[str, object], *, exclusive: bool) -> None:
    """Write ``document`` with mode 0600. ``exclusive`` creates the file and fails with
    FileExistsError when it exists; otherwise the file is replaced atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    tmp = path if exclusive else path.with_suffix(".tmp")
    fd = os.open(tmp, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    if not exclusive:
        os.replace(tmp, path)


def create_once(path: Path, document: Callable[[], dict[str, object]]) -> None:
    """Create ``path`` with ``document()`` unless it exists; when two processes race,
    the first file wins and the other's document is dropped."""
    with contextlib.suppress(FileExistsError):
        write_json(path, document(), exclusive=True)


class CachedKeyFile(Generic[T]):
    """A parsed key file, cached until the file's modification time changes."""

    def __init__(self, parse: Callable[[dict[str, object]], T],
                 error: type[KeyFileError] = KeyFileError) -> None:
        self._parse = parse
        self._error = error
        self._lock = threading.Lock()
        self._cache: tuple[str, float, T] | None = None

    @property
    def lock(self) -> threading.Lock:
        """Held while reading or rewriting the file in this process."""
        return self._lock

    def get(self, path: Path) -> T:
        """The parsed content of ``path`` (FileNotFoundError when there is none).
        Call with ``lock`` held."""
        mtime = path.stat().st_mtime
        cached = self._cache
        if cached is not None and cached[0] == str(path) and cached[1] == mtime:
            return cached[2]
        value = self._parse(read_json(path, self._error))
        self._cache = (str(path), mtime, value)
        return value

    def forget(self) -> None:
        """Drop the cached value (after a rewrite, or in tests that swap files)."""
        self._cache = None
