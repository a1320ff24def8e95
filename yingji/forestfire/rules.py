"""Pure rules of forest fire prevention (森林防灭火): the forest fire danger weather index
and its five levels, the warning colour of each level, and the checks of a checkpoint's
log. No Django here (import contract).

The five levels and their names and colours are those of 森林火险气象等级 (GB/T 36743:
一级低 绿, 二级较低 蓝, 三级较高 黄, 四级高 橙, 五级极高 红). The index is the factor sum of
the national forest fire weather grading (the daily maximum temperature, the minimum
relative humidity, the consecutive days without rain, the maximum wind force, less the
day's rain and the phenology correction), banded at 25, 50, 72 and 90. The standard's
own text was not available when this was written: the factor tables below are to be
checked against it (docs/forestfire.md, "Not done")."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS: tuple[tuple[int, str], ...] = (
    (1, "一级（低火险）"), (2, "二级（较低火险）"), (3, "三级（较高火险）"),
    (4, "四级（高火险）"), (5, "五级（极高火险）"))
LEVEL_NAMES: dict[int, str] = dict(LEVELS)
# The warnings module's colour of each level (一级、二级: no warning sign).
WARNING_COLOUR: dict[int, str] = {3: "yellow", 4: "orange", 5: "red"}
ADVICE: dict[int, str] = {
    1: "森林火险气象等级低。", 2: "森林火险气象等级较低。",
    3: "森林火险气象等级较高，须加强防范，悬挂黄旗预警标志。",
    4: "森林火险气象等级高，林区须加强火源管理，悬挂橙旗预警标志。",
    5: "森林火险气象等级极高，严禁一切野外用火，悬挂红旗预警标志。"}

# (upper bound inclusive, score), ascending.
_TEMPERATURE = ((5.0, 0), (10.0, 4), (15.0, 8), (20.0, 12), (25.0, 16))  # above: 20
_HUMIDITY_FLOORS = ((65, 0), (55, 4), (45, 8), (35, 12), (25, 16))  # below 25 %: 20
_RAIN = ((9.9, 25), (16.9, 30), (24.9, 35), (37.9, 40), (74.9, 45))  # 75 mm and more: 50
BANDS = (25, 50, 72, 90)  # index ≤ 25 一级, ≤ 50 二级, ≤ 72 三级, ≤ 90 四级, above 五级


@dataclass(frozen=True)
class Weather:
    """The day's weather inputs of the index."""

    max_temp: float  # °C
    min_humidity: float  # %
    dry_days: int  # consecutive days without rain (a day of less than 0.1 mm is dry)
    max_wind: int  # Beaufort force 0–12
    rain_mm: float = 0.0  # the day's rain
    correction: int = 0  # phenology correction (green-up lowers the danger)


def temperature_score(value: float) -> int:
    return next((score for bound, score in _TEMPERATURE if value <= bound), 20)


def humidity_score(value: float) -> int:
    return next((score for floor, score in _HUMIDITY_FLOORS if value >= floor), 20)


def dry_days_score(days: int) -> int:
    return min(max(days, 0), 10) * 5


def wind_score(force: int) -> int:
    return min(max(force, 0), 8) * 5


def rain_score(mm: float) -> int:
    if mm < 0.1:
        return 0
    return next((score for bound, score in _RAIN if mm <= bound), 50)


def index(weather: Weather) -> int:
    """The danger index of the day (never below 0)."""
    total = (temperature_score(weather.max_temp) + humidity_score(weather.min_humidity)
             + dry_days_score(weather.dry_days) + wind_score(weather.max_wind)
             - rain_score(weather.rain_mm) - weather.correction)
    return max(total, 0)


def level_of(value: int) -> int:
    """The level (1–5) of an index."""
    return next((n for n, bound in enumerate(BANDS, start=1) if value <= bound), 5)


def weather_problems(weather: Weather) -> dict[str, str]:
    """Inputs outside what a weather station can read, by field."""
    problems = {}
    if not -40 <= weather.max_temp <= 50:
        problems["max_temp"] = "最高气温应在-40至50℃之间"
    if not 0 <= weather.min_humidity <= 100:
        problems["min_humidity"] = "最小相对湿度应在0至100%之间"
    if not 0 <= weather.dry_days <= 366:
        problems["dry_days"] = "连续无降水日数应在0至366天之间"
    if not 0 <= weather.max_wind <= 17:
        problems["max_wind"] = "最大风力应在0至17级之间"
    if not 0 <= weather.rain_mm <= 1000:
        problems["rain_mm"] = "日降水量应在0至1000毫米之间"
    if weather.rain_mm >= 0.1 and weather.dry_days:
        problems["dry_days"] = "当日有降水（≥0.1毫米）时连续无降水日数应为0"
    if not 0 <= weather.correction <= 50:
        problems["correction"] = "物候订正值应在0至50之间"
    return problems


def warning_due(level: int, threshold: int) -> str:
    """The warning colour to issue for ``level`` (``""`` below the threshold or a level
    without a warning sign)."""
    return WARNING_COLOUR.get(level, "") if level >= threshold else ""


def log_problems(people: int, vehicles: int, confiscated: int) -> dict[str, str]:
    """A checkpoint log's counts: whole numbers, and fire sources only from people checked."""
    problems = {}
    for name, value, label in (("people", people, "检查人数"), ("vehicles", vehicles, "检查车辆"),
                               ("confiscated", confiscated, "收缴火种")):
        if not 0 <= value <= 100000:
            problems[name] = f"{label}应在0至100000之间"
    if confiscated and not people:
        problems["confiscated"] = "收缴火种须有被检查人员"
    return problems
