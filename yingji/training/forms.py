"""Page forms of the training module."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm
from yingji.training.models import (
    Attendance,
    Certificate,
    CertifiedPerson,
    Course,
    NewWorkerTraining,
    Requirement,
    TrainingSession,
    TrainingSettings,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CertifiedPersonForm(ScopedModelForm):
    class Meta:
        model = CertifiedPerson
        fields = ["enterprise", "name", "id_number", "post", "work_type", "job_title", "on_duty"]


class CertificateForm(ScopedModelForm):
    class Meta:
        model = Certificate
        fields = ["person", "kind", "work_type", "number", "issuer", "issued_on", "valid_until",
                  "last_reviewed_on"]
        widgets = {"issued_on": DATE, "valid_until": DATE, "last_reviewed_on": DATE}


class CourseForm(ScopedModelForm):
    class Meta:
        model = Course
        fields = ["title", "post", "mode", "hours", "organiser", "region", "summary"]


class TrainingSessionForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = ["course", "title", "starts_on", "ends_on", "mode", "place", "hours", "region"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class AttendanceForm(ScopedModelForm):
    passed = forms.NullBooleanField(label="考试合格", required=False,
                                    widget=forms.Select(choices=[("unknown", "按成绩判定（80分合格）"),
                                                                 ("true", "合格"), ("false", "不合格")]))

    class Meta:
        model = Attendance
        fields = ["session", "person", "hours", "exam_score", "passed"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passed"].widget.attrs["class"] = "form-select"


class NewWorkerTrainingForm(ScopedModelForm):
    class Meta:
        model = NewWorkerTraining
        fields = ["enterprise", "worker_name", "job", "hired_on", "company_hours",
                  "workshop_hours", "team_hours", "exam_passed", "completed_on"]
        widgets = {"hired_on": DATE, "completed_on": DATE}


class RequirementForm(ScopedModelForm):
    class Meta:
        model = Requirement
        fields = ["industry", "post", "kind", "source", "note"]


class TrainingSettingsForm(ScopedModelForm):
    class Meta:
        model = TrainingSettings
        fields = ["special_validity_years", "special_review_years", "manager_validity_years",
                  "remind_days", "review_training_hours", "new_worker_hours",
                  "new_worker_hours_high_risk", "flag_hazards"]
