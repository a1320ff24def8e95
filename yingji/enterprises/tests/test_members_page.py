"""Linking enterprise accounts from the enterprise's file page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.testing import WUCHANG, client_for, make_user
from yingji.enterprises.models import EnterpriseMember

pytestmark = pytest.mark.django_db


def test_supervisor_links_and_unlinks_an_account(ja_supervisor: Any,
                                                 jiangan_enterprise: Any) -> None:
    account = make_user("qy_new", roles=["enterprise"], real_name="新企业用户")
    other_district = make_user("qy_wc", roles=["enterprise"], scope=WUCHANG)
    staff = make_user("not_enterprise", roles=["duty_officer"])
    client = client_for(ja_supervisor)
    page = client.get(reverse("enterprise_detail", args=[jiangan_enterprise.pk])).content.decode()
    assert "新企业用户（qy_new）" in page
    assert "qy_wc" not in page and "not_enterprise" not in page  # not offered

    url = reverse("enterprise_members", args=[jiangan_enterprise.pk])
    done = client.post(url, {"user": account.pk}, follow=True).content.decode()
    assert "已关联企业账号" in done
    assert EnterpriseMember.objects.filter(enterprise=jiangan_enterprise, user=account).exists()

    for refused in (other_district, staff):
        text = client.post(url, {"user": refused.pk}, follow=True).content.decode()
        assert "未能关联" in text
        assert not EnterpriseMember.objects.filter(user=refused).exists()

    client.post(url, {"remove": account.pk})
    assert not EnterpriseMember.objects.filter(user=account).exists()


def test_out_of_scope_and_unpermitted_users_cannot_link(wc_supervisor: Any, owner: Any,
                                                        jiangan_enterprise: Any) -> None:
    account = make_user("qy_new", roles=["enterprise"])
    url = reverse("enterprise_members", args=[jiangan_enterprise.pk])
    assert client_for(wc_supervisor).post(url, {"user": account.pk}).status_code == 404
    assert client_for(owner).post(url, {"user": account.pk}).status_code == 403
    page = client_for(owner).get(reverse("enterprise_detail", args=[jiangan_enterprise.pk]))
    assert url not in page.content.decode()
    assert not EnterpriseMember.objects.filter(user=account).exists()
