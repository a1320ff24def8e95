"""Page forms of the training module."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import RegionChoiceField, ScopedModelForm
from yingji.core.models import User
from yingji.core.scope import scope_of
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
                  "new_worker_hours_high_risk", "flag_hazards", "informant_retrain_months",
                  "team_hours_target", "pass_score"]


def _account_label(user: Any) -> str:
    return f"{user.real_name or user.username}（{user.username}）"


class InformantForm(ScopedModelForm):
    """The roster entry with the person's name, phone and village, which are kept on
    the warnings directory entry (one record), and the optional login account."""

    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20)
    account = forms.ModelChoiceField(label="登录账号", queryset=User.objects.none(), required=False,
                                     help_text="报送灾情所用的灾害信息员账号；预警和叫应发到同一账号")

    class Meta:
        model = Informant
        fields = ["duty", "joined_on", "trained_on", "training_hours", "certificate_number",
                  "certificate_valid_until", "note"]
        widgets = {"joined_on": DATE, "trained_on": DATE, "certificate_valid_until": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"] = RegionChoiceField(user=user, label="所在村（社区）")
        account = self.fields["account"]
        assert isinstance(account, forms.ModelChoiceField)
        account.queryset = (User.objects.within(scope_of(user))
                            .filter(groups__name="informant", is_active=True).order_by("username"))
        account.label_from_instance = _account_label  # type: ignore[method-assign,assignment]
        self.order_fields(["name", "phone", "region", "account", *self._meta.fields])  # type: ignore[misc]
        person = self.instance.person if self.instance.pk else None
        if person is not None:
            self.initial.update({"name": person.name, "phone": person.phone,
                                 "region": person.region_id, "account": person.contact_id})
        from yingji.core.forms import bootstrapify

        bootstrapify(self)


class TeamExerciseForm(ScopedModelForm):
    class Meta:
        model = TeamExercise
        fields = ["team", "kind", "subject", "held_on", "hours", "place", "organiser", "summary"]
        widgets = {"held_on": DATE}


class ExerciseRecordForm(ScopedModelForm):
    class Meta:
        model = ExerciseRecord
        fields = ["exercise", "member", "hours", "score", "rank"]
