"""Workbench to-dos of the flood module: the response suggestions waiting for the
leader's decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yingji.ui.workbench import Todo


def response_todos(user: Any) -> list[Todo]:
    """待决策的防汛应急响应建议 in the user's scope (the leaders who decide)."""
    from yingji.flood.models import FloodResponse, ResponseState
    from yingji.flood.services.levels import may_decide

    if not may_decide(user):
        return []
    count = FloodResponse.objects.restrict(user, "view").filter(state=ResponseState.SUGGESTED).count()
    return [Todo("防汛应急响应待决策", count, reverse("floodresponse_list") + "?state=suggested",
                 level="danger")]
