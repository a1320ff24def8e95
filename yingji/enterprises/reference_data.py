"""Default contents of the reference tables: the figures of GB 18218-2018 as collected
in the project's regulations notes (§2), the LEC/LS colour bands (§3) and the default
supervision classes. Loaded by migration 0002; administrators may correct the rows.

β of a named substance that is not a 表3 toxic gas comes from 表4 through the hazard
category given here (our classification by GHS category; editable).
"""

from __future__ import annotations

# 表2 (Q, t) with 表4 (β): code, name, Q, β.
CATEGORIES: tuple[tuple[str, str, float, float], ...] = (
    ("J1", "急性毒性类别1，所有暴露途径，气体", 5, 4),
    ("J2", "急性毒性类别1，所有暴露途径，固体、液体", 50, 1),
    ("J3", "急性毒性类别2、类别3，所有暴露途径，气体", 50, 2),
    ("J4", "急性毒性类别2、类别3，吸入途径，液体（沸点≤35℃）", 50, 2),
    ("J5", "急性毒性类别2，所有暴露途径，液体（除J4外）、固体", 500, 1),
    ("W1.1", "不稳定爆炸物；1.1项爆炸物", 1, 2),
    ("W1.2", "1.2、1.3、1.5、1.6项爆炸物", 10, 2),
    ("W1.3", "1.4项爆炸物", 50, 2),
    ("W2", "易燃气体类别1和类别2", 10, 1.5),
    ("W3", "气溶胶类别1和类别2（净重）", 150, 1),
    ("W4", "氧化性气体类别1", 50, 1),
    ("W5.1", "易燃液体类别1；类别2和3，工作温度高于沸点", 10, 1.5),
    ("W5.2", "易燃液体类别2和3，具有引发重大事故的特殊工艺条件", 50, 1),
    ("W5.3", "不属于W5.1或W5.2的其他易燃液体类别2", 1000, 1),
    ("W5.4", "不属于W5.1或W5.2的其他易燃液体类别3", 5000, 1),
    ("W6.1", "自反应物质和混合物A型和B型", 10, 1.5),
    ("W6.2", "自反应物质和混合物C型、D型、E型、F型", 50, 1),
    ("W7.1", "有机过氧化物A型和B型", 10, 1.5),
    ("W7.2", "有机过氧化物C型、D型、E型、F型", 50, 1),
    ("W8", "自燃液体和自燃固体类别1", 50, 1),
    ("W9.1", "氧化性固体和液体类别1", 50, 1),
    ("W9.2", "氧化性固体和液体类别2、类别3", 200, 1),
    ("W10", "易燃固体类别1", 200, 1),
    ("W11", "遇水放出易燃气体的物质和混合物类别1和类别2", 200, 1),
)

