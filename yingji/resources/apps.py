from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Emergency resources: teams, experts, warehouses and supplies, shelters, roads."""

    name = "yingji.resources"
    label = "resources"
    verbose_name = "应急资源"
