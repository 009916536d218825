"""The Measure page in headless Chromium: upload a real file and see the metrics; a bad file's message."""

import os
from pathlib import Path

import pytest

from server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set (CI installs it with apt-get)")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from advocacy_calc.measure import load_all, measure  # noqa: E402
from advocacy_calc.measure.synthetic import synthetic_files  # noqa: E402

IDLE = "() => !!document.querySelector('[data-testid=stApp]') && !document.querySelector('[data-testid=stStatusWidget]')"


@pytest.fixture(scope="module")
def page():
    with streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        page.goto(base + "measure")
        page.wait_for_function(IDLE, timeout=60_000)
        yield page
        browser.close()


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
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_bad_file_says_what_is_wrong(page, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_bytes(b"Lead,Created\n1,2026-01-01\n2,someday\n")
    page.locator(".st-key-upload-leads input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("crm.csv: column 'Created' (date): row 3: 'someday' is not a date",
                            exact=False)).to_be_visible(timeout=60_000)
    assert page.locator("[data-testid=stException]").count() == 0
