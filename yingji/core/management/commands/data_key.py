"""``yingji data-key create|rotate|reencrypt|retire``: the personal-data keyring
(``core.personal.keys``).

``create`` makes the keyring file where there is none (production installs run it once,
then keep the file apart from the database and its backups); ``rotate`` adds a key,
makes it current and rewrites every stored value under it (``--keep-old-values`` skips
the rewrite: old values still decrypt); ``reencrypt`` does the rewrite alone (after an
interrupted rotation); ``retire KEY`` takes an old key out of the keyring once no value
names it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor
from yingji.core.personal import cipher, keys, rekey

ACTOR = Actor.system("data-key")


class Command(BaseCommand):
    help = ("个人信息密钥环：create 生成密钥环；rotate 轮换密钥并用新密钥重新加密；"
            "reencrypt 用当前密钥重新加密；retire 停用不再使用的旧密钥")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "rotate", "reencrypt", "retire"],
                            help="create：生成密钥环；rotate：轮换密钥；reencrypt：重新加密；retire：停用旧密钥")
        parser.add_argument("key_id", nargs="?", default="", help="retire 时要停用的密钥编号，如 k1")
        parser.add_argument("--keep-old-values", action="store_true",
                            help="rotate 时不重新加密已有数据（旧数据仍用旧密钥解密）")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                made = keys.init_keyring()
                path = keys.keyring_path()
                self.stdout.write(f"已生成个人信息密钥环：{path}" if made else f"密钥环已存在：{path}")
                return
            if action == "retire":
                self._retire(options["key_id"])
                return
            if action == "rotate":
                key_id = rekey.rotate(actor=ACTOR)
                self.stdout.write(f"已轮换个人信息密钥：{key_id}")
                if options["keep_old_values"]:
                    return
            self._reencrypt()
        except (keys.DataKeyringError, cipher.DecryptionError) as exc:
            raise CommandError(str(exc)) from exc

    def _reencrypt(self) -> None:
        done = rekey.reencrypt(actor=ACTOR, progress=self.stdout.write)
        current = keys.load().current
        tail = f"，{done.kept_concurrent} 条在此期间已被修改、保持新值" if done.kept_concurrent else ""
        self.stdout.write(f"重新加密完成：{done.total} 条，当前密钥 {current}{tail}")

    def _retire(self, key_id: str) -> None:
        if not key_id:
            raise CommandError("请指定要停用的密钥编号，例如：yingji data-key retire k1")
        rekey.retire(key_id, actor=ACTOR)
        self.stdout.write(f"已停用个人信息密钥：{key_id}")
