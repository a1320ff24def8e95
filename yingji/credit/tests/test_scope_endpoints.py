"""Every page and API endpoint of the credit module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a legal reviewer of 江岸区 and one of
武昌区. The world's enterprise, its records, its listing and its commitments are in
江岸区."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.core.testing import JIANGAN, WUCHANG, make_department, system
from yingji.core.testing_scope import Action, Detail, List, Page, Post, ScopeCase, World, city_wide_reference
from yingji.credit.models import CommitmentKind, CreditSettings, ListingGround
from yingji.credit.services import commitments, listing, records
from yingji.enterprises.tests.factories import make_enterprise

READS: dict[str, Any] = {"inside_scope": JIANGAN, "outside_scope": WUCHANG, "outsider": 200,
                         "outsider_lists": True}


def _step(name: str, **extra: Any) -> Any:
    return lambda objects: {"name": name, "version": objects["dishonestyentry"].version, **extra}


class TestCreditScope(ScopeCase):
    apps = ("credit",)
    roles = ("legal_reviewer",)

    endpoints = {
        "dishonestyentry_step": Action("dishonestyentry", post=_step("withdraw", comment="范围测试")),
        "dishonestyentry-step": Action("dishonestyentry", post=_step("withdraw", comment="范围测试")),
        "dishonestyentry_publish": Action("dishonestyentry", post={}),
        "dishonestyentry_decision": Detail("dishonestyentry"),
        "removalapplication_step": Action("removalapplication", post={"name": "reject",
                                                                      "comment": "范围测试"}),
        "removalapplication-step": Action("removalapplication", post={"name": "reject",
                                                                      "comment": "范围测试"}),
        "credit_platform_export": Page(),
        # Created through their services and changed only by their steps: no PUT/PATCH/DELETE.
        "dishonestyentry-detail": Detail("dishonestyentry", write_methods=()),
        "removalapplication-detail": Detail("removalapplication", write_methods=()),
        "safetycommitment-detail": Detail("safetycommitment", write_methods=()),
        "commitmentplan_high_risk": Post(post={}),
        **city_wide_reference("creditsettings", page_actions=("edit",), api=False),
        **city_wide_reference("listingground", page_actions=("list", "add", "edit", "delete"),
                              api=False),
        "listingground-list": List("listingground", **READS),
        "listingground-detail": Detail("listingground", **READS, write_methods=()),
    }

    exempt = {
        "credit_public_list": "the public disclosure of the published list (公示), open to "
                              "everyone by design; tested in test_pages_api",
    }

    def build(self, world: World) -> dict[str, Any]:
        bureau = make_department("范围测试江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
        enterprise = make_enterprise(983, name="范围测试信用企业")
        event = records.create_event({"subject_type": "enterprise", "enterprise": enterprise,
                                      "kind": "false_report", "occurred_on": timezone.localdate(),
                                      "summary": "范围测试虚假报告"}, actor=system())
        entry = listing.import_listing({
            "enterprise": enterprise, "ground": ListingGround.objects.get(code="G04"),
            "department": bureau, "facts": "范围测试瞒报", "number": "范围测试〔2025〕1号",
            "listed_on": timezone.localdate() - timedelta(days=400)}, actor=system())
        commitments.sign_commitment({"enterprise": enterprise, "kind": CommitmentKind.CREDIT,
                                     "signer": "法定代表人", "text": "范围测试承诺"}, actor=system())
        application = listing.apply_early_removal({"entry": entry, "penalty_paid": True,
                                                   "rectified": True, "statement": "范围测试申请"},
                                                  actor=system())
        plan = commitments.create_plan({"enterprise": enterprise, "frequency": "daily", "shifts": 1},
                                       actor=system())
        signed = commitments.sign_commitment({"enterprise": enterprise, "signer": "范围测试签署人"},
                                             actor=system())
        return {"creditevent": event, "dishonestyentry": entry, "removalapplication": application,
                "commitmentplan": plan, "safetycommitment": signed,
                "listingground": ListingGround.objects.get(code="G06"),
                "creditsettings": CreditSettings.current()}

    def marker(self, key: str, obj: Any) -> str:
        if key in ("creditevent", "dishonestyentry"):
            return obj.subject_name
        if key == "removalapplication":
            return obj.entry.subject_name
        if key in ("commitmentplan", "safetycommitment"):
            return obj.enterprise.name
        if key == "listingground":
            return obj.code
        return super().marker(key, obj)
