"""The outline of a work plan (issue 20 item 1): the five seed plans import into trees
whose item counts and numbering match the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from yingji.governance.outline import Outline, cn_number, parse, split_title

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def outline_of(name: str) -> Outline:
    return parse((SEEDS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "title", "counts"), [
    # 海南: "重点做好以下六方面工作", each opened by (一)…(六), its tasks 一是…
    ("hainan_2022.txt", "2022年应急管理工作计划", {"cn_paren": 6, "cn_shi": 26}),
    # 青岛: 四个"坚持", 十三项 (一)…(十三), 45 numbered tasks
    ("qingdao_2023.txt", "青岛市应急管理局2023年工作要点", {"cn_dun": 4, "cn_paren": 13, "arabic": 45}),
    # 东莞: 六大建设, 16 tasks
    ("dongguan_2020.txt", "", {"cn_dun": 6, "arabic": 16}),
    # 武汉: 六个部分, (一)…(二十七)
    ("wuhan_2024.txt", "", {"cn_dun": 6, "cn_paren": 27}),
    # 华容: 六章, 17 sections, 20 enumerations
    ("huarong_2021_2025.txt", "华容县应急管理局“十四五”专项规划",
     {"cn_dun": 6, "cn_paren": 17, "cn_shi": 20}),
])
def test_each_seed_plan_imports_with_its_counts(name: str, title: str, counts: dict[str, int]) -> None:
    outline = outline_of(name)
    assert outline.title == title
    assert outline.count_by_style() == counts
    assert outline.warnings == []


def test_numbers_run_on_across_sections_as_the_document_numbers_them() -> None:
    wuhan = outline_of("wuhan_2024.txt")
    assert [i.label for i in wuhan.items] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    tasks = [i for i in wuhan.walk() if i.style == "cn_paren"]
    assert [i.number for i in tasks] == list(range(1, 28))
    assert tasks[-1].label == "（二十七）" and tasks[-1].title == "坚持正风肃纪"
    assert [c.label for c in wuhan.items[1].children] == ["（三）", "（四）", "（五）", "（六）", "（七）",
                                                           "（八）", "（九）"]
    assert tasks[0].body.startswith("按照省市部署")
    qingdao = outline_of("qingdao_2023.txt")
    numbered = [i for i in qingdao.walk() if i.style == "arabic"]
    assert [i.number for i in numbered] == list(range(1, 46))
    third = qingdao.items[0].children[2]
    assert (third.label, third.title) == ("（三）", "推动企业本质安全建设")
    assert [c.number for c in third.children] == [7, 8]


def test_items_belong_to_the_nearest_higher_level_and_keep_their_text() -> None:
    hainan = outline_of("hainan_2022.txt")
    first = hainan.items[0]
    assert first.title == "在精准防上下功夫,有效防范化解重大安全风险"
    assert [c.label for c in first.children] == ["一是", "二是", "三是", "四是", "五是"]
    assert "2022年是党的二十大召开之年" in hainan.preamble
    huarong = outline_of("huarong_2021_2025.txt")
    # An unnumbered paragraph (存在的问题) between two runs of 一是: both stay under 一、.
    basics = huarong.items[0]
    assert [c.number for c in basics.children] == [1, 2, 3, 4, 5, 1, 2, 3, 4]
    assert "存在的问题" in basics.children[4].body


def test_a_gap_or_a_repeat_in_the_numbering_is_reported_with_its_line() -> None:
    outline = parse("关于2025年安全生产工作要点\n一、总体要求\n1.第一项。内容\n2.第二项\n4.第四项\n"
                    "二、重点任务\n（一）甲\n（一）乙\n")
    assert outline.title == "关于2025年安全生产工作要点"
    assert outline.warnings == ["第5行：编号“4.”不连续（应为第3项或接续上一部分的编号）",
                                "第8行：编号“（一）”不连续（应为第2项或接续上一部分的编号）"]
    assert [i.title for i in outline.walk()] == ["总体要求", "第一项", "第二项", "第四项", "重点任务",
                                                 "甲", "乙"]


def test_numerals_and_titles() -> None:
    numerals = ("一", "十", "十三", "二十", "二十七", "一百零五")
    assert [cn_number(t) for t in numerals] == [1, 10, 13, 20, 27, 105]
    assert split_title("强化制度执行。严格落实规定") == ("强化制度执行", "严格落实规定")
    assert split_title("发展基础") == ("发展基础", "")
    long = ("发挥信息化支撑作用精准防全力推进应急管理综合应用平台建设进度"
            "努力实现信息化与应急管理业务的高度融合为自然灾害防范安全生产监管和应急指挥救援提供信息化支撑")
    heading, body = split_title(long)
    assert heading == long[:30] + "…" and body == long
    # A decimal or a date at the start of a line is not an item number.
    assert parse("2022.5万元用于演练\n1.5级风险").count() == 0
