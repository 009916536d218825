"""The Forecast page's ranges editor in headless Chromium: edit a range on the canvas grid, see the
figures and the address bar follow, keep the edit across a page switch; a tampered ranges link."""

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER), the server and browser fixtures and
# open_page come from the main browser tests.
from test_browser import IDLE, assert_no_errors, browser, open_page, server  # noqa: F401

from advocacy_calc.formatting import money
from advocacy_calc.forecast.montecarlo import simulate
from advocacy_calc.ranges import fit_ranges, with_ranges
from advocacy_ui.inputs import DEFAULT_VALUES, values_to_scenario
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

COLUMNS = ["Input", "Unit", "Low", "Your value", "High", "From"]  # as the page orders them


def p50(page: Page):
    return (page.locator("[data-testid=stMetric]").filter(has_text="P50 media value per month").first
            .locator("[data-testid=stMetricValue]"))


def expected_p50(ranges: dict[str, tuple[float, float]]) -> str:
    base = values_to_scenario(dict(DEFAULT_VALUES), name="Worked example")
    fitted, _ = fit_ranges(base, ranges)
    return money(simulate(with_ranges(base, fitted), draws=100_000, seed=2026).value_per_month.p50)


def editor(page: Page):
    return page.locator("[data-testid=stDataFrame]").filter(has=page.locator("[role=columnheader]",
                                                                              has_text="Your value"))


def row_of(page: Page, label: str) -> int:
    """The editor's row showing this input (from the grid's accessible cells: glide-cell-COL-ROW)."""
    grid = editor(page)
    expect(grid.locator("#glide-cell-0-0")).to_have_count(1, timeout=60_000)
    for i in range(grid.locator("[role=gridcell][id^=glide-cell-0-]").count()):
        if grid.locator(f"#glide-cell-0-{i}").inner_text().strip() == label:
            return i
    raise AssertionError(f"{label!r} is not in the ranges editor")


def cell(page: Page, row: int, column: str):
    return editor(page).locator(f"#glide-cell-{COLUMNS.index(column)}-{row}")


def edit_cell(page: Page, row: int, column: str, text: str) -> None:
    """st.data_editor paints on a canvas: click the row's first cell by coordinates, move to the
    column with the arrow keys, Enter opens the cell editor (an <input class="gdg-input"> over the
    canvas), fill it, Enter commits. (Typing straight onto a selected cell loses the first key: it
    only opens the editor.) A key can land while the grid is still taking focus, so the opened
    editor is checked (enabled, holding the cell's value) and the move retried if it is not."""
    grid = editor(page)
    old = cell(page, row, column).inner_text().strip()
    overlay = page.locator("input.gdg-input")  # glide's cell editor, drawn over the canvas
    for _ in range(3):
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        height = box["height"] / grid.locator("[role=row]").count()  # the header row and one per input
        page.mouse.click(box["x"] + 40, box["y"] + height * (row + 1.5))
        page.wait_for_timeout(300)
        for _ in range(COLUMNS.index(column)):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(50)
        page.keyboard.press("Enter")
        expect(overlay).to_be_visible(timeout=10_000)
        if overlay.is_enabled() and overlay.input_value() == old:
            break
        page.keyboard.press("Escape")
    else:
        raise AssertionError(f"could not open the {column} cell of row {row}")
    overlay.fill(text)
    overlay.press("Enter")


def test_editing_a_range_updates_the_figures_and_the_url_and_survives_a_page_switch(server, browser):
    page = open_page(browser, server + "forecast")
    before = expected_p50({})
    expect(p50(page)).to_have_text(before, timeout=60_000)
    row = row_of(page, "Share rate per story")
    expect(cell(page, row, "High")).to_have_text("20")
    expect(cell(page, row, "From")).to_have_text("benchmark")

    edit_cell(page, row, "High", "30")  # share rate: benchmark 5-20% -> 5-30%
    after = expected_p50({"share_rate": (0.05, 0.30)})
    assert after != before
    expect(p50(page)).to_have_text(after, timeout=60_000)
    page.wait_for_url("**ranges=share_rate%3A0.05%3A0.3**", timeout=30_000)
    expect(cell(page, row, "High")).to_have_text("30")
    expect(cell(page, row, "From")).to_have_text("you")
    assert_no_errors(page)

    nav = page.locator("[data-testid=stSidebarNav] a")
    nav.filter(has_text="Overview").click()
    page.wait_for_function(IDLE, timeout=60_000)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Value per month").first).to_be_visible(
        timeout=30_000)
    page.wait_for_url("**ranges=share_rate%3A0.05%3A0.3**", timeout=30_000)  # kept on another page
    nav.filter(has_text="Forecast & uncertainty").click()
    page.wait_for_function(IDLE, timeout=60_000)
    expect(p50(page)).to_have_text(after, timeout=60_000)
    assert "ranges=share_rate%3A0.05%3A0.3" in page.url, page.url
    row = row_of(page, "Share rate per story")
    expect(cell(page, row, "High")).to_have_text("30")
    expect(cell(page, row, "From")).to_have_text("you")
    assert_no_errors(page)

    # A high below the input's own value is refused with a note; the range stays as it was.
    edit_cell(page, row, "High", "5")
    expect(page.get_by_text("Share rate per story: needs low ≤ your value (10%)")).to_be_visible(timeout=30_000)
    expect(p50(page)).to_have_text(after)
    expect(cell(page, row, "High")).to_have_text("30")
    assert "ranges=share_rate%3A0.05%3A0.3" in page.url, page.url
    assert_no_errors(page)
    page.context.close()


def test_a_tampered_ranges_link_shows_one_note_per_bad_item_not_a_traceback(server, browser):
    page = open_page(browser, server + "forecast?ranges=share_rate:0.3:0.1,nope:1:2,stories_per_day:1:3")
    notes = page.locator(".st-key-url-notes")
    expect(notes.get_by_text("Some values in the link were not usable")).to_be_visible(timeout=60_000)
    expect(notes.locator("li")).to_have_count(2)
    expect(notes.locator("li").nth(0)).to_contain_text("URL parameter 'ranges' is not usable (share_rate: needs")
    expect(notes.locator("li").nth(1)).to_contain_text("'nope' is not an uncertain numeric input")
    expect(p50(page)).to_have_text(expected_p50({"stories_per_day": (1.0, 3.0)}), timeout=60_000)
    page.wait_for_url("**ranges=stories_per_day%3A1%3A3", timeout=30_000)  # only the usable item is kept
    row = row_of(page, "Stories per day")
    expect(cell(page, row, "High")).to_have_text("3")
    expect(cell(page, row, "From")).to_have_text("you")
    assert_no_errors(page)
    page.context.close()
