"""Links a module adds to another model's detail page (``core.detail_links``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yingji.core import detail_links
from yingji.core.models import Department
from yingji.core.testing import client_for, make_department, make_user


def test_a_registered_link_shows_on_the_object_page_for_the_users_it_chooses(db: Any) -> None:
    department = make_department("链接测试部门")
    def provider(user: Any, obj: Any) -> list[detail_links.DetailLink]:
        if user.username != "links_admin":
            return []
        return [detail_links.DetailLink("外部模块页面", f"/somewhere/{obj.pk}/")]

    detail_links.register("core.department", provider)
    detail_links.register("core.department", provider)
    try:
        admin = make_user("links_admin", roles=["admin"])
        other = make_user("links_other", roles=["admin"])
        url = reverse("department_detail", kwargs={"pk": department.pk})
        page = client_for(admin).get(url).content.decode()
        assert page.count(f'href="/somewhere/{department.pk}/"') == 1
        assert "外部模块页面" not in client_for(other).get(url).content.decode()
        assert detail_links.links_for(other, department) == []
        assert isinstance(department, Department)
    finally:
        detail_links._PROVIDERS.pop("core.department", None)
