"""Registration of the module's roles, navigation, workbench to-dos, the enterprise-file
section and the demo builder (called from ``CreditConfig.ready``)."""

from __future__ import annotations

_ALL = ("creditevent", "dishonestyentry", "removalapplication", "safetycommitment",
        "commitmentplan", "listingground", "creditsettings")


def _perms(models: tuple[str, ...], *verbs: str) -> tuple[str, ...]:
    return tuple(f"credit.{verb}_{model}" for model in models for verb in verbs)


def register_all() -> None:
    from yingji.core.roles import grant

    view_all = _perms(_ALL, "view")
    # 法制科 (legal section): the list — proposal, notice, decision, publication, repair
    # review — the grounds and the parameters; the penalising department decides.
    grant("legal_reviewer", "credit.*")
    # Supervisors keep the commitments and the records, read the list and propose.
    grant("supervisor", *view_all, *_perms(("creditevent", "commitmentplan"), "add", "change",
                                           "delete"),
          "credit.add_dishonestyentry", "credit.change_creditsettings")
    # Inspectors record false reports and refusals, propose listings of their cases.
    grant("inspector", *view_all, "credit.add_creditevent", "credit.change_creditevent",
          "credit.add_dishonestyentry")
    for role in ("duty_leader", "commander", "safety_office"):
        grant(role, *view_all)
    # An enterprise signs its commitments, sees its records and entries, states its case
    # and applies for early removal.
    grant("enterprise", "credit.view_creditevent", "credit.view_dishonestyentry",
          "credit.state_dishonestyentry", "credit.view_safetycommitment",
          "credit.add_safetycommitment", "credit.view_commitmentplan",
          "credit.view_removalapplication", "credit.add_removalapplication")

    from yingji.credit import (
        demo,  # noqa: F401  (registers the demo builder)
        workbench,
    )
    from yingji.credit.services.effects import list_marks
    from yingji.enterprises.tabs import FileSection, register_list_marks, register_section
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    section = "prevention"
    register(section, NavItem("安全承诺", "safetycommitment_list", "check",
                              "credit.view_safetycommitment", order=60))
    register(section, NavItem("承诺要求", "commitmentplan_list", "list",
                              "credit.view_commitmentplan", hidden_from=("enterprise",), order=61))
    register(section, NavItem("信用记录", "creditevent_list", "file-text",
                              "credit.view_creditevent", order=62))
    register(section, NavItem("严重失信名单", "dishonestyentry_list", "alert-triangle",
                              "credit.view_dishonestyentry", order=63))
    register(section, NavItem("信用修复申请", "removalapplication_list", "refresh",
                              "credit.view_removalapplication", order=64))
    register(section, NavItem("列入情形", "listingground_list", "book",
                              "credit.change_listingground", order=65))
    register(section, NavItem("信用参数", "creditsettings_edit", "shield",
                              "credit.change_creditsettings", city_wide=True, order=66))
    register("public", NavItem("严重失信主体公示", "credit_public_list", "alert-triangle",
                               roles=("public",), order=10))
    register_todos("credit", workbench.credit_todos)
    register_list_marks("credit", list_marks)
    register_section(FileSection("credit", "安全生产信用", "credit/enterprise_section.html",
                                 workbench.enterprise_section,
                                 permission="credit.view_creditevent", order=40))
