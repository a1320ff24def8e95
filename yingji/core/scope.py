"""Data scope: which rows a user may see or act on, enforced in one place.

A user's scope is a region subtree (a code prefix), optionally narrowed to a set of
industries; an API token can narrow it further. Every scoped model declares where its
region (and industry) live; ``Model.objects.restrict(user, action)`` applies both the
model permission for the action and the scope. Base views, viewsets and exports call
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models
from django.db.models import Q

from yingji.core.rules import prefix_upper_bound

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from yingji.core.models import User

ACTIONS = ("view", "add", "change", "delete", "export")
_PERMISSION_ACTION = {"export": "view"}


@dataclass(frozen=True)
class Scope:
    """What a user may reach: ``region_prefix`` None means the whole country.

    ``user_id`` and ``roles`` let a model narrow further in its own ``scope_q`` (an
    enterprise user reaches only the enterprises they belong to).
    """

    region_prefix: str | None
    industries: frozenset[str] | None = None
    user_id: int | None = None
    roles: frozenset[str] = frozenset()

    def covers_region(self, code: str | None) -> bool:
        if self.region_prefix is None:
            return True
        return bool(code) and str(code).startswith(self.region_prefix)

    def covers_industry(self, industry: str | None) -> bool:
        return self.industries is None or industry in self.industries


NOTHING = Scope(region_prefix="-")  # no code starts with "-"


def scope_of(user: User | AnonymousUser | None) -> Scope:
    """The effective scope of ``user`` (narrowed by the API token in use, if any)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    region = user.scope_region
    if region is None:
        prefix: str | None = None
    else:
        prefix = region.prefix
    industries = frozenset(user.scope_industries) if user.scope_industries else None
    token = getattr(user, "active_token", None)
    if token is not None and token.region_id:
        token_prefix = token.region.prefix
        if prefix is None or token_prefix.startswith(prefix):
            prefix = token_prefix
    return Scope(region_prefix=prefix, industries=industries, user_id=user.pk,
                 roles=frozenset(user.role_codes))


def permission_name(model: type[models.Model], action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    verb = _PERMISSION_ACTION.get(action, action)
    meta = model._meta
    return f"{meta.app_label}.{verb}_{meta.model_name}"


def may(user: User | AnonymousUser | None, model: type[models.Model], action: str) -> bool:
    """Whether ``user`` holds the model permission for ``action`` (scope aside, but for
    city-wide reference data, which only a city-wide or wider scope may write)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    token = getattr(user, "active_token", None)
    if token is not None and token.read_only and action not in ("view", "export"):
        return False
    if not user.has_perm(permission_name(model, action)):
        return False
    if action in WRITE_ACTIONS and issubclass(model, CityWideReference):
        return CityWideReference.writable_within(scope_of(user))
    return True


WRITE_ACTIONS = frozenset({"add", "change", "delete"})


def region_range_q(field: str, prefix: str) -> Q:
    """The subtree of ``prefix`` on ``field`` as an index-friendly range."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix_upper_bound(prefix)})


class ScopedQuerySet(models.QuerySet):
    """QuerySet with ``restrict`` (permission + scope) and ``within`` (scope only)."""

    def restrict(self, user: User | AnonymousUser | None, action: str = "view") -> Self:
        if not may(user, self.model, action):
            return self.none()
        return self.within(scope_of(user))

    def within(self, scope: Scope) -> Self:
        if scope is NOTHING:
            return self.none()
        return self.filter(self.model.scope_q(scope))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ScopedModelMixin:
    """Declares where a model keeps its region and industry for scope filtering.

    ``scope_region_field`` is a path to the region code (a FK to Region or a code
    column); ``scope_industry_field`` is a path to an industry code, or None.
    Override ``scope_q`` when a model needs more (an enterprise user's own rows).
    """

    scope_region_field: ClassVar[str] = "region"
    scope_industry_field: ClassVar[str | None] = None

    def clean_fields(self, exclude: Any = None) -> None:
        """Django's field checks plus the shared ones (phones, coordinates), all
        problems reported at once."""
        from django.core.exceptions import ValidationError

        from yingji.core.fieldchecks import field_problems

        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)  # type: ignore[misc]
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, message in field_problems(self, exclude).items():  # type: ignore[arg-type]
            # Not "invalid": a ModelForm would swap in its own field message for that code.
            errors.setdefault(name, []).append(ValidationError(message, code="field_check"))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = Q()
        if scope.region_prefix is not None:
            q &= region_range_q(cls.scope_region_field, scope.region_prefix)
        if scope.industries is not None and cls.scope_industry_field:
            q &= Q(**{f"{cls.scope_industry_field}__in": sorted(scope.industries)})
        return q

    def scope_region_code(self) -> str | None:
        value = _follow(self, self.scope_region_field)
        return None if value is None else str(value)

    def scope_industry(self) -> str | None:
        if not self.scope_industry_field:
            return None
        value = _follow(self, self.scope_industry_field)
        return None if value is None else str(value)

    def in_scope(self, scope: Scope) -> bool:
        if not scope.covers_region(self.scope_region_code()):
            return False
        return not (self.scope_industry_field and not scope.covers_industry(self.scope_industry()))


CITY_PREFIX_LENGTH = 4  # 4201 = 武汉市: a city-wide scope has at most four digits


class CityWideReference(ScopedModelMixin):
    """Reference data everyone with the permission sees whole (catalogues, standards'
    tables, speeds, parameters). It applies to the whole installation, so only users
    whose scope is a city or wider may change it: a district user reads but cannot write."""

    scope_region_field: ClassVar[str] = "__all__"  # a scope refusal is a form-wide error

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q()

    @staticmethod
    def writable_within(scope: Scope) -> bool:
        return scope.region_prefix is None or len(scope.region_prefix) <= CITY_PREFIX_LENGTH

    def in_scope(self, scope: Scope) -> bool:
        return self.writable_within(scope)

    def scope_region_code(self) -> str | None:
        return None


def _follow(obj: Any, path: str) -> Any:
    """Value at a ``a__b__c`` path; a trailing FK gives its raw key without a query."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    if hasattr(obj, f"{last}_id"):
        return getattr(obj, f"{last}_id")
    return getattr(obj, last, None)