# 表1 (Q, t) with 表3 β for the named toxic gases, in the standard's order (序号 1–85):
# name, aliases (；-separated: the standard's own 别名 and the usual trade names, by
# which users may enter the substance), CAS numbers (as the standard's cell gives
# them), Q, toxic β (表3), category (β through 表4 when no toxic β; our
# classification by GHS category, editable).
#
# Where each row's figures come from, marked at the end of the row:
#   §2  — Q as given in the project's regulations notes (docs: shared/domain/
#         regulations.md §2), the standard's other columns as the standard gives them;
#   std — not in the notes' selection: name, aliases, CAS and Q from the text of
#         GB 18218-2018 表1 as we know it (to be checked against the printed standard).
# Rows keep the names the platform has stored since its first release where they
# differ from the standard's primary name (光气, 丙烯腈, 环氧丙烷, 电石, 硝酸铵基化肥):
# the standard's name is then the first alias, so it resolves to the same row.
SUBSTANCES: tuple[tuple[str, str, str, float, float | None, str | None], ...] = (
    ("氨", "液氨；氨气；无水氨", "7664-41-7", 10, 2, None),  # 1 §2
    ("二氟化氧", "一氧化二氟", "7783-41-7", 1, None, "J1"),  # 2 std
    ("二氧化氮", "", "10102-44-0", 1, 10, None),  # 3 std (β 10 from §2's 表3)
    ("二氧化硫", "亚硫酸酐", "7446-09-5", 20, 2, None),  # 4 §2
    ("氟", "氟气", "7782-41-4", 1, None, "J3"),  # 5 std
    ("光气", "碳酰氯", "75-44-5", 0.3, 20, None),  # 6 §2 (the standard's name: 碳酰氯)
    ("环氧乙烷", "氧化乙烯", "75-21-8", 10, 2, None),  # 7 §2
    ("甲醛（含量>90%）", "蚁醛", "50-00-0", 5, None, "J3"),  # 8 std
    ("磷化氢", "磷化三氢；膦", "7803-51-2", 1, 20, None),  # 9 std (β 20 from §2's 表3)
    ("硫化氢", "", "7783-06-4", 5, 5, None),  # 10 §2
    ("氯化氢（无水）", "氯化氢；无水氯化氢", "7647-01-0", 20, 3, None),  # 11 §2
    ("氯", "液氯；氯气", "7782-50-5", 5, 4, None),  # 12 §2
    # 13 §2. The standard's cell has no CAS number; CO's (630-08-0) is added so that
    # carbon monoxide entered by its number finds this row (表3 gives CO's β).
    ("煤气（CO，CO和H2、CH4的混合物等）", "煤气；一氧化碳；焦炉煤气；水煤气；发生炉煤气",
     "630-08-0", 20, 2, None),
    ("砷化氢", "砷化三氢；胂", "7784-42-1", 1, None, "J3"),  # 14 std
    ("锑化氢", "三氢化锑；锑化三氢；䏲", "7803-52-3", 1, None, "J3"),  # 15 std
    ("硒化氢", "", "7783-07-5", 1, None, "J3"),  # 16 std
    ("溴甲烷", "甲基溴", "74-83-9", 10, 3, None),  # 17 §2
    ("丙酮氰醇", "丙酮合氰化氢；2-羟基异丁腈；氰丙醇", "75-86-5", 20, None, "J2"),  # 18 std
    ("丙烯醛", "烯丙醛；败脂醛", "107-02-8", 20, None, "J2"),  # 19 std
    ("氟化氢", "无水氟化氢", "7664-39-3", 1, 5, None),  # 20 §2
    ("1-氯-2,3-环氧丙烷", "环氧氯丙烷；3-氯-1,2-环氧丙烷", "106-89-8", 20, None, "W5.4"),  # 21 std
    ("3-溴-1,2-环氧丙烷", "环氧溴丙烷；溴甲基环氧乙烷；表溴醇", "3132-64-7", 20, None,
     "W5.4"),  # 22 std
    ("甲苯二异氰酸酯", "二异氰酸甲苯酯；TDI", "26471-62-5", 100, None, "J5"),  # 23 §2
    ("一氯化硫", "氯化硫", "10025-67-9", 1, None, "J5"),  # 24 std
    ("氰化氢", "无水氢氰酸", "74-90-8", 1, 10, None),  # 25 §2
    ("三氧化硫", "硫酸酐", "7446-11-9", 75, None, "J5"),  # 26 §2
    ("3-氨基丙烯", "烯丙胺", "107-11-9", 20, None, "W5.3"),  # 27 std
    ("溴", "溴素", "7726-95-6", 20, None, "J5"),  # 28 §2
    ("乙撑亚胺", "吖丙啶；1-氮杂环丙烷；氮丙啶", "151-56-4", 20, None, "J2"),  # 29 std
    ("异氰酸甲酯", "甲基异氰酸酯", "624-83-9", 0.75, 20, None),  # 30 §2
    ("叠氮化钡", "叠氮钡", "18810-58-7", 0.5, None, "W1.1"),  # 31 std
    ("叠氮化铅", "", "13424-46-9", 0.5, None, "W1.1"),  # 32 std
    ("雷汞", "二雷酸汞；雷酸汞", "628-86-4", 0.5, None, "W1.1"),  # 33 std
    ("三硝基苯甲醚", "三硝基茴香醚", "28653-16-9", 5, None, "W1.1"),  # 34 std
    ("2,4,6-三硝基甲苯", "梯恩梯；TNT", "118-96-7", 5, None, "W1.1"),  # 35 §2
    ("硝化甘油", "硝化丙三醇；甘油三硝酸酯", "55-63-0", 1, None, "W1.1"),  # 36 §2
    # 37–42 std: six grades of nitrocellulose share the alias 硝化棉 and one CAS
    # number, so those resolve to none of them and the user picks the row.
    ("硝化纤维素[干的或含水（或乙醇）<25%]", "硝化棉", "9004-70-0", 1, None, "W1.1"),
    ("硝化纤维素（未改型的，或增塑的，含增塑剂<18%）", "硝化棉", "9004-70-0", 1, None, "W1.1"),
    ("硝化纤维素（含乙醇≥25%）", "硝化棉", "9004-70-0", 10, None, "W1.2"),
    ("硝化纤维素（含氮≤12.6%）", "硝化棉", "9004-70-0", 50, None, "W10"),
    ("硝化纤维素（含水≥25%）", "硝化棉", "9004-70-0", 50, None, "W10"),
    ("硝化纤维素溶液（含氮量≤12.6%，含硝化纤维素≤55%）", "硝化棉溶液", "9004-70-0", 50, None,
     "W5.3"),
    # 43–44 §2: plain “硝酸铵” names both rows and resolves to neither.
    ("硝酸铵（含可燃物>0.2%）",
     "硝酸铵；硝酸铵（含可燃物>0.2%，包括以碳计算的任何有机物，但不包括任何其他添加剂）",
     "6484-52-2", 5, None, "W1.1"),
    ("硝酸铵（含可燃物≤0.2%）", "硝酸铵", "6484-52-2", 50, None, "W9.1"),
    # 45 §2 (Q); the standard's wording as we know it is the first alias.
    ("硝酸铵基化肥", "硝酸铵肥料（含可燃物≤0.4%）；硝酸铵肥料", "", 200, None, "W9.2"),
    ("硝酸钾", "硝石；火硝", "7757-79-1", 1000, None, "W9.2"),  # 46 §2
    ("1,3-丁二烯", "丁二烯；联乙烯", "106-99-0", 5, None, "W2"),  # 47 §2
    ("二甲醚", "甲醚", "115-10-6", 50, None, "W2"),  # 48 §2
    ("甲烷、天然气", "甲烷；天然气；压缩天然气；液化天然气；CNG；LNG",
     "74-82-8（甲烷）；8006-14-2（天然气）", 50, None, "W2"),  # 49 §2
    ("氯乙烯", "乙烯基氯", "75-01-4", 50, None, "W2"),  # 50 §2
    ("氢", "氢气", "1333-74-0", 5, None, "W2"),  # 51 §2
    ("液化石油气（含丙烷、丁烷及其混合物）", "液化石油气；石油气（液化的）；LPG；丙烷；丁烷",
     "68476-85-7；74-98-6（丙烷）；106-97-8（丁烷）", 50, None, "W2"),  # 52 §2
    ("一甲胺", "甲胺；氨基甲烷", "74-89-5", 5, None, "W2"),  # 53 §2
    ("乙炔", "电石气", "74-86-2", 1, None, "W2"),  # 54 §2
    ("乙烯", "", "74-85-1", 50, None, "W2"),  # 55 §2
    ("氧（压缩的或液化的）", "氧；液氧；氧气", "7782-44-7", 200, None, "W4"),  # 56 §2
    ("苯", "纯苯", "71-43-2", 50, None, "W5.3"),  # 57 §2
    ("苯乙烯", "乙烯苯", "100-42-5", 500, None, "W5.4"),  # 58 §2
    ("丙酮", "二甲基酮", "67-64-1", 500, None, "W5.3"),  # 59 §2
    ("丙烯腈", "2-丙烯腈；乙烯基氰；氰基乙烯", "107-13-1", 50, None, "W5.3"),  # 60 §2
    ("二硫化碳", "", "75-15-0", 50, None, "W5.1"),  # 61 §2
    ("环己烷", "六氢化苯", "110-82-7", 500, None, "W5.3"),  # 62 §2
    ("环氧丙烷", "1,2-环氧丙烷；氧化丙烯；甲基环氧乙烷", "75-56-9", 10, None, "W5.1"),  # 63 §2
    ("甲苯", "甲基苯；苯基甲烷", "108-88-3", 500, None, "W5.3"),  # 64 §2
    ("甲醇", "木醇；木精", "67-56-1", 500, None, "W5.3"),  # 65 §2
    ("汽油（含乙醇汽油、甲醇汽油）", "汽油；乙醇汽油；甲醇汽油；车用汽油", "86290-81-5", 200, None,
     "W5.1"),  # 66 §2
    ("乙醇", "酒精；无水乙醇", "64-17-5", 500, None, "W5.3"),  # 67 §2
    ("乙醚", "二乙基醚", "60-29-7", 10, None, "W5.1"),  # 68 §2
    ("乙酸乙酯", "醋酸乙酯", "141-78-6", 500, None, "W5.3"),  # 69 §2
    ("正己烷", "己烷", "110-54-3", 500, None, "W5.3"),  # 70 §2
    ("过乙酸", "过醋酸；过氧乙酸；乙酰过氧化氢", "79-21-0", 10, None, "W7.2"),  # 71 std
    ("过氧化甲基乙基酮（10%<有效氧含量≤10.7%，含A型稀释剂≥48%）", "过氧化甲乙酮；MEKP",
     "1338-23-4", 10, None, "W7.1"),  # 72 std
    ("白磷", "黄磷", "12185-10-3", 50, None, "W8"),  # 73 §2
    ("烷基铝", "三烷基铝", "", 1, None, "W8"),  # 74 §2
    ("戊硼烷", "五硼烷", "19624-22-7", 1, None, "W8"),  # 75 std
    ("过氧化钾", "", "17014-71-0", 20, None, "W9.1"),  # 76 std
    ("过氧化钠", "双氧化钠；二氧化钠", "1313-60-6", 20, None, "W9.1"),  # 77 §2
    ("氯酸钾", "", "3811-04-9", 100, None, "W9.1"),  # 78 §2
    ("氯酸钠", "", "7775-09-9", 100, None, "W9.1"),  # 79 §2
    ("发烟硝酸", "", "52583-42-3", 20, None, "W9.1"),  # 80 §2
    ("硝酸（发红烟的除外，含硝酸>70%）", "浓硝酸", "7697-37-2", 100, None, "W9.1"),  # 81 §2
    ("硝酸胍", "硝酸亚氨脲", "506-93-4", 50, None, "W9.2"),  # 82 std
    ("电石", "碳化钙", "75-20-7", 100, None, "W11"),  # 83 §2 (the standard's name: 碳化钙)
    ("钾", "金属钾", "7440-09-7", 1, None, "W11"),  # 84 §2
    ("钠", "金属钠", "7440-23-5", 10, None, "W11"),  # 85 §2
)

