"""The Measure page through AppTest: synthetic demo, metrics shown, calibration moves the sidebar and the URL,
bad uploads give their message, and the other pages never load the measuring code."""

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import PRESETS, DEFAULT_PRESET
from advocacy_calc.measure import load_all, measure, calibrate
from advocacy_calc.measure.synthetic import synthetic_files

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/measure.py"


def measure_page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def expected():
    exports, _, _ = load_all(synthetic_files())
    m = measure(exports)
    return m, calibrate(m, PRESETS[DEFAULT_PRESET])


def test_without_data_the_page_asks_for_exports():
    at = measure_page()
    assert_clean(at)
    assert any("Upload at least one export" in i.value for i in at.info)
    assert not at.metric or "Measured share rate" not in metrics(at)


def test_synthetic_button_shows_the_metrics(expected):
    m, _ = expected
    at = measure_page()
    at.button(key="measure-demo").click().run()
    assert_clean(at)
    shown = metrics(at)
    assert shown["Participants"] == f"{m.summary['participants']:,}"
    assert shown["Measured share rate"] == f"{m.summary['share_rate'] * 100:.1f}%"
    assert "Advocacy leads per month" in shown
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) >= 3  # two weekly trends and forecast vs actual


def test_calibration_moves_the_sidebar_inputs_and_the_url(expected):
    _, cal = expected
    at = measure_page({"demo": "true"})
    assert_clean(at)
    before = dict(at.query_params)
    assert "share_rate" not in before and "participants" not in before
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    s = cal.scenario
    assert at.session_state["participants"] == s.participants
    assert at.session_state["share_rate"] == pytest.approx(s.share_rate)
    assert at.session_state["demand.advocacy_leads_per_month"] == pytest.approx(s.demand.advocacy_leads_per_month)
    assert at.session_state["networks.LinkedIn.ctr"] == pytest.approx(s.network("LinkedIn").ctr)
    query = dict(at.query_params)
    assert query["participants"] == str(s.participants)
    assert float(query["share_rate"]) == pytest.approx(s.share_rate)
    assert float(query["demand.advocacy_leads_per_month"]) == pytest.approx(s.demand.advocacy_leads_per_month)
    assert "LinkedIn" in query["networks"]
    note = "\n".join(md.value for md in at.markdown)
    assert "now starts from your data" in note and "Still benchmarks" in note
    # The levers (share rate, participants) now read the measured values.
    assert at.slider(key="share_rate").value == pytest.approx(s.share_rate)


def test_team_filter_changes_the_metrics(expected):
    at = measure_page({"demo": "true"})
    everyone = metrics(at)["Participants"]
    at.selectbox(key="measure-team").set_value("HR").run()
    assert_clean(at)
    assert metrics(at)["Participants"] != everyone


def test_mapping_table_is_shown_and_saved(expected):
    at = measure_page({"demo": "true"})
    assert at.session_state["measure_mappings"]["shares"]["employee"] == "Employee"
    assert at.session_state["measure_mappings"]["leads"]["stage"] == "Lifecycle stage"


def test_utm_tab_tags_the_story_urls():
    at = measure_page({"demo": "true", "networks": ["LinkedIn", "X"]})
    assert_clean(at)
    assert "synthetic-story-0001" in at.text_area(key="utm-urls").value
    at.text_area(key="utm-urls").set_value("https://example.com/a?x=1#top\nnope").run()
    assert_clean(at)
    assert any("URL 2 ('nope')" in w.value for w in at.warning)


def test_other_pages_do_not_load_the_measuring_code():
    for name in [m for m in sys.modules if m.startswith(("advocacy_calc.measure", "advocacy_ui.measure_ui"))]:
        del sys.modules[name]
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert "advocacy_ui.measure_ui" not in sys.modules
