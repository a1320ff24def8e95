"""Page URLs of the disasters module."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.disasters.views import checks, events, relief, reports, support

urlpatterns: list[URLPattern | URLResolver] = [
    *crud(
        "disasters/events",
        "disasterevent",
        events.EventListView,
        events.EventDetailView,
        events.EventEditView,
        None,
    ),
    path("disasters/events/<int:pk>/step/", events.EventStepView.as_view(), name="disasterevent_step"),
    path(
        "disasters/events/<int:pk>/response/",
        events.EventResponseView.as_view(),
        name="disasterevent_response",
    ),
    path(
        "disasters/events/<int:pk>/brief.docx",
        events.EventFileView.as_view(kind="brief"),
        name="disasterevent_brief",
    ),
    path(
        "disasters/events/<int:pk>/statistics.xlsx",
        events.EventFileView.as_view(kind="tables"),
        name="disasterevent_tables",
    ),
    path("disasters/events/<int:pk>/map.geojson", events.event_geojson, name="disasterevent_geojson"),
    path("disasters/board/", events.BoardView.as_view(), name="disaster_board"),
    path("disasters/report/", reports.ReportFormView.as_view(), name="disaster_report_form"),
    path("disasters/reports/", reports.ReportListView.as_view(), name="disasterreport_list"),
    path("disasters/reports/<int:pk>/", reports.ReportDetailView.as_view(), name="disasterreport_detail"),
    path("disasters/reports/<int:pk>/step/", reports.ReportStepView.as_view(), name="disasterreport_step"),
    path(
        "disasters/reports/<int:pk>/resubmit/",
        reports.FiguresPageView.as_view(),
        name="disasterreport_resubmit",
    ),
    path(
        "disasters/reports/<int:pk>/correct/",
        reports.FiguresPageView.as_view(correct=True),
        name="disasterreport_correct",
    ),
    *crud(
        "disasters/casualties",
        "casualtyrecord",
        reports.CasualtyListView,
        reports.CasualtyDetailView,
        reports.CasualtyEditView,
        None,
    ),
    *crud(
        "disasters/houses",
        "damagedhouse",
        reports.HouseListView,
        reports.HouseDetailView,
        reports.HouseEditView,
        None,
    ),
    *crud(
        "disasters/relief",
        "reliefcase",
        relief.ReliefListView,
        relief.ReliefDetailView,
        relief.ReliefEditView,
        None,
    ),
    path("disasters/relief/<int:pk>/step/", relief.ReliefStepView.as_view(), name="reliefcase_step"),
    path("disasters/relief/<int:pk>/money/", relief.ReliefMoneyView.as_view(), name="reliefcase_money"),
    path("disasters/relief/<int:pk>/goods/", relief.ReliefGoodsView.as_view(), name="reliefcase_goods"),
    path("disasters/relief/<int:pk>/receipt.docx", relief.ReceiptView.as_view(), name="reliefcase_receipt"),
    path("public/relief/", relief.public_list, name="relief_public_list"),
    path("disasters/checks/", checks.CheckListView.as_view(), name="twelvehourcheck_list"),
    path("disasters/checks/<int:pk>/", checks.CheckDetailView.as_view(), name="twelvehourcheck_detail"),
    path(
        "disasters/checks/<int:pk>/confirm/",
        checks.CheckConfirmView.as_view(),
        name="twelvehourcheck_confirm",
    ),
    *crud(
        "disasters/thresholds",
        "responsethreshold",
        checks.ThresholdListView,
        checks.ThresholdDetailView,
        checks.ThresholdEditView,
        None,
    ),
    *crud(
        "disasters/winter-spring",
        "winterspringplan",
        support.PlanListView,
        support.PlanDetailView,
        support.PlanEditView,
        None,
    ),
    path(
        "disasters/winter-spring/<int:pk>/funds/",
        support.PlanFundsView.as_view(),
        name="winterspringplan_funds",
    ),
    *crud(
        "disasters/donations",
        "donation",
        support.DonationListView,
        support.DonationDetailView,
        support.DonationEditView,
        None,
    ),
    path("disasters/donations/<int:pk>/use/", support.DonationUseView.as_view(), name="donation_use"),
    path("disasters/settings/", checks.SettingsView.as_view(), name="disastersettings_edit"),
]
