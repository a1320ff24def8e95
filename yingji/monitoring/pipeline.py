"""The ingest pipeline shared by both doors (MQTT consumer and HTTP endpoint).

``Pipeline.process(messages)`` takes raw messages, authenticates each against its
data source, validates every reading (``validation``), stores the new ones with their
minute aggregates (``store``), runs the rule engine on them (``rules``) and applies
the resulting alarm changes (``services.alarms``), all in one transaction; rejected
messages and readings become dead letters with the reason. Duplicates (same point and
time) are stored once and evaluated once.

Sources, points and rule settings are cached per process for ``CACHE_SECONDS`` so the
hot path runs no query per reading.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yingji.monitoring import rules, store, validation
from yingji.monitoring.validation import Limits, PointSpec, Reject

CACHE_SECONDS = 30.0
PAYLOAD_EXCERPT = 2000


@dataclass
class Incoming:
    """One raw message and what the door knows about it."""

    raw: bytes
    door: str  # mqtt | http
    topic: str = ""
    source_code: str = ""  # from the topic (MQTT) or the URL/header (HTTP)
    token: str = ""  # from the Authorization header (HTTP); MQTT carries it in the payload


@dataclass(frozen=True)
class PointInfo:
    spec: PointSpec
    code: str
    name: str
    enterprise_id: int
    object_id: int
    th: rules.Thresholds
    params: rules.Params
    created_ts: float


@dataclass(frozen=True)
class SourceInfo:
    id: int
    code: str
    enterprise_id: int
    region_code: str
    token_hash: str
    active: bool


@dataclass
class MessageResult:
    """Outcome of one message: readings accepted (new), duplicates, rejections."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    error: Reject | None = None  # the whole message was refused


