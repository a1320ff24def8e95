"""Every demo role that the governance module serves, in a real browser on the demo
city: sign in, open every navigation entry the module adds, the demo plan, its board and
a node, and fail on a console error, a failed request, an English word or a raw code.
Screenshots go to var/screenshots/governance-<account>-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.demo.accounts import ACCOUNTS
from yingji.core.testing import require_chromium
from yingji.core.testing_browser import (
    CHROMIUM_ARGS,
    Walk,
    demo_city,
    sign_in,
    watch,
)
from yingji.core.testing_browser import visit as browser_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
ROLES = ("safety_office", "duty_leader", "commander", "supervisor", "inspector", "duty_officer",
         "legal_reviewer")
USERS = [a.username for a in ACCOUNTS if a.role in ROLES]
CONSULT_USERS = {a.username for a in ACCOUNTS
                 if a.role in ("safety_office", "duty_leader", "commander", "supervisor", "duty_officer")
                 and a.scope == "420100000000"}  # the demo's special session is the city's
KPI_USERS = {a.username for a in ACCOUNTS
             if a.role in ("safety_office", "duty_leader", "commander", "supervisor")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "governance-city")


def visit(page: Any, url: str, href: str, result: Walk, current: dict[str, str], name: str,
          **screenshot: Any) -> None:
    browser_visit(page, url, href, result, current, SCREENSHOTS / f"governance-{name}.png", **screenshot)


def governance_walk(page: Any, url: str, username: str) -> Walk:
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    links = page.eval_on_selector_all(
        "#sidebar-menu a[href^='/governance/']", "els => els.map(e => e.getAttribute('href'))")
    for href in dict.fromkeys(links):
        visit(page, url, href, result, current, f"{username}-{href.strip('/').replace('/', '-')}")
    # The demo plan, its board and the first node the user sees.
    page.goto(f"{url}/governance/plans/")
    plan = page.locator("table a[href^='/governance/plans/']").first
    if plan.count():
        href = plan.get_attribute("href")
        visit(page, url, href, result, current, f"{username}-plan")
        visit(page, url, f"{href}board/", result, current, f"{username}-board")
    page.goto(f"{url}/governance/nodes/")
    node = page.locator("table a[href^='/governance/nodes/']").first
    if node.count():
        visit(page, url, node.get_attribute("href"), result, current, f"{username}-node")
    # The consultation reports of those who read them: the issued special session and
    # its parts' trend charts.
    session = None
    if username in CONSULT_USERS:
        page.goto(f"{url}/governance/consultations/")
        session = page.locator("table a[href^='/governance/consultations/']", has_text="专题会商").first
    if session is not None and session.count():
        href = session.get_attribute("href")
        visit(page, url, href, result, current, f"{username}-consultation")
        page.wait_for_selector("[data-testid='consultation-part'] .echart canvas", timeout=10000)
        result.visited.append(f"consultation:{href}")
    # The KPIs of those who read them: a computed indicator (figures by district against
    # the target, the trend chart, the link to the data) and the entered one.
    if username not in KPI_USERS:
        return result
    for name in ("隐患整改销号率", "安全生产培训覆盖率"):
        page.goto(f"{url}/governance/kpis/")
        link = page.locator("table a[href^='/governance/kpis/']", has_text=name).first
        if not link.count():
            continue
        href = link.get_attribute("href")
        visit(page, url, href, result, current, f"{username}-kpi-{href.strip('/').split('/')[-1]}")
        page.wait_for_selector("#kpi-trend .echart canvas", timeout=10000)
        result.visited.append(f"chart:{href}")
    return result


@pytest.mark.parametrize("username", USERS)
def test_every_governance_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = governance_walk(page, site, username)
        finally:
            browser.close()
    assert any(h.startswith("/governance/plans/") for h in result.visited), \
        f"{username} has no governance entry: {result.visited}"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
    if username in CONSULT_USERS:
        assert any(h.startswith("consultation:") for h in result.visited), result.visited
    if username in KPI_USERS:
        assert len([h for h in result.visited if h.startswith("chart:")]) == 2, result.visited
