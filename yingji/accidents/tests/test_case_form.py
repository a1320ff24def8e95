"""移交执法立案's form offers what enforcement's read service (``enforcement.services.
lookups``) says may handle a case: certified officers in post and not on leave, of the
accident's district or above it, inside the user's scope; the two standards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.accidents.forms import CaseForm
from yingji.accidents.services import accidents
from yingji.accidents.tests.conftest import accident_data
from yingji.core.services.objects import update_object
from yingji.core.testing import WUHAN, actor_for, make_user, system


def test_only_officers_who_may_handle_the_case_are_offered(supervisor: Any, street: Any) -> None:
    from yingji.enforcement.tests.conftest import make_bureau, make_inspector

    bureau = make_bureau()
    other = make_bureau("b", code="420106000000", street="420106001000", n=952)
    on_leave = make_inspector(None, bureau.department, name="a请假", code="420102000000")
    today = timezone.localdate()
    update_object(on_leave, {"on_leave_from": today - timedelta(days=1),
                             "on_leave_until": today + timedelta(days=3)}, actor=system())
    retired = make_inspector(None, bureau.department, name="a离岗", code="420102000000")
    update_object(retired, {"is_active": False}, actor=system())
    city = make_inspector(None, bureau.department, name="市局执法丙", code="420100000000")
    accident = accidents.create_accident(accident_data(street, enterprise=bureau.enterprise,
                                                       unit_name=""), actor=actor_for(supervisor))
    form = CaseForm(accident=accident, user=bureau.inspector_user)
    offered = {i.name for i in form.fields["officers"].queryset}
    assert offered == {"a执法甲", "a执法乙"}  # not expired, on leave, out of post, nor the city's
    city_user = make_user("wh_insp_c", roles=["inspector"], scope=WUHAN)
    wide = CaseForm(accident=accident, user=city_user)
    offered = {i.name for i in wide.fields["officers"].queryset}
    assert offered == {"a执法甲", "a执法乙", city.name}  # not 武昌区's officers
    assert not offered & {o.name for o in other.officers}
    codes = [s.code for s in form.fields["standard"].queryset]
    assert codes == ["CL095", "CL114"]


def test_an_expired_officer_posted_anyway_is_refused_by_the_form(supervisor: Any, street: Any) -> None:
    from yingji.enforcement.tests.conftest import make_bureau

    bureau = make_bureau()
    accident = accidents.create_accident(accident_data(street, enterprise=bureau.enterprise,
                                                       unit_name=""), actor=actor_for(supervisor))
    form = CaseForm({"officers": [bureau.officers[0].pk, bureau.expired.pk]}, accident=accident,
                    user=bureau.inspector_user)
    assert not form.is_valid() and "officers" in form.errors
