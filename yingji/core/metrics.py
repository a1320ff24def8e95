"""Operational figures in the Prometheus text format (``/metrics``).

Two kinds of figure: this process's own (requests served, their durations), which a
Prometheus server scrapes from every web process directly, and the platform's (queues,
deliveries, deadlines, ingest), read from the shared database and queue, the same from
whichever process answers. A module adds its figures by registering a family from its
``AppConfig.ready()``, as governance's indicators do (``core.kpis``)."""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Labels = dict[str, str]
Sample = tuple[Labels, float]
Collect = Callable[[], Iterable[Sample]]

# Request durations, in seconds: a page should answer within 0.3 s, a report within 5.
BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Family:
    """A metric family: its name, help text, type (gauge or counter) and the function
    giving its samples when scraped."""

    name: str
    help: str
    kind: str
    collect: Collect


_FAMILIES: dict[str, Family] = {}


def register(family: Family) -> None:
    """Register (or replace, when a module's ``ready`` runs again) a family."""
    _FAMILIES[family.name] = family


def families() -> list[Family]:
    return sorted(_FAMILIES.values(), key=lambda f: f.name)


# --- this process's requests ----------------------------------------------------------


class RequestFigures:
    """Requests counted by method, route and status class, and their durations per
    kind of endpoint (page, api, other), for this process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[tuple[str, str, str], int] = {}
        self.buckets: dict[str, list[int]] = {}
        self.sums: dict[str, float] = {}

    def observe(self, method: str, route: str, status: int, kind: str, seconds: float) -> None:
        key = (method, route, f"{status // 100}xx")
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            counts = self.buckets.setdefault(kind, [0] * (len(BUCKETS) + 1))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            counts[-1] += 1
            self.sums[kind] = self.sums.get(kind, 0.0) + seconds

    def reset(self) -> None:
        with self._lock:
            self.counts.clear()
            self.buckets.clear()
            self.sums.clear()


REQUESTS = RequestFigures()
STARTED = time.time()


# --- the text format ------------------------------------------------------------------


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _line(name: str, labels: Labels, value: float) -> str:
    if labels:
        inner = ",".join(f'{key}="{_escape(str(val))}"' for key, val in labels.items())
        return f"{name}{{{inner}}} {_number(value)}"
    return f"{name} {_number(value)}"


def _header(name: str, help_text: str, kind: str) -> list[str]:
    return [f"# HELP {name} {_escape(help_text)}", f"# TYPE {name} {kind}"]


def _request_lines() -> list[str]:
    with REQUESTS._lock:
        counts = dict(REQUESTS.counts)
        buckets = {kind: list(values) for kind, values in REQUESTS.buckets.items()}
        sums = dict(REQUESTS.sums)
    lines = _header("yingji_http_requests_total", "Requests answered by this process", "counter")
    for (method, route, status), n in sorted(counts.items()):
        lines.append(_line("yingji_http_requests_total",
                           {"method": method, "route": route, "status": status}, n))
    name = "yingji_http_request_duration_seconds"
    lines += _header(name, "Time to answer a request in this process, by kind of endpoint", "histogram")
    for kind, values in sorted(buckets.items()):
        for bound, n in zip((*BUCKETS, math.inf), values, strict=True):
            lines.append(_line(f"{name}_bucket", {"kind": kind, "le": _number(bound)}, n))
        lines.append(_line(f"{name}_count", {"kind": kind}, values[-1]))
        lines.append(_line(f"{name}_sum", {"kind": kind}, round(sums[kind], 6)))
    lines += _header("yingji_process_start_time_seconds", "When this process started (Unix time)", "gauge")
    lines.append(_line("yingji_process_start_time_seconds", {"pid": str(os.getpid())}, round(STARTED, 3)))
    return lines


def render() -> str:
    """Every figure in the Prometheus text exposition format (version 0.0.4). A family
    whose source fails is reported by ``yingji_metric_errors`` instead of failing all."""
    lines = _request_lines()
    failed: list[str] = []
    for family in families():
        try:
            samples = list(family.collect())
        except Exception:
            failed.append(family.name)
            continue
        lines += _header(family.name, family.help, family.kind)
        lines += [_line(family.name, labels, value) for labels, value in samples]
    lines += _header("yingji_metric_errors", "Families whose source could not be read in this scrape",
                     "gauge")
    lines += [_line("yingji_metric_errors", {"family": name}, 1) for name in failed]
    return "\n".join(lines) + "\n"
