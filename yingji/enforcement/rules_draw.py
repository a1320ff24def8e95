"""The 双随机一公开 draw of enforcement (国办发〔2015〕58号), pure (no Django): who may
be drawn, the seeded draw itself and the officers' certificates. Split from ``rules`` by
topic; the same no-Django contract holds."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

EXCLUSION_REASONS = {
    "conflict": "申报回避",
    "supervising": "本企业监管责任人",
    "recent": "近期检查过该企业",
    "leave": "请假或外出",
    "certificate": "执法证无效或过期",
}


@dataclass(frozen=True)
class DrawInput:
    """What a draw works on, as plain ids (the pool snapshot)."""

    enterprises: Sequence[int]
    inspectors: Sequence[int]
    conflicts: Mapping[int, frozenset[int]]  # enterprise -> inspectors to exclude
    supervising: Mapping[int, int]  # enterprise -> its supervising officer (inspector id)
    recent: Mapping[int, frozenset[int]]  # enterprise -> inspectors who visited within N months


@dataclass(frozen=True)
class DrawResult:
    """The picks: enterprise -> its team (inspector ids, in draw order)."""

    picks: dict[int, tuple[int, ...]]
    unstaffed: tuple[int, ...]  # picked enterprises no valid team could be formed for


def draw(data: DrawInput, *, seed: int, count: int, team_size: int = 2) -> DrawResult:
    """The double random draw: ``count`` enterprises sampled from the pool, then for each
    a team of ``team_size`` inspectors sampled from the eligible ones (the pool minus the
    enterprise's declared conflicts, its supervising officer and the recent visitors).
    Inspectors on leave or without a valid certificate are not in the pool at all.
    Same pool, same seed: same result (one ``random.Random(seed)``, pools in id order).
    An inspector leads at most one team per round of the pool before being drawn again,
    so the load spreads."""
    if team_size < 2:
        raise ValueError("a team has at least two inspectors (行政处罚法 第四十二条)")
    rng = random.Random(seed)
    pool = sorted(data.enterprises)
    chosen = rng.sample(pool, min(count, len(pool)))
    people = sorted(data.inspectors)
    picks: dict[int, tuple[int, ...]] = {}
    unstaffed: list[int] = []
    n = len(people)
    people_set = set(people)
    for enterprise in chosen:
        banned = set(data.conflicts.get(enterprise, ()))
        banned |= set(data.recent.get(enterprise, ()))
        officer = data.supervising.get(enterprise)
        if officer is not None:
            banned.add(officer)
        team: list[int] = []
        if n - len(banned & people_set) >= team_size:
            # Rejection sampling: the banned are few, so a handful of tries finds a team.
            seen: set[int] = set()
            while len(team) < team_size:
                candidate = people[rng.randrange(n)]
                if candidate in banned or candidate in seen:
                    continue
                seen.add(candidate)
                team.append(candidate)
        if team:
            picks[enterprise] = tuple(team)
        else:
            unstaffed.append(enterprise)
    return DrawResult(picks, tuple(unstaffed))


def certificate_valid(expires_on: date | None, on: date) -> bool:
    """An 执法证 is valid up to and including its expiry day."""
    return expires_on is not None and on <= expires_on
