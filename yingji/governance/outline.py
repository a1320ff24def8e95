"""The outline of a Chinese work plan: its numbered headings and items as a tree.

Official documents number their levels in a fixed order (党政机关公文格式 GB/T 9704 and
common usage): ``一、`` then ``（一）`` then ``1.`` then ``（1）`` then ``①``; work plans add
the enumerations ``一是…二是…`` that open a paragraph. A line that opens with one of these
markers starts an item; an item belongs to the nearest item above it of a higher level;
lines without a marker are the body of the item above them (or the plan's preamble).
Items keep the number the document gives them (``（十三）``, ``28``): numbering may run on
across sections (Wuhan's (一)…(二十七), Qingdao's 1…45), or restart under each parent;
anything else is reported as a warning for the review screen, not corrected.

Pure functions, no Django: the import service reads the text from Word, Excel or plain
text and builds the plan from the outline after the user has reviewed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[一二三四五六七八九十百零〇两]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Style:
    """A numbering style: its rank (0 is the top level), pattern and how it is written."""

    code: str
    rank: int
    pattern: re.Pattern[str]
    label: str  # the form of the number, "{}" for its text

    def render(self, text: str) -> str:
        return self.label.format(text)


STYLES = (
    Style("cn_dun", 0, re.compile(rf"^({CN_NUMERAL})、\s*(.*)$"), "{}、"),
    Style("cn_paren", 1, re.compile(rf"^[（(]({CN_NUMERAL})[)）]\s*(.*)$"), "（{}）"),
    Style("arabic", 2, re.compile(r"^(\d{1,3})[.、．](?!\d)\s*(.*)$"), "{}."),
    Style("arabic_paren", 3, re.compile(r"^[（(](\d{1,3})[)）]\s*(.*)$"), "（{}）"),
    Style("circled", 4, re.compile(rf"^([{CIRCLED}])\s*(.*)$"), "{}"),
    Style("cn_shi", 5, re.compile(rf"^({CN_NUMERAL})是\s*(.*)$"), "{}是"),
)
STYLE_NAMES = {"cn_dun": "一、", "cn_paren": "（一）", "arabic": "1.", "arabic_paren": "（1）",
               "circled": "①", "cn_shi": "一是"}

TITLE_MAX = 60
TITLE_WORDS = ("计划", "要点", "规划", "方案", "工作")
SENTENCE_END = "。；;：:！？"


def cn_number(text: str) -> int:
    """The value of a Chinese numeral up to 999 (``二十七`` → 27, ``十`` → 10)."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + current


def number_of(style: Style, text: str) -> int:
    if style.code in ("arabic", "arabic_paren"):
        return int(text)
    if style.code == "circled":
        return CIRCLED.index(text) + 1
    return cn_number(text)


@dataclass
class Item:
    """A numbered heading or item of the document, with the lines under it."""

    style: str
    number: int
    label: str       # as the document writes it: "（三）", "12.", "二是"
    title: str
    body: str
    line: int        # 1-based line of the document
    children: list[Item] = field(default_factory=list)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def depth(self) -> int:
        return max((child.depth for child in self.children), default=0) + 1


@dataclass
class Outline:
    """A document's title, the text before its first item, the items, and warnings."""

    title: str
    preamble: str
    items: list[Item]
    warnings: list[str]

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()

    def count(self) -> int:
        return sum(1 for _ in self.walk())

    def count_by_style(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.walk():
            counts[item.style] = counts.get(item.style, 0) + 1
        return counts


def split_title(text: str) -> tuple[str, str]:
    """The item's title (its first sentence, when short) and the rest of its line."""
    text = text.strip()
    for index, ch in enumerate(text[:TITLE_MAX + 1]):
        if ch in SENTENCE_END:
            return text[:index].strip(), text[index + 1:].strip()
    if len(text) <= TITLE_MAX:
        return text, ""
    return text[:30] + "…", text


def match(line: str) -> tuple[Style, str, str] | None:
    for style in STYLES:
        found = style.pattern.match(line)
        if found:
            return style, found.group(1), found.group(2)
    return None


def _document_title(lines: list[str]) -> str:
    for line in lines[:12]:
        if match(line):
            return ""
        if len(line) <= 40 and any(word in line for word in TITLE_WORDS) and "：" not in line \
                and ":" not in line:
            return line
    return ""


def parse(text: str | Iterable[str]) -> Outline:
    """The outline of a plan from its text (a string, or its paragraphs in order)."""
    raw = text.splitlines() if isinstance(text, str) else list(text)
    lines = [line.replace("\u3000", " ").strip() for line in raw]
    title = _document_title([line for line in lines if line])
    items: list[Item] = []
    stack: list[tuple[Style, Item]] = []
    preamble: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        found = match(line)
        if found is None:
            if stack:
                item = stack[-1][1]
                item.body = f"{item.body}\n{line}" if item.body else line
            elif line != title:
                preamble.append(line)
            continue
        style, digits, rest = found
        try:
            value = number_of(style, digits)
        except ValueError:
            continue
        heading, body = split_title(rest)
        item = Item(style.code, value, style.render(digits), heading, body, number)
        while stack and stack[-1][0].rank >= style.rank:
            stack.pop()
        (stack[-1][1].children if stack else items).append(item)
        stack.append((style, item))
    outline = Outline(title, "\n".join(preamble), items, [])
    outline.warnings = list(numbering_warnings(outline))
    return outline


def numbering_warnings(outline: Outline) -> Iterator[str]:
    """Items whose number neither restarts at 1 under their parent nor runs on from the
    last item of the same style (一是 may restart at any paragraph)."""
    last: dict[str, int] = {}

    def check(children: list[Item]) -> Iterator[str]:
        previous: dict[str, int] = {}
        for child in children:
            before = previous.get(child.style)
            if before is None or (child.style == "cn_shi" and child.number == 1):
                # 一是…二是… enumerate within a paragraph: a new run starts at 一是.
                fine = child.number in (1, last.get(child.style, 0) + 1)
            else:
                fine = child.number == before + 1
            if not fine:
                expected = (before + 1) if before is not None else 1
                yield (f"第{child.line}行：编号“{child.label}”不连续"
                       f"（应为第{expected}项或接续上一部分的编号）")
            previous[child.style] = child.number
            last[child.style] = child.number
            yield from check(child.children)

    yield from check(outline.items)