# 表5: minimum population within 500 m, α, label.
ALPHA_BANDS: tuple[tuple[int, float, str], ...] = (
    (100, 2.0, "100人以上"), (50, 1.5, "50～99人"), (30, 1.2, "30～49人"),
    (1, 1.0, "1～29人"), (0, 0.5, "0人"),
)

# Risk bands: method, minimum, inclusive, level, colour.
RISK_BANDS: tuple[tuple[str, float, bool, str, str], ...] = (
    ("lec", 320, False, "极其危险", "red"),
    ("lec", 160, True, "高度危险", "orange"),
    ("lec", 70, True, "显著危险", "yellow"),
    ("lec", 20, True, "一般危险", "blue"),
    ("lec", 0, True, "稍有危险", "blue"),
    ("ls", 20, True, "重大风险", "red"),
    ("ls", 9, True, "较大风险", "orange"),
    ("ls", 4, True, "一般风险", "yellow"),
    ("ls", 1, True, "低风险", "blue"),
)

# 分级分类 supervision classes: code, name, description, inspections a year.
SUPERVISION_CLASSES: tuple[tuple[str, str, str, int], ...] = (
    ("A", "A类（重点监管）", "安全风险高、管理基础弱的企业", 4),
    ("B", "B类（较重点监管）", "安全风险较高或管理有短板的企业", 2),
    ("C", "C类（一般监管）", "安全风险一般、管理规范的企业", 1),
    ("D", "D类（低风险监管）", "安全风险低、管理良好的企业", 1),
)
