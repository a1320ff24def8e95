"""Roles: module grants reach the role's group after sync, and nothing else does."""

import pytest
from django.contrib.auth.models import Group

from yingji.core import roles


@pytest.mark.django_db
def test_a_granted_pattern_reaches_the_group_on_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "_GRANTS", {})
    public = Group.objects.get(name="public")
    assert not public.permissions.filter(codename="view_region").exists()

    roles.grant("public", "core.view_region")
    roles.grant("public", "core.view_region")  # idempotent
    roles.sync_roles()

    names = {p.codename for p in public.permissions.all()}
    assert names == {"view_region"}
    assert roles.role_patterns("public") == ("core.view_region",)


def test_granting_to_an_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        roles.grant("nobody", "core.view_region")
