"""The rows of the enterprise's file through core's child edit/delete pages and the
members action: every page returns to the enterprise's file, however deep the row."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.testing import client_for, make_user
from yingji.enterprises.models import (
    EnterpriseMember,
    HazardSubstance,
    MajorHazardSubstance,
    MajorHazardUnit,
)

pytestmark = pytest.mark.django_db


def test_deep_rows_return_to_the_enterprise_file(ja_supervisor: Any,
                                                 jiangan_enterprise: Any) -> None:
    client = client_for(ja_supervisor)
    file_url = reverse("enterprise_detail", args=[jiangan_enterprise.pk])
    unit = MajorHazardUnit.objects.get(source__enterprise=jiangan_enterprise)
    form = client.get(reverse("majorhazardsubstance_add") + f"?unit={unit.pk}").content.decode()
    assert f'value="{unit.pk}" selected' in form  # the parent comes from the query string

    added = client.post(reverse("majorhazardsubstance_add"), {
        "unit": unit.pk, "substance": HazardSubstance.objects.get(name="苯").pk,
        "quantity": 10})
    assert added.status_code == 302 and added["Location"] == file_url
    item = MajorHazardSubstance.objects.get(unit=unit, substance__name="苯")

    deleted = client.post(reverse("majorhazardsubstance_delete", args=[item.pk]))
    assert deleted["Location"] == file_url
    assert not MajorHazardSubstance.objects.filter(pk=item.pk).exists()

    gone = client.post(reverse("majorhazardunit_delete", args=[unit.pk]), follow=True)
    assert gone.redirect_chain[-1][0] == file_url
    assert "已删除" in gone.content.decode()


def test_removing_an_account_that_is_not_linked_changes_nothing(
        ja_supervisor: Any, owner: Any, jiangan_enterprise: Any) -> None:
    stranger = make_user("qy_stranger", roles=["enterprise"])
    url = reverse("enterprise_members", args=[jiangan_enterprise.pk])
    page = client_for(ja_supervisor).post(url, {"remove": stranger.pk}, follow=True)
    assert page.redirect_chain[-1][0].endswith("#members")
    assert "该用户未关联本企业" in page.content.decode()
    assert EnterpriseMember.objects.filter(user=owner).exists()

    done = client_for(ja_supervisor).post(url, {"remove": owner.pk}, follow=True)
    assert "已解除企业账号" in done.content.decode()
    assert not EnterpriseMember.objects.filter(user=owner).exists()
