"""Page URLs of the training module."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.training.views import courses, informants, pages, people

urlpatterns: list[URLPattern | URLResolver] = [
    *crud("training/people", "certifiedperson", people.CertifiedPersonListView,
          people.CertifiedPersonDetailView, people.CertifiedPersonEditView,
          people.CertifiedPersonDeleteView),
    path("training/people/<int:pk>/flag/", people.FlagUncertifiedView.as_view(),
         name="certifiedperson_flag"),
    path("training/certificates/import/", people.RollImportView.as_view(), name="certificate_import"),
    path("training/certificates/import/template.xlsx", people.RollTemplateView.as_view(),
         name="certificate_import_template"),
    *crud("training/certificates", "certificate", people.CertificateListView, None,
          people.CertificateEditView, people.CertificateDeleteView),
    *crud("training/courses", "course", courses.CourseListView, courses.CourseDetailView,
          courses.CourseEditView, courses.CourseDeleteView),
    *crud("training/sessions", "trainingsession", courses.TrainingSessionListView,
          courses.TrainingSessionDetailView, courses.TrainingSessionEditView,
          courses.TrainingSessionDeleteView),
    path("training/attendance/add/", courses.AttendanceEditView.as_view(), name="attendance_add"),
    path("training/attendance/<int:pk>/edit/", courses.AttendanceEditView.as_view(),
         name="attendance_edit"),
    path("training/attendance/<int:pk>/delete/", courses.AttendanceDeleteView.as_view(),
         name="attendance_delete"),
    *crud("training/new-workers", "newworkertraining", courses.NewWorkerTrainingListView,
          courses.NewWorkerTrainingDetailView, courses.NewWorkerTrainingEditView,
          courses.NewWorkerTrainingDeleteView),
    *crud("training/requirements", "requirement", pages.RequirementListView, None,
          pages.RequirementEditView, pages.RequirementDeleteView),
    path("training/coverage/", pages.CoverageView.as_view(), name="training_coverage"),
    *crud("training/informants", "informant", informants.InformantListView,
          informants.InformantDetailView, informants.InformantEditView,
          informants.InformantDeleteView),
    path("training/informants/coverage/", informants.InformantCoverageView.as_view(),
         name="informant_coverage"),
    path("training/settings/", pages.TrainingSettingsView.as_view(), name="trainingsettings_edit"),
]
