"""Shared models of the platform (regions, organisations, users, audit, files, messages)."""

from yingji.core.models.attachments import Attachment
from yingji.core.models.audit import AuditChainHead, AuditLog
from yingji.core.models.deadlines import Deadline
from yingji.core.models.events import DomainEvent
from yingji.core.models.jobs import JobPeriod
from yingji.core.models.notifications import Delivery, Notification
from yingji.core.models.organisations import Department, DepartmentKind, Industry
from yingji.core.models.regions import Region, RegionLevel
from yingji.core.models.tokens import ApiToken
from yingji.core.models.users import PasswordHistory, User

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditChainHead",
    "AuditLog",
    "Deadline",
    "Delivery",
    "Department",
    "DepartmentKind",
    "DomainEvent",
    "Industry",
    "JobPeriod",
    "Notification",
    "PasswordHistory",
    "Region",
    "RegionLevel",
    "User",
]
