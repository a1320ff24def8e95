"""GB 18218-2018 表1 and 表2 as grading reads them: a substance entered by its name,
an alias or its CAS number resolves to its 表1 entry, or falls back to its 表2 hazard
categories with the reason."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from yingji.enterprises.rules.major_hazard import HazardInputError, SubstanceInput


@dataclass(frozen=True)
class CategoryRow:
    """GB 18218-2018 表2/表4 row: a hazard category with its Q (t) and β."""

    code: str
    critical_quantity: float
    beta: float


@dataclass(frozen=True)
class NamedRow:
    """GB 18218-2018 表1 row: a named substance with its Q (t); ``toxic_beta`` from 表3
    for the named toxic gases, otherwise ``category`` gives β through 表4. ``aliases``
    and ``cas`` are the other names and the CAS numbers it is also found by."""

    name: str
    critical_quantity: float
    toxic_beta: float | None = None
    category: str | None = None
    aliases: tuple[str, ...] = ()
    cas: tuple[str, ...] = ()


_CAS = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
_DASHES = str.maketrans(dict.fromkeys("－‐‑‒–—―−", "-"))


def normalize_name(text: str) -> str:
    """A substance name as compared: full-width forms folded (NFKC: （） as (), ，as ,),
    no spaces, case folded (TDI = tdi), 、 as a comma."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    return re.sub(r"\s+", "", folded).replace("、", ",").casefold()


def normalize_cas(text: str) -> str | None:
    """A CAS registry number in its canonical form, or None when ``text`` is not one:
    the check digit is Σ (digit × its position from the right) mod 10."""
    candidate = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").translate(_DASHES))
    match = _CAS.match(candidate)
    if match is None:
        return None
    digits = (match.group(1) + match.group(2))[::-1]
    if sum(int(d) * (i + 1) for i, d in enumerate(digits)) % 10 != int(match.group(3)):
        return None
    return candidate


def split_aliases(text: str) -> tuple[str, ...]:
    """The aliases of a 表1 cell, separated by ；/;."""
    return tuple(part.strip() for part in re.split(r"[；;]", text or "") if part.strip())


def split_cas(text: str) -> tuple[str, ...]:
    """The CAS numbers of a 表1 cell, separated by ；/;/commas/spaces, each without an
    annotation in brackets such as “（甲烷）”."""
    bare = re.sub(r"[（(][^）)]*[）)]", " ", text or "")
    return tuple(part for part in re.split(r"[；;，,\s]+", bare) if part)


@dataclass(frozen=True)
class Resolution:
    """What an entered substance resolved to: the 表1 ``row`` and how (``note``), or
    None with the ``reason`` (and the ``candidates`` when it was ambiguous)."""

    row: NamedRow | None
    note: str = ""
    reason: str = ""
    candidates: tuple[str, ...] = ()


