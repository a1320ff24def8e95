"""The highest open threshold alarm level of an enterprise (read by the plans module's
trigger conditions): 高高/低低 before 高/低."""

from __future__ import annotations

from yingji.monitoring import rules
from yingji.monitoring.models import Alarm


def highest_open_level(enterprise_id: int | None) -> str:
    """"hh"/"ll" when an open alarm is at the outer limit, "h"/"l" at the inner one, else ""."""
    if enterprise_id is None:
        return ""
    levels = set(Alarm.objects.filter(enterprise_id=enterprise_id, is_open=True)
                 .exclude(level="").values_list("level", flat=True))
    if not levels:
        return ""
    return max(levels, key=lambda lv: rules.LEVEL_RANK.get(lv, 0))
