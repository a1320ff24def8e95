"""Models of the warnings app."""

from yingji.warnings.models.bulletins import (
    Bulletin,
    BulletinSource,
    BulletinVersion,
    Level,
    VersionAction,
)
from yingji.warnings.models.directory import DutyRole, ResponsiblePerson, Tier
from yingji.warnings.models.reference import CapCategory, SignalCriterion, WarningType

__all__ = ["Bulletin", "BulletinSource", "BulletinVersion", "CapCategory", "DutyRole", "Level",
           "ResponsiblePerson", "SignalCriterion", "Tier", "VersionAction", "WarningType"]
