"""API conventions: 401 JSON in Chinese for anonymous callers, the error shape, no
stack traces, a valid OpenAPI schema and offline Swagger UI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework import exceptions

from yingji.core.api import views
from yingji.core.api.errors import field_errors
from yingji.core.models import User
from yingji.core.testing import client_for

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/me/", "/api/v1/regions/", "/api/v1/departments/", "/api/v1/users/",
             "/api/v1/notifications/", "/api/v1/audit-logs/", "/api/v1/tokens/"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_caller_gets_a_chinese_401(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_authenticated",
                                         "message": "未登录或登录已失效，请先登录"}}
    assert response["WWW-Authenticate"] == "Token"


def test_unknown_api_path_is_a_json_404(duty_officer: User) -> None:
    response = client_for(duty_officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_malformed_json_is_a_chinese_400(city_admin: User) -> None:
    response = client_for(city_admin).post("/api/v1/departments/", "{not json",
                                           content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "parse_error",
                                         "message": "请求内容格式错误，无法解析"}}


@pytest.mark.parametrize("body", ["true", "1", "[]", '"x"', "null"])
def test_a_json_body_that_is_not_an_object_is_a_chinese_400(city_admin: User, body: str) -> None:
    # A bare value reached the page forms (form.data.get) and answered a 500.
    response = client_for(city_admin).post("/api/v1/departments/", body,
                                           content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "parse_error", "message": "请求内容应为 JSON 对象"}}


def test_unexpected_error_is_a_500_without_a_stack_trace(
    duty_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: Any, request: Any) -> Any:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(views.MeView, "get", explode)
    response = client_for(duty_officer).get("/api/v1/me/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "server_error"
    assert body["error"]["message"] == "服务器内部错误，请联系管理员（请求编号 req-12345678）"
    text = response.content.decode()
    assert "Traceback" not in text and "hunter2" not in text and "RuntimeError" not in text


def test_english_library_messages_become_chinese() -> None:
    detail = exceptions.ValidationError({
        "a": [exceptions.ErrorDetail("This field is required.", code="required")],
        "b": [exceptions.ErrorDetail("Ensure this value is valid.", code="weird")],
        "c": {"d": [exceptions.ErrorDetail("请填写合法的整数值。", code="invalid")]},
        "e": {0: [exceptions.ErrorDetail("Not a valid choice.", code="invalid_choice")]},  # type: ignore[dict-item]
    }).detail
    assert field_errors(detail) == {
        "a": ["此项为必填项"],
        "b": ["数据格式不正确"],
        "c.d": ["请填写合法的整数值。"],
        "e": ["第1项：不是有效的选项"],
    }


def test_schema_and_docs_need_a_signed_in_user() -> None:
    response = Client().get("/api/schema/")
    assert response.status_code == 401
    # The schema view answers in its own renderer (YAML unless ?format=json).
    assert "not_authenticated" in response.content.decode()
    assert "paths" not in response.content.decode()
    assert Client().get("/api/schema/", {"format": "json"}).json()["error"]["code"] == "not_authenticated"
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith(reverse("login"))


def test_schema_is_valid_openapi(duty_officer: User) -> None:
    response = client_for(duty_officer).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "应急管理综合应用平台 API"
    validate_schema(schema)
    for path in ["/api/v1/regions/{code}/", "/api/v1/departments/{id}/", "/api/v1/me/",
                 "/api/v1/notifications/mark-all-read/", "/api/v1/tokens/{id}/revoke/",
                 "/api/v1/audit-logs/"]:
        assert path in schema["paths"], path
    assert "ApiToken" in schema["components"]["securitySchemes"]
    params = {p["name"] for p in schema["paths"]["/api/v1/departments/"]["get"]["parameters"]}
    assert {"page", "page_size", "ordering", "q", "kind", "region"} <= params


def test_the_schema_builds_without_a_warning(tmp_path: Any) -> None:
    """No enum named after a field with a hash suffix, no choice set under two names,
    no view the generator cannot describe: ``--fail-on-warn`` exits on any of them."""
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    text = target.read_text()
    assert "WarningLevelEnum:" in text and "ResponseGradeEnum:" in text


def test_swagger_ui_is_served_without_a_cdn(duty_officer: User) -> None:
    response = client_for(duty_officer).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("drf_spectacular_sidecar" in s for s in sources)
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]


def test_session_writes_need_the_csrf_token(city_admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_admin)
    response = client.post("/api/v1/departments/",
                           '{"name": "跨站写入", "kind": "office", "region": "420102"}',
                           content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert "CSRF 校验失败" in response.json()["error"]["message"]
    from yingji.core.models import Department

    assert not Department.objects.filter(name="跨站写入").exists()


def test_messages_stay_chinese_whatever_the_browser_language(city_admin: User) -> None:
    response = client_for(city_admin).post("/api/v1/departments/", "{}",
                                           content_type="application/json",
                                           HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.json()["error"]["fields"]["name"] == ["此项为必填项"]
    assert response.json()["error"]["message"] == "提交的数据有误，请检查各字段"
