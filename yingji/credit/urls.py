"""Page URLs of the credit module."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.credit.views import commitments, listing, public, records

urlpatterns: list[URLPattern | URLResolver] = [
    *crud("credit/records", "creditevent", records.CreditEventListView,
          records.CreditEventDetailView, records.CreditEventEditView, records.CreditEventDeleteView),
    path("credit/list/", listing.DishonestyEntryListView.as_view(), name="dishonestyentry_list"),
    path("credit/list/add/", listing.DishonestyEntryEditView.as_view(), name="dishonestyentry_add"),
    path("credit/list/<int:pk>/", listing.DishonestyEntryDetailView.as_view(),
         name="dishonestyentry_detail"),
    path("credit/list/<int:pk>/step/", listing.DishonestyEntryStepView.as_view(),
         name="dishonestyentry_step"),
    path("credit/list/<int:pk>/publish/", listing.DishonestyEntryPublishView.as_view(),
         name="dishonestyentry_publish"),
    path("credit/list/<int:pk>/decision.docx", listing.DecisionDocumentView.as_view(),
         name="dishonestyentry_decision"),
    path("credit/list/platform.xlsx", listing.PlatformExportView.as_view(),
         name="credit_platform_export"),
    path("credit/repairs/", listing.RemovalApplicationListView.as_view(),
         name="removalapplication_list"),
    path("credit/repairs/add/", listing.RemovalApplicationEditView.as_view(),
         name="removalapplication_add"),
    path("credit/repairs/<int:pk>/", listing.RemovalApplicationDetailView.as_view(),
         name="removalapplication_detail"),
    path("credit/repairs/<int:pk>/step/", listing.RemovalApplicationStepView.as_view(),
         name="removalapplication_step"),
    *crud("credit/grounds", "listingground", listing.ListingGroundListView, None,
          listing.ListingGroundEditView, listing.ListingGroundDeleteView),
    path("credit/settings/", listing.CreditSettingsView.as_view(), name="creditsettings_edit"),
    path("credit/commitments/", commitments.SafetyCommitmentListView.as_view(),
         name="safetycommitment_list"),
    path("credit/commitments/sign/", commitments.SafetyCommitmentEditView.as_view(),
         name="safetycommitment_add"),
    *crud("credit/commitment-plans", "commitmentplan", commitments.CommitmentPlanListView, None,
          commitments.CommitmentPlanEditView, commitments.CommitmentPlanDeleteView),
    path("credit/commitment-plans/high-risk/", commitments.PlanHighRiskView.as_view(),
         name="commitmentplan_high_risk"),
    path("public/credit/dishonesty/", public.public_list, name="credit_public_list"),
]
