"""Review findings followed to closure."""

from __future__ import annotations

from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import checked
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.incidents import filtersets
from yingji.incidents.api.dispatch import ResponseTaskSerializer
from yingji.incidents.forms import RectificationForm, TaskForm
from yingji.incidents.models import Finding
from yingji.incidents.services import response, review


class FindingSerializer(ModelSerializer):
    class Meta:
        ref_name = "ReviewFinding"  # another module has a FindingSerializer of its own
        model = Finding
        fields = ["id", "review", "problem", "responsible_unit", "due_date", "rectification",
                  "closed_at", "state", "version"]
        read_only_fields = fields


class FindingViewSet(ScopedReadOnlyViewSet):
    queryset = Finding.objects.none()
    serializer_class = FindingSerializer
    filterset_class = filtersets.FindingFilterSet
    ordering = ["due_date"]

    @action(detail=True, methods=["post"], url_path="tasks")
    def add_task(self, request: Request, pk: str) -> Response:
        data = checked(TaskForm, request, user=request.user)
        task = response.add_task(self.get_object(), data, actor=actor_of(request))
        return Response(ResponseTaskSerializer(task).data, status=201)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = checked(RectificationForm, request)
        finding = review.close_finding(self.get_object(), actor=actor_of(request),
                                       rectification=data["rectification"])
        return Response(FindingSerializer(finding).data)
