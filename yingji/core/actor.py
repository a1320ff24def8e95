"""Who performs an operation: passed explicitly to every service, never read from a
global request, so jobs and commands audit the same way as pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from yingji.core.models import User


@dataclass(frozen=True)
class Actor:
    """The acting user, with the request's IP and id if any.

    ``user`` is None for the system (a job or command, which names itself through
    ``Actor.system``) and for an anonymous request (``anonymous`` set). The two are never
    confused: only the system acts everywhere; an anonymous actor may do nothing that
    needs a permission or a scope.
    """

    user: User | None
    ip: str = ""
    request_id: str = ""
    system_name: str = ""
    anonymous: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        user = request.user if request.user.is_authenticated else None
        return cls(
            user=user,
            ip=client_ip(request),
            request_id=getattr(request, "request_id", ""),
            anonymous=user is None,
        )

    @classmethod
    def system(cls, name: str) -> Actor:
        """The platform itself (a job, a command, a migration): explicit, with a name."""
        if not name:
            raise ValueError("a system actor names the job or command acting")
        return cls(user=None, system_name=name)

    @property
    def is_system(self) -> bool:
        return self.user is None and not self.anonymous

    @property
    def label(self) -> str:
        if self.user is not None:
            name = self.user.real_name or self.user.username
            return f"{name}({self.user.username})"
        if self.anonymous:
            return "匿名访问"
        return f"系统（{system_label(self.system_name)}）"

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None


# What each job or command is called on a timeline (a person reads 系统（期限提醒）, not
# the job's code name). A name that is already Chinese shows as it is.
SYSTEM_LABELS = {
    "deadlines": "期限提醒",
    "ack-check": "叫应检查",
    "sms-callback": "短信回复",
    "warnings-expiry": "预警到期解除",
    "monitoring": "监测预警",
    "simulate": "监测模拟",
    "rebuild-stock": "库存重算",
    "import-roads": "路网导入",
    "import-regions": "区划导入",
    "demo": "演示数据",
    "upgrade": "版本升级",
    "demo_feed": "演示网关数据",
    "create-admin": "创建管理员",
    "audit-verify": "审计校验",
    "audit-key": "审计密钥管理",
    "data-key": "个人信息密钥管理",
    "disasters": "灾情续报",
    "plans": "演练期限同步",
    "flood": "防汛转移",
    "security-events": "安全事件监测",
    "test": "测试",
}


def system_label(name: str) -> str:
    return SYSTEM_LABELS.get(name, name or "平台")


def client_ip(request: HttpRequest) -> str:
    """The client's address as far as the configured proxies vouch for it
    (``core.security.addresses``)."""
    from yingji.core.security.addresses import client_address

    return client_address(request)
    return str(request.META.get("REMOTE_ADDR", ""))[:45]
