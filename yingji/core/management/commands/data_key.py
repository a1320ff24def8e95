"""``yingji data-key create|rotate``: the personal-data keyring (``core.personal.keys``).

``create`` makes the keyring file where there is none (production installs run it once,
then keep the file apart from the database and its backups); ``rotate`` adds a key and
makes it current: new values are written with it, old ones still decrypt."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.personal import keys


class Command(BaseCommand):
    help = "个人信息密钥环：create 生成密钥环；rotate 轮换密钥（旧密钥仍可解密）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "rotate"],
                            help="create：生成密钥环；rotate：轮换密钥")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                made = keys.init_keyring()
                path = keys.keyring_path()
                self.stdout.write(f"已生成个人信息密钥环：{path}" if made else f"密钥环已存在：{path}")
                return
            key_id = keys.rotate()
        except keys.DataKeyringError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(audit.AuditAction.SECURITY, actor=Actor.system("data-key"),
                     detail=f"轮换个人信息密钥，新密钥编号 {key_id}")
        self.stdout.write(f"已轮换个人信息密钥：{key_id}")
