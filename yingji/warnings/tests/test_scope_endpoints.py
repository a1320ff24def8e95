"""Every page and API endpoint of warning bulletins and the responsibility directory, for
the four kinds of caller (``core.testing_scope``): anonymous, unpermitted, a duty officer
of 江岸区 and one of 武昌区."""

from __future__ import annotations

from typing import Any

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, system
from yingji.core.testing_scope import Action, Detail, Page, Post, ScopeCase, World
from yingji.warnings.models import DutyRole
from yingji.warnings.services import bulletins, directory
from yingji.warnings.tests.conftest import draft_data

PUBLIC = ("the public warning service (公众预警发布): published bulletins for everyone, no "
          "login by design; tested in test_public")


class TestWarningScope(ScopeCase):
    apps = ("warnings",)
    roles = ("duty_officer",)

    endpoints = {
        "bulletin_board": Detail("bulletin"),
        "bulletin_transition": Action("bulletin"),
        "bulletin_phone_ack": Action("bulletin"),
        "bulletin_cap": Detail("bulletin"),
        "bulletin-import-cap": Post(),
        "responsibleperson_import": Page(),
        "responsibleperson_import_template": Page(),
        "warnings_readings": Page(),
    }
    exempt = {
        "warnings_public_list": PUBLIC,
        "warnings_feed": PUBLIC,
        "warnings_public_map": PUBLIC,
        "warnings_public_regions": PUBLIC,
        "warnings_public_directory": PUBLIC,
        "warnings_public_detail": PUBLIC,
        "warnings_public_cap": PUBLIC,
    }

    def build(self, world: World) -> dict[str, Any]:
        street = Region.objects.get(code=JIANGAN_STREET)
        bulletin = bulletins.create_bulletin(draft_data(street, content="范围测试：预计大智街道有暴雨"),
                                             actor=actor_for(world.permitted()))
        person = directory.create_person({
            "name": "范围测试联系人", "phone": "13900009001", "region": Region.objects.get(code=JIANGAN),
            "role": DutyRole.SANFANG_COUNTY}, actor=system())
        return {"bulletin": bulletin, "responsibleperson": person}

    def marker(self, key: str, obj: Any) -> str:
        if key == "responsibleperson":
            return obj.name
        return super().marker(key, obj)
