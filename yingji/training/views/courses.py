"""Pages of courses, sessions with their attendance, and new workers' 三级安全教育."""

from __future__ import annotations

from typing import Any

from yingji.core.scope import may
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.training import rules
from yingji.training.filtersets import (
    CourseFilterSet,
    NewWorkerTrainingFilterSet,
    TrainingSessionFilterSet,
)
from yingji.training.forms import (
    AttendanceForm,
    CourseForm,
    NewWorkerTrainingForm,
    TrainingSessionForm,
)
from yingji.training.models import (
    Attendance,
    Course,
    NewWorkerTraining,
    TrainingSession,
    TrainingSettings,
)
from yingji.training.services import courses


class CourseListView(ObjectListView):
    """培训课程."""

    model = Course
    filterset_class = CourseFilterSet
    select_related = ("region",)
    columns = (
        Column("title", "课程名称", link_to_detail=True, sortable=True),
        Column("post", "培训对象", accessor=lambda c: c.get_post_display() or "全体从业人员"),
        Column("mode", "培训方式", accessor="get_mode_display"),
        Column("hours", "学时", sortable=True),
        Column("organiser", "组织单位"),
        Column("region", "所属区划", accessor="region.name"),
    )


class CourseDetailView(ObjectDetailView):
    model = Course
    select_related = ("region",)
    extra_template = "training/course_panel.html"
    fields = (Column("post", "培训对象", accessor=lambda c: c.get_post_display() or "全体从业人员"),
              "mode", "hours", "organiser", "region", "summary")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["sessions"] = list(TrainingSession.objects.restrict(self.request.user, "view")
                                   .filter(course=obj))
        context["can_add_session"] = may(self.request.user, TrainingSession, "add")
        return context


class CourseEditView(ObjectEditView):
    model = Course
    form_class = CourseForm


class CourseDeleteView(ObjectDeleteView):
    model = Course


class TrainingSessionListView(ObjectListView):
    """培训班次."""

    model = TrainingSession
    filterset_class = TrainingSessionFilterSet
    select_related = ("course", "region")
    columns = (
        Column("title", "班次名称", link_to_detail=True, sortable=True),
        Column("course", "课程", accessor="course.title"),
        Column("starts_on", "开始日期", sortable=True),
        Column("ends_on", "结束日期"),
        Column("mode", "培训方式", accessor="get_mode_display"),
        Column("place", "培训地点/平台"),
        Column("hours", "学时"),
    )


class TrainingSessionDetailView(ObjectDetailView):
    """The session with its attendance and exam results."""

    model = TrainingSession
    select_related = ("course", "region")
    extra_template = "training/session_panel.html"
    fields = ("course", "starts_on", "ends_on", "mode", "place", "hours", "region")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        rows = list(Attendance.objects.restrict(self.request.user, "view").filter(session=obj)
                    .select_related("person", "person__enterprise"))
        context.update({"attendances": rows,
                        "passed": sum(1 for r in rows if r.passed),
                        "can_add_attendance": may(self.request.user, Attendance, "add"),
                        "can_change_attendance": may(self.request.user, Attendance, "change")})
        return context


class TrainingSessionEditView(ObjectEditView):
    model = TrainingSession
    form_class = TrainingSessionForm
    create_service = courses.create_session
    update_service = courses.update_session


class TrainingSessionDeleteView(ObjectDeleteView):
    model = TrainingSession


class AttendanceEditView(ChildEditView):
    model = Attendance
    form_class = AttendanceForm
    parent_field = "session"
    create_service = courses.record_attendance
    update_service = courses.update_attendance


class AttendanceDeleteView(ChildDeleteView):
    model = Attendance
    parent_field = "session"


def _new_worker_problems(row: NewWorkerTraining) -> str:
    settings = TrainingSettings.current()
    problems = rules.new_worker_problems(row.enterprise.industry, row.levels,
                                         settings.new_worker_hours,
                                         settings.new_worker_hours_high_risk)
    if not row.exam_passed:
        problems.append("未考核合格")
    return "；".join(problems) or "符合要求"


class NewWorkerTrainingListView(ObjectListView):
    """三级安全教育: new workers with their hours by level and what is missing."""

    model = NewWorkerTraining
    filterset_class = NewWorkerTrainingFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("worker_name", "姓名", link_to_detail=True, sortable=True),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("job", "岗位/工种"),
        Column("hired_on", "入职日期", sortable=True),
        Column("company_hours", "厂（公司）级"),
        Column("workshop_hours", "车间（工段）级"),
        Column("team_hours", "班组级"),
        Column("total", "合计学时", accessor=lambda r: f"{r.total_hours:g}"),
        Column("check", "核查结果", accessor=_new_worker_problems,
               badge=lambda r: "green" if _new_worker_problems(r) == "符合要求" else "red"),
    )


class NewWorkerTrainingDetailView(ObjectDetailView):
    model = NewWorkerTraining
    select_related = ("enterprise",)
    fields = ("enterprise", "job", "hired_on", "company_hours", "workshop_hours", "team_hours",
              Column("total", "合计学时", accessor=lambda r: f"{r.total_hours:g}"),
              "exam_passed", "completed_on",
              Column("check", "核查结果", accessor=_new_worker_problems))


class NewWorkerTrainingEditView(ObjectEditView):
    model = NewWorkerTraining
    form_class = NewWorkerTrainingForm
    create_service = courses.create_new_worker
    update_service = courses.update_new_worker


class NewWorkerTrainingDeleteView(ObjectDeleteView):
    model = NewWorkerTraining
