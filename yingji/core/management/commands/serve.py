"""``yingji serve``: uvicorn (ASGI) plus, by default, a Huey consumer in the same process.

This is the embedded default of ``make run``. In production run several ``yingji serve
--no-jobs`` processes behind a load balancer and separate ``yingji worker`` processes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from yingji.core import starters


class Command(BaseCommand):
    help = "启动 Web 服务（uvicorn），默认同时在本进程内运行后台任务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="uvicorn 进程数")
        parser.add_argument("--no-jobs", action="store_true", help="不在本进程内运行后台任务")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        consumer = None
        if not options["no_jobs"]:
            # Starters first: the demo feed catches up its gateways before the periodic
            # offline check can count them as gone.
            for label in starters.start_all():
                self.stdout.write(f"后台任务已启动：{label}")
            consumer = start_job_threads()
        if settings.DEMO_MODE:
            from yingji.core.demo.accounts import describe_accounts

            self.stdout.write(describe_accounts())
        self.stdout.write(f"服务地址：http://{options['host']}:{options['port']}/")
        try:
            uvicorn.run(
                "yingji.config.asgi:application", host=options["host"], port=options["port"],
                workers=options["workers"], log_level="info", proxy_headers=False,
            )
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)


def start_job_threads() -> Any:
    """Start Huey's scheduler and worker threads without touching signal handlers
    (uvicorn owns those in this process)."""
    from huey.contrib.djhuey import HUEY

    if HUEY.immediate:
        return None
    consumer = HUEY.create_consumer(workers=2, worker_type="thread", periodic=True,
                                    max_delay=1.0)  # see settings.HUEY
    consumer.scheduler.start()
    for _, worker in consumer.worker_threads:
        worker.start()
    return consumer
