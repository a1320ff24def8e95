"""Who may see who reported: the reward committee only (``view_tipoffreporter``). Every
page, export and API answer shows the reporter through ``reporter_label``, so staff
outside the committee see a masked reporter everywhere; the inside-whistleblower mark is
the committee's too."""

from __future__ import annotations

from typing import Any

from yingji.core import masking

PERMISSION = "tipoffs.view_tipoffreporter"
HIDDEN = "实名举报（身份保密）"


def sees_reporter(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(PERMISSION))


def reporter_of(tipoff: Any) -> Any:
    try:
        return tipoff.reporter
    except Exception:  # RelatedObjectDoesNotExist: an anonymous report
        return None


def reporter_label(tipoff: Any, user: Any) -> str:
    """匿名举报; for the committee the name and phone (内部举报人 marked); for anyone else
    实名举报（身份保密）."""
    if tipoff.anonymous:
        return "匿名举报"
    if not sees_reporter(user):
        return HIDDEN
    person = reporter_of(tipoff)
    if person is None:
        return HIDDEN
    mark = "（内部举报人）" if tipoff.insider else ""
    return f"{person.name} {person.phone}{mark}"


def reporter_masked(tipoff: Any) -> str:
    """The masked form used where a committee member's page is exported or printed for
    others (surname and the phone's ends only)."""
    person = reporter_of(tipoff)
    if tipoff.anonymous or person is None:
        return "匿名举报"
    return f"{masking.mask_name(person.name)} {masking.mask_phone(person.phone)}"


def insider_label(tipoff: Any, user: Any) -> str:
    if not sees_reporter(user):
        return "—"
    return "是" if tipoff.insider else "否"
