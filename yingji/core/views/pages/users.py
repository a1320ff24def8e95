"""用户: accounts' list, detail and edit pages."""

from __future__ import annotations

from typing import Any

from yingji.core.filtersets import (
    UserFilterSet,
)
from yingji.core.forms import UserForm
from yingji.core.models import Industry, User
from yingji.core.roles import role_name
from yingji.core.services.users import USER_FIELDS, create_user, update_user
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.core.views.pages.common import RegionFilterWidgetMixin, _active_badge

# --- 用户 -------------------------------------------------------------------------------


def _roles_text(user: User) -> str:
    return "、".join(role_name(g.name) for g in user.groups.all())


def _scope_text(user: User) -> str:
    region = user.scope_region
    text = region.name if region is not None else "全国"
    if user.scope_industries:
        labels = dict(Industry.choices)
        text += "（" + "、".join(str(labels.get(i, i)) for i in user.scope_industries) + "）"
    return text


class UserListView(RegionFilterWidgetMixin, ObjectListView):
    """用户 list (administrators)."""

    model = User
    filterset_class = UserFilterSet
    select_related = ("department", "scope_region")
    prefetch_related = ("groups",)
    columns = (
        Column("username", "账号", sortable=True, link_to_detail=True),
        Column("real_name", "姓名", sortable=True, link_to_detail=True),
        Column("department", "所在单位", accessor="department.name"),
        Column("position", "职务"),
        Column("roles", "角色", accessor=_roles_text),
        Column("scope", "数据范围", accessor=_scope_text, sortable=True, order_field="scope_region_id"),
        Column("is_active", "启用", sortable=True, badge=_active_badge),
        Column("last_login", "最近登录", sortable=True),
    )


class UserDetailView(ObjectDetailView):
    """用户 detail: account, roles, scope and security state."""

    model = User
    select_related = ("department", "scope_region")
    show_attachments = False
    fields = (
        "username", "real_name", "phone", "email", "department", "position",
        Column("roles", "角色", accessor=lambda u: [role_name(c) for c in u.role_codes]),
        Column("scope", "数据范围", accessor=_scope_text),
        "is_active", "last_login", "password_changed_at", "must_change_password",
        "totp_enabled", "locked_until", "date_joined",
    )


class UserEditView(ObjectEditView):
    """用户 create and edit through the account services (roles, initial password)."""

    model = User
    form_class = UserForm

    def user_data(self, form: Any) -> dict[str, Any]:
        return {k: v for k, v in form.cleaned_data.items()
                if k in USER_FIELDS and not form.fields[k].disabled}

    def perform_create(self, form: Any) -> Any:
        return create_user(self.user_data(form), roles=form.cleaned_data["roles"],
                           password=form.cleaned_data["password"], actor=self.actor)

    def perform_update(self, obj: Any, form: Any) -> Any:
        return update_user(obj, self.user_data(form), roles=form.cleaned_data["roles"],
                           actor=self.actor)
