"""The live-event bus behind Server-Sent Events.

In the embedded default the bus is in-process: subscribers are asyncio queues fed
thread-safely. With YINGJI_REDIS_URL it is Redis pub/sub, so an event published by
any web or worker process reaches every SSE subscriber in every process.

A message is a JSON object. ``region`` limits it to users whose scope covers that
region; ``user`` limits it to one user; neither means everyone signed in.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

Message = dict[str, Any]


class Subscription:
    """One subscriber's feed; ``next`` waits up to ``timeout`` seconds for a message."""

    async def next(self, timeout: float) -> Message | None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class _MemorySubscription(Subscription):
    def __init__(self, bus: MemoryBus) -> None:
        self.bus = bus
        self.queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=1000)
        self.entry = (asyncio.get_running_loop(), self.queue)

    async def next(self, timeout: float) -> Message | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    async def close(self) -> None:
        self.bus.remove(self.entry)


class MemoryBus:
    """Process-local fan-out to asyncio queues (the embedded default)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Message]]] = set()

    def publish(self, message: Message) -> int:
        with self._lock:
            targets = list(self._subscribers)
        for entry in targets:
            loop, queue = entry
            try:
                loop.call_soon_threadsafe(_offer, queue, message)
            except RuntimeError:  # loop closed: the subscriber is gone
                self.remove(entry)
        return len(targets)

    async def subscribe(self) -> Subscription:
        subscription = _MemorySubscription(self)
        with self._lock:
            self._subscribers.add(subscription.entry)
        return subscription

    def remove(self, entry: tuple[asyncio.AbstractEventLoop, asyncio.Queue[Message]]) -> None:
        with self._lock:
            self._subscribers.discard(entry)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)


def _offer(queue: asyncio.Queue[Message], message: Message) -> None:
    # A subscriber that stopped reading loses old messages rather than blocking others.
    if queue.full():
        queue.get_nowait()
    queue.put_nowait(message)


class _RedisSubscription(Subscription):
    def __init__(self, client: Any, pubsub: Any, channel: str) -> None:
        self.client, self.pubsub, self.channel = client, pubsub, channel

    async def next(self, timeout: float) -> Message | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            raw = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=remaining)
            if raw is None:
                continue
            try:
                return dict(json.loads(raw["data"]))
            except (ValueError, TypeError):
                logger.warning("ignored malformed live event")

    async def close(self) -> None:
        await self.pubsub.unsubscribe(self.channel)
        await self.pubsub.aclose()
        await self.client.aclose()


class RedisBus:
    """Redis pub/sub on one channel: every process's subscribers see every event."""

    def __init__(self, url: str, channel: str) -> None:
        import redis

        self.url = url
        self.channel = channel
        self._client = redis.Redis.from_url(url)

    def publish(self, message: Message) -> int:
        try:
            return int(self._client.publish(self.channel, json.dumps(message, ensure_ascii=False)))
        except Exception:  # a live push must never break the business transaction
            logger.exception("live event publish to Redis failed")
            return 0

    def publish_many(self, messages: list[Message]) -> int:
        """Publish in one pipelined round trip (a bulk notification's messages)."""
        try:
            pipe = self._client.pipeline(transaction=False)
            for message in messages:
                pipe.publish(self.channel, json.dumps(message, ensure_ascii=False))
            return sum(int(n) for n in pipe.execute())
        except Exception:  # a live push must never break the business transaction
            logger.exception("live event publish to Redis failed")
            return 0

    async def subscribe(self) -> Subscription:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        pubsub = client.pubsub()
        await pubsub.subscribe(self.channel)
        return _RedisSubscription(client, pubsub, self.channel)


_bus: MemoryBus | RedisBus | None = None
_bus_lock = threading.Lock()


def get_bus() -> MemoryBus | RedisBus:
    global _bus
    with _bus_lock:
        if _bus is None:
            if settings.LIVE_BUS == "redis":
                _bus = RedisBus(settings.REDIS_URL, settings.LIVE_CHANNEL)
            else:
                _bus = MemoryBus()
        return _bus


def set_bus(bus: MemoryBus | RedisBus | None) -> None:
    """Replace the process bus (tests and the serve command)."""
    global _bus
    with _bus_lock:
        _bus = bus


def publish(message: Message) -> int:
    return get_bus().publish(message)


def publish_many(messages: list[Message]) -> int:
    """Publish several messages; on Redis in one pipelined round trip."""
    bus = get_bus()
    if isinstance(bus, RedisBus):
        return bus.publish_many(messages)
    return sum(bus.publish(m) for m in messages)


def visible_to(message: Message, user_id: int, region_prefix: str | None, *,
               industries: frozenset[str] | None = None,
               owners: frozenset[int] | None = None) -> bool:
    """Whether a message may be shown to a user with this id and scope: its region
    within the prefix, its industry (when it has one) among ``industries`` (None: all),
    and, for a user limited to their own units (``owners``, e.g. an enterprise account),
    its owner among them; a message addressed to the user is always shown."""
    target_user = message.get("user")
    if target_user is not None:
        return bool(target_user == user_id)
    if owners is not None and message.get("owner") not in owners:
        return False
    industry = message.get("industry")
    if industries is not None and industry and industry not in industries:
        return False
    region = message.get("region") or ""
    if region_prefix is None:
        return True
    return bool(region) and str(region).startswith(region_prefix)


# Modules that limit some users to their own units (enterprise accounts to their
# enterprises) say so here: resolver(scope) -> the owner ids, or None for no limit.
_OWNER_RESOLVERS: list[Callable[[Any], frozenset[int] | None]] = []


def register_owner_resolver(resolver: Callable[[Any], frozenset[int] | None]) -> None:
    _OWNER_RESOLVERS.append(resolver)


def owners_of(scope: Any) -> frozenset[int] | None:
    """The owner ids a scope is limited to on the live stream (None: not limited)."""
    limited: frozenset[int] | None = None
    for resolver in _OWNER_RESOLVERS:
        owned = resolver(scope)
        if owned is not None:
            limited = owned if limited is None else limited & owned
    return limited
