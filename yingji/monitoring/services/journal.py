"""The audit entries and domain events of one run of alarm changes, written in bulk at
its end.

An ingest batch can raise thousands of alarms. Written one by one, the first audit
entry locks the audit chain's head row (``AuditChainHead``) and every other audited
write in the installation waits until the batch commits. The journal collects the
entries while the alarms are written and appends them to the chain in one step, the
last of the batch's transaction, so the head is locked only from that step to the
commit. The chain stays the core one: same fields, same keyed hash (``audit.append_many``),
same head, verified by ``yingji audit verify``.

Core has no bulk append yet (``audit.record`` appends one entry); this is the one place
monitoring extends the chain itself, and it belongs in ``yingji.core.audit`` once core
offers ``record_many``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from yingji.core import live
from yingji.core.actor import Actor
from yingji.core.audit import AuditAction, append_many, object_type_of, to_jsonable
from yingji.core.events import industry_of, owner_of
from yingji.core.models import DomainEvent

BULK_ROWS = 1000


@dataclass
class Journal:
    """Pending audit entries and domain events of one actor's run of changes."""

    actor: Actor
    entries: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[DomainEvent, models.Model, dict[str, Any] | None]] = field(default_factory=list)

    def audit(self, action: AuditAction, obj: models.Model, *, before: dict[str, Any] | None = None,
              after: dict[str, Any] | None = None, detail: str = "") -> None:
        """An entry as ``audit.record`` would write it, appended by ``write``."""
        self.entries.append({
            "actor_id": self.actor.user_id, "actor_label": self.actor.label[:120], "action": action,
            "success": True, "object_type": object_type_of(obj), "object_id": str(obj.pk)[:64],
            "object_repr": str(obj)[:200], "region_code": (_region(obj))[:12], "ip": self.actor.ip,
            "request_id": self.actor.request_id, "detail": detail,
            "before": to_jsonable(before) if before is not None else None,
            "after": to_jsonable(after) if after is not None else None,
        })

    def event(self, event_type: str, obj: models.Model, summary: str, data: dict[str, Any],
              screen: dict[str, Any] | None = None) -> None:
        """A domain event on ``obj``'s timeline; on the live bus after commit, carrying
        ``screen`` (what a live page shows of it, so it need not read it again)."""
        self.events.append((DomainEvent(
            time=timezone.now(), event_type=event_type, actor_id=self.actor.user_id,
            actor_label=self.actor.label[:120], region_code=_region(obj), object_type=object_type_of(obj),
            object_id=str(obj.pk), summary=summary[:300], data=to_jsonable(data)), obj, screen))

    def write(self) -> None:
        """Insert the events, then append the audit entries to the chain: the last
        statements before the caller's commit."""
        if self.events:
            created = DomainEvent.objects.bulk_create([e for e, _, _ in self.events], batch_size=BULK_ROWS)
            messages = [{
                "id": e.pk, "type": e.event_type, "time": e.time.isoformat(), "region": e.region_code,
                "object_type": e.object_type, "object_id": e.object_id, "summary": e.summary,
                "actor": e.actor_label, "owner": owner_of(obj), "industry": industry_of(obj),
                **({"screen": screen} if screen is not None else {}),
            } for e, (_, obj, screen) in zip(created, self.events, strict=True)]
            transaction.on_commit(lambda: live.publish_many(messages))
            self.events = []
        if self.entries:
            if connection.vendor == "postgresql":
                # The foreign keys of the rows written so far are checked now, not at
                # commit: at commit they would take KEY SHARE locks (on enterprises,
                # users) while holding the chain's head, which deadlocks with a service
                # that locks such a row FOR UPDATE and then appends its own audit entry.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            append_many(self.entries)
            self.entries = []


def _region(obj: models.Model) -> str:
    method = getattr(obj, "scope_region_code", None)
    return (method() if callable(method) else "") or ""
