"""Risk points (风险点) scored by LEC or LS, and the enterprise's roll-up colour."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.enterprises import rules
from yingji.enterprises.models import RiskPoint
from yingji.enterprises.services.rollup import refresh_enterprise, save_derived
from yingji.enterprises.services.tables import risk_bands


def score_risk_point(data: dict[str, Any]) -> dict[str, Any]:
    """Score, level and colour from the method's inputs (LEC or LS)."""
    method = data.get("method") or "lec"
    try:
        if method == "ls":
            if data.get("ls_l") is None or data.get("ls_s") is None:
                raise ValidationError({"ls_l": "LS法须填写L（可能性）和S（严重性）"})
            result = rules.ls_matrix(data["ls_l"], data["ls_s"], risk_bands("ls"))
        else:
            missing = [k for k in ("lec_l", "lec_e", "lec_c") if data.get(k) is None]
            if missing:
                raise ValidationError({missing[0]: "LEC法须填写L、E、C三项分值"})
            result = rules.lec(data["lec_l"], data["lec_e"], data["lec_c"], risk_bands("lec"))
    except rules.HazardInputError as exc:
        field = {"l": "lec_l", "e": "lec_e", "c": "lec_c"}.get(exc.field, exc.field)
        raise ValidationError({field: str(exc)}) from exc
    return {"score": result.score, "level": result.level, "colour": result.colour}


_RISK_INPUTS = ("method", "lec_l", "lec_e", "lec_c", "ls_l", "ls_s")


@transaction.atomic
def create_risk_point(data: dict[str, Any], *, actor: Actor) -> RiskPoint:
    scored = score_risk_point(data)
    point = create_object(RiskPoint, data, actor=actor)
    save_derived(point, scored, actor=actor)
    refresh_enterprise(point.enterprise, actor=actor)
    return point


@transaction.atomic
def update_risk_point(point: RiskPoint, data: dict[str, Any], *, actor: Actor) -> RiskPoint:
    if "enterprise" in data and data["enterprise"].pk != point.enterprise_id:
        raise ValidationError({"enterprise": "风险点不能转到其他企业"})
    inputs = {k: getattr(point, k) for k in _RISK_INPUTS}
    inputs.update({k: v for k, v in data.items() if k in _RISK_INPUTS})
    scored = score_risk_point(inputs)
    point = update_object(point, data, actor=actor)
    save_derived(point, scored, actor=actor)
    refresh_enterprise(point.enterprise, actor=actor)
    return point


@transaction.atomic
def delete_risk_point(point: RiskPoint, *, actor: Actor) -> None:
    enterprise = point.enterprise
    delete_object(point, actor=actor)
    refresh_enterprise(enterprise, actor=actor)
