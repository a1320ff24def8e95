"""To-dos of training on the workbench: certificates expiring or due for 复审 and the
gaps of the roll, in the user's scope (a fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from yingji.training.models import Certificate, CertifiedPerson, Informant, TrainingSettings
from yingji.training.services.coverage import gap_count
from yingji.training.services.informants import uncovered_villages
from yingji.ui.workbench import Todo


def training_todos(user: Any) -> list[Todo]:
    if not user.has_perm("training.view_certificate"):
        return []
    today = timezone.localdate()
    window = today + timedelta(days=TrainingSettings.current().remind_days)
    certificates = Certificate.objects.restrict(user, "view")
    todos = []
    live = certificates.filter(valid_until__gte=today)
    expiring = live.filter(valid_until__lte=window).count()
    review = live.filter(review_due_on__lte=window).count()
    for count, label, validity in ((expiring, "本资格证书即将到期", "expiring"),
                                   (review, "本特种作业操作证待复审或逾期未复审", "review")):
        if count:
            todos.append(Todo(f"{count}{label}", count,
                              f"{reverse('certificate_list')}?validity={validity}", "warning"))
    gaps = gap_count(CertifiedPerson.objects.restrict(user, "view"))
    if gaps:
        todos.append(Todo(f"{gaps}名三项岗位人员应持证未持有效证书", gaps,
                          f"{reverse('certifiedperson_list')}?holding=gap", "danger"))
    return todos


def informant_todos(user: Any) -> list[Todo]:
    """Villages without an informant and informants with a lapsed or missing certificate."""
    if not user.has_perm("training.change_informant"):
        return []
    todos = []
    missing = uncovered_villages(user)
    if missing:
        todos.append(Todo(f"{missing}个村（社区）没有灾害信息员", missing,
                          f"{reverse('informant_coverage')}?status=none", "danger"))
    today = timezone.localdate()
    lapsed = (Informant.objects.restrict(user, "view").filter(person__active=True)
              .filter(Q(certificate_valid_until__isnull=True) | Q(certificate_valid_until__lt=today))
              .count())
    if lapsed:
        todos.append(Todo(f"{lapsed}名灾害信息员无有效证书", lapsed,
                          f"{reverse('informant_list')}?state=no_certificate", "warning"))
    return todos
