"""Fixtures of the warnings tests: people, a directory for one street of 江岸区 with its
village → town → county chain, and a loopback gateway like the core channel tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_user, system
from yingji.warnings.models import Bulletin, DutyRole, WarningType
from yingji.warnings.services import bulletins, directory


class Recorder(BaseHTTPRequestHandler):
    """SMS gateway / robot webhook on loopback: records requests, answers as told."""

    received: list[dict[str, Any]] = []
    answer: dict[str, Any] = {"code": 0, "errcode": 0, "id": "m1"}
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length).decode("utf-8"))
        type(self).received.append({"path": self.path, "body": body})
        payload = json.dumps(type(self).answer).encode()
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def gateway() -> Iterator[str]:
    Recorder.received, Recorder.answer, Recorder.status = [], {"code": 0, "errcode": 0, "id": "m1"}, 200
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def officer(db: Any) -> Any:
    return make_user("jiangan_duty", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")


@pytest.fixture
def leader(db: Any) -> Any:
    return make_user("jiangan_leader", roles=["duty_leader"], scope=JIANGAN, real_name="江岸带班领导")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wuchang_leader", roles=["duty_leader"], scope=WUCHANG, real_name="武昌带班领导")


@pytest.fixture
def street(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN_STREET)


@pytest.fixture
def villages(street: Region) -> list[Region]:
    return list(Region.objects.filter(parent=street).order_by("code")[:2])


@pytest.fixture
def people(street: Region, villages: list[Region]) -> dict[str, Any]:
    """A county leader, a town leader and two village heads (one only for floods)."""
    actor = system()
    county = directory.create_person({"name": "赵县长", "phone": "13900000001",
                                      "region": Region.objects.get(code=JIANGAN),
                                      "role": DutyRole.SANFANG_COUNTY}, actor=actor)
    town = directory.create_person({"name": "钱主任", "phone": "13900000002", "region": street,
                                    "role": DutyRole.SANFANG_TOWN, "email": "town@example.cn"},
                                   actor=actor)
    head1 = directory.create_person({"name": "孙书记", "phone": "13900000003", "region": villages[0],
                                     "role": DutyRole.SANFANG_VILLAGE, "email": "v1@example.cn"},
                                    actor=actor)
    head2 = directory.create_person({"name": "李网格员", "phone": "13900000004",
                                     "region": villages[1], "role": DutyRole.GEO_MONITOR},
                                    actor=actor)
    head2.hazard_types.set([WarningType.objects.get(code="geological")])
    return {"county": county, "town": town, "head1": head1, "head2": head2}


def draft_data(street: Region, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    return {"warning_type": WarningType.objects.get(code="rainstorm"), "level": "orange",
            "region": Region.objects.get(code=JIANGAN), "target_regions": [street],
            "effective_at": now, "expires_at": now + timedelta(hours=12),
            "content": "预计未来3小时大智街道降雨量将达50毫米以上", "measures": "转移低洼地带群众",
            "issuer": "江岸区应急管理局", **extra}


@pytest.fixture
def draft(officer: Any, street: Region) -> Bulletin:
    return bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))


def publish(bulletin: Bulletin, officer: Any, leader: Any) -> Bulletin:
    bulletin = bulletins.submit_bulletin(bulletin, actor=actor_for(officer))
    return bulletins.publish_bulletin(bulletin, actor=actor_for(leader))
