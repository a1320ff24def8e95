"""Page URLs of the public reporting module: the public portal (no account) and the
staff's pages."""

from django.urls import URLPattern, URLResolver, path

from yingji.tipoffs.views import public, rewards, stats, tipoffs

urlpatterns: list[URLPattern | URLResolver] = [
    path("public/tipoffs/", public.report, name="tipoff_public"),
    path("public/tipoffs/progress/", public.progress, name="tipoff_progress"),
    path("public/tipoffs/enterprises.json", public.enterprises, name="tipoff_enterprises"),
    path("public/tipoffs/outcomes/", public.outcomes, name="tipoff_outcomes"),
    path("tipoffs/", tipoffs.TipoffListView.as_view(), name="tipoff_list"),
    path("tipoffs/add/", tipoffs.TipoffEntryView.as_view(), name="tipoff_add"),
    path("tipoffs/<int:pk>/", tipoffs.TipoffDetailView.as_view(), name="tipoff_detail"),
    path("tipoffs/<int:pk>/step/", tipoffs.TipoffStepView.as_view(), name="tipoff_step"),
    path("tipoffs/rewards/", rewards.TipoffRewardListView.as_view(), name="tipoffreward_list"),
    path("tipoffs/rewards/<int:pk>/", rewards.TipoffRewardDetailView.as_view(),
         name="tipoffreward_detail"),
    path("tipoffs/rewards/<int:pk>/step/", rewards.TipoffRewardStepView.as_view(),
         name="tipoffreward_step"),
    path("tipoffs/stats/", stats.TipoffStatsView.as_view(), name="tipoff_stats"),
    path("tipoffs/settings/", rewards.TipoffSettingsView.as_view(), name="tipoffsettings_edit"),
]
