"""The base of a module's settings: one row of parameters for the whole installation."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models

from yingji.core.scope import CityWideReference, ScopedManager

SINGLETON_PK = 1


class SingletonSettings(CityWideReference, models.Model):
    """One row of a module's parameters (always primary key 1).

    Reading never writes: ``current()`` returns the saved row or, before anyone has
    saved one, an unsaved row holding the field defaults (the national defaults of
    regulations.md). The row is created by the module's data migration or on its first
    save through ``yingji.core.services.settings.save_settings``. Everyone with the
    permission reads the settings; only city-wide staff change them.
    """

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> Self:
        found = cls._default_manager.filter(pk=SINGLETON_PK).first()
        return found if found is not None else cls(pk=SINGLETON_PK)
