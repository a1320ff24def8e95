"""Pure rules of the command screen (指挥大屏): its panels, the places on the screen a
layout puts them in, and the countdown text of a report deadline. No Django here."""

from __future__ import annotations

from collections.abc import Mapping

# The panels a screen can show (code, Chinese title).
PANELS: tuple[tuple[str, str], ...] = (
    ("duty", "今日值班"),
    ("alarms", "实时报警"),
    ("warnings", "生效预警与叫应"),
    ("incidents", "处置中事件"),
    ("major_hazards", "重大危险源"),
    ("hazards", "逾期隐患"),
    ("gauges", "气象与水雨情"),
    ("resources", "应急资源"),
)
PANEL_TITLES = dict(PANELS)

# The places around the map (field name of the layout, Chinese name).
SLOTS: tuple[tuple[str, str], ...] = (
    ("left_1", "左侧第一格"), ("left_2", "左侧第二格"), ("left_3", "左侧第三格"),
    ("right_1", "右侧第一格"), ("right_2", "右侧第二格"), ("right_3", "右侧第三格"),
    ("bottom_1", "地图下方左格"), ("bottom_2", "地图下方右格"),
)
DEFAULT_LAYOUT: dict[str, str] = {
    "left_1": "duty", "left_2": "alarms", "left_3": "warnings",
    "right_1": "incidents", "right_2": "major_hazards", "right_3": "hazards",
    "bottom_1": "gauges", "bottom_2": "resources",
}
# The live stream carries every change; the fallback re-read is never more often.
MIN_REFRESH_SECONDS = 60


def repeated_panels(layout: Mapping[str, str]) -> dict[str, str]:
    """Places that repeat a panel already shown in an earlier place, with the reason
    (a panel is shown once; empty places are allowed)."""
    seen: dict[str, str] = {}
    errors: dict[str, str] = {}
    names = dict(SLOTS)
    for slot, _ in SLOTS:
        panel = layout.get(slot, "")
        if not panel:
            continue
        if panel in seen:
            errors[slot] = f"“{PANEL_TITLES.get(panel, panel)}”已放在{names[seen[panel]]}，同一面板只能放一处"
        else:
            seen[panel] = slot
    return errors


def placed(layout: Mapping[str, str]) -> list[tuple[str, str]]:
    """(place, panel) for every place holding a known panel, in screen order."""
    return [(slot, layout[slot]) for slot, _ in SLOTS if layout.get(slot) in PANEL_TITLES]


def countdown(seconds: float) -> str:
    """A report deadline as the screen shows it: 剩余2时05分 / 已超时12分."""
    late = seconds < 0
    minutes = int(abs(seconds) // 60)
    hours, rest = divmod(minutes, 60)
    text = f"{hours}时{rest:02d}分" if hours else f"{rest}分"
    return f"已超时{text}" if late else f"剩余{text}"
