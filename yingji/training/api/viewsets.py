"""API of the training module: the roll (people, certificates), courses, sessions,
attendance and 三级安全教育 in the caller's scope, written through the services (field
errors answered per field, in Chinese); the requirement table read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ScopedReadOnlyViewSet, ServiceViewSet
from yingji.training.api.serializers import (
    AttendanceSerializer,
    CertificateSerializer,
    CertifiedPersonSerializer,
    CourseSerializer,
    ExerciseRecordSerializer,
    InformantSerializer,
    NewWorkerTrainingSerializer,
    RequirementSerializer,
    TeamExerciseSerializer,
    TrainingSessionSerializer,
)
from yingji.training.filtersets import (
    AttendanceFilterSet,
    CertificateFilterSet,
    CertifiedPersonFilterSet,
    CourseFilterSet,
    ExerciseRecordFilterSet,
    InformantFilterSet,
    NewWorkerTrainingFilterSet,
    RequirementFilterSet,
    TeamExerciseFilterSet,
    TrainingSessionFilterSet,
)
from yingji.training.models import (
    Attendance,
    Certificate,
    CertifiedPerson,
    Course,
    ExerciseRecord,
    Informant,
    NewWorkerTraining,
    Requirement,
    TeamExercise,
    TrainingSession,
)
from yingji.training.services import courses, informants, people, teams

TAG = ["培训与持证"]


@extend_schema(tags=TAG)
class CertifiedPersonViewSet(ServiceViewSet):
    queryset = CertifiedPerson.objects.none()
    serializer_class = CertifiedPersonSerializer
    filterset_class = CertifiedPersonFilterSet
    select_related = ("enterprise",)
    ordering_fields = ["name", "post", "id"]
    ordering = ["enterprise", "post", "id"]
    create_service = people.create_person
    update_service = people.update_person
    delete_service = people.delete_person


@extend_schema(tags=TAG)
class CertificateViewSet(ServiceViewSet):
    queryset = Certificate.objects.none()
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["valid_until", "review_due_on", "id"]
    ordering = ["valid_until", "id"]
    create_service = people.create_certificate
    update_service = people.update_certificate
    delete_service = people.delete_certificate


@extend_schema(tags=TAG)
class CourseViewSet(ServiceViewSet):
    queryset = Course.objects.none()
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["title", "id"]
    ordering = ["-id"]


@extend_schema(tags=TAG)
class TrainingSessionViewSet(ServiceViewSet):
    queryset = TrainingSession.objects.none()
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    ordering_fields = ["starts_on", "id"]
    ordering = ["-starts_on", "id"]
    create_service = courses.create_session
    update_service = courses.update_session


@extend_schema(tags=TAG)
class AttendanceViewSet(ServiceViewSet):
    queryset = Attendance.objects.none()
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilterSet
    ordering_fields = ["id"]
    ordering = ["session", "id"]
    create_service = courses.record_attendance
    update_service = courses.update_attendance


@extend_schema(tags=TAG)
class NewWorkerTrainingViewSet(ServiceViewSet):
    queryset = NewWorkerTraining.objects.none()
    serializer_class = NewWorkerTrainingSerializer
    filterset_class = NewWorkerTrainingFilterSet
    ordering_fields = ["hired_on", "id"]
    ordering = ["-hired_on", "id"]
    create_service = courses.create_new_worker
    update_service = courses.update_new_worker


@extend_schema(tags=TAG)
class RequirementViewSet(ScopedReadOnlyViewSet):
    queryset = Requirement.objects.none()
    serializer_class = RequirementSerializer
    filterset_class = RequirementFilterSet
    ordering_fields = ["industry", "post", "id"]
    ordering = ["industry", "post"]


@extend_schema(tags=TAG)
class InformantViewSet(ServiceViewSet):
    """灾害信息员: the roster on the warnings directory (one record per person)."""

    queryset = Informant.objects.none()
    serializer_class = InformantSerializer
    filterset_class = InformantFilterSet
    select_related = ("person", "person__region")
    ordering_fields = ["trained_on", "certificate_valid_until", "id"]
    ordering = ["person__region_id", "duty", "id"]
    create_service = informants.create_informant
    update_service = informants.update_informant
    delete_service = informants.delete_informant


@extend_schema(tags=TAG)
class TeamExerciseViewSet(ServiceViewSet):
    """队伍训练与比武 on the resources module's teams."""

    queryset = TeamExercise.objects.none()
    serializer_class = TeamExerciseSerializer
    filterset_class = TeamExerciseFilterSet
    select_related = ("team",)
    ordering_fields = ["held_on", "hours", "id"]
    ordering = ["-held_on", "id"]
    create_service = teams.create_exercise
    update_service = teams.update_exercise


@extend_schema(tags=TAG)
class ExerciseRecordViewSet(ServiceViewSet):
    """A member's hours and assessment in a session."""

    queryset = ExerciseRecord.objects.none()
    serializer_class = ExerciseRecordSerializer
    filterset_class = ExerciseRecordFilterSet
    select_related = ("exercise", "exercise__team")
    ordering_fields = ["member", "score", "id"]
    ordering = ["exercise", "member", "id"]
    create_service = teams.record_member
    update_service = teams.update_record
