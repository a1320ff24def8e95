"""Services of the hazards module. The cross-module hooks are exported here:
``report_hazard_from_alarm``, ``report_hazard_from_inspection``,
``report_hazard_uncertified``, ``report_hazard_from_tipoff`` and ``overdue_counts`` (see docs/hazards.md)."""

from yingji.hazards.services.hooks import (
    overdue_counts,
    report_hazard_from_alarm,
    report_hazard_from_inspection,
    report_hazard_from_tipoff,
    report_hazard_uncertified,
)

__all__ = ["overdue_counts", "report_hazard_from_alarm", "report_hazard_from_inspection",
           "report_hazard_from_tipoff", "report_hazard_uncertified"]
