"""The app driven through Streamlit's AppTest: pages, sliders, URLs, presets, charts."""

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import PRESETS, compute
from advocacy_calc.formatting import count, money
from advocacy_ui.inputs import ALL_SPECS, DEFAULT_VALUES, scenario_to_values, values_to_scenario
from lever_moves import move_levers

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["pages/overview.py", "pages/reach.py", "pages/demand.py", "pages/sensitivity.py", "pages/methodology.py"]


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def assert_clean(at: AppTest) -> None:
    """No exception and no friendly error box (the guard's st.error) on the page."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def chart_frames(at: AppTest) -> list[list]:
    """The decoded Arrow datasets of every Vega-Lite chart on the page."""
    out = []
    for chart in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"):
        json.loads(chart.proto.spec)  # a valid spec
        out.append([pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets])
    return out


def test_default_overview_shows_worked_example():
    at = run_app()
    assert_clean(at)
    m = metrics(at)
    assert m["Impressions per story"] == "85,000"
    assert m["Value per story"] == "$1,000"
    assert m["Value per month"] == "$31,500"
    assert m["Lead savings per month"] == "$1,000"
    assert m["ROI"] == "none"
    assert at.subheader[0].value == (
        "If 10% of your 1,000 advocates share a story, 100 people reach 85,000 connections: worth $1,000 of "
        "paid social. At 1.5 stories a day over 21 working days, that is $31,500 a month.")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_from_default(page):
    at = run_app()
    at.switch_page(page).run()
    assert_clean(at)
    assert at.title, "every page has a title"


NON_DEFAULT = {
    "share_rate": "0.25", "participants": "2000", "stories_per_day": "2", "currency": "EUR",
    "valuation_basis": "conservative", "networks": "LinkedIn", "networks.LinkedIn.cpc": "6",
    "networks.LinkedIn.ctr": "0.005", "cost.seat_cost_per_month": "12", "demand.mode": "clicks",
    "demand.landing_conversion_rate": "0.05", "demand.lead_to_mql": "0.5", "demand.mql_to_sql": "0.4",
    "demand.sql_to_won": "0.25", "demand.average_deal_size": "15000", "workforce": "8000",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_from_a_non_default_url(page):
    at = run_app(NON_DEFAULT)
    at.switch_page(page).run()
    assert_clean(at)
    assert not warnings(at).count("URL parameter"), warnings(at)


def test_non_default_url_gives_the_package_figures():
    at = run_app(NON_DEFAULT)
    values = dict(DEFAULT_VALUES)
    for key, raw in NON_DEFAULT.items():
        spec = ALL_SPECS[key]
        values[key] = [raw] if spec.widget == "pills" else (
            int(raw) if spec.widget == "int" else raw if spec.widget in ("select", "segmented") else float(raw))
    expected = compute(values_to_scenario(values))
    m = metrics(at)
    assert m["Value per month"] == money(expected.value_per_month, "EUR")
    assert m["Impressions per story"] == count(expected.impressions_per_story)
    assert m["Lead savings per month"] == money(expected.cpl_savings_per_month, "EUR")
    assert m["Net value per month"] == money(expected.net_value_per_month, "EUR")
    assert m["Value per month"].startswith("€")


def test_share_rate_slider_moves_the_overview_by_the_right_amount():
    at = run_app()
    move_levers(at, share_rate=0.2)
    assert_clean(at)
    m = metrics(at)
    assert m["Impressions per story"] == "170,000"
    assert m["Value per story"] == "$2,000"
    assert m["Value per month"] == "$63,000"
    assert m["Lead savings per month"] == "$1,000"  # direct-mode leads do not depend on reach
    assert m["Total value per month"] == "$64,000"


def test_participants_and_stories_move_the_overview():
    at = run_app()
    move_levers(at, participants=3000)
    move_levers(at, stories_per_day=1.0)
    m = metrics(at)
    assert m["Value per story"] == "$3,000"
    assert m["Value per month"] == "$63,000"  # 3,000 × 21 stories


def test_values_survive_page_switches():
    at = run_app()
    move_levers(at, share_rate=0.3)
    at.switch_page("pages/reach.py").run()
    at.switch_page("pages/overview.py").run()
    assert metrics(at)["Value per month"] == "$94,500"


def test_a_currency_in_its_locale_from_the_link_and_the_note_that_defaults_are_dollars():
    # The worked example (docs/model.md): $31,500 of media value, 50 leads × $20 = $1,000 of lead savings a month; by hand,
    # as de-DE writes euros and ja-JP yen (no minor unit).
    at = run_app({"currency": "EUR", "locale": "de-DE"})
    assert_clean(at)
    m = metrics(at)
    assert m["Value per month"] == "31.500\u00a0€"
    assert m["Lead savings per month"] == "1.000\u00a0€"
    captions = "\n".join(c.value for c in at.sidebar.caption)
    assert "Amounts in EUR, not converted: the benchmark defaults are US dollars. Enter your own EUR prices " \
           "(CPM, CPC, cost per lead)." in captions
    assert at.session_state["locale"] == "de-DE" and at.query_params["locale"] in ("de-DE", ["de-DE"])
    at = run_app({"currency": "JPY", "locale": "ja-JP", "demand.cost_per_lead": "12.25"})
    assert_clean(at)
    assert metrics(at)["Lead savings per month"] == "￥613"  # 50 × 12.25 = 612.5: the yen has no cents, half up
    assert "not converted" in "\n".join(c.value for c in at.sidebar.caption)
    assert "not converted" not in "\n".join(c.value for c in run_app().sidebar.caption)  # US dollars: nothing


@pytest.mark.parametrize("key,raw,why", [("currency", "ABC", "not one of"), ("locale", "xx-QQ", "not one of")])
def test_an_unknown_currency_or_locale_in_a_link_is_a_note(key, raw, why):
    at = run_app({key: raw})
    assert_clean(at)
    assert f"URL parameter '{key}'" in warnings(at) and why in warnings(at)
    assert metrics(at)["Value per month"] == "$31,500"
    # Hundreds of choices: a few examples, not the whole list (it was 6,310 characters)
    assert len(warnings(at)) < 400, warnings(at)


def test_any_locale_the_model_accepts_is_kept_from_a_link():
    # Scenario.locale takes any CLDR locale; the app's list refused es-419, zh-Hant-TW and a bare language.
    for tag in ("es-419", "zh-Hant-TW", "en"):
        at = run_app({"locale": tag})
        assert_clean(at)
        assert at.session_state["locale"] == tag and "locale" not in warnings(at)
    at = run_app({"locale": "de-DE-u-nu-arab"})
    assert re.search(r"is not one of the \d,\d{3} choices \(for example en-US, en-GB, de-DE\)", warnings(at))


@pytest.mark.parametrize("key,raw", [
    ("share_rate", "abc"), ("share_rate", "-0.5"), ("share_rate", "nan"), ("share_rate", "inf"),
    ("share_rate", "1e308"), ("participants", "-5"), ("participants", "abc"), ("participants", "2.5"),
    ("participants", "99999999999"), ("stories_per_day", "NaN"), ("working_days_per_month", "40"),
    ("currency", "XXX"), ("valuation_basis", "both"), ("networks", "Myspace"),
    ("networks.X.cpm", "-1"), ("networks.X.cpm", "Infinity"), ("networks.X.visibility", "2"),
    ("demand.cost_per_lead", "1e400"), ("demand.include_in_total", "maybe"), ("demand.mode", "<b>x</b>"),
])
def test_tampered_url_value_falls_back_to_default_with_a_note(key, raw):
    at = run_app({key: raw})
    assert_clean(at)
    assert f"URL parameter '{key}'" in warnings(at)
    assert metrics(at)["Value per month"] == "$31,500"
    widget_value = at.session_state[key]
    assert widget_value == DEFAULT_VALUES[key]


def test_unknown_url_parameter_is_ignored_with_a_note():
    at = run_app({"participnts": "5"})
    assert_clean(at)
    assert "participnts" in warnings(at)
    assert metrics(at)["Value per month"] == "$31,500"


def test_inputs_that_do_not_fit_together_keep_the_last_good_scenario():
    at = run_app()
    at.number_input(key="workforce").set_value(500).run()  # fewer employees than participants
    assert_clean(at)
    assert "cannot exceed workforce" in warnings(at)
    assert metrics(at)["Value per month"] == "$31,500"


@pytest.mark.parametrize("preset", list(PRESETS))
def test_reset_to_preset_loads_its_figures(preset):
    at = run_app()
    move_levers(at, share_rate=0.5)
    at.selectbox(key="preset").select(preset).run()
    at.button(key="reset").click().run()
    assert_clean(at)
    expected = compute(PRESETS[preset])
    m = metrics(at)
    assert m["Value per month"] == money(expected.value_per_month)
    assert m["Net value per month"] == money(expected.net_value_per_month)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_loaded_preset_is_all_in_the_url_even_for_networks_it_adds(preset):
    # Streamlit writes a code-set value to the URL only for a widget that existed on the run
    # before; a preset that adds a network draws that network's inputs for the first time.
    at = run_app()
    at.selectbox(key="preset").select(preset).run()
    at.button(key="reset").click().run()
    assert_clean(at)
    expected = {k: v for k, v in scenario_to_values(PRESETS[preset]).items() if v != DEFAULT_VALUES[k]}
    url = dict(at.query_params)
    missing = sorted(k for k in expected if k not in url)
    assert not missing, missing
    again = run_app({k: v[-1] if isinstance(v, list) and len(v) == 1 else v for k, v in url.items()})
    assert metrics(again) == metrics(at)


def test_sensitivity_charts_carry_the_sweep():
    at = run_app({"cost.seat_cost_per_month": "40"})  # cost 40,000 > value at 10%: break-even inside 0..1
    at.switch_page("pages/sensitivity.py").run()
    assert_clean(at)
    frames = chart_frames(at)
    assert len(frames) == 2
    share_rate_frames = frames[0]
    area = next(f for f in share_rate_frames if "network" in f.columns)
    assert len(area) == 101 and area["x"].between(0, 1).all()
    assert area.loc[area["x"].sub(0.1).abs() < 1e-12, "value"].iloc[0] == pytest.approx(31500)
    be = compute(values_to_scenario({**DEFAULT_VALUES, "cost.seat_cost_per_month": 40.0})).break_even_share_rate
    assert 0 < be < 1
    assert any("Break-even" in " ".join(map(str, f.get("label", []))) for f in share_rate_frames)


@pytest.mark.parametrize("page,n_charts", [("pages/reach.py", 2), ("pages/demand.py", 1)])
def test_charts_have_data(page, n_charts):
    at = run_app({"demand.lead_to_mql": "0.5", "networks.X.ctr": "0.01", "networks.X.cpc": "1"})
    at.switch_page(page).run()
    frames = chart_frames(at)
    assert len(frames) == n_charts
    assert all(any(len(f) for f in chart) for chart in frames)


def test_copy_link_reproduces_the_scenario():
    at = run_app()
    assert not at.code  # the popover draws the link only while open
    at.session_state["share-link"] = True  # open it
    move_levers(at, share_rate=0.2)
    link = at.code[0].value
    assert "share_rate=0.2" in link
    query = dict(pair.split("=") for pair in link.split("?", 1)[1].split("&"))
    again = run_app(query)
    assert metrics(again)["Value per month"] == "$63,000"


def test_per_story_switch_redraws_the_sweep_charts():
    at = run_app()
    at.switch_page("pages/sensitivity.py").run()
    at.segmented_control(key="measure").set_value("value_per_story").run()
    assert_clean(at)
    area = next(f for f in chart_frames(at)[0] if "network" in f.columns)
    assert area.loc[area["x"].sub(0.1).abs() < 1e-12, "value"].iloc[0] == pytest.approx(1000)


@pytest.mark.parametrize("present", [False, True])
def test_presentation_mode_puts_each_chart_on_its_own_row(present):
    at = run_app({"present": "true"} if present else None)
    at.switch_page("pages/reach.py").run()
    assert_clean(at)
    assert len(chart_frames(at)) == 2
    assert (len(at.columns) == 0) is present  # side by side normally, stacked full width when presenting


def test_choice_buttons_show_words_and_the_link_carries_the_value():
    # On screen the words; in the URL the scenario's own value (what links and scripts use).
    at = run_app({"valuation_basis": "cpc", "demand.mode": "clicks"})
    assert_clean(at)
    basis, mode = at.button_group(key="valuation_basis"), at.button_group(key="demand.mode")
    assert basis.options == ["CPM (impressions)", "CPC (clicks)", "Lower of the two"]
    assert mode.options == ["Analytics", "Asset", "Clicks"]
    assert (basis.value, mode.value) == ("cpc", "clicks")  # the link's values, taken
    assert at.session_state["valuation_basis"] == "cpc"
    assert "URL parameter" not in warnings(at)
    basis.set_value("conservative").run()
    assert link(at)["valuation_basis"] == "conservative" and link(at)["demand.mode"] == "clicks"
    at.button_group(key="demand.mode").set_value("direct").run()  # the default: left out of the link
    assert "demand.mode" not in link(at)
    again = run_app(link(at))
    assert again.session_state["valuation_basis"] == "conservative"
    assert again.session_state["demand.mode"] == "direct"


def link(at: AppTest) -> dict[str, str]:
    """The app's URL parameters as one string each (AppTest keeps a list or a string)."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def url_list(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]  # AppTest gives one value as a string, several as a list
    return value if isinstance(value, list) else [value]