class SubstanceIndex:
    """表1 looked up by a substance's name, any of its aliases or its CAS number."""

    def __init__(self, rows: Iterable[NamedRow]) -> None:
        self.rows = {row.name: row for row in rows}
        self._names: dict[str, list[NamedRow]] = {}
        self._aliases: dict[str, list[NamedRow]] = {}
        self._cas: dict[str, list[NamedRow]] = {}
        for row in self.rows.values():
            self._names.setdefault(normalize_name(row.name), []).append(row)
            for alias in row.aliases:
                key = normalize_name(alias)
                if row not in self._aliases.get(key, []):
                    self._aliases.setdefault(key, []).append(row)
            for number in row.cas:
                canonical = normalize_cas(number)
                if canonical and row not in self._cas.get(canonical, []):
                    self._cas.setdefault(canonical, []).append(row)

    def resolve(self, name: str, cas: str = "") -> Resolution:
        """The 表1 entry of an entered name (its own, an alias, or a CAS number typed
        as the name) and/or CAS number. An exact name wins over an alias; a name or a
        number shared by several entries resolves to none of them, naming them; a name
        and a number that point at different entries resolve to none."""
        name, cas = (name or "").strip(), (cas or "").strip()
        number = normalize_cas(cas) if cas else None
        if cas and number is None:
            return Resolution(None, reason=f"CAS号“{cas}”格式或校验位不正确")
        by_name = self._by_text(name) if name else None
        by_cas = self._by_cas(number) if number else None
        if by_name is not None and by_name.row is not None:
            if by_cas is not None and by_cas.row is not None and by_cas.row != by_name.row:
                return Resolution(None, reason=(
                    f"品名“{name}”对应表1“{by_name.row.name}”，而CAS号{number}对应"
                    f"“{by_cas.row.name}”，请核对"))
            return by_name
        if by_cas is not None and (by_cas.row is not None or by_cas.candidates):
            return by_cas
        if by_name is not None and by_name.candidates:
            return by_name
        return Resolution(None, reason=(
            f"“{name or number}”不在GB 18218-2018表1中（品名、别名和CAS号均未匹配）"))

    def _by_text(self, text: str) -> Resolution:
        key = normalize_name(text)
        for rows, how in ((self._names.get(key), "品名"), (self._aliases.get(key), "别名")):
            if rows:
                found = _only(rows, f"“{text}”")
                if found.row is None or (how == "品名" and found.row.name == text):
                    return found
                return Resolution(found.row, note=f"按{how}“{text}”对应表1“{found.row.name}”")
        number = normalize_cas(text)
        return self._by_cas(number) if number else Resolution(None)

    def _by_cas(self, number: str) -> Resolution:
        rows = self._cas.get(number)
        if not rows:
            return Resolution(None, reason=f"CAS号{number}不在GB 18218-2018表1中")
        found = _only(rows, f"CAS号{number}")
        if found.row is None:
            return found
        return Resolution(found.row, note=f"按CAS号{number}对应表1“{found.row.name}”")


def _only(rows: list[NamedRow], what: str) -> Resolution:
    if len(rows) == 1:
        return Resolution(rows[0])
    names = tuple(row.name for row in rows)
    return Resolution(None, candidates=names, reason=(
        f"{what}对应表1中{len(names)}个条目（{'、'.join(names)}），请选择具体条目"))


def lookup_substance(
    name: str,
    quantity: float,
    named: Mapping[str, NamedRow] | SubstanceIndex,
    categories: Mapping[str, CategoryRow],
    category_codes: Sequence[str] = (),
    *,
    cas: str = "",
    entry: str | None = None,
) -> SubstanceInput:
    """Q and β of one substance (GB 18218-2018 §4.1.1 and §4.2.2).

    A substance in 表1 (the ``entry`` chosen, or the one its name, alias or CAS number
    resolves to) takes its Q from 表1 and β from 表3 (named toxic gases) or from 表4
    by its category. Any other substance is classified by its hazard categories (表2):
    with several, the smallest Q applies, and β of that category (the larger β on a
    tie); the term's note says why 表1 did not apply. A substance in neither table and
    without a category cannot be assessed.
    """
    index = named if isinstance(named, SubstanceIndex) else SubstanceIndex(named.values())
    row: NamedRow | None
    if entry is not None and entry in index.rows:
        row, reason = index.rows[entry], ""
        note = f"对应表1“{entry}”" if name and name != entry else ""
    else:
        found = index.resolve(name, cas)
        row, note, reason = found.row, found.note, found.reason
    if row is not None:
        if row.toxic_beta is not None:
            beta, source = row.toxic_beta, "表1、表3"
        elif row.category and row.category in categories:
            beta, source = categories[row.category].beta, f"表1、表4（{row.category}）"
        else:
            beta, source = 1.0, "表1"
        return SubstanceInput(name or row.name, quantity, row.critical_quantity, beta, source,
                              entry=row.name, note=note)
    rows = []
    for code in category_codes:
        if code not in categories:
            raise HazardInputError(f"未知的危险性类别“{code}”", field="category")
        rows.append(categories[code])
    if not rows:
        raise HazardInputError(f"{reason}，请填写其危险性类别（表2）", field="category")
    chosen = min(rows, key=lambda c: (c.critical_quantity, -c.beta))
    return SubstanceInput(name or cas, quantity, chosen.critical_quantity, chosen.beta,
                          f"表2、表4（{chosen.code}）", note=f"{reason}，按表2类别{chosen.code}计")
