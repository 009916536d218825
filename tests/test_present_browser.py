"""Presentation mode on a projector, in headless Chromium at 1280x720 and 1920x1080: what the
room must see on the first screen without scrolling, and the presenter walking the pages with
the keyboard while the sidebar (every assumption) stays folded."""

import re

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER), the fixtures and helpers.
from test_browser import IDLE, SHOTS, assert_no_errors, browser, server  # noqa: F401

from playwright.sync_api import Page, expect

from test_levers_browser import settle

pytestmark = pytest.mark.browser

# A program that costs more than it returns at 10% (net -$17,500, ROI -35%, break-even 15.6%:
# 31,500 + 1,000 of value against 10 × 1,000 seats + 40,000 fixed), and one that pays.
LOSS = "present=true&cost.seat_cost_per_month=10&cost.fixed_cost_per_month=40000"
GAIN = LOSS + "&share_rate=0.25"


def open_at(browser, url: str, width: int, height: int) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(url)
    page.wait_for_function(IDLE, timeout=60_000)
    expect(page.locator(".st-key-levers")).to_be_visible(timeout=60_000)
    return page


def figure(page: Page, label: str):
    return page.locator("[data-testid=stMetric]").filter(has=page.locator("[data-testid=stMetricLabel]",
                                                                          has_text=re.compile(f"^{label}$")))


def on_first_screen(page: Page, locator, height: int) -> None:
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (locator, box)


def px(locator, prop: str) -> float:
    return locator.evaluate(f"e => parseFloat(getComputedStyle(e).{prop})")


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_the_first_screen_holds_levers_value_net_roi_and_break_even(server, browser, width, height):
    page = open_at(browser, f"{server}?{LOSS}", width, height)
    net = figure(page, "Net value per month")
    expect(net.locator("[data-testid=stMetricValue]")).to_have_text("-$17,500", timeout=30_000)
    expect(figure(page, "ROI").locator("[data-testid=stMetricValue]")).to_have_text("-35%")
    expect(figure(page, "Break-even share rate").locator("[data-testid=stMetricValue]")).to_have_text("15.6%")
    expect(figure(page, "Value per month").locator("[data-testid=stMetricValue]")).to_have_text("$31,500")
    page.wait_for_timeout(500)  # the mode's style lands with the run's last messages
    for name in ("share_rate", "participants", "stories_per_day"):
        on_first_screen(page, page.locator(f".st-key-levers [data-block={name}]"), height)
    for label in ("Value per month", "Net value per month", "ROI", "Break-even share rate"):
        on_first_screen(page, figure(page, label), height)
    # No empty band on top: the levers start right under the header.
    assert page.locator(".st-key-levers").bounding_box()["y"] < 0.16 * height
    # The net value is at least as large as the gross figures, red when negative, and says so in words.
    value = px(figure(page, "Value per month").locator("[data-testid=stMetricValue] p"), "fontSize")
    assert px(net.locator("[data-testid=stMetricValue] p"), "fontSize") >= value >= 40
    for gross in ("Impressions per story", "Value per story", "Lead savings per month"):
        assert px(figure(page, gross).locator("[data-testid=stMetricValue] p"), "fontSize") <= value
    color = net.locator("[data-testid=stMetricValue]").evaluate("e => getComputedStyle(e).color")
    red, green, blue = map(int, re.findall(r"\d+", color)[:3])
    assert red > 150 and green < 80 and blue < 80, color
    words = page.get_by_text("A loss:")
    expect(words).to_be_visible()
    on_first_screen(page, words, height)
    # The story, the title here, within two lines.
    title = page.locator("[data-testid=stMain] h1").first
    expect(title).to_contain_text("If 10% of your 1,000 advocates share a story")
    assert title.bounding_box()["height"] <= 2 * px(title, "lineHeight") + 8
    on_first_screen(page, title, height)
    # Every lever value at the levers' size; no (?) icons, no captions about the folded sidebar.
    levers = page.locator(".st-key-levers")
    label = px(levers.locator("label").first, "fontSize")
    for name in ("share_rate", "participants", "stories_per_day"):
        assert abs(px(levers.locator(f"[data-lever-box={name}]"), "fontSize") - label) < 0.5
    icons = page.locator("[data-testid=stMain] [data-testid=stTooltipIcon] svg")
    assert all(not icons.nth(i).is_visible() for i in range(icons.count()))
    assert page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]", has_text="sidebar").count() == 0
    box = page.locator("[data-testid=stSidebar]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, box
    assert_no_errors(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"presentation-{width}x{height}-loss.png"))
    page.context.close()


