"""An ingest consumer reports its figures to the database every few seconds
(``IngestMember``), so that ``/metrics`` on any web process shows every member."""

from __future__ import annotations

import os
import socket
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from yingji.monitoring.ingest.mqtt import Consumer

REPORT_SECONDS = 15.0
# A member silent for this long is counted as down.
DOWN_AFTER_SECONDS = 60.0


def report(consumer: Consumer, started_at: datetime) -> None:
    """Write the consumer's running totals (one row per client id)."""
    from yingji.monitoring.models import IngestMember

    s = consumer.stats
    k, n = consumer.member
    IngestMember.objects.update_or_create(
        client_id=consumer.client_id,
        defaults={
            "member": "shared" if consumer.shared else f"{k}/{n}",
            "host": socket.gethostname()[:100], "pid": os.getpid(), "started_at": started_at,
            "reported_at": timezone.now(), "messages": s.messages,
            "readings_stored": s.readings_stored, "batches": s.batches,
            "spooled_batches": s.spooled_batches, "replayed_batches": s.replayed_batches,
            "db_errors": s.db_errors, "quarantined": s.quarantined,
            "spool_files": len(consumer.spool.files()),
        })
