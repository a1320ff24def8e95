"""The module's parameters: the bureau's reward table (national defaults of 19号), the
handling limits and the public endpoints' limits."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.tipoffs import rules


def _money(label: str, default: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=Decimal(default))


class TipoffSettings(SingletonSettings):
    """举报处理与奖励参数. The reward amounts default to 安监总财〔2018〕19号 第九、十条; the
    uplift for an employee reporting the own employer is the bureau's (0 = none)."""

    fine_share_percent = models.DecimalField("罚没款奖励比例（%）", max_digits=5, decimal_places=2,
                                             default=Decimal("15"))
    reward_minimum = _money("奖励下限（元）", "3000")
    reward_maximum = _money("奖励上限（元）", "300000")
    no_fine_minimum = _money("无罚没款时奖励下限（元）", "3000")
    no_fine_maximum = _money("无罚没款时奖励上限（元）", "5000")
    death_general = _money("一般事故每瞒报1人（元）", "30000")
    death_larger = _money("较大事故每瞒报1人（元）", "40000")
    death_major = _money("重大事故每瞒报1人（元）", "50000")
    death_severe = _money("特别重大事故每瞒报1人（元）", "60000")
    concealment_maximum = _money("瞒报谎报奖励上限（元）", "300000")
    insider_uplift_percent = models.DecimalField("内部人员举报上浮（%）", max_digits=5,
                                                 decimal_places=2, default=Decimal("0"))
    partly_percent = models.DecimalField("部分属实奖励比例（%）", max_digits=5, decimal_places=2,
                                         default=Decimal("100"))
    triage_workdays = models.PositiveSmallIntegerField("受理期限（工作日）", default=5)
    verify_days = models.PositiveSmallIntegerField("核查期限（日）", default=60)
    photo_max_mb = models.PositiveSmallIntegerField("单张照片上限（MB）", default=10)
    video_max_mb = models.PositiveSmallIntegerField("单个视频上限（MB）", default=50)
    max_files = models.PositiveSmallIntegerField("每次最多上传文件数", default=6)
    per_address_hour = models.PositiveSmallIntegerField("同一地址每小时最多提交", default=5)
    per_phone_day = models.PositiveSmallIntegerField("同一手机号每天最多提交", default=3)
    lookups_per_hour = models.PositiveSmallIntegerField("同一地址每小时查询失败上限", default=10)
    public_region = models.ForeignKey("core.Region", verbose_name="公众举报覆盖区划", null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+",
                                      help_text="公众选择发生地时列出其下的区县；空为全部区县")

    class Meta:
        verbose_name = "举报处理参数"
        verbose_name_plural = "举报处理参数"

    def __str__(self) -> str:
        return "举报处理参数"

    def reward_table(self) -> rules.RewardTable:
        hundred = Decimal("100")
        return rules.RewardTable(
            fine_share=self.fine_share_percent / hundred, minimum=self.reward_minimum,
            maximum=self.reward_maximum, no_fine_minimum=self.no_fine_minimum,
            no_fine_maximum=self.no_fine_maximum,
            per_death={"general": self.death_general, "larger": self.death_larger,
                       "major": self.death_major, "severe": self.death_severe},
            concealment_maximum=self.concealment_maximum,
            insider_uplift=self.insider_uplift_percent / hundred,
            partly_share=self.partly_percent / hundred)
