"""Generic page views: a module's list, detail, edit, delete and action pages are
configuration. The pieces live by topic (``base``, ``lists``, ``details``, ``edits``,
``actions``); this module hands them on under one name.

Every view requires a signed-in user (redirect to the login page otherwise) and the
model permission for its action (403 otherwise). Every queryset starts from
``Model.objects.restrict(user, action)``, so an object outside the user's data scope
is a 404 exactly like a missing one. Writes go through services; a view never saves.
"""

from yingji.core.views.actions import ObjectActionView, form_error_text, refusal_text
from yingji.core.views.base import (
    Cell,
    Column,
    Header,
    PageView,
    Row,
    TemplatePageView,
    display,
    object_url,
    query_url,
    resolve,
    restricted,
    route_name,
)
from yingji.core.views.details import (
    FieldRow,
    ObjectDetailView,
    UploadTarget,
    attachment_upload_url,
    attachments_of,
)
from yingji.core.views.edits import (
    ChildDeleteView,
    ChildEditView,
    ObjectDeleteView,
    ObjectEditView,
    SettingsEditView,
)
from yingji.core.views.lists import ObjectListView, describe_filters

__all__ = [
    "Cell",
    "ChildDeleteView",
    "ChildEditView",
    "Column",
    "FieldRow",
    "Header",
    "ObjectActionView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectListView",
    "PageView",
    "Row",
    "SettingsEditView",
    "TemplatePageView",
    "UploadTarget",
    "attachment_upload_url",
    "attachments_of",
    "describe_filters",
    "display",
    "form_error_text",
    "object_url",
    "query_url",
    "refusal_text",
    "resolve",
    "restricted",
    "route_name",
]
