"""API URLs of the training module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.training.api import viewsets

router = SimpleRouter()
router.register("training/people", viewsets.CertifiedPersonViewSet, basename="certifiedperson")
router.register("training/certificates", viewsets.CertificateViewSet, basename="certificate")
router.register("training/courses", viewsets.CourseViewSet, basename="course")
router.register("training/sessions", viewsets.TrainingSessionViewSet, basename="trainingsession")
router.register("training/attendance", viewsets.AttendanceViewSet, basename="attendance")
router.register("training/new-workers", viewsets.NewWorkerTrainingViewSet,
                basename="newworkertraining")
router.register("training/informants", viewsets.InformantViewSet, basename="informant")
router.register("training/team-exercises", viewsets.TeamExerciseViewSet, basename="teamexercise")
router.register("training/team-records", viewsets.ExerciseRecordViewSet, basename="exerciserecord")
router.register("training/requirements", viewsets.RequirementViewSet, basename="requirement")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
