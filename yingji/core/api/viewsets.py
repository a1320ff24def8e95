"""Base viewsets: every module's endpoints are a few lines on top of these.

``get_queryset`` is always ``Model.objects.restrict(request.user, action)`` (model
permission plus data scope), so an object outside the caller's scope is a 404 exactly
like a missing one. Writes go through ``yingji.core.services.objects`` (or the
module's own services, by overriding ``perform_*``); a viewset never saves.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request

from yingji.core.actor import Actor
from yingji.core.api.permissions import METHOD_ACTION
from yingji.core.services.objects import create_object, delete_object, update_object

_VIEWSET_ACTION = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


def actor_of(request: Request) -> Actor:
    """The acting user of an API request (with the token in use, if any)."""
    return Actor.from_request(request._request)


class ScopedGenericViewSet(viewsets.GenericViewSet[Any]):
    """Scoped queryset and the permission action derived from the viewset action.

    Set ``queryset = Model.objects.none()`` (it names the model; rows always come from
    ``restrict``), ``filterset_class``, ``ordering_fields`` (the whitelist) and
    ``ordering`` (the default). ``extra_action_permissions`` maps an extra action's
    name to the scope action it needs (default: view for GET, change otherwise).
    """

    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[str, ...]] = ()
    extra_action_permissions: ClassVar[dict[str, str]] = {}

    @property
    def scoped_model(self) -> type[models.Model]:
        assert self.queryset is not None, "set queryset = Model.objects.none()"
        return self.queryset.model

    @property
    def permission_action(self) -> str:
        name = self.action or ""
        if name in _VIEWSET_ACTION:
            return _VIEWSET_ACTION[name]
        if name in self.extra_action_permissions:
            return self.extra_action_permissions[name]
        method = (self.request.method or "GET") if self.request is not None else "GET"
        return "view" if METHOD_ACTION.get(method) == "view" else "change"

    def get_queryset(self) -> QuerySet[Any]:
        model = self.scoped_model
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return model._default_manager.none()
        manager: Any = model._default_manager
        queryset = manager.restrict(self.request.user, self.permission_action)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


class ScopedReadOnlyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
    """List and retrieve rows of a scoped model, inside the caller's scope."""


class ScopedModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedGenericViewSet,
):
    """CRUD on a scoped model through the generic services, with the request's actor."""

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = create_object(
            self.scoped_model, dict(serializer.validated_data), actor=actor_of(self.request)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert serializer.instance is not None
        serializer.instance = update_object(
            serializer.instance, dict(serializer.validated_data), actor=actor_of(self.request)
        )

    def perform_destroy(self, instance: models.Model) -> None:
        delete_object(instance, actor=actor_of(self.request))


class ServiceViewSet(ScopedModelViewSet):
    """A scoped viewset whose writes call the module's own services.

    Set ``create_service(data, *, actor)``, ``update_service(obj, data, *, actor)`` and
    ``delete_service(obj, *, actor)`` (plain functions; any left unset falls back to the
    generic service of ``yingji.core.services.objects``).
    """

    create_service: ClassVar[Any] = None
    update_service: ClassVar[Any] = None
    delete_service: ClassVar[Any] = None

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        service = type(self).create_service
        if service is None:
            super().perform_create(serializer)
            return
        serializer.instance = service(dict(serializer.validated_data), actor=actor_of(self.request))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        service = type(self).update_service
        if service is None:
            super().perform_update(serializer)
            return
        serializer.instance = service(serializer.instance, dict(serializer.validated_data),
                                      actor=actor_of(self.request))

    def perform_destroy(self, instance: models.Model) -> None:
        service = type(self).delete_service
        if service is None:
            super().perform_destroy(instance)
            return
        service(instance, actor=actor_of(self.request))
