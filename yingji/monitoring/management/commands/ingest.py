"""``yingji ingest``: an MQTT consumer of monitoring readings (run N of them with
``--member 0/N`` … ``--member N-1/N`` to share the stream by slots; see ``mqtt``)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "启动监测数据MQTT接入进程（多进程按分区分担：--member k/N）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="MQTT地址，默认取YINGJI_MQTT_URL")
        parser.add_argument("--root", default=None, help="主题根，默认yingji/monitoring")
        parser.add_argument("--group", default="ingest", help="共享订阅组名")
        parser.add_argument("--client-id", default=None, help="客户端ID（持久会话与本地缓存按此区分）")
        parser.add_argument("--max-batch", type=int, default=200, help="每批最多消息数")
        parser.add_argument("--spool-dir", default=None, help="数据库不可用时的本地缓存目录")
        parser.add_argument("--spool-max-mb", type=int, default=256, help="本地缓存上限（MB）")
        parser.add_argument("--member", default="0/1",
                            help="成员编号k/N：N个进程按分区分担数据流，本进程取分区号除以N余k的分区（默认0/1）")
        parser.add_argument("--shared", action="store_true",
                            help="改用MQTT共享订阅（Mosquitto 2.0重启后不恢复共享订阅，仅用于能保留的代理）")
        parser.add_argument("--seconds", type=float, default=0, help="运行多少秒后退出（0为一直运行）")

    def handle(self, *args: Any, **options: Any) -> None:
        from yingji.monitoring.ingest.mqtt import Consumer, parse_member

        url = options["url"] or settings.MQTT_URL
        if not url:
            raise CommandError("未配置MQTT地址：请设置YINGJI_MQTT_URL或使用--url")
        try:
            member = parse_member(options["member"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        consumer = Consumer(
            url=url, root=options["root"], group=options["group"], client_id=options["client_id"],
            max_batch=options["max_batch"],
            spool_dir=Path(options["spool_dir"]) if options["spool_dir"] else None,
            spool_max_bytes=options["spool_max_mb"] * 1024 * 1024, member=member, shared=options["shared"])
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        if options["seconds"]:
            threading.Timer(options["seconds"], stop.set).start()
        self.stdout.write(f"订阅 {'、'.join(consumer.subscriptions)}（{url}），"
                          f"客户端 {consumer.client_id}")
        consumer.start()
        consumer.run(stop)
        s = consumer.stats
        self.stdout.write(f"已处理消息{s.messages}条，入库读数{s.readings_stored}条，"
                          f"缓存批次{s.spooled_batches}，回放批次{s.replayed_batches}")
