"""The registry of computed indicators (考核指标): a module that owns the data of an
indicator registers a provider from its ``AppConfig.ready()``; governance's indicator
library reads the providers, so it never imports a module's internals and a computed
indicator's value always comes from the platform's data, never from a typed number.

A provider computes for a region subtree (a code prefix: a district, a city) and a
period ``[start, end)`` of local dates, through the owning module's services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

# (region prefix, first day, day after the last) → the figure / the filtered list's URL.
Compute = Callable[[str, date, date], "Measure"]
DataUrl = Callable[[str, date, date], str]
# (district prefix, year) → the target the owning module keeps, if any.
TargetOf = Callable[[str, int], "float | None"]


@dataclass(frozen=True)
class Measure:
    """An indicator's value for a region and a period: ``value`` is the rate in per
    cent (``part`` of ``whole``) or the count (``whole`` None); None without data."""

    value: float | None
    part: int = 0
    whole: int | None = None

    @staticmethod
    def rate(part: int, whole: int) -> Measure:
        return Measure(round(100.0 * part / whole, 1) if whole else None, part, whole)

    @staticmethod
    def count(n: int) -> Measure:
        return Measure(float(n), n, None)


@dataclass(frozen=True)
class Provider:
    """A computed indicator: its code, Chinese name and unit, the owning module's name,
    whether higher is better, how it is computed (shown beside the figure), the
    function and the link to the module's list filtered to the rows behind the figure.
    ``target`` answers a target the owning module keeps itself (accidents' 双下降
    targets), so that the same target is never kept twice."""

    code: str
    name: str
    module: str
    unit: str
    higher_is_better: bool
    definition: str
    compute: Compute
    data_url: DataUrl
    target: TargetOf | None = None


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Register (or replace, when a module's ``ready`` runs again) a provider."""
    _PROVIDERS[provider.code] = provider


def get(code: str) -> Provider | None:
    return _PROVIDERS.get(code)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: p.code)



def local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period ``[start, end)`` of local dates as aware datetimes (Asia/Shanghai)."""
    from django.utils import timezone

    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end, time.min)))


def region_code(prefix: str) -> str:
    """The 12-digit code of a subtree prefix (``420106`` → ``420106000000``)."""
    return prefix.ljust(12, "0")


def list_url(name: str, **params: object) -> str:
    """A module's list page filtered to the rows behind a figure."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)
