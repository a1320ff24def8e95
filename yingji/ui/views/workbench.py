"""The workbench (工作台): the signed-in user's start page, built from registered cards."""

from __future__ import annotations

from typing import Any

from yingji.core.views.generic import TemplatePageView
from yingji.ui.workbench import cards_for


class WorkbenchView(TemplatePageView):
    """Cards registered in ``yingji.ui.workbench`` that the user may see."""

    action = None
    title = "工作台"
    template_name = "ui/workbench.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"cards": cards_for(self.request), **kwargs}