def test_a_program_that_pays_is_not_red_and_says_no_loss(server, browser):
    page = open_at(browser, f"{server}?{GAIN}", 1280, 720)
    net = figure(page, "Net value per month").locator("[data-testid=stMetricValue]")
    expect(net).to_have_text("$29,750", timeout=30_000)  # 78,750 + 1,000 - 50,000
    expect(figure(page, "ROI").locator("[data-testid=stMetricValue]")).to_have_text("60%")
    expect(page.get_by_text("A loss:")).to_be_hidden()  # drawn only for a loss (a dragged lever: by CSS)
    color = net.evaluate("e => getComputedStyle(e).color")
    assert re.findall(r"\d+", color)[:3] == ["17", "17", "17"], color  # the theme's text colour
    page.context.close()


ORDER = ["", "reach", "demand", "sensitivity"]  # the app's first pages, in its order
CONTROLS = """([prev, next]) => {
  const to = (which) => { const a = document.querySelector(`.st-key-present-${which} a`);
                          return a ? a.getAttribute('href') : null; };  // 'reach', '' for the overview
  return to('prev') === prev && to('next') === next;
}"""


def controls_of(page: Page, path: str) -> None:
    """Wait until the previous / next links are this page's own: the key listener clicks them, and
    while a rerun draws the new page the old page's links (or none) are still there for a moment."""
    at = ORDER.index(path)
    prev = ORDER[at - 1] if at > 0 else None
    page.wait_for_function(CONTROLS, arg=[prev, ORDER[at + 1]], timeout=60_000)


def at_page(page: Page, path: str) -> str:
    """Wait until the address bar and the page controls show this page; its full address.
    (Playwright's page.url misses some of the frontend's history.pushState calls: read location.)"""
    page.wait_for_function(f"() => location.pathname.endsWith('/{path}')", timeout=60_000)
    expect(page.locator(".st-key-present-row")).to_contain_text(f"{ORDER.index(path) + 1} / 10", timeout=60_000)
    controls_of(page, path)
    page.wait_for_function(IDLE, timeout=60_000)
    return page.evaluate("location.href")


@pytest.mark.parametrize("path", ["", "forecast", "timeline"])
def test_lever_names_clear_the_header_and_the_page_says_nothing_of_the_folded_sidebar(server, browser, path):
    # Issue 14, looked at on every page: the lever names sat under the header band (their tops cut off at
    # 1280x720), and the forecast and ramp-up pages sent the audience to the sidebar, which is folded away.
    page = open_at(browser, f"{server}{path}?present=true", 1280, 720)
    expect(page.locator(".st-key-present-row")).to_be_visible(timeout=30_000)
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_timeout(500)  # the mode's style lands with the run's last messages
    header = page.locator("[data-testid=stHeader]").bounding_box()
    for label in page.locator(".st-key-levers label").all():
        assert label.bounding_box()["y"] >= header["y"] + header["height"] - 1, (label.inner_text(), header)
    text = page.locator("[data-testid=stMain] [data-testid=stMainBlockContainer]").inner_text()
    assert "sidebar" not in text.lower(), [line for line in text.splitlines() if "sidebar" in line.lower()]
    assert_no_errors(page)
    page.context.close()


def test_the_ramp_up_pages_answer_is_on_the_first_screen_when_presenting(server, browser):
    # Its eight settings came first and pushed the payback figures below the fold at 1280x720.
    page = open_at(browser, f"{server}timeline?{GAIN}", 1280, 720)
    answer = page.locator(".st-key-timeline-answer")
    expect(answer).to_contain_text("It pays back in month", timeout=30_000)
    page.wait_for_timeout(500)  # the mode's style lands with the run's last messages
    on_first_screen(page, answer.get_by_text("It pays back in month"), 720)
    on_first_screen(page, answer.locator("[data-testid=stMetric]").last, 720)
    # Its settings follow it.
    assert page.get_by_text("Months shown").bounding_box()["y"] > answer.bounding_box()["y"]
    assert_no_errors(page)
    page.context.close()


