"""To-dos and the enterprise-file section of the enforcement module; each runs a fixed
number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from yingji.enforcement.models import Case, Document, Inspection, Inspector
from yingji.enforcement.workflow import ACTIVE_CASE_STATES, PENALISED_STATES
from yingji.ui.workbench import Todo


def enforcement_todos(user: Any) -> list[Todo]:
    """Per role: the inspector's cases to move on and re-checks due; the legal reviewer's
    reviews; the leader's discussions, decisions, cases whose 催告 ended unpaid and cases
    near their deadline."""
    if not user.has_perm("enforcement.view_case"):
        return []
    cases = Case.objects.restrict(user, "view")
    url = reverse("case_list")
    todos: list[Todo] = []
    if user.has_perm("enforcement.change_case"):
        mine = cases.filter(officers__user=user, state__in=(
            "filed", "investigating", "notifying", "decided", "executing")).distinct().count()
        if mine:
            todos.append(Todo(f"{mine}件承办案件待推进", mine, f"{url}?mine=true", "warning"))
        due = Inspection.objects.restrict(user, "view").filter(
            state="rectifying", recheck_on__lte=timezone.localdate() + timedelta(days=3),
            inspectors__user=user).distinct().count()
        if due:
            todos.append(Todo(f"{due}项整改复查待完成", due,
                              reverse("inspection_list") + "?state=rectifying&mine=true", "warning"))
    if user.has_perm("enforcement.review_case") and user.has_role("legal_reviewer"):
        waiting = cases.filter(state__in=("reviewing", "legal_review", "heard", "arranging")).count()
        if waiting:
            todos.append(Todo(f"{waiting}件案件待审核", waiting,
                              f"{url}?state=reviewing&state=legal_review&state=heard&state=arranging",
                              "info"))
    if user.has_perm("enforcement.decide_case"):
        deciding = cases.filter(state__in=("collective", "notified")).count()
        if deciding:
            todos.append(Todo(f"{deciding}件案件待集体讨论或决定", deciding,
                              f"{url}?state=collective&state=notified", "info"))
        arranging = cases.filter(state="arrangement_approval").count()
        if arranging:
            todos.append(Todo(f"{arranging}件分期（延期）缴纳罚款申请待批准", arranging,
                              f"{url}?state=arrangement_approval", "info"))
        unpaid = cases.filter(state="urged", urge_due__lt=timezone.now()).count()
        if unpaid:
            todos.append(Todo(f"{unpaid}件案件催告期满仍未履行", unpaid, f"{url}?state=urged", "warning"))
        near = cases.filter(state__in=ACTIVE_CASE_STATES,
                            decision_due__lte=timezone.localdate() + timedelta(days=10)).count()
        if near:
            todos.append(Todo(f"{near}件案件临近或超过处罚决定期限", near, url, "danger"))
    if user.has_perm("enforcement.change_inspector"):
        expiring = Inspector.objects.restrict(user, "view").filter(
            is_active=True, certificate_expires_on__lte=timezone.localdate() + timedelta(days=30)
        ).count()
        if expiring:
            todos.append(Todo(f"{expiring}名执法人员执法证即将到期或已过期", expiring,
                              reverse("inspector_list"), "warning"))
    return todos


def enterprise_section(request: HttpRequest, enterprise: Any) -> dict[str, Any] | None:
    """The enterprise file's section: its inspections, cases and penalties (three queries;
    an enterprise account, which does not read the case files, its inspections and the
    documents served on it)."""
    inspections = Inspection.objects.restrict(request.user, "view").filter(enterprise=enterprise)
    if not request.user.has_perm("enforcement.view_case"):
        served = Document.objects.restrict(request.user, "view").filter(
            Q(case__enterprise=enterprise) | Q(inspection__enterprise=enterprise))
        return {"inspections": list(inspections.order_by("-inspected_on", "-id")[:10]),
                "documents": list(served.order_by("-issued_at", "-id")[:10]), "party": True,
                "inspections_url": reverse("inspection_list") + f"?enterprise={enterprise.pk}",
                "documents_url": reverse("document_list")}
    cases = Case.objects.restrict(request.user, "view").filter(enterprise=enterprise)
    figures = cases.aggregate(
        total=Count("id"), penalised=Count("id", filter=Q(state__in=PENALISED_STATES)),
        fines=Sum("unit_fine", filter=Q(state__in=PENALISED_STATES)))
    return {
        "inspections": list(inspections.order_by("-inspected_on", "-id")[:10]),
        "cases": list(cases.order_by("-filed_at", "-id")[:10]), "figures": figures,
        "inspections_url": reverse("inspection_list") + f"?enterprise={enterprise.pk}",
        "cases_url": reverse("case_list") + f"?enterprise={enterprise.pk}",
    }
