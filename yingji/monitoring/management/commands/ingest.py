"""``yingji ingest``: an MQTT consumer of monitoring readings (run several to share the
stream; each needs its own ``--client-id``)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "启动监测数据MQTT接入进程（共享订阅，可多进程并行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="MQTT地址，默认取YINGJI_MQTT_URL")
        parser.add_argument("--root", default=None, help="主题根，默认yingji/monitoring")
        parser.add_argument("--group", default="ingest", help="共享订阅组名")
        parser.add_argument("--client-id", default=None, help="客户端ID（持久会话与本地缓存按此区分）")
        parser.add_argument("--max-batch", type=int, default=200, help="每批最多消息数")
        parser.add_argument("--spool-dir", default=None, help="数据库不可用时的本地缓存目录")
        parser.add_argument("--spool-max-mb", type=int, default=256, help="本地缓存上限（MB）")
        parser.add_argument("--exclusive", action="store_true",
                            help="独占（非共享）订阅：Mosquitto重启后仍保留订阅，单进程使用")
        parser.add_argument("--seconds", type=float, default=0, help="运行多少秒后退出（0为一直运行）")

    def handle(self, *args: Any, **options: Any) -> None:
        from yingji.monitoring.mqtt import Consumer

        url = options["url"] or settings.MQTT_URL
        if not url:
            raise CommandError("未配置MQTT地址：请设置YINGJI_MQTT_URL或使用--url")
        consumer = Consumer(
            url=url, root=options["root"], group=options["group"], client_id=options["client_id"],
            max_batch=options["max_batch"],
            spool_dir=Path(options["spool_dir"]) if options["spool_dir"] else None,
            spool_max_bytes=options["spool_max_mb"] * 1024 * 1024, exclusive=options["exclusive"])
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        if options["seconds"]:
            threading.Timer(options["seconds"], stop.set).start()
        self.stdout.write(f"订阅 {consumer.subscription}（{url}），"
                          f"客户端 {consumer.client_id}")
        consumer.start()
        consumer.run(stop)
        s = consumer.stats
        self.stdout.write(f"已处理消息{s.messages}条，入库读数{s.readings_stored}条，"
                          f"缓存批次{s.spooled_batches}，回放批次{s.replayed_batches}")
