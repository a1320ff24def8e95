"""To-dos of training on the workbench: certificates expiring or due for 复审 and the
gaps of the roll, in the user's scope (a fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.training.models import Certificate, CertifiedPerson, TrainingSettings
from yingji.training.services.coverage import gap_count
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
