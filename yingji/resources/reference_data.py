"""Default reference data, loaded by migration 0002 and editable afterwards.

The catalogue follows the item names of 《中央应急抢险救灾物资储备管理暂行办法》
(财建〔2023〕59号) and the common municipal reserve lists (tents, quilts, folding
beds, life jackets, pumps, generators, sandbags, lighting, rescue tools). The reserve
minimums are local planning figures, not national ones: they are defaults to edit.
"""

from __future__ import annotations

from yingji.resources.routing import DEFAULT_SPEEDS_KMH

HIGHWAY_LABELS: dict[str, str] = {
    "motorway": "高速公路/快速路", "motorway_link": "快速路匝道", "trunk": "城市快速干道",
    "trunk_link": "干道匝道", "primary": "主干路", "primary_link": "主干路连接线",
    "secondary": "次干路", "secondary_link": "次干路连接线", "tertiary": "支路",
    "tertiary_link": "支路连接线", "unclassified": "一般道路", "residential": "居住区道路",
    "living_street": "生活街道", "service": "服务道路", "road": "未分级道路", "track": "机耕道",
}

# code, name, category, unit, spec, shelf life (days)
SUPPLY_ITEMS: list[tuple[str, str, str, str, str, int | None]] = [
    ("WZ-0101", "救灾帐篷", "shelter", "顶", "12平方米单帐篷", None),
    ("WZ-0102", "棉被", "living", "床", "2×2.3米", 3650),
    ("WZ-0103", "折叠床", "shelter", "张", "钢架单人", None),
    ("WZ-0104", "睡袋", "living", "个", "棉睡袋", 3650),
    ("WZ-0105", "毛毯", "living", "条", "", 3650),
    ("WZ-0201", "救生衣", "lifesaving", "件", "成人型，浮力≥75N", 1825),
    ("WZ-0202", "救生圈", "lifesaving", "个", "", 1825),
    ("WZ-0203", "冲锋舟", "lifesaving", "艘", "带40马力船外机", None),
    ("WZ-0301", "编织袋（沙袋）", "flood", "条", "50×80厘米", 1095),
    ("WZ-0302", "排涝水泵", "flood", "台", "流量≥100立方米/小时", None),
    ("WZ-0303", "防汛土工布", "flood", "平方米", "", 1825),
    ("WZ-0401", "柴油发电机组", "power", "台", "30千瓦", None),
    ("WZ-0402", "移动照明灯塔", "power", "台", "4×500瓦", None),
    ("WZ-0403", "强光手电", "power", "支", "", 1825),
    ("WZ-0501", "液压破拆工具组", "tools", "套", "", None),
    ("WZ-0502", "油锯", "tools", "台", "", None),
    ("WZ-0601", "瓶装饮用水", "living", "箱", "550毫升×24瓶", 365),
    ("WZ-0602", "方便食品", "living", "箱", "", 270),
    ("WZ-0701", "医用外科口罩", "medical", "个", "", 730),
    ("WZ-0702", "急救包", "medical", "个", "", 1095),
]

# item code -> minimum per warehouse level (city, district, street)
RESERVE_MINIMUMS: dict[str, tuple[int, int, int]] = {
    "WZ-0101": (2000, 300, 20), "WZ-0102": (10000, 1500, 100), "WZ-0103": (5000, 800, 50),
    "WZ-0201": (3000, 500, 50), "WZ-0301": (100000, 20000, 2000), "WZ-0302": (50, 10, 1),
    "WZ-0401": (30, 5, 1), "WZ-0402": (30, 5, 1), "WZ-0601": (5000, 800, 50),
}
STANDARD_LEVELS = ("city", "district", "street")

ROAD_SPEEDS = [(h, HIGHWAY_LABELS.get(h, h), s) for h, s in DEFAULT_SPEEDS_KMH.items()]
