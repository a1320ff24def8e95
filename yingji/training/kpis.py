"""The training module's computed indicator (registered into ``core.kpis`` from
``TrainingConfig.ready``): the 三项岗位 people's 持证覆盖率, from
``services.coverage.coverage`` (the coverage page's figure)."""

from __future__ import annotations

from datetime import date

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.training.models import CertifiedPerson
from yingji.training.services.coverage import coverage


def certified_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """持证覆盖率: people of the region's enterprises on duty in a post that needs a
    certificate who hold a usable one of the required kind, of all such people
    (the roll as it is now: certificates are valid or not today)."""
    total = coverage(CertifiedPerson.objects.within(Scope(prefix))).total
    return kpis.Measure.rate(total.covered, total.required)


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("training_coverage")


def register() -> None:
    kpis.register(kpis.Provider(
        "certified_coverage", "三项岗位人员持证覆盖率", "培训与持证", "%", True,
        "在岗且岗位须持证的主要负责人、安全管理人员和特种作业人员中，持有效对应证书的比例（当前状态）",
        certified_rate, _url))
