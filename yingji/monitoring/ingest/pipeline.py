"""The ingest pipeline shared by both doors (MQTT consumer and HTTP endpoint).

``Pipeline.process(messages)`` takes raw messages, authenticates each against its
data source, validates every reading (``validation``), stores the new ones with their
minute aggregates (``store``), runs the rule engine on them (``evaluation``) and hands
the resulting point changes to the alarm service (``services.alarms``) as the last step
of the same transaction; rejected
messages and readings become dead letters with the reason. Duplicates (same point and
time) are stored once and evaluated once.

Sources, points and rule settings are cached per process for ``CACHE_SECONDS`` so the
hot path runs no query per reading.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from yingji.monitoring import rules
from yingji.monitoring.ingest import evaluation, rules_batch, store, validation
from yingji.monitoring.ingest.columns import Columns, minute_aggregates
from yingji.monitoring.ingest.types import PointChange, PointInfo, SourceInfo
from yingji.monitoring.ingest.validation import Limits, PointSpec, PointTable, Reject
from yingji.monitoring.services.alarms import apply_point_changes

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
    topic_problem: str = ""  # why the topic does not fit its source (MQTT)


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
        self.tables: dict[int, PointTable] = {}
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
            th = rules.Thresholds(p.range_low, p.range_high, p.low_low, p.low, p.high, p.high_high)
            params = rules.effective_params(type_params.get(p.point_type), p.rule_overrides)
            info = PointInfo(spec, p.code, p.name, p.enterprise_id, p.monitored_object_id, th, params,
                             p.created_at.timestamp(), rules_batch.Fixed.of(th, params))
            points[p.enterprise_id][p.code] = info
            by_id[p.pk] = info
        self.points = dict(points)
        self.by_id = by_id
        self.specs = {eid: {c: i.spec for c, i in pts.items()} for eid, pts in points.items()}
        self.tables = {eid: PointTable.of(specs) for eid, specs in self.specs.items()}
        self._loaded_at = time.monotonic()

    def disabled(self, code: str, reject: Reject) -> SourceInfo | None:
        """The source a ``source_disabled`` refusal was about (its dead letter is its
        enterprise's); None for any other refusal, whose sender is not known."""
        return self.sources.get(code) if reject.code == "source_disabled" else None

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
        parts: list[Columns] = []
        seen_sources: set[int] = set()
        for number, message in enumerate(messages):
            result = MessageResult()
            results.append(result)
            known: SourceInfo | None = None
            if message.token:
                # Credentials outside the payload (HTTP): checked first, so that a
                # broken message from a known gateway is filed under its enterprise.
                checked = reg.authenticate(message.source_code, message.token)
                if isinstance(checked, Reject):
                    result.error = checked
                    dead.append(_dead(message, checked, reg.disabled(message.source_code, checked)))
                    continue
                known = checked
            parsed = validation.parse_message(message.raw, reg.limits)
            if message.topic_problem:
                # A gateway on the wrong topic: its own enterprise sees why, if the
                # payload's credentials are right.
                owner = None if isinstance(parsed, Reject) else reg.authenticate(
                    message.source_code, str(parsed.get("token") or ""))
                parsed = Reject("wrong_topic", message.topic_problem)
                known = owner if isinstance(owner, SourceInfo) else None
            if isinstance(parsed, Reject):
                result.error = parsed
                dead.append(_dead(message, parsed, known))
                continue
            source = known or reg.authenticate(message.source_code or str(parsed.get("source") or ""),
                                               str(parsed.get("token") or ""))
            if isinstance(source, Reject):
                result.error = source
                dead.append(_dead(message, source, reg.disabled(message.source_code, source)))
                continue
            seen_sources.add(source.id)
            readings = parsed["readings"]
            table = reg.tables.get(source.enterprise_id)
            fast = None if table is None else validation.check_readings_fast(
                readings, table, now, reg.limits, parsed.get("ts"))
            if fast is None:
                fast = _check_one_by_one(message, readings, reg.specs.get(source.enterprise_id, {}), now,
                                         reg.limits, parsed.get("ts"), source, result, dead)
            pid, us, value, flag = fast
            result.accepted = len(pid)
            parts.append(Columns(pid, us, value, flag, np.full(len(pid), number, np.int64)))
        rows, repeated = Columns.concat(parts).sorted_unique()
        for number in repeated.tolist():
            results[number].accepted -= 1
            results[number].duplicates += 1
        batch = BatchResult(results)
        with transaction.atomic():
            changes: list[PointChange] = []
            if len(rows):
                batch.stored, changes = self._store(rows, reg, batch)
            if dead:
                _store_dead(dead)
            if seen_sources:
                from yingji.monitoring.models import DataSource

                DataSource.objects.filter(pk__in=seen_sources).update(last_seen_at=timezone.now())
            if changes:
                # Last, so that the audit chain, which the alarm service appends to in
                # one step at its end, is locked only until the commit right after.
                batch.alarms_raised = apply_point_changes(changes)
        return batch

    @staticmethod
    def _store(rows: Columns, reg: Registry, batch: BatchResult) -> tuple[int, list[PointChange]]:
        states = evaluation.lock_states(rows.pid[rows.group_starts()].tolist())
        stored = store.insert_readings(rows, evaluation.fresh_mask(rows, states))
        new = rows if stored.all() else rows.take(stored)
        for number in rows.msg[~stored].tolist():  # already in the table
            batch.messages[number].accepted -= 1
            batch.messages[number].duplicates += 1
        store.upsert_aggregates(minute_aggregates(new))
        return len(new), evaluation.evaluate(new, states, reg.by_id)


def _check_one_by_one(message: Incoming, readings: list[Any], specs: dict[str, PointSpec], now: float,
                      limits: Limits, default_ts: Any, source: SourceInfo, result: MessageResult,
                      dead: list[dict[str, Any]]) -> tuple[Any, Any, Any, Any]:
    """The per-reading path: every problem gets its own dead letter and reason."""
    kept: list[validation.CheckedReading] = []
    for index, item in enumerate(readings):
        checked = validation.check_reading(item, specs, now, limits, default_ts)
        if isinstance(checked, Reject):
            result.rejected.append({"index": index, "code": checked.code, "reason": checked.reason})
            dead.append(_dead(message, checked, source, item))
        else:
            kept.append(checked)
    return (np.array([c.point_id for c in kept], np.int64),
            np.array([round(c.ts * 1_000_000) for c in kept], np.int64),
            np.array([c.value for c in kept], np.float64),
            np.array([c.out_of_range for c in kept], np.bool_))


TOKEN_IN_PAYLOAD = re.compile(r'("token"\s*:\s*")[^"]*(")?')


def _text(value: str, limit: int) -> str:
    """Text the database takes: no NUL characters, no lone surrogates."""
    return value[:limit].replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def _dead(message: Incoming, reject: Reject, source: SourceInfo | None, item: Any = None) -> dict[str, Any]:
    if item is not None:
        import json

        payload = json.dumps(item, ensure_ascii=False, default=str)
    else:
        # Gateways' tokens never go into dead letters, which staff read.
        payload = TOKEN_IN_PAYLOAD.sub(r"\1***\2", message.raw[:PAYLOAD_EXCERPT].decode("utf-8", "replace"))
    return {"door": message.door, "topic": _text(message.topic, 200), "reason_code": reject.code,
            "reason": _text(reject.reason, 300), "payload": _text(payload, PAYLOAD_EXCERPT),
            "source_code": _text(message.source_code or (source.code if source else ""), 100),
            "enterprise_id": source.enterprise_id if source else None,
            "region_code": source.region_code if source else ""}


def quarantine(message: Incoming, exc: BaseException) -> None:
    """Keep a message that could not be processed as a dead letter of its own (the
    consumer's last resort, so that it can acknowledge and go on)."""
    from yingji.monitoring.models import DeadLetter

    reject = Reject("unprocessable", f"消息处理失败（{type(exc).__name__}），已单独存为死信")
    with transaction.atomic():
        DeadLetter.objects.create(received_at=timezone.now(), **_dead(message, reject, None))


def _store_dead(dead: list[dict[str, Any]]) -> None:
    from yingji.monitoring.models import DeadLetter

    now = timezone.now()
    DeadLetter.objects.bulk_create([DeadLetter(received_at=now, **d) for d in dead], batch_size=500)
