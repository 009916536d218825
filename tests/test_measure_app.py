"""The Measure page through AppTest: synthetic demo, metrics shown, calibration moves the sidebar and the URL,
bad uploads give their message, and the other pages never load the measuring code."""

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import PRESETS, DEFAULT_PRESET
from advocacy_calc.measure import load_all, measure, calibrate
from advocacy_calc.measure.synthetic import synthetic_files
from test_scenarios_page import library_db  # noqa: F401  (autouse: each test its own empty library)

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
    stories = next(df.value for df in at.dataframe if "sharers" in df.value.columns)
    assert stories["share_rate"].between(0, 1).all()  # the measured share rate of each story


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
    assert at.session_state["share_rate"] == pytest.approx(s.share_rate)


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
    at.text_area(key="utm-urls").set_value("https://example.com/a?x=1#top\nnope\n[x](javascript:alert(1))").run()
    assert_clean(at)
    assert any("could not be tagged" in w.value for w in at.warning)
    lines = "\n".join(c.value for c in at.code)  # pasted text comes back as text, never as a Markdown link
    assert "URL 2 ('nope')" in lines and "URL 3 ('[x](javascript:alert(1))')" in lines
    assert not any("javascript" in w.value for w in at.warning)


def test_other_pages_do_not_load_the_measuring_code():
    unloaded = {m: sys.modules.pop(m) for m in list(sys.modules)
                if m.startswith(("advocacy_calc.measure", "advocacy_ui.measure_ui"))}
    try:
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        assert "advocacy_ui.measure_ui" not in sys.modules
    finally:  # put the modules back: tests after this one pickle their classes (st.cache_data)
        sys.modules.update(unloaded)


def test_calibrated_inputs_are_all_in_the_url_and_reopen_to_the_same_figures(expected):
    # The calibration brings in networks the preset lacks (LinkedIn, ...): their inputs are drawn for
    # the first time on the run after the click, and their values must still reach the address bar.
    from advocacy_ui.inputs import DEFAULT_VALUES, scenario_to_values, url_text
    from test_app import run_app
    _, cal = expected
    at = measure_page({"demo": "true"})
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    added = {n.name for n in cal.scenario.networks} - {n.name for n in PRESETS[DEFAULT_PRESET].networks}
    assert added, "the synthetic data should bring in a network the preset lacks"
    wanted = {k: v for k, v in scenario_to_values(cal.scenario).items() if v != DEFAULT_VALUES[k]}
    assert {f"networks.{n}.{f}" for n in added for f in ("ctr", "presence")} <= set(wanted)
    url = dict(at.query_params)
    missing = sorted(k for k in wanted if k not in url)
    assert not missing, missing
    as_list = lambda v: v if isinstance(v, list) else [v]  # noqa: E731
    wrong = {k: (url[k], url_text(v)) for k, v in wanted.items() if as_list(url[k]) != as_list(url_text(v))}
    assert not wrong, wrong
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert "Value per month" in " ".join(metrics(at)) or len(metrics(at)) >= 4
    again = run_app({k: v for k, v in url.items() if k != "demo"})
    assert_clean(again)
    assert metrics(again) == metrics(at)


def test_the_mapping_is_saved_with_the_scenario_and_comes_back_when_it_is_opened(library_db):
    at = measure_page({"demo": "true"})
    corrected = {**at.session_state["measure_mappings"]["leads"], "amount": None}  # a correction by hand
    at.session_state["measure_mappings"] = {**at.session_state["measure_mappings"], "leads": corrected}
    at.run()
    assert_clean(at)
    mapping = at.session_state["measure_mappings"]
    assert at.session_state["scenario"].import_mapping == mapping  # the scenario carries it...
    at.switch_page("pages/library.py").run()
    at.text_input(key="lib-name").input("Measured in June").run()
    at.button(key="lib-save").click().run()
    assert_clean(at)
    (entry,) = library_db.live()
    assert entry.data["import_mapping"] == mapping  # ...into the library (and so into its JSON export)
    assert entry.scenario().import_mapping["leads"]["amount"] is None

    fresh = AppTest.from_file(APP, default_timeout=120).run()  # another session: no mapping yet
    fresh.switch_page("pages/library.py").run()
    assert "measure_mappings" not in fresh.session_state
    fresh.button(key="lib-open").click().run()
    assert_clean(fresh)
    assert fresh.session_state["measure_mappings"] == mapping
    fresh.query_params["demo"] = "true"
    fresh.switch_page(PAGE).run()
    assert_clean(fresh)
    assert fresh.session_state["measure_mappings"]["leads"]["amount"] is None  # used, not replaced by a guess
    assert metrics(fresh)["Revenue influenced"] == "$0.00"  # no amount column: nothing influenced (cents below 1,000)



