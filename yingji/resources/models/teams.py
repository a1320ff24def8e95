"""Rescue teams (救援队伍) and equipment (装备)."""

from __future__ import annotations

from django.db import models

from yingji.core.scope import ScopedManager
from yingji.resources.models.base import LocatedResource, split_list


class TeamKind(models.TextChoices):
    FIRE = "fire", "综合性消防救援队伍"
    HAZCHEM = "hazchem", "危化专业救援队伍"
    MINE = "mine", "矿山专业救援队伍"
    FLOOD = "flood", "防汛抢险专业队伍"
    FOREST = "forest", "森林消防专业队伍"
    EARTHQUAKE = "earthquake", "地震专业救援队伍"
    WATER = "water", "水上专业救援队伍"
    AVIATION = "aviation", "航空专业救援队伍"
    SOCIAL = "social", "社会应急力量"
    ENTERPRISE = "enterprise", "企业专职救援队伍"
    GRASSROOTS = "grassroots", "基层应急救援队伍"


class TeamStatus(models.TextChoices):
    STANDBY = "standby", "待命"
    DEPLOYED = "deployed", "出动"
    RESTING = "resting", "休整"


class RescueTeam(LocatedResource):
    """A rescue team (救援队伍) at its base: kind, members, capabilities, vehicles, status."""

    kind = models.CharField("队伍类型", max_length=16, choices=TeamKind.choices)
    leader = models.CharField("负责人", max_length=40, blank=True)
    headcount = models.PositiveIntegerField("人数", default=0)
    members = models.TextField("队员名单", blank=True)
    capabilities = models.CharField("救援能力", max_length=300, blank=True,
                                    help_text="多个能力用顿号分隔，如：危化品泄漏处置、破拆")
    equipment_summary = models.TextField("主要装备", blank=True)
    vehicle_count = models.PositiveIntegerField("车辆数", default=0)
    status = models.CharField("状态", max_length=12, choices=TeamStatus.choices,
                              default=TeamStatus.STANDBY)
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    duty_phone = models.CharField("值班电话", max_length=20, blank=True)

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "救援队伍"
        verbose_name_plural = "救援队伍"

    @property
    def capability_list(self) -> list[str]:
        return split_list(self.capabilities)

    @property
    def available(self) -> bool:
        return self.status == TeamStatus.STANDBY


class EquipmentCategory(models.TextChoices):
    DRAINAGE = "drainage", "排涝抽水"
    POWER = "power", "发电照明"
    BREAKING = "breaking", "破拆救援"
    COMMS = "comms", "通信保障"
    MACHINERY = "machinery", "工程机械"
    LIFESAVING = "lifesaving", "水上救生"
    DETECTION = "detection", "侦检监测"
    MEDICAL = "medical", "医疗救护"
    OTHER = "other", "其他"


class EquipmentStatus(models.TextChoices):
    READY = "ready", "完好可用"
    IN_USE = "in_use", "使用中"
    REPAIR = "repair", "维修中"


class Equipment(LocatedResource):
    """Equipment (装备) kept by a team or a warehouse, with quantity and status."""

    category = models.CharField("装备类别", max_length=16, choices=EquipmentCategory.choices)
    model_spec = models.CharField("规格型号", max_length=120, blank=True)
    quantity = models.PositiveIntegerField("数量", default=1)
    unit = models.CharField("单位", max_length=10, default="台")
    status = models.CharField("状态", max_length=10, choices=EquipmentStatus.choices,
                              default=EquipmentStatus.READY)
    team = models.ForeignKey(RescueTeam, verbose_name="所属队伍", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="equipment_items")
    warehouse = models.ForeignKey("resources.Warehouse", verbose_name="存放仓库", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="equipment_items")

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "应急装备"
        verbose_name_plural = "应急装备"

    @property
    def available(self) -> bool:
        return self.status == EquipmentStatus.READY
