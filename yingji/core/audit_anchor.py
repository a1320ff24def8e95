"""Anchors of the audit chain outside the database.

Every hour (and on ``yingji audit anchor``) the chain's head — index, hash, time — is
signed with the audit key (HMAC-SM3) and appended as one JSON line to a monthly file in
``AUDIT_ANCHOR_DIR``, a directory the database does not control; the line also goes to
the log (``yingji.audit.anchor``), which deployments ship to syslog. ``verify`` reads
every anchor back: a chain that no longer holds an anchored entry with the anchored hash,
or that is shorter than the last anchor, was cut or rewritten even if the rest of it is
consistent (deleting the tail and rewinding the head, or rebuilding the whole chain).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from yingji.core import audit_keys
from yingji.core.crypto import hmac_sm3_hex
from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditChainHead

logger = logging.getLogger("yingji.audit.anchor")


def _message(index: int, digest: str, time: str, key_id: str) -> bytes:
    return f"yingji-audit-anchor|{index}|{digest}|{time}|{key_id}".encode()


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def export_anchor() -> dict[str, object] | None:
    """Append the signed head to this month's anchor file; None while the chain is empty."""
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or head.last_index == 0:
        return None
    ring = audit_keys.load(create_with_legacy_until=head.last_index)
    key_id = ring.current_id
    now = timezone.now()
    stamp = now.isoformat()
    line: dict[str, object] = {
        "index": head.last_index, "hash": head.last_hash, "time": stamp, "key_id": key_id,
        "mac": hmac_sm3_hex(ring.key(key_id), _message(head.last_index, head.last_hash, stamp, key_id))}
    folder = anchor_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"anchors-{timezone.localtime(now):%Y-%m}.jsonl"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    logger.info("audit anchor %s", json.dumps(line, ensure_ascii=False))
    return line


def read_anchors() -> list[dict[str, object]]:
    folder = anchor_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("anchors-*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if raw.strip():
                try:
                    out.append(json.loads(raw))
                except ValueError:
                    out.append({"broken": f"{path.name}第{number}行"})
    return out


def check_anchors(ring: audit_keys.Keyring | None) -> list[tuple[int, str]]:
    """(index, Chinese problem) for every anchor that is forged or that the chain no longer
    holds, and for a chain shorter than its last anchor."""
    problems: list[tuple[int, str]] = []
    anchors = read_anchors()
    if not anchors:
        return problems
    head = AuditChainHead.objects.filter(id=1).first()
    head_index = head.last_index if head else 0
    wanted: dict[int, str] = {}
    for anchor in anchors:
        if "broken" in anchor:
            problems.append((0, f"审计锚点文件损坏：{anchor['broken']}"))
            continue
        index, digest = int(str(anchor.get("index"))), str(anchor.get("hash"))
        key_id, stamp = str(anchor.get("key_id")), str(anchor.get("time"))
        if ring is None or key_id not in ring.keys or hmac_sm3_hex(
                ring.key(key_id), _message(index, digest, stamp, key_id)) != anchor.get("mac"):
            problems.append((index, f"第{index}条的审计锚点签名无效（锚点被伪造或密钥不符）"))
            continue
        wanted[index] = digest
    if wanted and max(wanted) > head_index:
        top = max(wanted)
        problems.append((top, f"审计日志只到第{head_index}条，但已导出的锚点到第{top}条（记录被截断）"))
    found = dict(AuditLog.objects.filter(chain_index__in=list(wanted)).values_list("chain_index", "hash"))
    for index, digest in sorted(wanted.items()):
        if index <= head_index and found.get(index) != digest:
            what = "与导出的锚点不符" if index in found else "缺失（锚点指向它）"
            problems.append((index, f"第{index}条记录{what}（审计链被改写）"))
    return problems
