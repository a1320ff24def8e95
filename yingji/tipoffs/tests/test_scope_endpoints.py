"""Every page and API endpoint of the tipoffs module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted (公众), a duty officer who also sits on
the reward committee in 江岸区, and the same in 武昌区. The world's report is in 江岸区,
so 武昌区 sees neither it nor its reward."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yingji.core.testing import JIANGAN, make_department, system
from yingji.core.testing_scope import Action, Page, ScopeCase, World, city_wide_reference
from yingji.enterprises.tests.factories import make_enterprise
from yingji.tipoffs.models import TipoffReward, TipoffSettings
from yingji.tipoffs.services import handling
from yingji.tipoffs.tests.conftest import submit

PUBLIC = ("the public reporting portal (我要举报, 进度查询, 企业名称检索, 结果公示): no login by "
          "design, limited per address and phone; tested in test_public")
VOTE = {"name": "vote", "vote": "for"}


class TestTipoffsScope(ScopeCase):
    apps = ("tipoffs",)
    roles = ("duty_officer", "reward_committee")

    endpoints = {
        "tipoff_step": Action("tipoff", post={"name": "reply", "reply": "范围测试答复"}),
        "tipoff-step": Action("tipoff", post={"name": "reply", "reply": "范围测试答复"}),
        "tipoffreward_step": Action("tipoffreward", post=VOTE),
        "tipoffreward-step": Action("tipoffreward", post=VOTE),
        "tipoff_stats": Page(),
        **city_wide_reference("tipoffsettings", page_actions=("edit",), api=False),
    }
    exempt = {name: PUBLIC for name in ("tipoff_public", "tipoff_progress", "tipoff_enterprises",
                                        "tipoff_outcomes")}

    def build(self, world: World) -> dict[str, Any]:
        from yingji.core.models import Region

        enterprise = make_enterprise(73, name="范围测试举报化工有限公司")
        tipoff, _ = submit(enterprise=enterprise, region=Region.objects.get(code=JIANGAN),
                           description="范围测试举报：仓库违规存放危险化学品")
        tipoff = handling.accept(tipoff, actor=system())
        bureau = make_department("范围测试江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
        tipoff = handling.assign(tipoff, actor=system(), department=bureau)
        tipoff = handling.conclude(tipoff, actor=system(), outcome="true", findings="范围测试核查属实",
                                   disposal="none", fine_amount=Decimal("20000"))
        return {"tipoff": tipoff, "tipoffreward": TipoffReward.objects.get(tipoff=tipoff),
                "tipoffsettings": TipoffSettings.current()}

    def marker(self, key: str, obj: Any) -> str:
        if key == "tipoff":
            return obj.number
        if key == "tipoffreward":
            return obj.tipoff.number
        return super().marker(key, obj)
