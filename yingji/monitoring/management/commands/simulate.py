"""``yingji simulate``: publish realistic monitoring streams for N enterprises over MQTT
or HTTP, with injected anomalies (threshold crossings, drift, stuck sensors, offline
gateways, malformed messages)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor


class Command(BaseCommand):
    help = "模拟企业监测数据（MQTT或HTTP），可注入越限、漂移、卡死、网关离线、畸形消息"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=10, help="企业数")
        parser.add_argument("--points", type=int, default=8, help="每家企业测点数")
        parser.add_argument("--door", choices=("mqtt", "http"), default="mqtt")
        parser.add_argument("--url", default="", help="MQTT地址（默认YINGJI_MQTT_URL）")
        parser.add_argument("--root", default=None, help="MQTT主题根")
        parser.add_argument("--http", default="http://127.0.0.1:8000", help="HTTP接入服务地址")
        parser.add_argument("--interval", type=float, default=10.0, help="采样间隔（秒）")
        parser.add_argument("--seconds", type=float, default=60.0, help="运行时长（秒）")
        parser.add_argument("--anomalies", action="store_true", help="注入异常")
        parser.add_argument("--malformed", type=float, default=0.01, help="畸形消息比例（需--anomalies）")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        from yingji.monitoring.ingest.mqtt import topic_root
        from yingji.monitoring.services.simulation import prepare_sites
        from yingji.monitoring.simulator import Anomalies, HttpSender, MqttSender, Simulator

        sites = prepare_sites(options["enterprises"], options["points"], actor=Actor.system("simulate"))
        if not sites:
            raise CommandError("没有可模拟的企业，请先生成演示数据（yingji demo）")
        anomalies = Anomalies(crossing=0.02, drift=0.01, stuck=0.005, offline=0.002,
                              malformed=options["malformed"]) if options["anomalies"] else Anomalies()
        sim = Simulator(sites, anomalies, seed=options["seed"])
        sender: MqttSender | HttpSender
        if options["door"] == "mqtt":
            url = options["url"] or settings.MQTT_URL
            if not url:
                raise CommandError("未配置MQTT地址：请设置YINGJI_MQTT_URL或使用--url")
            sender = MqttSender(url, options["root"] or topic_root())
        else:
            sender = HttpSender(options["http"], {s.source: s.token for s in sites})
        self.stdout.write(f"模拟{len(sites)}家企业、每家{options['points']}个测点，经{options['door']}发送，"
                          f"间隔{options['interval']}秒，持续{options['seconds']}秒")
        end = time.time() + options["seconds"]
        sent = 0
        while time.time() < end:
            tick = time.time()
            for source, payload in sim.messages(tick):
                sender.send(source, payload)
                sent += 1
            sender.flush()
            time.sleep(max(0.0, options["interval"] - (time.time() - tick)))
        sender.close()
        kinds: dict[str, int] = {}
        for kind, _, _ in sim.injected:
            kinds[kind] = kinds.get(kind, 0) + 1
        self.stdout.write(f"已发送消息{sent}条；注入异常：{kinds or '无'}")
