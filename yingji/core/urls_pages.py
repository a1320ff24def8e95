"""URLs of the shared models' pages (included from ``yingji.ui.urls``).

Generic pages follow the name convention ``<model>_<action>`` (list, detail, add,
edit, delete) that ``yingji.core.views.generic.object_url`` relies on.
"""

from django.urls import path

from yingji.core.views import pages

urlpatterns = [
    path("regions/", pages.RegionListView.as_view(), name="region_list"),
    path("regions/autocomplete/", pages.RegionAutocompleteView.as_view(),
         name="region_autocomplete"),
    path("regions/<str:pk>/", pages.RegionDetailView.as_view(), name="region_detail"),
    path("departments/", pages.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", pages.DepartmentEditView.as_view(), name="department_add"),
    path("departments/<int:pk>/", pages.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", pages.DepartmentEditView.as_view(), name="department_edit"),
    path("departments/<int:pk>/delete/", pages.DepartmentDeleteView.as_view(),
         name="department_delete"),
    path("users/", pages.UserListView.as_view(), name="user_list"),
    path("users/add/", pages.UserEditView.as_view(), name="user_add"),
    path("users/<int:pk>/", pages.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", pages.UserEditView.as_view(), name="user_edit"),
    path("audit/", pages.AuditLogListView.as_view(), name="auditlog_list"),
    path("audit/<int:pk>/", pages.AuditLogDetailView.as_view(), name="auditlog_detail"),
    path("notifications/", pages.NotificationListView.as_view(), name="notification_list"),
    path("notifications/badge/", pages.NotificationBadgeView.as_view(), name="notification_badge"),
    path("notifications/read-all/", pages.NotificationReadAllView.as_view(),
         name="notification_read_all"),
    path("notifications/<int:pk>/", pages.NotificationDetailView.as_view(),
         name="notification_detail"),
    path("notifications/<int:pk>/read/", pages.NotificationReadView.as_view(),
         name="notification_read"),
]