def test_the_comparison_table_leaves_the_mapping_out():
    # It is how files were read, not an input of the model: no row for it, and no difference from it.
    from advocacy_calc.parse import parse_scenario
    from advocacy_ui.compare import comparison
    plain = parse_scenario({})
    mapped = parse_scenario({"import_mapping": {"shares": {"employee": "Who"}}})
    shown, differs = comparison({"A": plain, "B": mapped})
    assert not any("mapping" in what.casefold() for what in shown.index.get_level_values("What"))
    assert not differs.to_numpy().any()


def test_a_bad_files_problems_are_shown_as_text_naming_the_file():
    at = measure_page()
    at.file_uploader(key="upload-leads").upload("**crm**.csv", b"Lead,Created\n1,[x](http://x.test)\n",
                                               "text/csv").run()
    assert not at.exception
    assert any("`**crm**.csv`" in e.value and "not used" in e.value for e in at.error)
    lines = "\n".join(c.value for c in at.code)
    assert "column 'Created' (date): row 2: '[x](http://x.test)' is not a date" in lines
    assert not any("http://x.test" in e.value for e in at.error)


def test_a_loaded_mapping_file_applies_once_and_a_bad_one_names_the_field():
    at = measure_page({"demo": "true"})
    guessed = at.session_state["measure_mappings"]["leads"]["amount"]
    assert guessed
    leads = {**at.session_state["measure_mappings"]["leads"], "amount": None}
    at.file_uploader(key="mapping-upload").upload("m.json", json.dumps({"version": 1, "leads": leads}).encode(),
                                                   "application/json").run()
    assert_clean(at)
    assert at.session_state["measure_mappings"]["leads"]["amount"] is None
    assert any("Mapping loaded" in s.value for s in at.success)
    # A later correction (here straight into the session) is not undone by the file still in the uploader.
    at.session_state["measure_mappings"] = {**at.session_state["measure_mappings"],
                                            "leads": {**leads, "amount": guessed}}
    at.run()
    assert at.session_state["measure_mappings"]["leads"]["amount"] == guessed
    at.file_uploader(key="mapping-upload").upload("bad.json", b'{"shares": {"employe": "Who"}}',
                                                   "application/json").run()
    assert not at.exception
    assert any("Mapping not loaded" in e.value for e in at.error)
    assert any("mapping.shares.employe: not a field of shares" in c.value for c in at.code)
    assert at.session_state["measure_mappings"]["leads"]["amount"] == guessed  # unchanged


def test_calibration_notes_quote_the_exports_as_text():
    at = measure_page()
    shares = (b"Employee,Date,Story,Network,Clicks\n"
              b"Ann,2026-06-01,A,LinkedIn,3\nBob,2026-06-02,A,[M](http://x.test),1\n")
    at.file_uploader(key="upload-shares").upload("shares.csv", shares, "text/csv").run()
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    assert any("Networks not in the model, left out: [M](http://x.test)." in t.value for t in at.text)
    assert not any("x.test" in m.value for m in [*at.markdown, *at.caption])


