"""Signal handlers of the core app."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def _sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate fires once per app; the last app's run sees every permission.
    from yingji.core.roles import sync_roles

    sync_roles()
