"""The city board of the transfers in progress: per point and per street, the
households and people planned, moved and remaining; the occupancy of each shelter
receiving people (the resources module's shelters, their capacity). Read in the
viewer's scope, a fixed number of queries whatever the number of points."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from yingji.core.models import Region
from yingji.flood import rules
from yingji.flood.models import TaskState, TransferEntry, TransferTask


@dataclass
class Row:
    """One line of the board: a point (with its task) or a street."""

    key: Any
    name: str
    region: str = ""
    tally: rules.Tally = field(default_factory=rules.Tally)
    task_id: int | None = None
    kind: str = ""
    reason: str = ""


@dataclass
class ShelterRow:
    pk: int
    name: str
    region: str
    capacity: int
    people: int
    percent: int | None


@dataclass
class Board:
    points: list[Row]
    streets: list[Row]
    shelters: list[ShelterRow]
    total: rules.Tally


def street_code(code: str) -> str:
    """The street (乡镇) holding a region: its first nine digits."""
    return code[:9] + "000"


def build(user: Any) -> Board:
    """The board for ``user``: the open transfers in scope."""
    tasks = {t.pk: t for t in TransferTask.objects.restrict(user, "view")
             .filter(state=TaskState.OPEN).select_related("point", "point__region")}
    entries = list(TransferEntry.objects.restrict(user, "view").filter(task_id__in=list(tasks))
                   .values_list("task_id", "status", "members", "moved_people", "vulnerable"))
    by_task: dict[int, list[tuple[str, int, int, bool]]] = {}
    for task_id, *row in entries:  # (status, members, moved_people, vulnerable)
        by_task.setdefault(task_id, []).append((row[0], row[1], row[2], row[3]))
    points: list[Row] = []
    by_street: dict[str, list[tuple[str, int, int, bool]]] = {}
    for task in sorted(tasks.values(), key=lambda t: (t.point.region_id, t.point.code)):
        rows = by_task.get(task.pk, [])
        point = task.point
        points.append(Row(point.pk, point.name, point.region.name, rules.tally(rows), task.pk,
                          point.get_kind_display(), task.reason))
        by_street.setdefault(street_code(point.region_id), []).extend(rows)
    names = dict(Region.objects.filter(code__in=list(by_street)).values_list("code", "name"))
    streets = [Row(code, names.get(code, code), tally=rules.tally(rows))
               for code, rows in sorted(by_street.items())]
    total = rules.tally(row for rows in by_task.values() for row in rows)
    return Board(points, streets, shelters(user, list(tasks)), total)


def shelters(user: Any, task_ids: list[int]) -> list[ShelterRow]:
    """The shelters receiving the people moved by the open transfers, with occupancy."""
    from yingji.resources.models import Shelter

    people = dict(TransferEntry.objects.filter(task_id__in=task_ids, status=rules.MOVED,
                                               shelter__isnull=False)
                  .values_list("shelter_id").annotate(n=Sum("moved_people")).values_list("shelter_id", "n"))
    found = Shelter.objects.filter(pk__in=list(people)).select_related("region").order_by("region_id", "name")
    return [ShelterRow(s.pk, s.name, s.region.name, s.capacity, people[s.pk],
                       rules.occupancy(people[s.pk], s.capacity)) for s in found]
