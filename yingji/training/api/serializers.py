"""Serializers of the training module (the writes go through the services)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.core.models import Region, User
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


class InformantSerializer(ModelSerializer):
    """An informant: name, phone and region are the warnings directory entry's (written
    through to it); ``account`` links the login the disaster reports are filed with."""

    name = serializers.CharField(max_length=40, source="person.name")
    phone = serializers.CharField(max_length=20, source="person.phone", write_only=True)
    masked_phone = serializers.CharField(source="person.masked_phone", read_only=True)
    region = serializers.PrimaryKeyRelatedField(source="person.region",
                                                queryset=Region.objects.all())
    account = serializers.PrimaryKeyRelatedField(source="person.contact", required=False,
                                                 allow_null=True, queryset=User.objects.all())
    directory_entry = serializers.IntegerField(source="person_id", read_only=True)
    problems = serializers.SerializerMethodField(help_text="培训、持证方面的欠缺")

    class Meta:
        model = Informant
        fields = ["id", "directory_entry", "name", "phone", "masked_phone", "region", "account",
                  "duty", "joined_on", "trained_on", "training_hours", "certificate_number",
                  "certificate_valid_until", "note", "problems"]

    def get_problems(self, obj: Informant) -> list[str]:
        from yingji.training.services.informants import problems

        return problems(obj)

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        person = values.pop("person", {})
        if "contact" in person:
            person["account"] = person.pop("contact")
        values.update(person)
        return values


class TeamExerciseSerializer(ModelSerializer):
    class Meta:
        model = TeamExercise
        fields = ["id", "team", "kind", "subject", "held_on", "hours", "place", "organiser",
                  "summary", "created_at"]
        read_only_fields = ["created_at"]


class ExerciseRecordSerializer(ModelSerializer):
    grade = serializers.SerializerMethodField(help_text="优秀 / 良好 / 合格 / 不合格；无成绩时为空")

    class Meta:
        model = ExerciseRecord
        fields = ["id", "exercise", "member", "hours", "score", "rank", "grade"]

    def get_grade(self, obj: ExerciseRecord) -> str:
        from yingji.training import rules
        from yingji.training.models import TrainingSettings

        score = float(obj.score) if obj.score is not None else None
        return rules.assessment_grade(score, TrainingSettings.current().pass_score)
