"""Browser walks of the demo city as each role meets it.

``demo_site()`` builds the demo city as ``make run`` does (migrate, ``yingji demo``) in a
fresh SQLite file of its own (``demo_city()``: once a run, copied for each test module) and
serves it with ``yingji serve --no-jobs`` on a free
port, so a browser test sees exactly what a new user sees: realistic data, every module,
the real navigation. ``walk()`` signs a demo account in through the login form (TOTP
enrolment included for the roles that need it), visits every entry of its navigation and
reports what a person would call a defect: a console error, a failed request, an
English word or a raw code on the screen.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
DEMO_PASSWORD = "Yingji@2026"

# Words a Chinese user may meet on a screen: standards, formats and protocols that are
# written in Latin letters in Chinese usage too.
ALLOWED_WORDS = frozenset({
    "API", "CAP", "XML", "JSON", "MQTT", "HTTP", "HTTPS", "Excel", "Word", "PDF", "LEC", "TOTP",
    "GB", "GBT", "SMS", "ID", "URL", "OpenStreetMap", "OSM", "CSV", "GeoJSON", "Leaflet",
    "ECharts", "Yingji", "SM", "QoS", "IP", "WGS", "CGCS", "CAS", "XLSX", "DOCX", "PNG",
    "JPG", "JPEG", "GIF", "WEBP", "MB", "KB", "AQ", "HAZOP", "DCS", "SIS", "GDS", "PLC",
    "LPG", "LNG", "CNG", "PM", "km", "kPa", "MPa", "ppm", "LEL", "mm", "mg", "m3", "Tabler",
    "iOS", "Android", "WiFi", "GPS", "BeiDou", "UTC", "OASIS", "TNT", "TDI", "VIP", "Atom",
    "MEKP", "TATP", "HMX", "RDX", "PETN", "DNT", "MDI", "HDI", "DMF", "THF", "MTBE",
    "RSS",
})
# Runs of ASCII letters long enough to be a word (units like km are allowed above);
# letters joined to digits, hyphens or dots are an identifier (DEMO-GW-001, WH2024).
_WORD = re.compile(r"(?<![A-Za-z0-9_./:@-])[A-Za-z]{3,}(?![A-Za-z0-9_@.-])")
_RAW_REGION_CODE = re.compile(r"(?<!\d)\d{12}(?!\d)")
_RAW_SYSTEM = re.compile(r"系统:[a-z]")

# The page's visible text without form controls (a region picker may show a code as a
# hint), code blocks, and the cells of identifier columns (a licence number, a region's
# code in the region registry, a token's prefix are data, not words).
_VISIBLE_TEXT = """() => {
  const root = document.querySelector('.page-wrapper') || document.body;
  const copy = root.cloneNode(true);
  copy.querySelectorAll('select, option, script, style, code, pre, input, textarea, noscript, '
    + '.leaflet-control-attribution, [data-raw-ok]').forEach(e => e.remove());
  const idWords = ['编码', '编号', '代码', '令牌', '证号', '标识', '文号', 'CAS'];
  copy.querySelectorAll('table').forEach(table => {
    const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.innerText);
    table.querySelectorAll('tbody tr').forEach(tr => {
      Array.from(tr.children).forEach((td, i) => {
        if (heads[i] && idWords.some(w => heads[i].includes(w))) td.remove();
      });
    });
  });
  return copy.innerText;
}"""


@dataclass
class Finding:
    """One defect seen on one page."""

    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.url} [{self.kind}] {self.detail}"


@dataclass
class Walk:
    """What one account saw: the pages visited and the defects found."""

    username: str
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def untranslated(text: str) -> list[str]:
    """English words and raw codes in ``text`` that a Chinese user should not meet."""
    found = [w for w in _WORD.findall(text) if w not in ALLOWED_WORDS]
    found += [f"区划代码 {m}" for m in _RAW_REGION_CODE.findall(text)]
    found += _RAW_SYSTEM.findall(text)
    return sorted(set(found))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("YINGJI_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"YINGJI_VAR_DIR": str(var_dir), "YINGJI_DEMO": "1",
                "YINGJI_DEMO_ALLOW_PRODUCTION": "1", "DJANGO_SETTINGS_MODULE":
                "yingji.config.settings"})
    return env


def _build_demo(var_dir: Path) -> None:
    env = demo_env(var_dir)
    cli = [sys.executable, "-m", "yingji.config.cli"]
    subprocess.run([*cli, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*cli, "demo", "--if-empty"], env=env, check=True, stdout=subprocess.DEVNULL)


def shared_demo(root: Path) -> Path:
    """The demo city built once under ``root`` for every test module (and every xdist
    worker) of a run: the first caller builds it under a lock, the others wait for it.
    Building it takes minutes; copying it, a moment."""
    import fcntl
    import shutil

    built = root / "demo-city"
    with (root / "demo-city.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (built / ".built").exists():
            shutil.rmtree(built, ignore_errors=True)
            built.mkdir(parents=True)
            _build_demo(built)
            (built / ".built").touch()
    return built


def demo_city(tmp_path_factory: Any, name: str) -> Iterator[str]:
    """A browser test module's demo site: its own copy of the run's demo city (a module's
    walk may change what it serves), served on a free port. Skipped in the PostgreSQL
    pass: the demo city is always built on its own SQLite file, as ``make run`` builds it,
    and walking it again there would test the same thing twice."""
    import shutil

    import pytest

    from yingji.core.testing import require_chromium

    if os.environ.get("YINGJI_DATABASE_URL"):
        pytest.skip("由 SQLite 测试轮执行（演示站点总是用独立的 SQLite 数据库构建）")
    assert require_chromium()
    base = Path(tmp_path_factory.getbasetemp())
    # Under xdist each worker has its own base directory inside the run's.
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    var_dir = Path(tmp_path_factory.mktemp(name))
    shutil.copytree(shared_demo(root), var_dir, dirs_exist_ok=True)
    yield from demo_site(var_dir)


def demo_site(var_dir: Path) -> Iterator[str]:
    """Serve the demo city under ``var_dir`` (built there first unless it already is);
    yields the site's URL."""
    env = demo_env(var_dir)
    cli = [sys.executable, "-m", "yingji.config.cli"]
    if not (var_dir / ".built").exists():
        _build_demo(var_dir)
    port = _free_port()
    log = (var_dir / "serve.log").open("w")
    server = subprocess.Popen([*cli, "serve", "--no-jobs", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((var_dir / "serve.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def visit(page: Any, url: str, href: str, result: Walk, current: dict[str, str], screenshot: Path,
          **options: Any) -> None:
    """Open ``href`` as the walk's current page, check its text and take its screenshot
    (``current`` is the dictionary ``watch()`` returned: findings name this page)."""
    current["url"] = href
    result.visited.append(href)
    page.goto(f"{url}{href}")
    page.wait_for_load_state("networkidle")
    check_text(page, href, result)
    page.screenshot(path=str(screenshot), full_page=True, **options)


def sign_in(page: Any, url: str, username: str) -> None:
    """The login form, then the second factor (enrolling it on first use)."""
    import pyotp

    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    if page.locator("#totp-secret").count():
        secret = page.locator("#totp-secret").input_value().replace(" ", "")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.locator("button[type=submit]", has_text="确认绑定").click()
        page.wait_for_load_state("networkidle")
    if page.locator("input[name=password1], input[name=new_password1]").count():
        raise AssertionError(f"{username}: the demo account is asked to change its password")


def watch(page: Any, result: Walk) -> dict[str, str]:
    """Record the page's console errors, script exceptions and failed requests in
    ``result``, each under the path held in the returned dict's ``"url"`` (for a test
    that walks its own way rather than the navigation)."""
    current = {"url": ""}
    page.on("console", lambda m: result.findings.append(
        Finding(current["url"], "控制台错误", m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.findings.append(Finding(current["url"], "脚本异常", str(e))))
    page.on("response", lambda r: result.findings.append(
        Finding(current["url"], "请求失败", f"{r.status} {r.url}")) if r.status >= 400 else None)
    # A request cut off by going to the next page (ERR_ABORTED) is the walk's doing.
    page.on("requestfailed", lambda r: result.findings.append(
        Finding(current["url"], "请求失败", f"{r.failure} {r.url}"))
        if "/events/stream" not in r.url and "ERR_ABORTED" not in str(r.failure) else None)
    return current


def check_text(page: Any, href: str, result: Walk) -> None:
    """Record the English words and raw codes of the page's visible text."""
    for word in untranslated(page.evaluate(_VISIBLE_TEXT)):
        result.findings.append(Finding(href, "未翻译或原始代码", word))


def walk(page: Any, url: str, username: str, screenshots: Path,
         only: Callable[[str], bool] | None = None,
         follow: Callable[[str], bool] | None = None) -> Walk:
    """Sign ``username`` in and visit every entry of its navigation (those ``only``
    keeps, when given: a module's own entries); with ``follow``, also the first link of
    each visited page that ``follow`` keeps (a list's first detail page)."""
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    current["url"] = page.url
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / f"role-{username}-workbench.png"), full_page=True)
    links = page.eval_on_selector_all(
        "#sidebar-menu a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    entries = [h for h in dict.fromkeys(links) if h and not h.startswith("/logout")
               and (only is None or only(h))]
    queue = list(entries)
    while queue:
        href = queue.pop(0)
        current["url"] = href
        result.visited.append(href)
        page.goto(f"{url}{href}")
        page.wait_for_load_state("networkidle")
        for word in untranslated(page.evaluate(_VISIBLE_TEXT)):
            result.findings.append(Finding(href, "未翻译或原始代码", word))
        name = href.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(screenshots / f"role-{username}-{name}.png"), full_page=False)
        if follow is not None and href in entries:
            found = page.eval_on_selector_all(
                ".page-body a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
            nxt = next((h for h in found if h and follow(h) and h not in result.visited
                        and h not in queue), None)
            if nxt is not None:
                queue.append(nxt)
    return result
