"""Pure rules of safety credit (no Django).

Sources: 《安全生产严重失信主体名单管理办法》(应急管理部令第11号, 2023-10-01) —
谁处罚谁决定 (the department that imposed the penalty decides the listing), prior notice
with the party's statement (告知、陈述申辩), a written decision, publication, a
management period of 3 years from the listing and removal at its end, early removal on
application after at least 12 months once the penalty is paid, the rectification done
and a commitment signed, revoked when obtained by fraud. The exact periods are the
bureau's settings (regulations.md §13: medium confidence on the conditions).
"""

from __future__ import annotations

import calendar
from datetime import date

DAILY = "daily"
PER_SHIFT = "shift"
WEEKLY = "weekly"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (the 31st becomes the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def removal_day(listed_on: date, years: int) -> date:
    """The day a listing's management period ends and it is removed (令第11号: 3 years
    from the listing by default): the same calendar day ``years`` later."""
    return add_months(listed_on, 12 * years)


def early_removal_from(listed_on: date, min_months: int) -> date:
    """The first day an early removal may be applied for (令第11号: at least 12 months
    after the listing by default)."""
    return add_months(listed_on, min_months)


def early_removal_refusal(*, listed_on: date, today: date, min_months: int, penalty_paid: bool,
                          rectified: bool, committed: bool) -> str | None:
    """Why an early removal may not be applied for yet, or None (令第11号: the minimum
    period, the penalty paid, the rectification done, a credit commitment signed)."""
    first = early_removal_from(listed_on, min_months)
    if today < first:
        return f"列入满{min_months}个月后（{first:%Y-%m-%d}起）方可申请提前移出"
    missing = [label for ok, label in ((penalty_paid, "行政处罚已履行完毕"),
                                       (rectified, "违法行为已整改到位"),
                                       (committed, "已签署信用承诺书")) if not ok]
    if missing:
        return "提前移出须满足：" + "、".join(missing)
    return None


def due_to_remove(remove_on: date, today: date) -> bool:
    """A listing is removed on its removal day (按期移出: on the day, never later)."""
    return remove_on <= today


def commitment_slots(frequency: str, shifts: int, day: date) -> list[int]:
    """The commitments due on ``day``: shift numbers 1..n for a per-shift commitment, [0]
    for a daily one, [0] on Mondays only for a weekly one (安全承诺: daily, or per shift
    for hazardous-chemical and other high-risk enterprises where the bureau sets it)."""
    if frequency == PER_SHIFT:
        return list(range(1, max(1, shifts) + 1))
    if frequency == WEEKLY:
        return [0] if day.weekday() == 0 else []
    return [0]


def missing_slots(frequency: str, shifts: int, day: date, signed: set[int]) -> list[int]:
    """The slots of ``day`` without a signed commitment."""
    return [slot for slot in commitment_slots(frequency, shifts, day) if slot not in signed]


def visits_with_uplift(per_year: int, listed: bool, multiplier: int, minimum: int) -> int:
    """The yearly inspection visits of an enterprise in the annual enforcement plan: a
    listed enterprise is inspected more often (失信联合惩戒: 加大执法检查频次) — its
    visits multiplied, and at least ``minimum``."""
    if not listed:
        return per_year
    return max(per_year * max(1, multiplier), minimum)


# The listing situations of 令第11号 (第八条 lists them; the bureau keeps the table and
# may narrow or extend it — regulations.md §13, medium confidence on the wording).
DEFAULT_GROUNDS: tuple[tuple[str, str, str], ...] = (
    ("G01", "发生特别重大、重大生产安全事故的生产经营单位及其主要负"
     "责人，以及经调查认定对该事故发生负有责任的其他单位和人员",
     "应急管理部令第11号 第八条第（一）项"),
    ("G02", "12个月内累计发生2起以上较大生产安全事故的生产经营单位及其主要负责人",
     "应急管理部令第11号 第八条第（二）项"),
    ("G03", "发生生产安全事故，情节特别严重、影响特别恶劣，依照安"
     "全生产法第一百一十四条第二款被处以罚款的生产经营单位",
     "应急管理部令第11号 第八条第（三）项"),
    ("G04", "瞒报、谎报生产安全事故的生产经营单位及其有关责任人员",
     "应急管理部令第11号 第八条第（四）项"),
    ("G05", "未依法取得安全生产相关许可或者许可被暂扣、吊销期"
     "间从事相关生产经营活动的生产经营单位及其主要负责人",
     "应急管理部令第11号 第八条第（五）项"),
    ("G06", "承担安全评价、认证、检测、检验职责的机构及其直"
     "接责任人员租借资质、挂靠、出具虚假报告或者证书",
     "应急管理部令第11号 第八条第（六）项"),
    ("G07", "在应急管理部门作出行政处罚后，有执行能力拒不"
     "执行或者逃避执行的生产经营单位及其主要负责人",
     "应急管理部令第11号 第八条第（七）项"),
    ("G08", "其他违反安全生产法律、行政法规受到行政处"
     "罚，且性质恶劣、情节严重的单位及其有关人员",
     "应急管理部令第11号 第八条第（八）项"),
)