def test_networks_read_x_twitter_while_the_link_keeps_x():
    # The pill is read by people ("X (Twitter)"), the link by the app ("networks=X").
    at = run_app({"networks": ["LinkedIn", "X"]})
    assert_clean(at)
    pills = at.pills(key="networks")
    assert pills.options == ["LinkedIn", "X (Twitter)", "Facebook", "Instagram"]
    assert pills.value == ["LinkedIn", "X"]
    assert at.session_state["networks"] == ["LinkedIn", "X"]
    assert "**X (Twitter)**" in [m.value for m in at.markdown]  # the network's own box of inputs
    pills.unselect("X").run()
    assert_clean(at)
    assert url_list(at, "networks") == ["LinkedIn"]
    pills.unselect("LinkedIn").run()
    assert url_list(at, "networks") == [""]  # none chosen, as the app's own link writes it
    pills.select("X").run()
    assert "networks" not in at.query_params  # back to the default (X alone): left out of the link


def test_a_link_with_networks_seeds_the_choice_after_a_page_switch():
    at = run_app({"networks": ["Facebook"]})
    at.switch_page("pages/reach.py").run()
    assert_clean(at)
    assert at.pills(key="networks").value == ["Facebook"]
    assert url_list(at, "networks") == ["Facebook"]


def test_presenting_a_program_without_cost_says_why_roi_is_none_and_points_at_no_sidebar():
    # QA on a projector: "ROI none" and "Break-even 0%" with no word why (the caption was normal mode's only).
    at = run_app({"present": "true"})
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "No program cost entered, so ROI is none and any share rate pays." in captions
    assert not any("sidebar" in c for c in captions), captions
    at = run_app()
    assert ("No program cost entered, so ROI is none and any share rate pays. Enter your costs under *Program cost* "
            "in the sidebar.") in [c.value for c in at.caption]
