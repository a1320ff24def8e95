"""Plain data shared by the ingest pipeline, the rule evaluation and the alarm service.

Imported by both sides and importing neither, so that the path runs one way:
pipeline → evaluation (returns ``PointChange`` rows) → pipeline → alarm service.
"""

from __future__ import annotations

from dataclasses import dataclass

from yingji.monitoring import rules
from yingji.monitoring.ingest import rules_batch
from yingji.monitoring.ingest.validation import PointSpec


@dataclass(frozen=True)
class PointInfo:
    """A measurement point as the hot path needs it (cached per process)."""

    spec: PointSpec
    code: str
    name: str
    enterprise_id: int
    object_id: int
    th: rules.Thresholds
    params: rules.Params
    created_ts: float
    fixed: rules_batch.Fixed


@dataclass(frozen=True)
class SourceInfo:
    """A data source (gateway) as the doors need it to authenticate a message."""

    id: int
    code: str
    enterprise_id: int
    region_code: str
    token_hash: str
    active: bool


@dataclass(frozen=True)
class PointChange:
    """A rule change of one point at one time (µs since the epoch): what the rule
    engine found, for the alarm service to raise, repeat or recover."""

    point_id: int
    object_id: int
    change: rules.Change
    us: int
