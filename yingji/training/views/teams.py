"""Pages of the rescue teams' training (日常训练、比武): sessions with each member's hours
and assessment, and the year's hours per member by team."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.actions import ObjectActionView
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
)
from yingji.resources.models import RescueTeam
from yingji.training import rules
from yingji.training.filtersets import TeamExerciseFilterSet
from yingji.training.forms import ExerciseRecordForm, TeamExerciseForm
from yingji.training.models import ExerciseRecord, TeamExercise, TrainingSettings
from yingji.training.services import teams


class TeamExerciseListView(ObjectListView):
    """队伍训练与比武."""

    model = TeamExercise
    filterset_class = TeamExerciseFilterSet
    select_related = ("team",)
    columns = (
        Column("held_on", "训练日期", link_to_detail=True, sortable=True),
        Column("team", "救援队伍", accessor="team.name", sortable=True),
        Column("kind", "训练类型", accessor="get_kind_display", sortable=True),
        Column("subject", "训练科目"),
        Column("hours", "学时", sortable=True),
        Column("place", "训练地点"),
    )

    def ordering_fields(self) -> dict[str, str]:
        return {"held_on": "held_on", "team": "team__name", "kind": "kind", "hours": "hours"}


class TeamExerciseDetailView(ObjectDetailView):
    """The session with each member's hours, score and grade."""

    model = TeamExercise
    select_related = ("team",)
    extra_template = "training/exercise_panel.html"
    fields = ("team", "kind", "subject", "held_on", "hours", "place", "organiser", "summary")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        pass_score = TrainingSettings.current().pass_score
        rows = [(r, rules.assessment_grade(float(r.score) if r.score is not None else None, pass_score))
                for r in ExerciseRecord.objects.restrict(self.request.user, "view").filter(exercise=obj)]
        user = self.request.user
        context.update({"records": rows, "can_add_record": may(user, ExerciseRecord, "add"),
                        "can_change_record": may(user, ExerciseRecord, "change"),
                        "listed": len(rules.parse_members(obj.team.members))})
        return context


class TeamExerciseEditView(ObjectEditView):
    model = TeamExercise
    form_class = TeamExerciseForm
    create_service = teams.create_exercise
    update_service = teams.update_exercise


class TeamExerciseDeleteView(ObjectDeleteView):
    model = TeamExercise


class RecordAllMembersView(ObjectActionView):
    """登记全队参训: a record for every listed member with the session's hours."""

    model = TeamExercise
    success_message = "已登记{result}名队员参训"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return teams.record_all_members(obj, actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("teamexercise_detail", args=[self.kwargs["pk"]])


class ExerciseRecordEditView(ChildEditView):
    model = ExerciseRecord
    form_class = ExerciseRecordForm
    parent_field = "exercise"
    create_service = teams.record_member
    update_service = teams.update_record


class ExerciseRecordDeleteView(ChildDeleteView):
    model = ExerciseRecord
    parent_field = "exercise"


class TeamHoursView(TemplatePageView):
    """队员训练学时: per team the year's sessions, hours per member against the target,
    the members below it and the average score."""

    model = TeamExercise
    title = "队员训练学时"
    template_name = "training/team_hours.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        scoped = RescueTeam.objects.restrict(self.request.user, "view")
        rows = teams.team_hours(scoped, year)
        page = Paginator(rows, 30).get_page(self.request.GET.get("gpage"))
        return {"year": year, "years": list(range(today.year, today.year - 4, -1)), "gaps": page,
                "target": TrainingSettings.current().team_hours_target}
