"""Every page and API endpoint of core and of the shell (ui), for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, an administrator of 江岸区 and one of
武昌区 (the audit log: auditors of the two districts)."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from yingji.core.models import AuditLog, Department, Region
from yingji.core.services.attachments import attach_file
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object
from yingji.core.services.tokens import issue_token
from yingji.core.testing import JIANGAN, JIANGAN_STREET, make_user, region, system
from yingji.core.testing_scope import Action, Delete, Detail, List, Page, Post, ScopeCase, World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
AUDITOR = ("auditor",)

# A signed-in user's own data: every account has it, so the "unpermitted" user (holding
# no role) is answered too, about their own (empty) rows, and gets 404 for another's.
OWN = {"unpermitted": 200}
OWN_OBJECT = {"unpermitted": 404}


class TestCoreScope(ScopeCase):
    apps = ("core", "ui")
    roles = ("admin",)

    endpoints = {
        "api-me": Page(**OWN),
        # The region tree is the shared reference every staff role reads whole.
        "region-list": List("region", query="q=420102002", outsider=200, outsider_lists=True),
        "region-detail": Detail("region", outsider=200),
        "region_autocomplete": Page(),
        # Attachments answer 404 to anyone who may not see their owner, permission or scope.
        "attachment_upload": Action("department", unpermitted=404, kwargs=lambda w: {
            "app_label": "core", "model": "department", "object_id": w["department"].pk}),
        "attachment_download": Detail("attachment", unpermitted=404),
        "attachment_delete": Delete("attachment", unpermitted=404),
        # One's own tokens: another's is a 404.
        "apitoken-list": List("apitoken", **OWN),
        "apitoken-detail": Detail("apitoken", **OWN_OBJECT),
        "apitoken-revoke": Action("apitoken", **OWN_OBJECT),
        # Accounts are deactivated, never deleted (DELETE is refused to everyone).
        "user-detail": Detail("user", write_methods=("put", "patch")),
        "ack_web": Action("notification", **OWN_OBJECT),
        "auditlog_list": List("auditlog", roles=AUDITOR),
        "auditlog_detail": Detail("auditlog", roles=AUDITOR),
        "auditlog-list": List("auditlog", roles=AUDITOR),
        "auditlog-detail": Detail("auditlog", roles=AUDITOR),
        "notification_list": List("notification", **OWN),
        "notification_detail": Detail("notification", **OWN_OBJECT),
        "notification_read": Action("notification", **OWN_OBJECT),
        "notification_badge": Page(**OWN),
        "notification_read_all": Post(unpermitted=302),  # marks one's own, then back
        "notification-list": List("notification", **OWN),
        "notification-detail": Detail("notification", **OWN_OBJECT),
        "notification-mark-read": Action("notification", **OWN_OBJECT),
        "notification-mark-all-read": Post(**OWN),
        # The shell: every signed-in user has a workbench; the map needs the regions.
        "workbench": Page(**OWN),
        "map": Page(),
        "map_regions": Page(),
        # A layer of 综合一张图 for a role that views its model; its scope: ui/tests/test_map_layers.
        "map_layer": Page(roles=("commander",), kwargs=lambda w: {"key": "enterprises"}),
        # Usable shelters are public information for every account (ui/tests/test_public).
        "public_shelters": Page(**OWN),
        "public_shelters_geojson": Page(**OWN),
    }
    exempt = {
        "login": "the sign-in page itself, public by nature",
        "login_2fa": "second step of signing in; tested in test_account_totp",
        "logout": "ends one's own session; tested in test_account_login",
        "password_change": "one's own password; tested in test_account_password",
        "totp_setup": "one's own second factor; tested in test_account_totp",
        "healthz": "public liveness probe for the load balancer, no data",
        "metrics": "operational figures only, no records; answered to the allowed addresses "
                   "or the token, tested in test_metrics",
        "live_stream": "the event stream; its scope is tested in test_live_events and "
                       "test_browser_live (events are filtered per subscriber)",
        "ack_link": "the signed link is the credential (no login on a phone in the field); "
                    "tested in test_channels_ack",
        "sms_callback": "the SMS gateway's signed callback, not a user's endpoint; tested in "
                        "test_channels_ack",
        "personal_reveal": "reveals one personal value of any model: the scope is that of the "
                           "named object (restrict(user, 'view')); tested in test_personal_data "
                           "and the modules' personal-data tests",
        "api-personal-reveal": "the API of personal_reveal, same checks; tested in "
                               "test_personal_data",
        "public_shelters": "the public shelter map (公众避难场所查询), open to everyone by design",
        "public_shelters_geojson": "the public shelter map's data, open to everyone by design",
    }

    def world_context(self) -> contextlib.AbstractContextManager[Any]:
        return _media_folder()

    def build(self, world: World) -> dict[str, Any]:
        department = create_object(Department, {
            "name": "范围测试江岸区应急管理局", "kind": "office", "region": region(JIANGAN)},
            actor=system())
        target = make_user("scope_target", scope=JIANGAN, real_name="范围测试值班员")
        token, _ = issue_token(world.permitted(), "范围测试令牌", actor=system())
        (notification,) = notify([world.permitted()], title="范围测试通知", actor=system())
        attachment = attach_file(department, SimpleUploadedFile("范围测试.png", PNG), actor=system())
        return {
            "region": Region.objects.get(code=JIANGAN_STREET),
            "department": department,
            "user": target,
            "apitoken": token,
            "notification": notification,
            "attachment": attachment,
            "auditlog": AuditLog.objects.filter(object_type="core.department",
                                                object_id=str(department.pk)).get(),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "user":
            return obj.real_name
        if key == "auditlog":
            return f"/audit/{obj.pk}/"
        if key == "notification":
            return obj.title
        return super().marker(key, obj)


@contextlib.contextmanager
def _media_folder() -> Iterator[None]:
    with tempfile.TemporaryDirectory() as folder, override_settings(MEDIA_ROOT=folder):
        yield
