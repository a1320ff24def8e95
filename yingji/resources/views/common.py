"""Pieces the resource pages share."""

from __future__ import annotations

from yingji.core.views.generic import Column

REGION = Column("region", "所属区划", accessor="region.name")
