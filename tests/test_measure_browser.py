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


# --- hostile workbooks (issue 11): a sentence, a live server, memory under its bound -------------

SERVER_MEMORY_BOUND_MB = 1024  # README: the server process after hostile uploads (the reader worker is apart)


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def alive(base: str) -> bool:
    import urllib.request
    return urllib.request.urlopen(base + "_stcore/health", timeout=5).read().strip() == b"ok"


@pytest.mark.parametrize("name, make, expected", [
    ("far_cell.xlsx", "far_cell_workbook", "far_cell.xlsx: sheet sheet1.xml: has a cell in column 16,384"),
    ("far_sq.xlsx", "far_cell_single_quoted_workbook", "far_sq.xlsx: sheet sheet1.xml: has a cell in column 16,384"),
    ("bomb.xlsx", "shared_string_bomb", "bomb.xlsx: part xl/sharedStrings.xml unpacks to"),
    ("refs.xlsx", "repeated_string_bomb", "refs.xlsx: sheet sheet1.xml: its text would fill over 100 MB"),
])
def test_a_hostile_workbook_is_refused_in_words_and_the_server_lives(page, server, tmp_path, name, make,  # noqa: F811
                                                                     expected):
    import hostile_files
    path = tmp_path / name
    path.write_bytes(getattr(hostile_files, make)())
    page.locator(".st-key-upload-shares input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(expected, exact=False)).to_be_visible(timeout=90_000)
    assert_no_errors(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert alive(server)
    assert rss_mb(server.pid) < SERVER_MEMORY_BOUND_MB
    # The page still works: a good file after the bad one is measured.
    name_ok, data = synthetic_files()["shares"]
    good = tmp_path / name_ok
    good.write_bytes(data)
    page.locator(".st-key-upload-shares input[type=file]").set_input_files(str(good))
    expect(metric(page, "Measured share rate")).to_be_visible(timeout=90_000)
    assert_no_errors(page)
