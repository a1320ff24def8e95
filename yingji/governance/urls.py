"""Page URLs of the governance module."""

from django.urls import URLPattern, URLResolver, path

from yingji.governance.views import items, kpis, plans

urlpatterns: list[URLPattern | URLResolver] = [
    path("governance/plans/", plans.WorkPlanListView.as_view(), name="workplan_list"),
    path("governance/plans/import/", plans.WorkPlanImportView.as_view(), name="workplan_import"),
    path("governance/plans/<int:pk>/", plans.WorkPlanDetailView.as_view(), name="workplan_detail"),
    path("governance/plans/<int:pk>/edit/", plans.WorkPlanEditView.as_view(), name="workplan_edit"),
    path("governance/plans/<int:pk>/delete/", plans.WorkPlanDeleteView.as_view(),
         name="workplan_delete"),
    path("governance/plans/<int:pk>/board/", plans.PlanBoardView.as_view(), name="workplan_board"),
    path("governance/items/", items.WorkItemListView.as_view(), name="workitem_list"),
    path("governance/items/<int:pk>/", items.WorkItemDetailView.as_view(), name="workitem_detail"),
    path("governance/items/<int:pk>/edit/", items.WorkItemEditView.as_view(), name="workitem_edit"),
    path("governance/items/<int:pk>/step/", items.WorkItemStepView.as_view(), name="workitem_step"),
    path("governance/nodes/", items.NodeListView.as_view(), name="node_list"),
    path("governance/nodes/add/", items.NodeEditView.as_view(), name="node_add"),
    path("governance/nodes/<int:pk>/", items.NodeDetailView.as_view(), name="node_detail"),
    path("governance/nodes/<int:pk>/edit/", items.NodeEditView.as_view(), name="node_edit"),
    path("governance/nodes/<int:pk>/delete/", items.NodeDeleteView.as_view(), name="node_delete"),
    path("governance/nodes/<int:pk>/step/", items.NodeStepView.as_view(), name="node_step"),
    path("governance/supervisions/", items.SupervisionListView.as_view(), name="supervision_list"),
    path("governance/supervisions/<int:pk>/", items.SupervisionDetailView.as_view(),
         name="supervision_detail"),
    path("governance/supervisions/<int:pk>/notice.docx", items.SupervisionNoticeView.as_view(),
         name="supervision_notice"),
    path("governance/kpis/", kpis.IndicatorListView.as_view(), name="indicator_list"),
    path("governance/kpis/add/", kpis.IndicatorEditView.as_view(), name="indicator_add"),
    path("governance/kpis/<int:pk>/", kpis.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("governance/kpis/<int:pk>/edit/", kpis.IndicatorEditView.as_view(), name="indicator_edit"),
    path("governance/kpis/<int:pk>/step/", kpis.IndicatorStepView.as_view(), name="indicator_step"),
    path("governance/targets/", kpis.IndicatorTargetListView.as_view(), name="indicatortarget_list"),
    path("governance/targets/add/", kpis.IndicatorTargetEditView.as_view(), name="indicatortarget_add"),
    path("governance/targets/<int:pk>/", kpis.IndicatorTargetDetailView.as_view(),
         name="indicatortarget_detail"),
    path("governance/targets/<int:pk>/edit/", kpis.IndicatorTargetEditView.as_view(),
         name="indicatortarget_edit"),
    path("governance/entries/", kpis.IndicatorEntryListView.as_view(), name="indicatorentry_list"),
    path("governance/entries/<int:pk>/", kpis.IndicatorEntryDetailView.as_view(),
         name="indicatorentry_detail"),
]
