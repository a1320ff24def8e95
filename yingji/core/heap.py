"""The start-up heap kept out of the garbage collector's passes.

A served process builds its long-lived objects once at start (settings, models, URL
patterns, views, serializers, the reference tables). CPython's cyclic collector walks
every tracked object in its oldest generation on each full pass, so on a request that
allocates many objects (plan matching builds about a thousand) the full pass over the
start-up heap is most of the tail latency. ``gc.freeze()`` after start-up moves those
objects into a permanent generation the collector no longer walks; objects created by
requests are collected as before. ``YINGJI_GC_FREEZE=0`` turns it off (for comparisons).
"""

from __future__ import annotations

import gc
import os


def freeze_startup_heap() -> int:
    """Load what requests will need, collect once, then freeze the survivors; the count
    of frozen objects (0 when turned off)."""
    if os.environ.get("YINGJI_GC_FREEZE", "1") == "0":
        return 0
    from django.urls import get_resolver

    # Importing every URL pattern imports the views, forms and serializers they name,
    # which a first request would otherwise build after the freeze.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
