from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Emergency resources: teams, experts, warehouses and supplies, shelters, roads."""

    name = "yingji.resources"
    label = "resources"
    verbose_name = "应急资源"

    def ready(self) -> None:
        from yingji.resources import workbench
        from yingji.ui.navigation import NavItem, register
        from yingji.ui.workbench import Card, register_card, register_todos

        items = [
            ("应急资源一张图", "resources_map", "map", "resources.view_rescueteam"),
            ("救援队伍", "rescueteam_list", "users", "resources.view_rescueteam"),
            ("专家库", "expert_list", "user", "resources.view_expert"),
            ("储备库", "warehouse_list", "building", "resources.view_warehouse"),
            ("物资库存", "stockbatch_list", "list", "resources.view_stockbatch"),
            ("调拨单", "transfer_list", "arrows-sort", "resources.view_transfer"),
            ("物资目录", "supplyitem_list", "file-text", "resources.view_supplyitem"),
            ("储备标准", "reservestandard_list", "checks", "resources.view_reservestandard"),
            ("物资生产企业", "supplyproducer_list", "building", "resources.view_supplyproducer"),
            ("应急装备", "equipment_list", "shield", "resources.view_equipment"),
            ("应急避难场所", "shelter_list", "home", "resources.view_shelter"),
            ("社区人口", "communityprofile_list", "users", "resources.view_communityprofile"),
            ("最近资源查询", "resources_nearest", "search", "resources.view_rescueteam"),
            ("15分钟救援圈", "resources_coverage", "map-pin", "resources.view_rescueteam"),
            ("疏散安置方案", "resources_evacuation", "sitemap", "resources.view_shelter"),
            ("路网与分析参数", "roadspeed_list", "map", "resources.view_roadspeed"),
        ]
        for order, (label, url_name, icon, permission) in enumerate(items, start=10):
            register("preparedness", NavItem(label, url_name, icon, permission, order=order))
        register_card(Card("resource_alerts", "储备物资预警", "resources/card_alerts.html",
                           workbench.alerts_card, permission="resources.view_stockbatch",
                           order=45))
        register_todos("resource_stock", workbench.stock_todos)
        from yingji.resources import (
            demo,  # noqa: F401  (registers the demo builder)
            kpis,
        )

        kpis.register()  # computed indicators for governance's KPI library
