"""The demo accounts: one per role at city level, and district/street accounts that
show the data scope at work. All share the demo password (demo mode only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from yingji.core.roles import role_name


@dataclass(frozen=True)
class DemoAccount:
    username: str
    real_name: str
    role: str
    scope: str  # 12-digit region code
    scope_label: str
    position: str
    department: str  # department name (looked up in the demo org tree)


CITY = "420100000000"
JIANGAN = "420102000000"
WUCHANG = "420106000000"
HUANGPI = "420116000000"
DAZHI = "420102002000"

ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("wh_admin", "周建国", "admin", CITY, "武汉市", "系统管理员", "办公室"),
    DemoAccount("wh_auditor", "孙丽华", "auditor", CITY, "武汉市", "安全审计员", "办公室"),
    DemoAccount("wh_duty", "李明", "duty_officer", CITY, "武汉市", "值班员",
                "应急指挥中心（总值班室）"),
    DemoAccount("wh_leader", "王志强", "duty_leader", CITY, "武汉市", "副局长（带班领导）",
                "应急指挥中心（总值班室）"),
    DemoAccount("wh_supervisor", "陈静", "supervisor", CITY, "武汉市", "监管员",
                "危险化学品安全监督管理处"),
    DemoAccount("wh_inspector", "刘洋", "inspector", CITY, "武汉市", "执法员", "执法监督处"),
    DemoAccount("wh_safety", "冯建华", "safety_office", CITY, "武汉市", "市安委办专职副主任", "办公室"),
    DemoAccount("wh_legal", "吕文博", "legal_reviewer", CITY, "武汉市", "法制审核员", "政策法规处"),
    DemoAccount("wh_reward", "钱玉兰", "reward_committee", CITY, "武汉市", "举报奖励委员会委员",
                "政策法规处"),
    DemoAccount("wh_commander", "赵卫东", "commander", CITY, "武汉市", "局长（指挥长）", "办公室"),
    DemoAccount("ja_admin", "黄伟", "admin", JIANGAN, "江岸区", "系统管理员", "江岸区应急管理局"),
    DemoAccount("ja_duty", "吴敏", "duty_officer", JIANGAN, "江岸区", "值班员", "江岸区应急管理局"),
    DemoAccount("ja_legal", "钱法明", "legal_reviewer", JIANGAN, "江岸区", "法制审核员", "江岸区应急管理局"),
    DemoAccount("ja_leader", "郑海涛", "duty_leader", JIANGAN, "江岸区", "带班领导",
                "江岸区应急管理局"),
    DemoAccount("ja_supervisor", "何芳", "supervisor", JIANGAN, "江岸区", "监管员",
                "江岸区应急管理局"),
    DemoAccount("ja_inspector", "马俊", "inspector", JIANGAN, "江岸区", "执法员",
                "江岸区应急管理局"),
    DemoAccount("hp_relief", "卢春梅", "relief_section", HUANGPI, "黄陂区", "救灾科科员",
                "黄陂区应急管理局"),
    DemoAccount("wc_duty", "罗佳", "duty_officer", WUCHANG, "武昌区", "值班员", "武昌区应急管理局"),
    DemoAccount("wc_supervisor", "高翔", "supervisor", WUCHANG, "武昌区", "监管员",
                "武昌区应急管理局"),
    DemoAccount("dz_duty", "林晓燕", "duty_officer", DAZHI, "江岸区大智街道", "街道应急办",
                "大智街道办事处"),
    DemoAccount("dz_informant", "秦桂芳", "informant", DAZHI, "江岸区大智街道", "灾害信息员",
                "大智街道办事处"),
    DemoAccount("qy_safety", "徐磊", "enterprise", DAZHI, "江岸区大智街道", "企业安全管理员",
                "大智街道办事处"),
    DemoAccount("jy_team", "杨帆", "rescue", CITY, "武汉市", "救援队值班员", "武汉市消防救援支队"),
    DemoAccount("pg_evaluator", "许文涛", "evaluator", CITY, "武汉市", "外部演练评估专家", ""),
    DemoAccount("gz_public", "张小红", "public", CITY, "武汉市", "居民", ""),
)


def describe_accounts() -> str:
    """The account table printed by ``make run`` (demo mode only)."""
    lines = ["", "演示账号（仅演示模式）— 统一密码：" + settings.DEMO_PASSWORD,
             "  账号            角色        数据范围        姓名"]
    for account in ACCOUNTS:
        lines.append(f"  {account.username:<15} {role_name(account.role):<8} "
                     f"{account.scope_label:<10} {account.real_name}")
    lines.append("  其余各区另有监管员、带班领导账号（区划代码前六位_supervisor / _leader，"
                 "如 420103_supervisor），密码相同。")
    lines.append("  系统管理员、审计员首次登录须绑定动态口令（TOTP）。")
    return "\n".join(lines) + "\n"
