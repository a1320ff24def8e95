from django.apps import AppConfig


class DisastersConfig(AppConfig):
    """Natural disasters and relief: events, 初报/续报/核报, the relief response level, relief to
    households, donations."""

    name = "yingji.disasters"
    label = "disasters"
    verbose_name = "自然灾害与救灾救助"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from yingji.core.roles import grant
        from yingji.disasters.upgrade import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="disasters.after_migrate")

        # A duty officer records and forwards: events, reports (the street's review, the
        # county's check and submission up the chain), registers, relief applications,
        # checks. Decisions belong to the leaders: 县审批 of relief (approve_reliefcase),
        # 完成核报 (verify_disasterevent), corrections after it (correct_disasterreport)
        # and starting the relief response.
        staff = (
            "disasters.view_*",
            "disasters.add_*",
            "disasters.change_*",
            "disasters.delete_casualtyrecord",
            "disasters.delete_damagedhouse",
            "disasters.review_*",
            "disasters.check_*",
        )
        decisions = (
            "disasters.approve_*",
            "disasters.correct_*",
            "disasters.verify_disasterevent",
            "disasters.decide_response",
        )
        grant("duty_officer", *staff)
        for role in ("duty_leader", "commander"):
            grant(role, *staff, *decisions)
        # The 救灾科 (relief section of the county or city bureau): the county's check and
        # submission of reports (and returning them), the registers, relief cases up to the
        # town's audit, issuing money and goods with 签领 and the 公示, the 12-hour
        # guarantees, winter-spring relief and donations. Not the leaders' decisions, the
        # events themselves, the response tables or the settings.
        grant(
            "relief_section",
            "disasters.view_*",
            "disasters.review_disasterreport",
            "disasters.check_disasterreport",
            "disasters.add_casualtyrecord",
            "disasters.change_casualtyrecord",
            "disasters.add_damagedhouse",
            "disasters.change_damagedhouse",
            "disasters.add_reliefcase",
            "disasters.change_reliefcase",
            "disasters.add_reliefissue",
            "disasters.add_guaranteeconfirmation",
            "disasters.add_winterspringplan",
            "disasters.change_winterspringplan",
            "disasters.add_donation",
            "disasters.change_donation",
            "disasters.add_donationuse",
        )
        # The village or community 灾害信息员: reports, registers, relief applications
        # and the village's democratic review (村评议); nothing above the village.
        grant(
            "informant",
            "disasters.view_disasterevent",
            "disasters.view_disasterreport",
            "disasters.add_disasterreport",
            "disasters.change_disasterreport",
            "disasters.view_casualtyrecord",
            "disasters.add_casualtyrecord",
            "disasters.change_casualtyrecord",
            "disasters.view_damagedhouse",
            "disasters.add_damagedhouse",
            "disasters.change_damagedhouse",
            "disasters.view_reliefcase",
            "disasters.add_reliefcase",
            "disasters.change_reliefcase",
            "disasters.view_twelvehourcheck",
        )
        try:
            from yingji.disasters import setup
        except ImportError:  # pages not built yet
            return
        setup.register_all()