def test_a_very_long_cell_is_cut_in_the_preview_and_measure_tables_have_their_own_csv():
    # A huge cell in the preview of first rows once exceeded the browser message limit (issue 11).
    note = "x" * 200_000
    shares = (f"Employee,Date,Story,Note\n=1+1,2026-06-01,A,{note}\nBob,2026-06-02,A,short\n").encode()
    at = measure_page()
    at.file_uploader(key="upload-shares").upload("shares.csv", shares, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    preview = next(d.value for d in at.dataframe if "Note" in d.value.columns)
    assert preview["Note"].tolist() == ["x" * 200 + "…", "short"]
    buttons = [b.proto.id for b in at.get("download_button")]
    assert any(b.endswith("download-csv-employees") for b in buttons), buttons


def test_teams_mapped_to_groups_fill_each_groups_participants_and_share_rate():
    from advocacy_calc.measure.calibrate import calibrate_by_group
    from advocacy_calc.measure.metrics import teams_of
    exports, _, _ = load_all(synthetic_files())
    teams = teams_of(exports)
    mapping = {t: ("Sales" if t == teams[0] else "Everyone else") for t in teams}
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["demo"] = "true"
    at.session_state["measure_team_groups"] = mapping  # as the page's table holds it
    at.run()
    at = at.switch_page(PAGE).run()
    assert_clean(at)
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    expected = calibrate_by_group(measure(exports), exports, mapping, PRESETS[DEFAULT_PRESET]).scenario
    groups = at.session_state["advocate_groups"]
    assert [g["name"] for g in groups] == ["Sales", "Everyone else"] == [g.name for g in expected.groups]
    assert [g["weight"] for g in groups] == pytest.approx([g.weight for g in expected.groups])
    assert at.session_state["participants"] == expected.participants
    assert at.session_state["share_rate"] == pytest.approx(expected.share_rate)
    assert "groups" in at.query_params


def _words(at: AppTest) -> str:
    """Every sentence and help text the main area shows (metrics' help included)."""
    parts = [e.value for kind in (at.main.markdown, at.main.caption, at.main.info) for e in kind]
    parts += [m.proto.help for m in at.main.metric] + [b.proto.help for b in at.main.button]
    return "\n".join(parts)


@pytest.mark.parametrize("present", [False, True])
def test_while_presenting_the_page_never_points_at_the_folded_sidebar(present):
    at = measure_page({"present": "true"} if present else None)
    at.button(key="measure-demo").click().run()
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    words = _words(at)
    assert ("sidebar" in words.lower()) is not present, words if present else "normal mode lost its hints"


def test_with_groups_a_team_starts_in_the_group_of_its_name():
    # The synthetic roster's teams include Sales; a scenario with a Sales group maps it there at once (every
    # other team in Everyone else), so Start the what-if measures Sales without the user retyping it.
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
    at = measure_page({"demo": "true", "groups": json.dumps(groups)})
    assert_clean(at)
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["Team", "Group"])
    mapping = dict(zip(table["Team"], table["Group"]))
    assert mapping["Sales"] == "Sales"
    assert {g for t, g in mapping.items() if t != "Sales"} == {"Everyone else"}
    assert at.session_state["measure_team_groups"] == mapping


def test_a_group_no_team_maps_to_is_kept_and_the_note_says_so(expected):
    # The three-group link; the synthetic roster has a Sales team (it starts in Sales), every other team starts in
    # Everyone else, and no team is Executives: Start the what-if keeps Executives as it was (50 people at 3 x 10%,
    # its own 2,000 X connections) beside the measured groups, and the note says so by name.
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "connections": {"X": 2000}},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
    at = measure_page({"demo": "true", "groups": json.dumps(groups)})
    at.button(key="measure-calibrate").click().run()
    assert_clean(at)
    kept = at.session_state["advocate_groups"]
    assert [g["name"] for g in kept] == ["Executives", "Sales", "Everyone else"]
    executives = kept[0]
    assert executives["connections"] == {"X": 2000}
    # every roster team is mapped to Sales or Everyone else: the program's measured participants, + Executives' 50
    total = int(expected[0].summary["participants"]) + 50
    assert at.session_state["participants"] == total
    assert executives["weight"] * total == pytest.approx(50)
    assert executives["weight"] * executives["relative_share_rate"] * total * at.session_state["share_rate"] \
        == pytest.approx(50 * 0.3)  # its 15 sharers a story, as before
    note = " ".join(t.value for t in at.text)
    assert "Executives: no team maps to it" in note and "50 participants at a share rate of 30.0%" in note