def test_presenter_walks_the_pages_with_keys_and_links_sidebar_folded_scenario_kept(server, browser):
    page = open_at(browser, f"{server}?{GAIN}", 1280, 720)
    expect(page.locator(".st-key-present-row")).to_contain_text("1 / 10", timeout=30_000)
    assert page.locator(".st-key-present-prev").count() == 0  # the first page has no previous one
    page.wait_for_function("() => window.__advocacyPageKeys === true", timeout=60_000)
    controls_of(page, "")
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no input has focus
    page.keyboard.press("PageDown")
    at_page(page, "reach")
    page.keyboard.press("ArrowRight")
    at_page(page, "demand")
    page.keyboard.press("PageUp")
    at_page(page, "reach")
    # The next link, clicked, walks on as well.
    page.locator(".st-key-present-next a").click()
    url = at_page(page, "demand")
    assert "present=true" in url, url
    # The scenario came along: the lever and the cost it implies (demand's own figures follow them).
    expect(page.locator(".st-key-levers [data-lever-box=share_rate]")).to_have_value("25")
    assert page.locator(".st-key-levers [data-lever=share_rate]").get_attribute(
        "aria-valuetext") == "25%"
    box = page.locator("[data-testid=stSidebar]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, box
    # With a lever focused, the keys move the lever, never the page (a clicker sends Page Down).
    slider = page.locator(".st-key-levers [data-lever=share_rate]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('share_rate=0.26')", timeout=30_000)
    page.wait_for_function(IDLE, timeout=60_000)
    assert at_page(page, "demand")
    assert_no_errors(page)
    page.context.close()


def test_normal_mode_overview_fits_the_first_screen_at_1280x720(server, browser):
    # The sidebar open, no presentation mode: the levers, the four headline figures and the
    # bottom line are all visible without scrolling.
    page = open_at(browser, f"{server}?{LOSS.replace('present=true&', '')}", 1280, 720)
    expect(figure(page, "Net value per month").locator("[data-testid=stMetricValue]")).to_have_text(
        "-$17,500", timeout=30_000)
    expect(page.get_by_text("A loss:")).to_be_visible()
    page.wait_for_timeout(500)
    for label in ("Impressions per story", "Value per story", "Value per month", "Lead savings per month",
                  "Total value per month", "Program cost per month", "Net value per month", "ROI",
                  "Break-even share rate"):
        on_first_screen(page, figure(page, label), 720)
        value = figure(page, label).locator("[data-testid=stMetricValue]")
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth"), label  # not cut off
    on_first_screen(page, page.locator(".st-key-levers"), 720)
    on_first_screen(page, page.get_by_role("button", name="Copy link"), 720)
    assert_no_errors(page)
    page.context.close()


def test_tables_are_as_legible_as_the_text_when_presenting(server, browser):
    # The sensitivity page's "add or remove a group" table (st.table) at the size of the page's sentences.
    groups = ('[{"name":"Executives","weight":0.05,"relative_share_rate":3},{"name":"Sales","weight":0.2,'
              '"relative_share_rate":2},{"name":"Everyone else","weight":0.75,"relative_share_rate":0.6}]')
    page = open_at(browser, f"{server}sensitivity?present=true&groups={groups}", 1280, 720)
    table = page.locator("[data-testid=stTable]").first
    expect(table).to_contain_text("Executives", timeout=60_000)
    page.wait_for_timeout(500)  # the mode's style lands with the run's last messages
    sentence = px(page.locator("[data-testid=stMain] [data-testid=stMarkdown] p").first, "fontSize")
    assert sentence >= 16
    for cell in (table.locator("th").first, table.locator("td").first):
        assert px(cell, "fontSize") >= sentence - 0.5
    assert_no_errors(page)
    page.context.close()


BIG = "present=true&participants=20000&share_rate=0.25&stories_per_day=3&cost.seat_cost_per_month=10"
FITS = """() => [...document.querySelectorAll('[data-testid=stMetricValue] [data-testid=stMarkdownContainer]')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_a_large_programs_figures_show_whole_and_a_drag_keeps_them_whole(server, browser, width, height):
    # QA on a projector: 20,000 participants at 25% and 3 stories a day printed "$3,150…" (read as $3,150).
    # By hand: the worked example's $31,500 x 20 x 2.5 x 2 = $3,150,000; net 3,150,000 + 1,000 of leads - 10 x
    # 20,000 seats = $2,951,000. A figure wider than its box shrinks until it fits, and stays whole.
    page = open_at(browser, f"{server}?{BIG}", width, height)
    expect(figure(page, "Value per month").locator("[data-testid=stMetricValue]")).to_have_text(
        "$3,150,000", timeout=30_000)
    expect(figure(page, "Net value per month").locator("[data-testid=stMetricValue]")).to_have_text("$2,951,000")
    page.wait_for_function(f"() => ({FITS})().length === 0", timeout=10_000)
    # A short figure keeps its full size: only the long ones shrink.
    sizes = {label: px(figure(page, label).locator("[data-testid=stMetricValue] p"), "fontSize")
             for label in ("Value per month", "ROI")}
    assert sizes["Value per month"] < sizes["ROI"] and sizes["Value per month"] >= 0.45 * sizes["ROI"], sizes
    # While a lever moves the live figures grow (End: 40,000 participants) and still fit.
    page.locator(".st-key-levers [data-lever=participants]").focus()
    page.keyboard.press("End")
    expect(figure(page, "Value per month").locator("[data-testid=stMetricValue]")).to_have_text("$6,300,000")
    page.wait_for_function(f"() => ({FITS})().length === 0", timeout=10_000)
    # The participants box holds its whole number too.
    box = page.locator(".st-key-levers [data-lever-box=participants]")
    expect(box).to_have_value("40,000")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), box.input_value()
    assert_no_errors(page)
    page.context.close()


def test_a_seven_digit_roster_fits_its_box_when_presenting(server, browser):
    page = open_at(browser, f"{server}?present=true&participants=1500000", 1280, 720)
    box = page.locator(".st-key-levers [data-lever-box=participants]")
    expect(box).to_have_value("1,500,000", timeout=30_000)
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    page.context.close()


def test_after_a_drag_the_clicker_turns_the_page_and_leaves_the_lever(server, browser):
    # QA: a mouse drag left the focus on the range, so the clicker's Page Down moved the share rate a step
    # (29% -> 19%) in front of the room instead of turning the page.
    page = open_at(browser, f"{server}?{GAIN}", 1280, 720)
    page.wait_for_function("() => window.__advocacyPageKeys === true", timeout=60_000)
    share = page.locator(".st-key-levers [data-lever=share_rate]")
    box = share.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.25 * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + 0.3 * box["width"], y, steps=4)
    page.mouse.up()
    settle(page)
    dragged = page.locator(".st-key-levers [data-lever-box=share_rate]").input_value()
    assert dragged != "25"
    page.keyboard.press("PageDown")
    at_page(page, "reach")
    expect(page.locator(".st-key-levers [data-lever-box=share_rate]")).to_have_value(dragged)
    assert_no_errors(page)
    page.context.close()


@pytest.mark.parametrize("query", [
    "forecast?participants=1500000&share_rate=0.25&stories_per_day=3&cost.seat_cost_per_month=10",  # sidebar open
    "forecast?present=true&participants=20000&share_rate=0.25&stories_per_day=3"])  # "no cost", 1 px too wide
def test_the_forecasts_figures_fit_at_1280_in_both_modes(server, browser, query):
    # QA: "$125,21…" with the sidebar open (the shrinking stopped at its floor, seven figures to a row) and
    # "no c…" presenting (one pixel over, inside the old check's allowance).
    page = open_at(browser, f"{server}{query}", 1280, 720)
    expect(page.locator(".st-key-forecast-metrics [data-testid=stMetric]")).to_have_count(7, timeout=90_000)
    page.wait_for_function(IDLE, timeout=90_000)
    page.wait_for_function("""() => [...document.querySelectorAll(
        '.st-key-forecast-metrics [data-testid=stMetricValue] [data-testid=stMarkdownContainer]')].every(e => {
          const r = document.createRange(); r.selectNodeContents(e.querySelector('p'));
          return r.getBoundingClientRect().width <= e.clientWidth; })""", timeout=10_000)
    page.context.close()


WATCH_LOSS_WORDS = """(() => {
  window.__lossWordsSeen = 0;
  const look = () => {
    for (const e of document.querySelectorAll('[class*=st-key-loss-words-]'))
      if (e.checkVisibility() && e.innerText.trim()) window.__lossWordsSeen += 1;
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})()"""


@pytest.mark.parametrize("presenting", [False, True])
def test_a_fresh_page_of_a_program_that_pays_never_shows_the_loss_words(server, browser, presenting):
    # QA: opening a paying program showed "A loss: costs exceed value" for 0.3-0.8 s, in 3 loads of 3: the
    # words were always drawn and hidden by a style that reached the page after them.
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.add_init_script(WATCH_LOSS_WORDS)
    page.goto(f"{server}?{GAIN}" if presenting else f"{server}?{GAIN.replace('present=true&', '')}")
    expect(figure(page, "Net value per month").locator("[data-testid=stMetricValue]")).to_have_text(
        "$29,750", timeout=60_000)  # 78,750 + 1,000 - 50,000
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__lossWordsSeen") == 0
    page.context.close()
