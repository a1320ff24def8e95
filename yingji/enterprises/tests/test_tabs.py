"""Later modules add sections to the enterprise's file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template import Context, Template

from yingji.core.testing import client_for
from yingji.enterprises import tabs

pytestmark = pytest.mark.django_db
SECTION = Template('<div class="card-body">本企业测试段落：{{ enterprise.name }}，{{ count }}条</div>')


@pytest.fixture
def section(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(tabs, "render_to_string",
                        lambda name, context, request=None: SECTION.render(Context(context)))
    tabs.register_section(tabs.FileSection(
        "test", "测试模块", "module/section.html",
        lambda request, enterprise: {"count": 3}, permission="enterprises.view_riskpoint"))
    tabs.register_section(tabs.FileSection(
        "hidden", "不显示", "module/section.html", lambda request, enterprise: None))
    yield
    tabs._SECTIONS.pop("test", None)
    tabs._SECTIONS.pop("hidden", None)


def test_registered_section_is_rendered(section: None, ja_supervisor: Any,
                                        jiangan_enterprise: Any) -> None:
    page = client_for(ja_supervisor).get(f"/enterprises/{jiangan_enterprise.pk}/").content.decode()
    assert "测试模块" in page and f"本企业测试段落：{jiangan_enterprise.name}，3条" in page
    assert "不显示" not in page
