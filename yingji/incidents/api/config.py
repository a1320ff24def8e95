"""The configuration tables (read by everyone with the permission, changed from
city-wide scope)."""

from __future__ import annotations

from typing import Any

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet
from yingji.incidents.models import (
    ChecklistTemplate,
    DutyPattern,
    GradeCriterion,
    IncidentSettings,
    ReportRule,
)


def _config_viewset(model_: type[Any], order: list[str]) -> type[ScopedModelViewSet]:
    """CRUD of a configuration table (changes from city-wide scope only)."""
    meta = type("Meta", (), {"model": model_, "fields": "__all__"})
    serializer = type(f"{model_.__name__}Serializer", (ModelSerializer,), {"Meta": meta})
    return type(f"{model_.__name__}ViewSet", (ScopedModelViewSet,), {
        "queryset": model_.objects.none(), "serializer_class": serializer, "ordering": order,
        "__doc__": f"{model_._meta.verbose_name}（可配置）"})


GradeCriterionViewSet = _config_viewset(GradeCriterion, ["category", "subtype", "grade"])
ReportRuleViewSet = _config_viewset(ReportRule, ["grade", "category"])
ChecklistTemplateViewSet = _config_viewset(ChecklistTemplate, ["category", "name"])
DutyPatternViewSet = _config_viewset(DutyPattern, ["name"])
IncidentSettingsViewSet = _config_viewset(IncidentSettings, ["pk"])
