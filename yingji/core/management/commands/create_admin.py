"""``yingji create-admin --username NAME --region CODE``: the first administrator of a
real installation. The password is random and printed once; it must be changed at the
first login, where the administrator also enrols the second factor."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.services.users import create_user


def random_password(length: int = 16) -> str:
    """A password with all four character classes, from the system's CSPRNG."""
    pools = [string.ascii_lowercase, string.ascii_uppercase, string.digits, "!@#$%^&*-_=+"]
    chars = [secrets.choice(pool) for pool in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class Command(BaseCommand):
    help = "创建系统管理员账号（随机初始密码，仅显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="账号")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--region", default="", help="数据范围的区划代码；不填表示全国")

    def handle(self, *args: Any, **options: Any) -> None:
        region = None
        if options["region"]:
            try:
                code = normalize_region_code(options["region"])
            except RegionCodeError as exc:
                raise CommandError(str(exc)) from exc
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"行政区划 {code} 不存在，请先运行 yingji import-regions")
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"账号 {options['username']} 已存在")
        password = random_password()
        try:
            create_user(
                {"username": options["username"], "real_name": options["name"],
                 "scope_region": region},
                roles=["admin"], password=password, actor=Actor.system("create-admin"),
                must_change_password=True,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已创建系统管理员 {options['username']}"))
        self.stdout.write(f"初始密码（仅显示这一次）：{password}")
        self.stdout.write("首次登录须修改密码并绑定动态口令（TOTP）。")
