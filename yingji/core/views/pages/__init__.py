"""Pages of the shared models, one module per topic: 行政区划, 组织机构, 用户, 审计日志,
站内消息. Each page is a configured generic view (``yingji.core.views.generic``); only
what is special about a model is written here."""

from yingji.core.views.pages.auditlog import AuditLogDetailView, AuditLogListView, audit_diff
from yingji.core.views.pages.common import RegionFilterWidgetMixin
from yingji.core.views.pages.departments import (
    DepartmentDeleteView,
    DepartmentDetailView,
    DepartmentEditView,
    DepartmentListView,
)
from yingji.core.views.pages.notifications import (
    NotificationBadgeView,
    NotificationDetailView,
    NotificationListView,
    NotificationReadAllView,
    NotificationReadView,
)
from yingji.core.views.pages.regions import (
    RegionAutocompleteView,
    RegionDetailView,
    RegionListView,
)
from yingji.core.views.pages.users import UserDetailView, UserEditView, UserListView

__all__ = [
    "AuditLogDetailView", "AuditLogListView", "DepartmentDeleteView", "DepartmentDetailView",
    "DepartmentEditView", "DepartmentListView", "NotificationBadgeView", "NotificationDetailView",
    "NotificationListView", "NotificationReadAllView", "NotificationReadView",
    "RegionAutocompleteView", "RegionDetailView", "RegionFilterWidgetMixin", "RegionListView",
    "UserDetailView", "UserEditView", "UserListView", "audit_diff",
]
