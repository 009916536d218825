"""The scenario's identity in the app (AppTest): a preset applies at once, a changed case shows as
modified and can be restored, the name field names the case, the link keeps name and provenance."""

import json
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from advocacy_calc import Scenario, parse_scenario
from advocacy_calc.link import scenario_query
from advocacy_calc.scenario import input_paths
from advocacy_ui import state
from lever_moves import move_levers

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def value_per_month(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Value per month")


def case_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("This case:"))


def scenario(at: AppTest) -> Scenario:
    return at.session_state[state.SCENARIO]


def test_choosing_a_preset_applies_it_at_once():
    at = clean(run_app())
    assert case_caption(at) == "This case: `Worked example`"
    at.selectbox(key="preset").select("Typical B2B").run()  # one action, no Reset
    clean(at)
    assert value_per_month(at) != "$31,500"  # the preset's figures, not the worked example's
    assert case_caption(at) == "This case: `Typical B2B`"
    assert scenario(at).based_on == "Typical B2B" and scenario(at).name == ""
    assert "undo-preset" not in [b.key for b in at.button]  # nothing of the user's was replaced


def test_a_changed_input_shows_modified_and_is_the_users_own():
    at = clean(run_app())
    at.selectbox(key="preset").select("Typical B2B").run()
    move_levers(at, participants=2000)
    clean(at)
    assert case_caption(at) == "This case: `Typical B2B, modified`"
    s = scenario(at)
    assert s.provenance["participants"].kind == "user"
    assert "share_rate" not in s.provenance  # untouched: still the benchmark default
    # the files are named for it: accents kept, "/" gone
    from advocacy_calc.exports import file_stem

    assert file_stem(s, "workbook") == "Typical B2B, modified - workbook"


def test_a_preset_over_a_modified_case_offers_undo():
    at = clean(run_app())
    move_levers(at, participants=2000)
    at.selectbox(key="preset").select("Conservative").run()
    clean(at)
    assert scenario(at).participants == 1000 and scenario(at).based_on == "Conservative"
    assert any(c.value == "Conservative applied; it replaced `Worked example, modified`." for c in at.caption)
    at.button(key="undo-preset").click().run()
    clean(at)
    assert scenario(at).participants == 2000 and scenario(at).based_on == "Worked example"
    assert case_caption(at) == "This case: `Worked example, modified`"
    assert scenario(at).provenance["participants"].kind == "user"


def test_the_name_field_names_the_case_and_travels_in_the_link():
    at = clean(run_app())
    move_levers(at, participants=2000)
    at.text_input(key="scenario-name").input("Café Q3 / Nordics").run()
    at.text_input(key="scenario-prepared-by").input("Ana Souza").run()
    clean(at)
    s = scenario(at)
    assert (s.name, s.prepared_by, s.based_on) == ("Café Q3 / Nordics", "Ana Souza", "Worked example")
    assert case_caption(at) == "This case: `Café Q3 / Nordics` (based on `Worked example`, modified)"  # 2,000
    from advocacy_calc.exports import file_stem

    assert file_stem(s, "slides") == "Café Q3 Nordics - slides"
    url = {k: v for k, v in at.query_params.items()}
    assert url["name"] == ["Café Q3 / Nordics"] or url["name"] == "Café Q3 / Nordics"
    assert json.loads(at.query_params["provenance"][0] if isinstance(at.query_params["provenance"], list)
                      else at.query_params["provenance"]) == {"participants": ["user"]}
    # a reload of that link: the same name, the same provenance
    again = clean(run_app({"participants": "2000", "name": "Café Q3 / Nordics", "prepared_by": "Ana Souza",
                           "provenance": '{"participants":["user","our roster"]}'}))
    s2 = scenario(again)
    assert (s2.name, s2.prepared_by, s2.participants) == ("Café Q3 / Nordics", "Ana Souza", 2000)
    assert s2.provenance["participants"].note == "our roster"


def test_a_hand_written_link_marks_its_inputs_as_the_users():
    at = clean(run_app({"participants": "2000", "networks.X.cpm": "35"}))
    s = scenario(at)
    assert {p: v.kind for p, v in s.provenance.items()} == {"participants": "user", "networks.X.cpm": "user"}


def test_a_bad_provenance_in_the_link_is_a_note_not_a_crash():
    at = clean(run_app({"participants": "2000", "provenance": '{"participants":["article"]}',
                        "name": "x" * 500}))
    notes = "\n".join(w.value for w in at.warning)
    assert "'provenance' is not usable" in notes
    assert ("URL parameter 'name': longer than 120 characters (one line of at most 120 characters). Left empty."
            in notes)
    assert scenario(at).provenance == {} and scenario(at).name == ""
    # A right-to-left override is no line break: the note says what is wrong with it
    at = clean(run_app({"prepared_by": "Ana \u202eSouza"}))
    assert ("URL parameter 'prepared_by': holds a line break or another control character (one line of at most "
            "120 characters). Left empty." in "\n".join(w.value for w in at.warning))


