"""Data sources (gateways) and dead letters (refused data)."""

from __future__ import annotations

from yingji.core.views.generic import Column, ObjectDetailView, ObjectListView
from yingji.monitoring.filtersets import DataSourceFilterSet, DeadLetterFilterSet
from yingji.monitoring.ingest.mqtt import readings_topic, topic_root
from yingji.monitoring.models import DataSource, DeadLetter


class DataSourceListView(ObjectListView):
    model = DataSource
    title = "数据源"
    filterset_class = DataSourceFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("code", "编码", sortable=True, link_to_detail=True),
        Column("name", "名称"),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("active", "启用"),
        Column("token_prefix", "令牌前缀"),
        Column("last_seen_at", "最近接入", sortable=True),
    )


class DataSourceDetailView(ObjectDetailView):
    model = DataSource
    select_related = ("enterprise",)
    show_attachments = False
    fields = ("code", "name", "enterprise", "token_prefix",
              Column("topic", "MQTT主题", accessor=lambda s: readings_topic(topic_root(), s.code)),
              "active", "last_seen_at", "created_at")


class DeadLetterListView(ObjectListView):
    model = DeadLetter
    title = "死信（被拒收的数据）"
    filterset_class = DeadLetterFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("received_at", "接收时间", sortable=True, link_to_detail=True),
        Column("door", "接入方式", accessor="get_door_display"),
        Column("source_code", "数据源"),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("reason", "原因", link_to_detail=True),
        Column("payload", "内容（截断）", accessor=lambda d: d.payload[:80], raw=True),
    )


class DeadLetterDetailView(ObjectDetailView):
    model = DeadLetter
    select_related = ("enterprise",)
    show_attachments = False
    show_timeline = False
