"""Contact accounts (login-less, one per notified 责任人) stay out of the user list page
and the user API unless asked for with ``kind``."""

from __future__ import annotations

import pytest

from yingji.core.models import User
from yingji.core.testing import JIANGAN_STREET, WUCHANG, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts() -> None:
    make_user("street_duty", scope=JIANGAN_STREET, real_name="街道值班员")
    for i, scope in enumerate([JIANGAN_STREET, JIANGAN_STREET, WUCHANG]):
        contact = User(username=f"contact-{i + 1}", real_name=f"村书记{i + 1}", phone=f"1390000000{i}",
                       scope_region_id=scope)
        contact.set_unusable_password()
        contact.save()


def test_user_api_hides_contact_accounts_by_default(district_admin, accounts) -> None:
    client = client_for(district_admin)
    names = {r["username"] for r in client.get("/api/v1/users/").json()["results"]}
    assert "street_duty" in names and not any(n.startswith("contact-") for n in names)
    contacts = client.get("/api/v1/users/?kind=contact").json()["results"]
    # Only those in the administrator's scope (江岸区): not the one in 武昌区.
    assert sorted(r["username"] for r in contacts) == ["contact-1", "contact-2"]
    everyone = {r["username"] for r in client.get("/api/v1/users/?kind=all").json()["results"]}
    assert {"street_duty", "contact-1", "contact-2"} <= everyone and "contact-3" not in everyone
    bad = client.get("/api/v1/users/?kind=robots")
    assert bad.status_code == 400 and "kind" in bad.json()["error"]["fields"]


def test_user_page_hides_contact_accounts_and_offers_the_filter(district_admin, accounts) -> None:
    client = client_for(district_admin)
    page = client.get("/users/").content.decode()
    assert "街道值班员" in page and "村书记1" not in page
    assert "账号类型" in page
    filtered = client.get("/users/?kind=contact").content.decode()
    assert "村书记1" in filtered and "村书记2" in filtered and "街道值班员" not in filtered
    assert "村书记3" not in filtered  # out of scope
