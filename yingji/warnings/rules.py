"""Warning levels and meteorological warning-signal criteria, as pure functions.

Sources:
- 《突发事件应对法》(2024) — four warning levels: 一级 红 (highest), 二级 橙, 三级 黄, 四级 蓝.
- 《气象灾害预警信号发布与传播办法》(中国气象局令第16号) and its 附件 — the criteria of the
  暴雨, 台风, 大风 and 高温 signals (regulations.md §10).

The criteria are data (``Criterion`` rows, stored in ``SignalCriterion`` so that a
province can change them); the functions here only compare readings with them. No
Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

# Level codes, highest first; the rank is the Chinese 级 number (一级 = 1 = 红).
LEVELS: tuple[str, ...] = ("red", "orange", "yellow", "blue")
LEVEL_LABELS: dict[str, str] = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}
LEVEL_RANKS: dict[str, int] = {"red": 1, "orange": 2, "yellow": 3, "blue": 4}
LEVEL_GRADES: dict[str, str] = {"red": "一级", "orange": "二级", "yellow": "三级", "blue": "四级"}
# Map and badge colours of the four levels (the signal colours).
LEVEL_COLORS: dict[str, str] = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00",
                                "blue": "#206bc4"}

# Metrics a reading may carry.
RAIN_MM = "rain_mm"  # accumulated rainfall over the window, mm
WIND_FORCE = "wind_force"  # mean wind force (Beaufort 级) reached within the window
GUST_FORCE = "gust_force"  # gust force (级) reached within the window
MAX_TEMP_C = "max_temp_c"  # highest air temperature within the window, ℃
METRICS: dict[str, str] = {RAIN_MM: "累计降雨量（毫米）", WIND_FORCE: "平均风力（级）",
                           GUST_FORCE: "阵风（级）", MAX_TEMP_C: "最高气温（℃）"}


def is_level(code: str) -> bool:
    """Whether ``code`` is one of the four levels of 《突发事件应对法》."""
    return code in LEVEL_RANKS


def is_higher(a: str, b: str) -> bool:
    """Whether level ``a`` is more severe than ``b`` (红 > 橙 > 黄 > 蓝; 《突发事件应对法》)."""
    return LEVEL_RANKS[a] < LEVEL_RANKS[b]


def level_label(code: str) -> str:
    """"红色（一级）" etc."""
    return f"{LEVEL_LABELS[code]}（{LEVEL_GRADES[code]}）" if is_level(code) else code


@dataclass(frozen=True)
class Criterion:
    """One signal criterion: hazard ``hazard`` reaches ``level`` when ``metric`` reaches
    ``threshold`` within ``window_hours`` — or, when given, ``alt_metric`` reaches
    ``alt_threshold`` (the gust alternative of the wind signals). ``consecutive_days``
    > 1 means the daily value must reach the threshold on that many days in a row
    (the 高温黄色 signal)."""

    hazard: str
    level: str
    metric: str
    window_hours: int
    threshold: float
    alt_metric: str = ""
    alt_threshold: float | None = None
    consecutive_days: int = 1

    def describe(self) -> str:
        """Chinese description, e.g. "3小时累计降雨量（毫米）≥ 50"."""
        window = f"连续{self.consecutive_days}天" if self.consecutive_days > 1 else (
            f"{self.window_hours}小时内")
        text = f"{window}{METRICS.get(self.metric, self.metric)} ≥ {self.threshold:g}"
        if self.alt_metric and self.alt_threshold is not None:
            text += f"，或{METRICS.get(self.alt_metric, self.alt_metric)} ≥ {self.alt_threshold:g}"
        return text


def _c(hazard: str, level: str, metric: str, hours: int, threshold: float,
       gust: float | None = None, days: int = 1) -> Criterion:
    return Criterion(hazard, level, metric, hours, threshold,
                     GUST_FORCE if gust is not None else "", gust, days)


# 中国气象局令第16号 附件 (regulations.md §10). The defaults of the SignalCriterion table.
DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    _c("rainstorm", "blue", RAIN_MM, 12, 50),
    _c("rainstorm", "yellow", RAIN_MM, 6, 50),
    _c("rainstorm", "orange", RAIN_MM, 3, 50),
    _c("rainstorm", "red", RAIN_MM, 3, 100),
    _c("typhoon", "blue", WIND_FORCE, 24, 6, gust=8),
    _c("typhoon", "yellow", WIND_FORCE, 24, 8, gust=10),
    _c("typhoon", "orange", WIND_FORCE, 12, 10, gust=12),
    _c("typhoon", "red", WIND_FORCE, 6, 12, gust=14),
    _c("gale", "blue", WIND_FORCE, 24, 6, gust=7),
    _c("gale", "yellow", WIND_FORCE, 12, 8, gust=9),
    _c("gale", "orange", WIND_FORCE, 6, 10, gust=11),
    _c("gale", "red", WIND_FORCE, 6, 12, gust=13),
    _c("heat", "yellow", MAX_TEMP_C, 24, 35, days=3),
    _c("heat", "orange", MAX_TEMP_C, 24, 37),
    _c("heat", "red", MAX_TEMP_C, 24, 40),
)


@dataclass(frozen=True)
class Readings:
    """What a station measured (or forecasts): per metric, the value reached within a
    window of N hours (``{metric: {hours: value}}``), and for temperatures the daily
    maxima of the last days, oldest first. A value reached within a shorter window
    also counts for a longer one (rain accumulates, a peak stays a peak)."""

    values: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    daily_max_temp: Sequence[float] = ()

    def within(self, metric: str, hours: int) -> float | None:
        """Largest value of ``metric`` reached within ``hours`` (None if not measured)."""
        series = self.values.get(metric, {})
        candidates = [v for w, v in series.items() if w <= hours]
        return max(candidates) if candidates else None


def criterion_met(criterion: Criterion, readings: Readings) -> bool:
    """Whether ``readings`` reach ``criterion`` (中国气象局令第16号 附件; "≥" includes the
    bound)."""
    if criterion.consecutive_days > 1:
        days = list(readings.daily_max_temp)[-criterion.consecutive_days:]
        return (len(days) == criterion.consecutive_days
                and all(d >= criterion.threshold for d in days))
    value = readings.within(criterion.metric, criterion.window_hours)
    if value is not None and value >= criterion.threshold:
        return True
    if criterion.alt_metric and criterion.alt_threshold is not None:
        alt = readings.within(criterion.alt_metric, criterion.window_hours)
        return alt is not None and alt >= criterion.alt_threshold
    return False


def signal_level(hazard: str, readings: Readings, criteria: Iterable[Criterion]) -> str | None:
    """The highest level of ``hazard`` that ``readings`` reach, or None
    (中国气象局令第16号: a signal is issued at the highest level whose criterion holds)."""
    met = [c.level for c in criteria
           if c.hazard == hazard and is_level(c.level) and criterion_met(c, readings)]
    return min(met, key=LEVEL_RANKS.__getitem__) if met else None


def evaluate(readings: Readings, criteria: Iterable[Criterion]) -> dict[str, str]:
    """Every hazard the readings raise, with its level."""
    rows = list(criteria)
    hazards = sorted({c.hazard for c in rows})
    result = {}
    for hazard in hazards:
        level = signal_level(hazard, readings, rows)
        if level is not None:
            result[hazard] = level
    return result


# The target-area polygon of a bulletin: a GeoJSON Polygon (lon, lat; WGS84/CGCS2000),
# one closed ring, inside the bounding box of China's territory (incl. the South China
# Sea islands: 3.4°–53.6° N, 73.4°–135.1° E).
CHINA_LON = (73.4, 135.1)
CHINA_LAT = (3.4, 53.6)


def polygon_problem(geometry: object) -> str | None:
    """Why ``geometry`` is not a usable target area (a Chinese reason), or None.

    Worked examples: a triangle ``[[114.28,30.58],[114.31,30.58],[114.31,30.61],
    [114.28,30.58]]`` is fine; the same without the closing point is "not closed";
    two points and their closing point are "fewer than 3 points"; a ring at lon 2°
    (Europe) is outside China; three points on one line enclose no area."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        return "预警范围应为GeoJSON多边形（Polygon）"
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or len(rings) != 1 or not isinstance(rings[0], list):
        return "预警范围应为一个多边形（一个闭合环，不含洞）"
    ring = rings[0]
    points: list[tuple[float, float]] = []
    for point in ring:
        if (not isinstance(point, list | tuple) or len(point) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)):
            return "预警范围的每个点应为[经度, 纬度]两个数字"
        points.append((float(point[0]), float(point[1])))
    if len(points) >= 2 and points[0] != points[-1]:
        return "预警范围未闭合：最后一个点应与第一个点相同"
    distinct = list(dict.fromkeys(points))
    if len(distinct) < 3:
        return "预警范围至少需要3个不同的点"
    outside = [p for p in distinct if not (CHINA_LON[0] <= p[0] <= CHINA_LON[1]
                                           and CHINA_LAT[0] <= p[1] <= CHINA_LAT[1])]
    if outside:
        lon, lat = outside[0]
        return f"预警范围超出我国境内经纬度范围：经度{lon:g}，纬度{lat:g}"
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(points))
    if abs(area) < 1e-12:
        return "预警范围的点在一条直线上，围不成区域"
    return None