@dataclass
class BatchResult:
    messages: list[MessageResult]
    stored: int = 0
    alarms_raised: int = 0


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registry:
    """Per-process cache of sources, points and limits (refreshed every 30 s)."""

    def __init__(self) -> None:
        self._loaded_at = 0.0
        self.sources: dict[str, SourceInfo] = {}
        self.points: dict[int, dict[str, PointInfo]] = {}  # enterprise -> code -> info
        self.specs: dict[int, dict[str, PointSpec]] = {}
        self.by_id: dict[int, PointInfo] = {}
        self.limits = Limits()

    def refresh(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._loaded_at < CACHE_SECONDS:
            return
        from yingji.monitoring.models import DataSource, MeasurementPoint, MonitoringSettings, RuleConfig

        conf = MonitoringSettings.current()
        self.limits = Limits(conf.max_payload_bytes, conf.max_future_seconds, conf.max_past_hours * 3600.0)
        self.sources = {
            s.code: SourceInfo(s.pk, s.code, s.enterprise_id, s.enterprise.region_id, s.token_hash, s.active)
            for s in DataSource.objects.select_related("enterprise").only(
                "id", "code", "enterprise_id", "enterprise__region", "token_hash", "active")
        }
        type_params = {c.point_type: c.as_params() for c in RuleConfig.objects.all()}
        points: dict[int, dict[str, PointInfo]] = defaultdict(dict)
        by_id = {}
        for p in MeasurementPoint.objects.filter(enabled=True):
            spec = PointSpec(p.pk, p.unit, p.range_low, p.range_high)
            info = PointInfo(
                spec, p.code, p.name, p.enterprise_id, p.monitored_object_id,
                rules.Thresholds(p.range_low, p.range_high, p.low_low, p.low, p.high, p.high_high),
                rules.effective_params(type_params.get(p.point_type), p.rule_overrides),
                p.created_at.timestamp())
            points[p.enterprise_id][p.code] = info
            by_id[p.pk] = info
        self.points = dict(points)
        self.by_id = by_id
        self.specs = {eid: {c: i.spec for c, i in pts.items()} for eid, pts in points.items()}
        self._loaded_at = time.monotonic()

    def authenticate(self, code: str, token: str) -> SourceInfo | Reject:
        source = self.sources.get(code)
        if source is None:
            self.refresh(force=True)  # a source added a moment ago
            source = self.sources.get(code)
        if source is None or not token or not hmac.compare_digest(source.token_hash, hash_token(token)):
            return Reject("bad_credentials", "数据源编码或令牌错误")
        if not source.active:
            return Reject("source_disabled", "数据源已停用")
        return source


_registry: Registry | None = None


def registry() -> Registry:
    global _registry
    if _registry is None:
        _registry = Registry()
    _registry.refresh()
    return _registry


def reset_registry() -> None:
    """Forget cached sources and points (after configuration changes in tests)."""
    global _registry
    _registry = None


class Pipeline:
    """Validate, store, evaluate and alarm, one batch of messages per transaction."""

    def process(self, messages: Sequence[Incoming]) -> BatchResult:
        reg = registry()
        now = time.time()
        results: list[MessageResult] = []
        dead: list[dict[str, Any]] = []
        rows: dict[tuple[int, int], store.Row] = {}
        seen_sources: set[int] = set()
        for message in messages:
            result = MessageResult()
            results.append(result)
            parsed = validation.parse_message(message.raw, reg.limits)
            if isinstance(parsed, Reject):
                result.error = parsed
                dead.append(_dead(message, parsed, None))
                continue
            code = message.source_code or str(parsed.get("source") or "")
            token = message.token or str(parsed.get("token") or "")
            source = reg.authenticate(code, token)
            if isinstance(source, Reject):
                result.error = source
                dead.append(_dead(message, source, None))
                continue
            seen_sources.add(source.id)
            specs = reg.specs.get(source.enterprise_id, {})
            default_ts = parsed.get("ts")
            for index, item in enumerate(parsed["readings"]):
                checked = validation.check_reading(item, specs, now, reg.limits, default_ts)
                if isinstance(checked, Reject):
                    result.rejected.append({"index": index, "code": checked.code, "reason": checked.reason})
                    dead.append(_dead(message, checked, source, item))
                    continue
                us = round(checked.ts * 1_000_000)
                key = (checked.point_id, us)
                if key in rows:
                    result.duplicates += 1
                    continue
                rows[key] = store.Row(checked.point_id, us, checked.value, int(checked.out_of_range))
                result.accepted += 1
        batch = BatchResult(results)
        with transaction.atomic():
            new = store.insert_readings(list(rows.values()))
            batch.stored = len(new)
            duplicates = len(rows) - len(new)
            if duplicates:
                _count_store_duplicates(results, duplicates)
            store.upsert_aggregates(store.minute_aggregates(new))
            batch.alarms_raised = evaluate(new, reg)
            if dead:
                _store_dead(dead)
            if seen_sources:
                from yingji.monitoring.models import DataSource

                DataSource.objects.filter(pk__in=seen_sources).update(last_seen_at=timezone.now())
        return batch


def _count_store_duplicates(results: list[MessageResult], duplicates: int) -> None:
    # Readings already in the table: the batch's accepted count moves to duplicates
    # (attributed to the last messages; the per-message split is not tracked).
    for result in reversed(results):
        moved = min(result.accepted, duplicates)
        result.accepted -= moved
        result.duplicates += moved
        duplicates -= moved
        if not duplicates:
            return


def evaluate(new: Sequence[store.Row], reg: Registry) -> int:
    """Run the rules on the new readings, in time order per point; persist point states
    (locked, so concurrent ingest processes serialise per point) and apply alarm
    changes. Returns the number of alarms raised or escalated."""
    from yingji.monitoring.services import alarms

    if not new:
        return 0
    by_point: dict[int, list[store.Row]] = defaultdict(list)
    for r in new:
        by_point[r.point_id].append(r)
    states = _lock_states(sorted(by_point))
    changes: list[alarms.PointChange] = []
    updates = []
    for pid, point_rows in by_point.items():
        info = reg.by_id.get(pid)
        if info is None:
            continue
        point_rows.sort(key=store._us)
        last_us, last_value, rule_state, offline = states.get(pid, (None, None, {}, False))
        if offline:
            changes.append(alarms.PointChange(info, rules.Change("offline", "clear"), point_rows[-1].us))
            offline = False
        for r in point_rows:
            if last_us is not None and r.us <= last_us:
                continue  # late reading: stored, but it must not rewind the rule state
            for change in rules.evaluate_reading(rule_state, r.value, r.us / 1e6, info.th, info.params):
                changes.append(alarms.PointChange(info, change, r.us))
            last_us, last_value = r.us, r.value
        updates.append((pid, last_us, last_value, rule_state, offline))
    _save_states(updates)
    return alarms.apply_point_changes(changes) if changes else 0


def _lock_states(point_ids: list[int]) -> dict[int, tuple[int | None, float | None, dict[str, Any], bool]]:
    from yingji.monitoring.models import PointState

    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("INSERT INTO monitoring_pointstate (point_id, rules, offline) "
                           "SELECT unnest(%s::bigint[]), '{}'::jsonb, false ON CONFLICT DO NOTHING",
                           [point_ids])
    if not pg:
        existing = set(PointState.objects.filter(point_id__in=point_ids).values_list("point_id", flat=True))
        PointState.objects.bulk_create([PointState(point_id=p) for p in point_ids if p not in existing],
                                       ignore_conflicts=True)
    qs = PointState.objects.filter(point_id__in=point_ids).order_by("point_id")
    if pg:
        qs = qs.select_for_update()
    out = {}
    for s in qs:
        last_us = None if s.last_ts is None else round(s.last_ts.timestamp() * 1_000_000)
        out[s.point_id] = (last_us, s.last_value, dict(s.rules or {}), s.offline)
    return out


def _save_states(updates: list[tuple[int, int | None, float | None, dict[str, Any], bool]]) -> None:
    """One statement on PostgreSQL (UPDATE … FROM unnest of arrays); the ORM's
    bulk_update builds a CASE per row and per field, which cost more than the rest of
    the batch together."""
    import json

    if not updates:
        return
    rows = [(pid, None if us is None else store.to_dt(us), value, json.dumps(state), offline)
            for pid, us, value, state, offline in updates]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE monitoring_pointstate AS s SET last_ts = v.last_ts, last_value = v.last_value, "
                "rules = v.rules, offline = v.offline FROM unnest(%s::bigint[], %s::timestamptz[], "
                "%s::float8[], %s::jsonb[], %s::bool[]) AS v(point_id, last_ts, last_value, rules, offline) "
                "WHERE s.point_id = v.point_id", [list(col) for col in zip(*rows, strict=True)])
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                "UPDATE monitoring_pointstate SET last_ts = %s, last_value = %s, rules = %s, offline = %s "
                "WHERE point_id = %s", [(adapt(ts), value, state, offline, pid)
                                        for pid, ts, value, state, offline in rows])


def _dead(message: Incoming, reject: Reject, source: SourceInfo | None, item: Any = None) -> dict[str, Any]:
    if item is not None:
        import json

        payload = json.dumps(item, ensure_ascii=False, default=str)[:PAYLOAD_EXCERPT]
    else:
        payload = message.raw[:PAYLOAD_EXCERPT].decode("utf-8", "replace")
    return {"door": message.door, "topic": message.topic[:200], "reason_code": reject.code,
            "reason": reject.reason[:300], "payload": payload,
            "source_code": (message.source_code or (source.code if source else ""))[:100],
            "enterprise_id": source.enterprise_id if source else None,
            "region_code": source.region_code if source else ""}


def _store_dead(dead: list[dict[str, Any]]) -> None:
    from yingji.monitoring.models import DeadLetter

    now = timezone.now()
    DeadLetter.objects.bulk_create([DeadLetter(received_at=now, **d) for d in dead], batch_size=500)
