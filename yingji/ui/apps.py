from django.apps import AppConfig


class UiConfig(AppConfig):
    """The page shell: layout, navigation, workbench, shared page components."""

    name = "yingji.ui"
    label = "ui"
    verbose_name = "界面"

    def ready(self) -> None:
        from yingji.ui.cards import register_core_cards
        from yingji.ui.navigation import NavItem, register

        register("map", NavItem("综合一张图", "map", icon="map", permission="core.view_region"))
        register("system", NavItem("行政区划", "region_list", icon="map-pin",
                                   permission="core.view_region", order=10,
                                   hidden_from=("enterprise", "rescue", "public")))
        register("system", NavItem("组织机构", "department_list", icon="sitemap",
                                   permission="core.view_department", order=20))
        register("system", NavItem("用户管理", "user_list", icon="users",
                                   permission="core.view_user", order=30))
        register("audit", NavItem("审计日志", "auditlog_list", icon="shield-check",
                                  permission="core.view_auditlog", order=10))
        for order, (label, url_name, icon) in enumerate((
                ("当前预警", "warnings_public_list", "alert-triangle"),
                ("重大隐患公示", "hazards_public_list", "list"),
                ("应急避难场所", "public_shelters", "home"))):
            register("public", NavItem(label, url_name, icon=icon, order=order, roles=("public",)))
        register_core_cards()