def test_a_note_on_the_users_number_goes_with_the_scenario():
    at = clean(run_app())
    move_levers(at, participants=2000)
    at.session_state["input-sources"] = True  # open "Where each number comes from"
    at.run()
    texts = [t.value for t in at.text]
    assert "Practitioner article" not in " ".join(texts[texts.index("Participants"):texts.index("Participants") + 2])
    at.text_input(key="note-participants").input("our roster, May").run()
    clean(at)
    assert scenario(at).provenance["participants"].note == "our roster, May"
    # an input nobody touched still shows its benchmark, graded
    row = texts.index("Share rate per story")
    assert texts[row + 2][-3:] in ("(V)", "(S)", "(U)") or texts[row + 2][-4:] in (", V)", ", S)", ", U)")


def _page_metrics(at: AppTest, page: str) -> dict[str, str]:
    at.switch_page(page).run()
    clean(at)
    return {m.label: m.value for m in at.metric}


def test_page_settings_travel_in_one_link_parameter_and_reproduce_every_page():
    at = clean(run_app({"participants": "2000", "cost.seat_cost_per_month": "10"}))
    at.switch_page("pages/timeline.py").run()
    at.number_input(key="tl-launch").set_value(20000.0).run()
    at.slider(key="tl-ramp").set_value(9).run()
    clean(at)
    timeline = {m.label: m.value for m in at.metric}
    assert timeline["Payback month"] != "none"
    at.switch_page("pages/forecast.py").run()
    at.number_input(key="mc-seed").set_value(7).run()
    at.selectbox(key="mc-draws").select(10_000).run()
    forecast = {m.label: m.value for m in at.metric}
    at.switch_page("pages/sensitivity.py").run()
    at.selectbox(key="goal-target").select("net_value_per_month").run()
    clean(at)
    s = scenario(at)
    assert (s.settings.timeline_launch_cost, s.settings.timeline_ramp_months, s.settings.forecast_seed,
            s.settings.forecast_draws, s.settings.goal_target) == (20000.0, 9, 7, 10_000, "net_value_per_month")
    link = at.query_params["settings"]
    link = link[0] if isinstance(link, list) else link
    assert link.startswith("timeline_ramp_months:9,timeline_launch_cost:20000,goal_target:net_value_per_month,")
    # A new session from that link: the same figures on the timeline and forecast pages
    url = {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in at.query_params.items()}
    again = clean(run_app(url))
    assert _page_metrics(again, "pages/timeline.py") == timeline
    assert _page_metrics(again, "pages/forecast.py") == forecast
    again.switch_page("pages/sensitivity.py").run()
    assert again.selectbox(key="goal-target").value == "net_value_per_month"


def test_the_headline_has_its_forecast_band_and_says_where_it_falls():
    at = clean(run_app())
    band = next(c for c in at.caption if c.value.startswith("Media value per month P10-P90"))
    # the worked example's inputs sit at the top of their benchmark ranges (the issue's $13.5K-$34.8K)
    assert band.value == ("Media value per month P10-P90: **$13.5K-$34.8K** · "
                          "your inputs sit near the optimistic end of the benchmarks: P83")
    assert band.help.startswith("100,000 Monte Carlo draws (seed 2026)")
    present = clean(run_app({"present": "true"}))
    assert not any(c.value.startswith("Media value per month P10-P90") for c in present.caption)


def test_where_the_point_falls_in_words():
    from advocacy_calc.forecast.montecarlo import where_it_falls

    assert where_it_falls(78) == "your inputs sit near the optimistic end of the benchmarks: P78"
    assert where_it_falls(70) == "your inputs sit near the optimistic end of the benchmarks: P70"
    assert where_it_falls(50) == "your inputs sit in the middle of the benchmarks: P50"
    assert where_it_falls(12) == "your inputs sit near the cautious end of the benchmarks: P12"


def test_a_named_case_says_modified_the_same_after_a_reload_of_its_link():
    """'Modified' is against the preset it is based on, from the scenario alone: the session that built the
    case, its link opened again and the files say the same (a tester saw ', modified' before a reload and
    not after)."""
    at = clean(run_app())
    at.text_input(key="scenario-name").input("Q3 case").run()
    move_levers(at, participants=2000)
    clean(at)
    assert case_caption(at) == "This case: `Q3 case` (based on `Worked example`, modified)"
    link = {key: at.query_params[key] for key in at.query_params}
    assert link.get("name") in ("Q3 case", ["Q3 case"]), link
    again = clean(run_app({k: v[0] if isinstance(v, list) else v for k, v in link.items()}))
    assert case_caption(again) == "This case: `Q3 case` (based on `Worked example`, modified)"
    from advocacy_calc.exports.text import case_name

    assert case_name(scenario(again)) == "Q3 case"
    # Named but as the preset: no "modified".
    same = clean(run_app({"name": "Q3 case"}))
    assert case_caption(same) == "This case: `Q3 case` (based on `Worked example`)"


