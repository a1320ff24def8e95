"""What an upgrade of the module does after its migrations (``post_migrate``, so every
``yingji migrate`` — ``make run``, a deployment's upgrade — runs it): retire the limits
earlier versions left open. Each step is a service and idempotent."""

from __future__ import annotations

from typing import Any

from django.db import connections

from yingji.core.actor import Actor


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from yingji.core.models import Deadline
    from yingji.disasters.models import DisasterEvent
    from yingji.disasters.services import rounds

    tables = set(connections[using].introspection.table_names())
    if not {Deadline._meta.db_table, DisasterEvent._meta.db_table} <= tables:
        return  # migrated only part of the way: nothing to retire yet
    rounds.retire_event_initial_limits(actor=Actor.system("upgrade"))
