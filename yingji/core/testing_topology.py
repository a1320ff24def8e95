"""The province topology in one test run: two web processes behind an nginx front, two
job workers and two ingest members, on a PostgreSQL cluster of the test's own (so that it
can be restarted), the machine's Redis (a database of its own) and Mosquitto (a topic
root of its own). Each process is a real ``yingji`` command in production settings."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import requests

from yingji.core.testing_browser import _free_port
from yingji.core.testing_pg import Cluster

PASSWORD = "Topology@2026x"
REDIS_DB = 13
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

SETUP = r'''
import json
import django
django.setup()
from yingji.core.actor import Actor
from yingji.core.services.regions import import_regions
from yingji.core.services.tokens import issue_token
from yingji.core.testing import make_user
from yingji.monitoring.tests.factories import setup_site

password = "%(password)s"
import_regions(["4201"], actor=Actor.system("拓扑测试"))
duty = make_user("topo_duty", roles=["duty_officer"], scope="420100", password=password, real_name="吴敏")
make_user("topo_lock", roles=["duty_officer"], scope="420100", password=password, real_name="罗佳")
admin = make_user("topo_admin", roles=["admin"], scope="420100", password=password, real_name="周强")
_, key = issue_token(admin, "拓扑测试", read_only=False, actor=Actor.system("拓扑测试"))
sites = [setup_site(n) for n in (1, 4)]  # GW-1 is in slot 8 (member 0 of 2), GW-4 in slot 7 (member 1)
print(json.dumps({"token": key, "sources": [[s["source"].code, s["token"]] for s in sites]}))
'''


class Topology:
    """Start, kill and restart the processes; every process writes its own log."""

    def __init__(self) -> None:
        self.cluster = Cluster(_free_port())
        self.base = self.cluster.base
        self.var = self.base / "var"
        self.var.mkdir()
        self.logs = self.base / "logs"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.ports = {"web-1": _free_port(), "web-2": _free_port(), "front": _free_port()}
        self.root = f"topology-{uuid.uuid4().hex[:8]}"
        self.env: dict[str, str] = {}
        self.token = ""
        self.sources: list[tuple[str, str]] = []

    # --- set-up ----------------------------------------------------------------------
    def prepare(self) -> None:
        self.cluster.init()
        self.cluster.start()
        database = self.cluster.createdb("yingji")
        import redis

        redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}").flushdb()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("YINGJI_") and k != "DJANGO_SETTINGS_MODULE"}
        env.update({
            "DJANGO_SETTINGS_MODULE": "yingji.config.settings",
            "YINGJI_DATABASE_URL": database, "YINGJI_VAR_DIR": str(self.var),
            "YINGJI_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "YINGJI_LIVE_CHANNEL": f"{self.root}:events",
            "YINGJI_MQTT_URL": "mqtt://127.0.0.1:1883", "YINGJI_MQTT_TOPIC_ROOT": self.root,
            "YINGJI_SECRET_KEY": uuid.uuid4().hex * 2, "YINGJI_ALLOW_INSECURE_TRANSPORT": "1",
            "YINGJI_TRUSTED_PROXIES": "127.0.0.1", "YINGJI_METRICS_ALLOW": "127.0.0.1",
            "YINGJI_AUDIT_ANCHOR_DIR": str(self.var / "anchors"),
        })
        self.env = env
        self.run("migrate", "--no-input", "-v0")
        self.run("data-key", "create")
        done = subprocess.run([sys.executable, "-c", SETUP % {"password": PASSWORD}], env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        import json

        answer = json.loads(done.stdout.strip().splitlines()[-1])
        self.token = answer["token"]
        self.sources = [tuple(pair) for pair in answer["sources"]]

    def run(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "yingji.config.cli", *args], env=self.env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"yingji {' '.join(args)}: {done.stderr[-3000:]}"
        return done.stdout

    # --- processes -------------------------------------------------------------------
    def start(self, name: str) -> None:
        commands = {
            "web-1": ["serve", "--no-jobs", "--port", str(self.ports["web-1"])],
            "web-2": ["serve", "--no-jobs", "--port", str(self.ports["web-2"])],
            "worker-1": ["worker", "--workers", "2"],
            "worker-2": ["worker", "--workers", "2"],
            "ingest-1": ["ingest", "--member", "0/2", "--client-id", f"{self.root}-ingest-0"],
            "ingest-2": ["ingest", "--member", "1/2", "--client-id", f"{self.root}-ingest-1"],
        }
        log = (self.logs / f"{name}.log").open("ab")
        if name == "front":
            conf = self._nginx_conf()
            command = [NGINX, "-p", str(self.base), "-c", str(conf), "-g", "daemon off;"]
        else:
            command = [sys.executable, "-m", "yingji.config.cli", *commands[name]]
        self.processes[name] = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True)
        if name.startswith("web") or name == "front":
            port = self.ports[name]
            assert wait_for(lambda: _healthy(port), 240), f"{name} did not answer: {self.tail(name)}"

    def kill(self, name: str, sig: int = signal.SIGKILL, grace: float = 30) -> None:
        """Signal the process group; one that outlives ``grace`` seconds is killed
        (uvicorn waits for open event streams to end on SIGTERM)."""
        process = self.processes.pop(name)
        try:
            os.killpg(process.pid, sig)
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM, grace=10)
        self.cluster.remove()

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def url(self, name: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def _nginx_conf(self) -> Path:
        conf = self.base / "nginx.conf"
        (self.base / "logs").mkdir(exist_ok=True)
        conf.write_text(f"""
worker_processes 1;
error_log {self.logs}/nginx-error.log;
pid {self.base}/nginx.pid;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {self.base}/nginx-body;
  proxy_temp_path {self.base}/nginx-proxy;
  upstream yingji {{ server 127.0.0.1:{self.ports["web-1"]}; server 127.0.0.1:{self.ports["web-2"]}; }}
  server {{
    listen 127.0.0.1:{self.ports["front"]};
    location / {{
      proxy_pass http://yingji;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_http_version 1.1;
      proxy_buffering off;
      proxy_read_timeout 120s;
    }}
  }}
}}
""")
        return conf


def wait_for(predicate: Any, timeout: float, every: float = 0.5) -> bool:
    """Whether ``predicate`` came true within ``timeout`` seconds (a refused connection
    counts as not yet)."""
    end = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return True
        except (requests.RequestException, OSError):
            pass
        if time.monotonic() >= end:
            return False
        time.sleep(every)


def _healthy(port: int) -> bool:
    return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200


def sign_in(base: str, username: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    """Sign in through the login form (CSRF token and all), as a browser would."""
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=30)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    answer = session.post(f"{base}/login/", data={"username": username, "password": password,
                                                  "csrfmiddlewaretoken": match.group(1)},
                          headers={"Referer": f"{base}/login/"}, timeout=30)
    return session, answer


def requests_served(base: str) -> float:
    """The number of requests this web process has answered, from its /metrics."""
    from prometheus_client.parser import text_string_to_metric_families

    answer = requests.get(f"{base}/metrics", timeout=10)
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    text = answer.text
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
               if s.name == "yingji_http_requests_total")
