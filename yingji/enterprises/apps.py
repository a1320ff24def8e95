from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """Regulated entities: enterprise registry, major hazard sources, risk points."""

    name = "yingji.enterprises"
    label = "enterprises"
    verbose_name = "企业监管"

    def ready(self) -> None:
        from yingji.core.live import register_owner_resolver
        from yingji.enterprises import workbench
        from yingji.enterprises.models.ownership import live_owners

        register_owner_resolver(live_owners)
        from yingji.ui.navigation import NavItem, register
        from yingji.ui.workbench import Card, register_card, register_todos

        register("prevention", NavItem("企业档案", "enterprise_list", "building",
                                       "enterprises.view_enterprise", order=10))
        register("prevention", NavItem("四色风险图", "enterprise_map", "map",
                                       "enterprises.view_enterprise",
                                       hidden_from=("enterprise",), order=11))
        register("prevention", NavItem("企业统计", "enterprise_charts", "activity",
                                       "enterprises.view_enterprise",
                                       hidden_from=("enterprise",), order=12))
        register("prevention", NavItem("许可证", "licence_list", "certificate",
                                       "enterprises.view_licence", order=13))
        register("prevention", NavItem("分级标准与基础数据", "hazardsubstance_list", "database",
                                       "enterprises.view_hazardsubstance",
                                       hidden_from=("enterprise",), order=14))
        register_card(Card("licences_expiring", "许可证到期提醒",
                           "enterprises/card_licences.html", workbench.licences_card,
                           permission="enterprises.view_licence", order=40))
        register_todos("licences_expiring", workbench.licence_todos)
        from yingji.enterprises import demo  # noqa: F401  (registers the demo builder)
