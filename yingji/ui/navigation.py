"""The left navigation, by business domain. Apps register their pages in
``AppConfig.ready``; a section with no page the user may open is not shown, so modules
not built yet never appear."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

SECTION_ORDER = {
    "public": (5, "公众服务"),
    "prevention": (10, "风险防控"),
    "preparedness": (20, "应急准备"),
    "response": (30, "应急响应"),
    "season": (35, "防汛防台"),
    "relief": (40, "救灾救助"),
    "grassroots": (45, "基层与人员"),
    "governance": (50, "综合管理"),
    "map": (60, "一张图"),
    "system": (90, "系统管理"),
    "audit": (95, "安全审计"),
}


@dataclass(frozen=True)
class NavItem:
    """One page in the left navigation, shown to users holding ``permission``."""

    label: str
    url_name: str
    icon: str = "circle"
    permission: str | None = None  # "app.codename"; None = any signed-in user
    order: int = 100
    roles: tuple[str, ...] = ()  # if set, shown only to holders of one of these roles
    # Roles that do not get the entry although they may open the page (an enterprise
    # account is not offered the bureau's city-wide maps and statistics).
    hidden_from: tuple[str, ...] = ()
    # Installation-wide settings (core.scope.CityWideReference): offered only to users
    # who may change them, city-wide staff, not to a district user who would get a 403.
    city_wide: bool = False

    def shown_to(self, user: Any) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        if self.hidden_from and user.has_role(*self.hidden_from):
            return False
        if self.city_wide:
            from yingji.core.scope import CityWideReference, scope_of

            if not CityWideReference.writable_within(scope_of(user)):
                return False
        return self.permission is None or may_open(user, self.permission)


@dataclass
class NavSection:
    """A business domain grouping nav items (风险防控, 应急响应 …)."""

    key: str
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)


@dataclass(frozen=True)
class MenuLink:
    """A nav item resolved for one request: its URL and whether it is the current page."""

    label: str
    url: str
    icon: str
    active: bool


@dataclass(frozen=True)
class MenuSection:
    """A section as rendered for one request: only links the user may open."""

    key: str
    label: str
    links: list[MenuLink]


_SECTIONS: dict[str, NavSection] = {}


def register(section: str, item: NavItem) -> None:
    """Add ``item`` to ``section`` (one of SECTION_ORDER); idempotent by url name."""
    order, label = SECTION_ORDER[section]
    entry = _SECTIONS.setdefault(section, NavSection(section, label, order))
    if all(existing.url_name != item.url_name for existing in entry.items):
        entry.items.append(item)
        entry.items.sort(key=lambda i: i.order)


def visible_sections(user: Any) -> list[NavSection]:
    """Sections and items ``user`` may open, in display order."""
    if user is None or not user.is_authenticated:
        return []
    result = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        items = [i for i in section.items if i.shown_to(user)]
        if items:
            result.append(NavSection(section.key, section.label, section.order, items))
    return result


def may_open(user: Any, permission: str) -> bool:
    """Whether ``user`` may open a page guarded by ``permission``: a model permission
    goes through ``core.scope.may``, so that the pages it would refuse (such as writing
    city-wide reference data from a district scope) are not offered."""
    from django.apps import apps

    from yingji.core.scope import ACTIONS, may

    app_label, _, codename = permission.partition(".")
    action, _, model_name = codename.partition("_")
    if action not in ACTIONS:  # a model's own permission (accidents.close_accident)
        return bool(user.has_perm(permission))
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return bool(user.has_perm(permission))
    return may(user, model, action)


def is_active(url: str, path: str) -> bool:
    """Whether the page at ``path`` belongs to the nav link ``url`` (same or below it)."""
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url.rstrip("/") + "/")


def menu_for(user: Any, path: str) -> list[MenuSection]:
    """The navigation as shown to ``user`` on ``path``: unresolvable URLs are skipped,
    the longest link matching ``path`` is marked active."""
    resolved: list[tuple[NavSection, list[tuple[NavItem, str]]]] = []
    for section in visible_sections(user):
        links: list[tuple[NavItem, str]] = []
        for item in section.items:
            try:
                links.append((item, reverse(item.url_name)))
            except NoReverseMatch:
                continue
        if links:
            resolved.append((section, links))
    matches = [url for _, links in resolved for _, url in links if is_active(url, path)]
    best = max(matches, key=len) if matches else None
    return [
        MenuSection(section.key, section.label, [
            MenuLink(item.label, url, item.icon, url == best) for item, url in links
        ])
        for section, links in resolved
    ]
