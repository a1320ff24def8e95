"""Operations on the audit log itself: chain verification with alerts, export records."""

from __future__ import annotations

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify


def verify_and_alert() -> int:
    """Verify the chain; on any problem notify every active auditor. Returns the count."""
    problems = audit.verify_chain()
    if problems:
        auditors = User.objects.filter(groups__name="auditor", is_active=True)
        text = "\n".join(p.message for p in problems[:20])
        notify(auditors, title=f"审计日志完整性校验失败（{len(problems)}处）", body=text,
               link="/audit/", level=NotificationLevel.URGENT, actor=Actor.system("audit-verify"))
    return len(problems)