def test_a_case_from_the_measure_page_is_named_as_its_files_name_it():
    at = clean(run_app({"demo": "true"}))
    at.switch_page("pages/measure.py").run()
    start = next(b for b in at.button if "what-if" in b.label.lower())
    start.click().run()
    at.switch_page("pages/overview.py").run()
    clean(at)
    from advocacy_calc.exports.text import case_name

    assert case_caption(at) == f"This case: `{case_name(scenario(at))}`"
    assert case_name(scenario(at)) == "Worked example, modified"  # measured numbers differ from the preset


def test_a_preset_keeps_the_readers_locale_and_says_when_its_currency_replaces_the_cases():
    at = clean(run_app({"locale": "de-DE", "currency": "EUR"}))
    at.selectbox(key="preset").select("Typical B2B").run()
    clean(at)
    s = scenario(at)
    assert (s.locale, s.currency, s.based_on) == ("de-DE", "USD", "Typical B2B")
    assert case_caption(at) == "This case: `Typical B2B`"  # the locale is no input: not modified
    assert any(c.value == "Typical B2B applied; it replaced `Worked example, modified`. Its prices are in USD, "
               "the benchmarks' currency (the case was in EUR)." for c in at.caption), [c.value for c in at.caption]
    at.button(key="undo-preset").click().run()
    clean(at)
    assert (scenario(at).locale, scenario(at).currency) == ("de-DE", "EUR")


def test_a_link_with_every_input_of_the_largest_scenario_its_own_keeps_each_source():
    """The app's four networks, eight groups and every input the user's, with a note each: 4 levers and working
    days + 4 x 6 + 12 + 11 + 8 x (4 + 4 x 2) = 147 inputs. The app kept a source for at most 128 and, past that,
    dropped them all without a word. The link keeps every one through the app."""
    nets = [{"name": name} for name in ("LinkedIn", "X", "Facebook", "Instagram")]
    groups = [{"name": f"G{g}", "weight": 1 / 8, "relative_share_rate": 1} for g in range(8)]
    shape = parse_scenario({"networks": nets, "groups": groups})
    mine = {path: {"kind": "user", "note": f"note {n}"} for n, path in enumerate(input_paths(shape))}
    assert len(mine) == 147
    link = scenario_query(parse_scenario({**shape.model_dump(mode="json"), "provenance": mine}))
    at = clean(run_app({key: values if len(values) > 1 else values[0] for key, values in parse_qs(link).items()}))
    assert not at.warning, [w.value for w in at.warning]
    kept = scenario(at).provenance
    assert len(kept) == 147 and kept["groups.G7.networks.Instagram.presence"].note == "note 146"
    assert {p: v.note for p, v in kept.items()} == {p: v["note"] for p, v in mine.items()}


def test_where_each_number_comes_from_lists_each_groups_own_inputs_and_takes_a_note():
    """As the PDF and slides print them (issue 16): a group's size as people, its share rate, its own seat
    cost; a note on one goes with the scenario under the group input's path."""
    groups = [{"name": "Sales", "weight": 0.2, "relative_share_rate": 2, "seat_cost_per_month": 25},
              {"name": "Everyone else", "weight": 0.8, "relative_share_rate": 0.75}]
    link = scenario_query(parse_scenario({"groups": groups}))
    at = clean(run_app({key: values if len(values) > 1 else values[0] for key, values in parse_qs(link).items()}))
    at.session_state["input-sources"] = True  # open "Where each number comes from"
    at.run()
    texts = [t.value for t in at.text]
    # By hand: 1,000 participants × 0.2 = 200 at 10% × 2 = 20%; Everyone else 800 at 7.5%.
    for label, value in (("Sales: participants", "200"), ("Sales: share rate (2 × the mean)", "20%"),
                         ("Sales: platform cost per seat per month", "$25.00"),
                         ("Everyone else: participants", "800"), ("Everyone else: share rate (0.75 × the mean)", "7.5%")):
        assert texts[texts.index(label) + 1] == value, label
    at.text_input(key="note-groups.Sales.weight").input("CRM seats, Q3").run()
    clean(at)
    assert scenario(at).provenance["groups.Sales.weight"].note == "CRM seats, Q3"
