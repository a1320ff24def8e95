"""The workbench (工作台) registry: modules add cards and to-do providers in
``AppConfig.ready``; the workbench page shows what the user may see, in order.

A card is a template plus a function building its context from the request; the
function returns None to hide the card (nothing to show for this user). A to-do
provider returns the user's pending items (``Todo``) for the to-do card. Both must
run a bounded number of queries (counts and LIMITed lists), never one per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CardContext = Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class Card:
    """A workbench card: ``template`` rendered with ``context(request)``."""

    key: str
    title: str
    template: str
    context: CardContext
    permission: str | None = None  # "app.codename"; None = any signed-in user
    order: int = 100
    width: str = "col-lg-6"  # Bootstrap column classes


@dataclass(frozen=True)
class Todo:
    """A pending item for the user: ``count`` things waiting at ``url``."""

    label: str
    count: int
    url: str
    level: str = "info"  # info | warning | danger


TodoProvider = Callable[[Any], list[Todo]]


@dataclass(frozen=True)
class RenderedCard:
    """A card as placed on the page."""

    key: str
    title: str
    width: str
    html: SafeString


_CARDS: dict[str, Card] = {}
_TODOS: dict[str, TodoProvider] = {}


def register_card(card: Card) -> None:
    """Add or replace the card with ``card.key``."""
    _CARDS[card.key] = card


def register_todos(key: str, provider: TodoProvider) -> None:
    """Add or replace the to-do provider named ``key``."""
    _TODOS[key] = provider


def todos_for(user: Any) -> list[Todo]:
    """Every provider's pending items with a non-zero count, most urgent first."""
    rank = {"danger": 0, "warning": 1, "info": 2}
    items = [todo for provider in _TODOS.values() for todo in provider(user) if todo.count]
    return sorted(items, key=lambda t: rank.get(t.level, 3))


def cards_for(request: HttpRequest) -> list[RenderedCard]:
    """The cards ``request.user`` may see, rendered, in order."""
    user = request.user
    rendered = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        if card.permission and not user.has_perm(card.permission):
            continue
        context = card.context(request)
        if context is None:
            continue
        context.setdefault("card", card)
        html = render_to_string(card.template, context, request=request)
        rendered.append(RenderedCard(card.key, card.title, card.width, mark_safe(html)))
    return rendered
