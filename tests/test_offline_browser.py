"""Nothing leaves the server: in headless Chromium, every request of every page, of a lever move,
of the popovers and of presentation mode goes to the app's own host (a meeting room may have no
internet, and no page should leak a request elsewhere).

Playwright hides favicon requests from its request events (microsoft/playwright#7493), and the
favicon was exactly the leak (a `st.Page` Material icon became a fonts.gstatic.com URL): so the
tab icon's address is recorded from the page itself, every time the frontend changes it.
"""

from urllib.parse import urlsplit

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER), the fixtures and helpers.
from test_browser import IDLE, assert_no_errors, browser, headline, server  # noqa: F401

from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Every address a <link rel=icon> takes, from the first script on (before Streamlit's own).
RECORD_ICONS = """
window.__iconHrefs = [];
const note = () => document.querySelectorAll("link[rel~='icon']").forEach(l => window.__iconHrefs.push(l.href));
new MutationObserver(note).observe(document, {subtree: true, childList: true, attributes: true,
                                               attributeFilter: ["href", "rel"]});
"""


class Recorder:
    """A browser context whose every request is checked: one to another host is recorded and
    aborted (the test never reaches the internet), the rest go through."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 720):
        self.own = urlsplit(base).netloc
        self.foreign: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.add_init_script(RECORD_ICONS)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("websocket", lambda ws: self._check(ws.url))
        self.icons: list[str] = []

    def _check(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == self.own:
            return True
        self.foreign.append(url)
        return False

    def _route(self, route) -> None:
        if self._check(route.request.url):
            route.continue_()
        else:
            route.abort()

    def settle(self) -> None:
        self.page.wait_for_function(IDLE, timeout=60_000)
        self.page.wait_for_timeout(300)  # the favicon and lazy chunks follow the last message
        self.icons += self.page.evaluate("window.__iconHrefs.splice(0)")
        self.icons += self.page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)")

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.settle()

    def outside(self) -> list[str]:
        for url in self.icons:
            self._check(url)
        return sorted(set(self.foreign))


def move_share_rate(page) -> None:
    """One key press on the share-rate lever."""
    page.locator(".st-key-levers [data-lever=share_rate]").focus()
    page.keyboard.press("ArrowRight")


def visit_every_page(rec: Recorder) -> int:
    """Walk the pages through the sidebar's own links (the path a user takes)."""
    page = rec.page
    hrefs = page.locator("[data-testid=stSidebarNav] a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 10, hrefs
    for href in hrefs:
        rec.goto(href)
        assert_no_errors(page)
    return len(hrefs)


def test_no_request_leaves_the_server_on_any_page_lever_popover_or_presentation(server, browser):
    rec = Recorder(browser, server)
    page = rec.page
    rec.goto(server + "?share_rate=0.2")
    expect(headline(page, "Value per month")).to_have_text("$63,000", timeout=30_000)
    icon = page.locator("link[rel~='icon']").first.get_attribute("href")
    assert icon and "gstatic" not in icon, icon

    move_share_rate(page)
    expect(headline(page, "Value per month")).to_have_text("$66,150", timeout=30_000)
    rec.settle()
    page.get_by_role("button", name="Download").first.click()
    expect(page.get_by_role("button", name="Workbook (Excel)")).to_be_visible(timeout=30_000)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Copy link").first.click()
    expect(page.locator("[data-testid=stCode]")).to_contain_text("share_rate=0.21", timeout=30_000)
    page.keyboard.press("Escape")
    rec.settle()

    visit_every_page(rec)

    # Presentation mode: switched on from the page, a lever moved, every page, switched off.
    rec.goto(server + "?share_rate=0.2")
    page.locator(".st-key-present").get_by_text("Presentation mode").click()
    page.wait_for_url("**present=true**", timeout=30_000)
    rec.settle()
    move_share_rate(page)
    expect(headline(page, "Value per month")).to_have_text("$66,150", timeout=30_000)
    rec.settle()
    for path in ("reach", "demand", "sensitivity", "forecast", "timeline", "scenarios", "library", "measure",
                 "methodology", ""):
        rec.goto(f"{server}{path}?present=true&share_rate=0.2")
        assert_no_errors(page)
    page.locator(".st-key-present").get_by_text("Presentation mode").click()
    rec.settle()

    assert rec.icons, "the recorder saw no favicon or resource at all: it is not recording"
    assert rec.outside() == []
    rec.context.close()
