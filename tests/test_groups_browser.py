"""Groups of advocates in the real page (headless Chromium): adding the Sales template raises value per
month by exactly that group's part, and a link with three groups reproduces every figure in a fresh browser."""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from advocacy_calc import Scenario, compute
from advocacy_calc.formatting import count, money
from server import CHROMIUM

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set (CI installs it with apt-get)")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from test_browser import (IDLE, assert_no_errors, browser, headline, open_page, server,  # noqa: E402,F401 (fixtures)
                          wait_until_pin_stored)

GROUPS = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "connections": {"X": 2000}},
          {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
          {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]


def test_adding_the_sales_template_raises_value_per_month_by_its_part(server, browser):
    page = open_page(browser, server)
    expect(headline(page, "Value per month")).to_have_text("$31,500", timeout=30_000)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Groups of advocates").click()
    sidebar.get_by_role("button", name=re.compile("Add a group")).click()
    popover = page.locator("[data-testid=stPopoverBody]")
    popover.get_by_role("combobox", name="Template").click()
    page.get_by_role("option", name="Sales", exact=True).click()
    people = popover.get_by_role("spinbutton", name="People", exact=True)
    people.fill("200")
    people.press("Tab")
    relative = popover.get_by_role("spinbutton", name=re.compile("Share rate relative"))
    relative.fill("2")
    relative.press("Tab")
    popover.get_by_role("button", name="Add", exact=True).click()
    # 200 salespeople at twice today's 10%: 40 more sharers × 850 connections × $1,000/85,000 × 31.5 stories
    # = $12,600 more than the worked example's $31,500.
    expect(headline(page, "Value per month")).to_have_text("$44,100", timeout=30_000)
    page.wait_for_function("() => new URLSearchParams(location.search).has('groups')", timeout=30_000)
    groups = json.loads(page.evaluate("() => new URLSearchParams(location.search).get('groups')"))
    assert [g["name"] for g in groups] == ["Everyone else", "Sales"]
    assert_no_errors(page)
    page.context.close()


def test_a_link_with_three_groups_reproduces_every_figure_in_a_fresh_browser(server, browser):
    expected = compute(Scenario(groups=GROUPS, share_rate=0.2))
    link = server + "?" + urlencode({"share_rate": "0.2", "groups": json.dumps(GROUPS, separators=(",", ":"))})
    page = open_page(browser, link)  # a new browser context: its own storage and session, nothing carried over
    figures = {"Impressions per story": count(expected.impressions_per_story),
               "Value per story": money(expected.value_per_story, "USD"),
               "Value per month": money(expected.value_per_month, "USD"),
               "Lead savings per month": money(expected.cpl_savings_per_month, "USD"),
               "Net value per month": money(expected.net_value_per_month, "USD")}
    assert figures["Value per month"] == "$75,785"  # 204,500 impressions a story × 31.5 / 85
    for label, shown in figures.items():
        exact = page.locator("[data-testid=stMetricLabel]", has_text=re.compile(f"^{re.escape(label)}$"))
        metric = page.locator("[data-testid=stMetric]").filter(has=exact).first
        expect(metric.locator("[data-testid=stMetricValue]")).to_have_text(shown, timeout=30_000)
    page.goto(link.replace("?", "reach?", 1))
    expect(page.get_by_text("Per group of advocates")).to_be_visible(timeout=30_000)
    table = page.locator("[data-testid=stTable]").filter(has_text="Everyone else")
    expect(table).to_contain_text("Executives")
    expect(table).to_contain_text("$22,235")  # Executives: 30 sharers × 2,000 × 31.5 / 85
    assert_no_errors(page)
    page.context.close()


def _script_runs(page) -> list[int]:
    """How each script run the server sends ends (ForwardMsg.script_finished), read off the page's websocket:
    FINISHED_SUCCESSFULLY for a whole-app run, FINISHED_FRAGMENT_RUN_SUCCESSFULLY for a fragment's."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    ends: list[int] = []

    def frame(payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = ForwardMsg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "script_finished":
                ends.append(msg.script_finished)

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return ends


def test_a_lever_move_redraws_the_sidebars_group_table(server, browser):
    # The levers rerun only the main area; the sidebar's table must still follow them. Share rate 10% -> 15%:
    # every group's own rate × 1.5 (Executives 30% -> 45%, Sales 20% -> 30%, Everyone else 6% -> 9%).
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    ends = _script_runs(page)
    page.goto(server + "?" + urlencode({"groups": json.dumps(GROUPS, separators=(",", ":"))}))
    expect(headline(page, "Value per month")).to_have_text("$37,893", timeout=30_000)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Groups of advocates").click()
    table = sidebar.locator("[data-testid=stDataFrame]")
    expect(table).to_be_visible(timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    assert ForwardMsg.FINISHED_SUCCESSFULLY in ends  # the first run: the whole app
    ends.clear()
    slider = page.get_by_role("slider").first
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    expect(headline(page, "Value per month")).to_have_text("$56,839", timeout=30_000)  # 37,892.65 × 1.5
    # The grid's accessible cells, row by row: group, people, rate %.
    shown = """() => document.querySelector('[data-testid=stSidebar] [data-testid=stDataFrame]')?.textContent"""
    page.wait_for_function(f"() => ({shown})().includes('Executives5045')", timeout=30_000)
    assert page.evaluate(shown) == "GroupN%Executives5045Sales20030Everyone else7509"  # N: people, %: rate
    # Only the fragments reran (the levers' main area and the group editor), never the whole app: without
    # groups a release costs a fragment's rerun, and groups must not turn it into a full one.
    page.wait_for_function(IDLE, timeout=30_000)
    # (A press may cut the previous run short: FINISHED_EARLY_FOR_RERUN.)
    assert ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY in ends and ForwardMsg.FINISHED_SUCCESSFULLY not in ends, ends
    assert_no_errors(page)
    page.context.close()


def test_compare_a_one_group_and_a_three_group_scenario_names_both_lines(server, browser):
    # The overlay's dots were filled by scenario with no legend of their own: the page's Vega-Lite merged that
    # with the lines' legend and drew none, so nobody could tell the lines apart. The three-group line stops at
    # its cap, and the page says so.
    page = open_page(browser, server + "scenarios")
    for query, name in (({}, "One group"), ({"groups": json.dumps(GROUPS, separators=(",", ":"))}, "Three groups")):
        page.goto(server + "scenarios?" + urlencode(query))
        page.wait_for_function(IDLE, timeout=30_000)
        if name == "Three groups":  # the new session has the first pin back from the tab before pinning on
            expect(page.locator("[class*=st-key-pinned-] [data-testid=stText]")).to_have_text(
                ["One group"], timeout=30_000)
        page.get_by_label("Name for the current scenario").fill(name)
        page.get_by_label("Name for the current scenario").press("Enter")
        page.wait_for_function(IDLE, timeout=30_000)
        page.get_by_role("button", name="Pin current scenario").click()
        expect(page.get_by_text(f"Pinned {name}.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("ends where its keenest group shares every story: Three groups at 33.3%")).to_be_visible(
        timeout=30_000)
    chart = page.locator("[data-testid=stVegaLiteChart]").last
    chart.scroll_into_view_if_needed()
    labels = chart.locator("svg .role-legend-label text")
    expect(labels).to_have_text(["One group", "Three groups"], timeout=30_000)
    assert_no_errors(page)
    page.context.close()


def test_the_forecast_fan_chart_has_one_legend_and_ends_at_the_cap(server, browser):
    # Three groups and a cost on the real Forecast page: the fan chart's lines are named once, by colour and
    # dash together (its 'Now' marker on the colour channel made the page's Vega-Lite draw two legends), and
    # its share-rate axis ends at the cap, 33.3%, where the sweep ends.
    query = {"groups": json.dumps(GROUPS, separators=(",", ":")), "cost.seat_cost_per_month": "10",
             "cost.fixed_cost_per_month": "2000"}
    page = open_page(browser, server + "forecast?" + urlencode(query))
    fan = page.locator("[data-testid=stVegaLiteChart]").filter(has_text="Your point estimate")
    expect(fan).to_have_count(1, timeout=60_000)
    fan.scroll_into_view_if_needed()
    legends = """e => [...e.querySelectorAll('svg .role-legend')].map(
        l => [...l.querySelectorAll('.role-legend-label text')].map(t => t.textContent))"""
    expect(fan.locator("svg .role-legend-label text").first).to_be_visible(timeout=30_000)
    assert fan.evaluate(legends) == [["P50 (median)", "Your point estimate", "Program cost"]]
    ticks = fan.locator("svg .role-axis-label text").all_text_contents()
    assert "30%" in ticks and "100%" not in ticks and "40%" not in ticks
    assert_no_errors(page)
    page.context.close()


def test_four_compared_scenarios_with_groups_are_all_on_screen_at_1280_px(server, browser):
    # QA at 1280x720 (the projector), sidebar open: the fourth scenario's column was behind the table's
    # horizontal scroll bar. Four pins of a three-group case, the empty name box each time (the scenario's
    # own name, numbered), all four compared: the table's columns fit its width.
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(server + "scenarios?" + urlencode({"groups": json.dumps(GROUPS, separators=(",", ":")),
                                                 "name": "Q3 plan"}))
    page.wait_for_function(IDLE, timeout=60_000)
    for name in ("Q3 plan", "Q3 plan (2)", "Q3 plan (3)", "Q3 plan (4)"):
        page.get_by_role("button", name="Pin current scenario").click()
        expect(page.get_by_text(f"Pinned {name}.")).to_be_visible(timeout=30_000)
        page.wait_for_function(IDLE, timeout=30_000)
    pick = page.locator(".st-key-compare-pick")
    for name in ("Q3 plan (3)", "Q3 plan (4)"):
        page.wait_for_function(IDLE, timeout=30_000)
        pick.locator("input").click()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        expect(pick).to_contain_text(name, timeout=30_000)
    page.keyboard.press("Escape")
    expect(page.get_by_text("0 of ")).to_be_visible(timeout=30_000)  # the caption over the table of four
    table = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    scroller = table.locator(".dvn-scroller").first
    expect(scroller).to_be_visible(timeout=30_000)
    sizes = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1] + 1, sizes
    assert_no_errors(page)
    page.context.close()


def test_the_sidebars_group_table_fits_the_sidebar_at_1280_by_720(server, browser):
    # At 1280 x 720 (the projector) the table cut its headers ("Peop", "Rate") and names ("Recruiting & ta"). The
    # grid draws on a canvas, so each text is measured in the page with the grid's own font and laid out as the
    # grid lays it out (glide-data-grid: a cell's text starts after the horizontal padding, a header's after the
    # padding and 1.3 x its 18 px edit icon): every header and cell fits its column, and no column is off-screen.
    from advocacy_ui.groups import GROUP_WIDTH, NUMBER_WIDTH
    groups = [*GROUPS[:1], {"name": "Sales", "weight": 0.1, "relative_share_rate": 2},
              {"name": "Recruiting & talent", "weight": 0.1, "relative_share_rate": 2}, GROUPS[2]]
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(server + "?" + urlencode({"participants": "1000", "share_rate": "0.3333333333333333",
                                        "groups": json.dumps(groups, separators=(",", ":"))}))
    page.wait_for_function(IDLE, timeout=60_000)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Groups of advocates").click()
    table = sidebar.locator("[data-testid=stDataFrame]")
    expect(table).to_be_visible(timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stSidebar] [data-testid=stDataFrame] td')"
                           ".length >= 12", timeout=30_000)  # the grid's accessible cells, 4 rows x 3
    overflow = table.locator(".dvn-scroller").first.evaluate("e => e.scrollWidth - e.clientWidth")
    assert overflow <= 0, f"the group table scrolls sideways by {overflow} px"
    texts = table.evaluate("""e => {
        const style = getComputedStyle(e.querySelector('canvas'));
        const font = (name) => style.getPropertyValue(name) + ' ' + style.getPropertyValue('--gdg-font-family');
        const ctx = document.createElement('canvas').getContext('2d');
        const width = (text, f) => { ctx.font = font(f); return ctx.measureText(text).width; };
        const pad = parseFloat(style.getPropertyValue('--gdg-cell-horizontal-padding'));
        return [...e.querySelectorAll('th, td')].map(c => [c.tagName, Number(c.getAttribute('aria-colindex')),
            c.textContent, c.tagName === 'TH' ? pad + Math.ceil(18 * 1.3) + width(c.textContent, '--gdg-header-font-style')
                                              : pad + width(c.textContent, '--gdg-base-font-style')]);
    }""")
    widths = {1: GROUP_WIDTH, 2: NUMBER_WIDTH, 3: NUMBER_WIDTH}
    cut = [(text, round(needed, 1), widths[column]) for _, column, text, needed in texts if needed > widths[column]]
    assert not cut, cut  # (text, px it needs, px it has)
    assert [t for _, _, t, _ in texts][:3] == ["Group", "N", "%"]  # help: People, Share rate
    assert "Recruiting & talent" in [t for _, _, t, _ in texts]  # the accessible cells hold the whole name
    assert_no_errors(page)
    page.context.close()
