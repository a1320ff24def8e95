"""Serializers of the training module (the writes go through the services)."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.training.models import (
    Attendance,
    Certificate,
    CertifiedPerson,
    Course,
    NewWorkerTraining,
    Requirement,
    TrainingSession,
)


class CertifiedPersonSerializer(ModelSerializer):
    class Meta:
        model = CertifiedPerson
        fields = ["id", "enterprise", "name", "id_number", "post", "work_type", "job_title",
                  "on_duty", "required_kind", "hazard", "created_at"]
        read_only_fields = ["required_kind", "hazard", "created_at"]


class CertificateSerializer(ModelSerializer):
    status = serializers.SerializerMethodField(
        help_text="valid 有效 / expiring 即将到期 / review_due 待复审 / review_overdue 逾期未复审 / "
                  "expired 已过期")

    class Meta:
        model = Certificate
        fields = ["id", "person", "kind", "work_type", "number", "issuer", "issued_on",
                  "valid_until", "last_reviewed_on", "review_due_on", "status"]
        read_only_fields = ["review_due_on", "status"]

    def get_status(self, obj: Certificate) -> str:
        from django.utils import timezone

        from yingji.training.models import TrainingSettings

        return obj.status(timezone.localdate(), TrainingSettings.current().remind_days)


class CourseSerializer(ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "title", "post", "mode", "hours", "organiser", "region", "summary"]


class TrainingSessionSerializer(ModelSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "course", "title", "starts_on", "ends_on", "mode", "place", "hours", "region"]


class AttendanceSerializer(ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "session", "person", "hours", "exam_score", "passed"]


class NewWorkerTrainingSerializer(ModelSerializer):
    class Meta:
        model = NewWorkerTraining
        fields = ["id", "enterprise", "worker_name", "job", "hired_on", "company_hours",
                  "workshop_hours", "team_hours", "exam_passed", "completed_on"]


class RequirementSerializer(ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "industry", "post", "kind", "source", "note"]
        read_only_fields = fields
