"""The Measure page in headless Chromium: upload a real file and see the metrics; a bad file's message."""

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER), the server and browser fixtures and
# open_page come from the main browser tests.
from test_browser import assert_no_errors, browser, open_page, server  # noqa: F401

from advocacy_calc.measure import load_all, measure
from advocacy_calc.measure.synthetic import synthetic_files
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(server, browser):  # noqa: F811
    page = open_page(browser, server + "measure")
    yield page
    page.context.close()


def metric(page, label: str):
    return (page.locator("[data-testid=stMetric]").filter(has_text=label).first
            .locator("[data-testid=stMetricValue]"))


def test_uploading_a_shares_export_shows_its_metrics(page, tmp_path):
    name, data = synthetic_files()["shares"]
    path = tmp_path / name
    path.write_bytes(data)
    exports, _, _ = load_all({"shares": (name, data)})
    m = measure(exports)
    expect(page.get_by_text("Upload at least one export")).to_be_visible(timeout=30_000)
    page.locator(".st-key-upload-shares input[type=file]").set_input_files(str(path))
    expect(metric(page, "Measured share rate")).to_have_text(f"{m.summary['share_rate'] * 100:.1f}%",
                                                            timeout=60_000)
    expect(metric(page, "Participants")).to_have_text(f"{m.summary['participants']:,}")
    expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()
    assert_no_errors(page)


def test_a_bad_file_says_what_is_wrong(page, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_bytes(b"Lead,Created\n1,2026-01-01\n2,someday\n")
    page.locator(".st-key-upload-leads input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("crm.csv: column 'Created' (date): row 3: 'someday' is not a date",
                            exact=False)).to_be_visible(timeout=60_000)
    assert_no_errors(page)
