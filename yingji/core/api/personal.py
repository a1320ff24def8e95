"""``POST /api/v1/personal-data/reveal/``: one personal value in clear, audited."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.core.api.permissions import OwnDataPermission
from yingji.core.api.viewsets import actor_of
from yingji.core.personal import reveal
from yingji.core.security.refusals import record_refusal


class RevealRequestSerializer(serializers.Serializer):
    """Which value: the model (``app_label.model``), the object's id and the field."""

    model = serializers.CharField(max_length=100, help_text="如 incidents.incident")
    pk = serializers.CharField(max_length=64)
    field = serializers.CharField(max_length=100)


class RevealResponseSerializer(serializers.Serializer):
    """The clear value (the reveal is in the audit log)."""

    model = serializers.CharField()
    pk = serializers.CharField()
    field = serializers.CharField()
    value = serializers.CharField()


@extend_schema(tags=["个人信息"])
class PersonalRevealView(APIView):
    """Show one personal value in clear. Needs ``core.reveal_personal_data`` (403) and an
    object inside the caller's scope (404, recorded as a security event); every answer
    is an entry 查看个人信息 in the audit log."""

    permission_classes = [OwnDataPermission]

    @extend_schema(request=RevealRequestSerializer, responses=RevealResponseSerializer)
    def post(self, request: Request) -> Response:
        if not reveal.may_reveal(request.user):
            raise PermissionDenied("您没有查看个人信息明文的权限")
        body = RevealRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            model, pk, name = reveal.target(data["model"], data["pk"], data["field"])
            value = reveal.reveal_value(request.user, model, pk, name, actor=actor_of(request))
        except reveal.OutOfScope as exc:
            record_refusal(request, "scope", exc.object_type, exc.object_id)
            raise Http404("对象不存在") from None
        except reveal.NotRevealable:
            raise Http404("对象不存在") from None
        return Response({"model": model._meta.label_lower, "pk": str(pk), "field": name,
                         "value": value})
