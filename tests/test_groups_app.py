"""Groups of advocates in the app (AppTest): a link with three groups reproduces every headline figure in a
fresh session, the share link carries them, a bad link item is a note, and groups that do not fit together
are the inputs' problem (named), never dropped silently."""

import json

import pytest

from advocacy_calc import Scenario, compute
from advocacy_calc.formatting import count, money
from lever_moves import move_levers
from test_app import assert_clean, metrics, run_app

# Three groups on the default scenario's one network, X (850 connections, CPM 1000/85, 1,000 people at 10%):
#   Executives 5% at 3x the mean with 2,000 connections, Sales 20% at 2x, Everyone else 75% at 0.6x.
GROUPS = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "connections": {"X": 2000}},
          {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
          {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
LINK = {"groups": json.dumps(GROUPS, separators=(",", ":"))}


def test_a_link_with_three_groups_reproduces_every_figure():
    at = run_app(LINK)
    assert_clean(at)
    expected = compute(Scenario(groups=GROUPS))
    # By hand: 15 sharers × 2,000 + 85 × 850 = 102,250 impressions a story; value 102,250 × 31.5 / 85 = 37,892.65
    assert expected.impressions_per_story == 102_250
    m = metrics(at)
    assert m["Impressions per story"] == count(expected.impressions_per_story) == "102,250"
    assert m["Value per month"] == money(expected.value_per_month, "USD") == "$37,893"
    assert m["Net value per month"] == money(expected.net_value_per_month, "USD")
    assert not at.warning or "groups" not in " ".join(w.value for w in at.warning)


def test_the_share_link_carries_the_groups():
    at = run_app(LINK)
    at.session_state["share-link"] = True
    move_levers(at, share_rate=0.2)  # the mean: every group's rate doubles, none passes 100%
    link = at.code[0].value
    assert "groups=" in link and "share_rate=0.2" in link
    from urllib.parse import parse_qsl, urlsplit
    query = dict(parse_qsl(urlsplit(link).query))
    assert json.loads(query["groups"]) == [{**g, "relative_share_rate": float(g["relative_share_rate"]),
                                            **({"connections": {"X": 2000.0}} if "connections" in g else {})}
                                           for g in GROUPS]
    again = run_app(query)
    expected = compute(Scenario(groups=GROUPS, share_rate=0.2))
    assert metrics(again)["Value per month"] == money(expected.value_per_month, "USD") == "$75,785"


def test_a_bad_groups_link_is_a_note_never_a_crash():
    at = run_app({"groups": "[{\"name\": \"Sales.EU\", \"weight\": 1}, \"x\"]"})
    assert_clean(at)
    notes = " ".join(w.value for w in at.warning) + " ".join(i.value for i in at.info)
    assert "URL parameter 'groups' is not usable" in notes and "must not contain a dot" in notes
    assert metrics(at)["Value per month"] == "$31,500"  # one group of everyone: the worked example


def test_groups_that_do_not_fit_are_named_not_dropped():
    # Executives at 3x the mean cap the share rate at 1/3: a link asking 0.5 is refused by name.
    at = run_app({**LINK, "share_rate": "0.5"})
    assert not at.exception
    shown = " ".join(e.value for e in at.error) + " ".join(w.value for w in at.warning)
    assert "Executives" in shown and "can go up to 0.3333" in shown


def test_compare_shows_each_groups_inputs_and_part():
    from advocacy_ui.compare import comparison
    from test_groups import THREE
    without = {k: v for k, v in THREE.items() if k != "groups"}
    shown, differs = comparison({"Three": Scenario.model_validate(THREE), "One": Scenario.model_validate(without)})
    rows = {label: list(values) for (_, label), values in shown.iterrows()}
    # a count, each group's name in the rows below (the list in one cell was cut at 1280 px: "Executives, Sales, Ev…")
    assert rows["Groups of advocates"] == ["3", "—"]  # one empty mark (was "none" here, "—" below)
    assert rows["Group Executives: participants"] == ["50", "—"]
    assert rows["Group Everyone else: share rate"] == ["6%", "—"]
    assert rows["Group Executives: own connections"] == ["LinkedIn 2,000", "—"]
    assert rows["Group Sales: own presence"] == ["X 0%", "—"]
    assert rows["Group Executives: value per month"] == ["$4,843", "—"]  # 4,843.125 by hand (test_groups)
    assert rows["Group Sales: value per seat per month"] == ["$12.60", "—"]
    assert differs.loc[("Inputs", "Groups of advocates"), "One"]


def test_comparison_csv_rounds_each_groups_figures_by_their_kind():
    import csv
    import io

    from advocacy_calc.exports.tables import frame_to_csv
    from advocacy_ui.compare import values
    from test_groups import THREE
    without = {k: v for k, v in THREE.items() if k != "groups"}
    data = frame_to_csv(values({"Three": Scenario.model_validate(THREE), "One": Scenario.model_validate(without)}))
    rows = {r[1]: r[2:] for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))}
    assert rows["Group Executives: value per month"] == ["4843.13", ""]  # 4,843.125 by hand (test_groups), half up
    assert rows["Group Sales: value per seat per month"] == ["12.6", ""]
    assert rows["Group Everyone else: share rate"] == ["0.06", ""]
    assert rows["Group Executives: own connections"] == ["LinkedIn 2000.0", ""]  # a group's own figure per network
    assert rows["Group Sales: own presence"] == ["X 0.0", ""]
    assert rows["Groups of advocates"] == ["3", ""]


def test_compare_says_where_each_own_input_comes_from_a_row_each():
    # QA: the provenance printed as one raw cell ("cost.seat_cost_per_month kind='user' note=''"), cut at 1280 px.
    from advocacy_ui.compare import comparison
    from test_groups import THREE
    own = Scenario.model_validate({**THREE, "provenance": {
        "participants": {"kind": "user", "note": "HR roster, 1 Oct 2026"},
        "cost.seat_cost_per_month": {"kind": "user", "note": ""}}})
    shown, differs = comparison({"Own": own, "Three": Scenario.model_validate(THREE)})
    rows = {label: list(values) for (_, label), values in shown.iterrows()}
    assert rows["Source: Participants"] == ["your input: HR roster, 1 Oct 2026", "default"]
    assert rows["Source: Platform cost per seat per month"] == ["your input", "default"]
    assert not any("provenance" in what.casefold() or "kind=" in " ".join(values)
                   for what, values in rows.items())
    assert rows["Networks"] == ["2", "2"]
    assert differs.loc[("Inputs", "Source: Participants"), "Three"]


def test_the_library_keeps_a_scenarios_groups(tmp_path):
    from advocacy_store import ScenarioStore, engine_for
    from test_groups import THREE
    engine = engine_for(f"sqlite:///{tmp_path / 'library.sqlite'}")
    try:
        store = ScenarioStore(engine)
        store.create_schema()
        three = Scenario.model_validate(THREE)
        store.save("Three groups", three)
        back = store.find("three groups").scenario()
        assert back.groups == three.groups and compute(back) == compute(three)
    finally:
        engine.dispose()


def add_from_template(at, template: str, people: int, how: str, relative: float):
    from advocacy_ui.groups import ADD_PEOPLE, CARVE_OUT
    at.selectbox(key="group-template").set_value(template).run()  # as in the browser: the template first
    at.number_input(key="group-add-people").set_value(people)
    at.radio(key="group-add-how").set_value({"add": ADD_PEOPLE, "carve": CARVE_OUT}[how])
    at.number_input(key="group-add-relative").set_value(relative)
    return at.button(key="group-add").click().run()


def test_adding_sales_raises_value_per_month_by_its_part():
    at = run_app()
    assert metrics(at)["Value per month"] == "$31,500"
    # 200 salespeople at twice today's 10%: 40 more sharers × 850 × $1,000/85,000 × 31.5 = $12,600 more.
    at = add_from_template(at, "Sales", 200, "add", 2.0)
    assert_clean(at)
    assert metrics(at)["Value per month"] == "$44,100"
    assert at.session_state["participants"] == 1200
    assert [g["name"] for g in at.session_state["advocate_groups"]] == ["Everyone else", "Sales"]
    # Removing Sales gives the worked example back, one group of everyone.
    at.selectbox(key="group-remove").set_value("Sales")
    at = at.button(key="group-remove-button").click().run()
    assert metrics(at)["Value per month"] == "$31,500" and at.session_state["advocate_groups"] == []


def test_carving_out_keeps_the_total_and_a_bad_add_is_said():
    at = add_from_template(run_app(), "Executives", 50, "carve", 3.0)
    assert_clean(at)
    assert at.session_state["participants"] == 1000
    # 50 executives at 30% and 950 others at 10%: 15 + 95 = 110 sharers -> $34,650 a month
    assert metrics(at)["Value per month"] == "$34,650"
    at = add_from_template(at, "Executives", 10, "add", 1.0)  # the name is taken
    assert "already a group called 'Executives'" in " ".join(w.value for w in at.warning)
    at = add_from_template(at, "Sales", 5000, "carve", 1.0)
    assert "fewer than the 5,000 to carve out" in " ".join(w.value for w in at.warning)
    assert metrics(at)["Value per month"] == "$34,650"


def test_the_reach_page_shows_each_groups_part():
    at = run_app(LINK)
    at.switch_page("pages/reach.py").run()
    assert_clean(at)
    table = next(t for t in at.table if "Group" in t.value.columns)
    rows = table.value.set_index("Group")
    # By hand: Executives 50 at 30% with 2,000 connections on X: 15 × 2,000 = 30,000 a story,
    # × $1,000/85,000 × 31.5 = $11,118 a month, $222.35 a seat; Everyone else 750 at 6%: 45 × 850 = 38,250.
    assert list(rows.index) == ["Executives", "Sales", "Everyone else"]
    assert list(rows.loc["Executives", ["Participants", "Share rate", "Likely seen / story", "Value / month",
                                        "Value / seat / month"]]) == ["50", "30%", "30,000", "$11,118", "$222.35"]
    assert rows.loc["Everyone else", "Likely seen / story"] == "38,250"
    from test_app import chart_frames
    frames = [f for f in chart_frames(at) if "group" in f[0].columns]
    assert len(frames) == 2 and list(frames[0][0]["group"]) == ["Executives", "Sales", "Everyone else"]
    assert abs(frames[0][0]["value"][0] - 30_000 * 31.5 / 85) < 1e-6


def test_the_sensitivity_page_adds_or_removes_each_group():
    at = run_app(LINK)
    at.switch_page("pages/sensitivity.py").run()
    assert_clean(at)
    table = next(t for t in at.table if "Scenario" in t.value.columns).value.set_index("Scenario")
    # Without Executives: 950 people, 40 + 45 sharers at 850 -> 72,250 a story, × 31.5 / 85 = $26,775 a month;
    # the executives add $37,892.65 - $26,775 = $11,117.65 (no cost entered: net = value + $1,000 leads).
    assert table.loc["Without Executives", "Media value per month"] == "$26,775"
    assert table.loc["Without Executives", "What the group adds (net)"] == "$11,118"
    # Add: each template not in the program, 100 more people at its relative rate 1 (today's mean, 10%) and the
    # network's 850 connections: 10 sharers × 850 = 8,500 a story, × 31.5 / 85 = $3,150 more a month.
    assert list(table.index) == ["Without Executives", "Without Sales", "Without Everyone else",
                                 *(f"With {t} (100 people at its defaults, added)"
                                   for t in ("Recruiting & talent", "Marketing", "Subject-matter experts"))]
    marketing = table.loc["With Marketing (100 people at its defaults, added)"]
    assert marketing["Media value per month"] == "$41,043" and marketing["What the group adds (net)"] == "$3,150"
    assert "Across the share rate (0 to its cap, 33.3%)" in [h.value for h in at.subheader]
    from test_app import chart_frames
    sweep = next(f[0] for f in chart_frames(at) if "group_share_rate" in f[0].columns)
    assert sweep["share_rate"].max() == pytest.approx(1 / 3) and set(sweep["group"]) == {
        "Executives", "Sales", "Everyone else"}


def test_the_forecast_page_runs_over_a_groups_range():
    at = run_app({**LINK, "ranges": "groups.Executives.share_rate:0.1:0.5"})
    at.switch_page("pages/forecast.py").run()
    assert_clean(at)
    from test_app import chart_frames
    bars = next(f[0] for f in chart_frames(at) if "input_value" in f[0].columns)
    executives = bars[bars["name"] == "Executives: own share rate"]
    # By hand on the X-only link: each point of the executives' share rate is worth 50 × 2,000 × 31.5 / 85 a
    # month; 10% and 50% are 0.2 either side of their 30%, around the link's $37,892.65.
    assert list(executives["input_value"]) == ["10%", "50%"]
    swing = 50 * 2000 * 31.5 / 85 * 0.2
    assert executives["end"].tolist() == pytest.approx([37_892.647 - swing, 37_892.647 + swing], rel=1e-6)
    assert "groups.Executives.share_rate:0.1:0.5" in at.query_params["ranges"]


def test_the_editor_tables_edits_rewrite_the_total_and_the_mean():
    import pytest
    from advocacy_ui.groups import edited_scenario
    s = Scenario(groups=GROUPS)  # 50 / 200 / 750 people at 30% / 20% / 6%
    # Sales grow to 300 at 25%: 1,100 people; sharers 15 + 75 + 45 = 135, mean 135 / 1,100.
    moved = edited_scenario(s, {"1": {"People": 300, "Rate %": 25.0}})
    assert moved.participants == 1100 and moved.share_rate == pytest.approx(135 / 1100)
    from advocacy_calc.groups import group_results
    parts = {g.name: g for g in group_results(moved)}
    assert parts["Sales"].participants == pytest.approx(300) and parts["Sales"].share_rate == pytest.approx(0.25)
    assert parts["Executives"].share_rate == pytest.approx(0.3)  # everyone else keeps their own rate
    with pytest.raises(ValueError, match="cannot pass 100%"):
        edited_scenario(s, {0: {"Rate %": 120.0}})
    # What a hostile browser can send as the table's edits: a sentence each, never IndexError/TypeError/...
    for edits, why in (({"5": {"People": 3}}, "a row it does not have"), ({"0": None}, "a row it does not have"),
                       ({"-1": {"People": 3}}, "a row it does not have"), (["x"], "could not be read"),
                       ({"0": {"People": float("inf")}}, "People: give a number of 0 or more"),
                       ({"0": {"People": 10**400}}, "People: give a number of 0 or more"),
                       ({"0": {"People": [1]}}, "People: give a number of 0 or more"),
                       ({"0": {"People": "12"}}, "People: give a number of 0 or more"),
                       ({"0": {"Rate %": -10}}, "Rate %: give a number of 0 or more")):
        with pytest.raises(ValueError, match=why):
            edited_scenario(s, edits)


# Sales (200 people at 20%) and everyone else (800 at 7.5%) on X and LinkedIn's defaults (303 connections,
# presence 100%, visibility 6%, CPM $35): 1,000 people at a mean of 10%.
TWO_NETWORKS = {"networks": ["X", "LinkedIn"], "groups": json.dumps(
    [{"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
     {"name": "Everyone else", "weight": 0.8, "relative_share_rate": 0.75}], separators=(",", ":"))}


def detail_input(at, label: str):
    return next(n for n in at.number_input if n.label == label)


def detail_captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("From: ")]


def test_a_groups_own_connections_set_in_the_app_move_value_by_its_part_and_stay_in_the_link():
    at = run_app(TWO_NETWORKS)
    assert_clean(at)
    # By hand: X 100 sharers × 850 × 31.5 / 85 = $31,500; LinkedIn 100 × 303 × 0.06 × 0.035 × 31.5 = $2,004.35.
    assert metrics(at)["Value per month"] == "$33,504"
    at.selectbox(key="group-detail").set_value("Sales").run()
    assert detail_input(at, "LinkedIn connections").value == 303  # the network's, shown as such
    assert "From: LinkedIn's value" in detail_captions(at)
    at = detail_input(at, "LinkedIn connections").set_value(1200).run()
    assert_clean(at)
    # Sales' 40 sharers now reach 1,200 on LinkedIn: 40 × (1,200 - 303) × 0.06 × 0.035 × 31.5 = $2,373.46 more.
    assert metrics(at)["Value per month"] == "$35,878"
    assert "From: your input" in detail_captions(at)
    sales = next(g for g in at.session_state["advocate_groups"] if g["name"] == "Sales")
    assert sales["connections"] == {"LinkedIn": 1200.0}
    link = json.loads(at.query_params["groups"][0] if isinstance(at.query_params["groups"], list)
                      else at.query_params["groups"])
    assert link[0]["connections"] == {"LinkedIn": 1200.0}
    again = run_app({**TWO_NETWORKS, "groups": json.dumps(link, separators=(",", ":"))})
    assert_clean(again)
    assert metrics(again)["Value per month"] == "$35,878"


def test_a_groups_seat_cost_and_presence_are_checked_and_a_template_default_says_its_grade():
    at = add_from_template(run_app({"networks": ["X", "LinkedIn"]}), "Recruiting & talent", 100, "add", 1.0)
    assert_clean(at)
    at.selectbox(key="group-detail").set_value("Recruiting & talent").run()
    assert detail_input(at, "LinkedIn connections").value == 702
    assert any(c.startswith("From: graded S: LinkedIn connections per member in staffing and recruiting")
               for c in detail_captions(at))
    at = detail_input(at, "Seat cost per month").set_value(12.5).run()
    assert next(g for g in at.session_state["advocate_groups"]
                if g["name"] == "Recruiting & talent")["seat_cost_per_month"] == 12.5
    at = detail_input(at, "X (Twitter) presence %").set_value(0.0).run()
    assert_clean(at)
    # 100 recruiters at 10% no longer share on X: X keeps everyone else's 100 sharers, $31,500; LinkedIn
    # 100 × 303 × 0.06 × 0.035 × 31.5 = $2,004.35 plus the recruiters' 10 × 702 × 0.06 × 0.035 × 31.5 = $464.37.
    assert metrics(at)["Value per month"] == "$33,969"
    assert "From: your input" in detail_captions(at)
    from advocacy_ui.groups import with_group_detail
    s = Scenario(groups=[{"name": "Sales", "weight": 1}], networks=[{"name": "X"}])
    with pytest.raises(ValueError, match=r"groups\[0\]\.presence\.X: 1\.5 is out of range"):
        with_group_detail(s, "Sales", "presence", 1.5, "X")
    with pytest.raises(ValueError, match=r"groups\[0\]\.seat_cost_per_month"):
        with_group_detail(s, "Sales", "seat_cost_per_month", -1.0)


def test_the_editor_reads_the_links_inputs_on_its_first_run():
    # Executives' own LinkedIn figure, LinkedIn and the seat cost in the link: the editor is drawn after the
    # networks and costs, so on the first run (the only one until the user acts) it shows the link's groups,
    # not one group of everyone on the default network.
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "connections": {"LinkedIn": 2000}},
              {"name": "Everyone else", "weight": 0.95, "relative_share_rate": 0.85 / 0.95}]
    at = run_app({"groups": json.dumps(groups), "networks": ["X", "LinkedIn"], "cost.seat_cost_per_month": "12"})
    assert_clean(at)
    assert not [c for c in at.caption if c.value.startswith("One group")]
    assert at.selectbox(key="group-detail").value == "Executives"
    assert detail_input(at, "LinkedIn connections").value == 2000
    assert detail_input(at, "Seat cost per month").value == 12  # the program's, from the link
    assert "From: the program's value" in detail_captions(at)


@pytest.mark.parametrize("present", [False, True])
def test_sensitivity_points_at_the_sidebar_only_when_it_is_there(present):
    # While presenting the sidebar is folded away: no sentence may send the room looking for it.
    at = run_app({**LINK, **({"present": "true"} if present else {})})
    at.switch_page("pages/sensitivity.py").run()
    assert_clean(at)
    words = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    assert "Each row: the same program without that group" in words
    assert ("in the sidebar" in words) is not present


def test_the_ramp_up_page_says_groups_ramp_together_and_a_later_start_is_left_out():
    # docs/model.md 6a leaves "sales joins in month 4" out; a user with groups looks for it on Ramp-up.
    at = run_app(LINK)
    at.switch_page("pages/timeline.py").run()
    assert_clean(at)
    notes = " ".join(c.value for c in at.caption)
    assert "Every group ramps up together" in notes and "33.3%" in notes  # the cap: 1 / 3 (Executives at 3x)
    assert "starts later" in notes and "not modelled" in notes and "Compare scenarios" in notes
    plain = run_app()
    plain.switch_page("pages/timeline.py").run()
    assert_clean(plain)
    assert not any("ramps up together" in c.value for c in plain.caption)  # one group of everyone: nothing to say


def test_the_ramp_up_pages_words_describe_its_monthly_chart():
    # The monthly cost is a solid orange line over each bar (charts.monthly_chart); the heading said "dashed".
    at = run_app(LINK)
    at.switch_page("pages/timeline.py").run()
    heading = next(h.value for h in at.subheader if h.value.startswith("Value each month"))
    assert heading == "Value each month (bars) and cost each month (orange line)"
    from advocacy_calc import charts
    from advocacy_calc.forecast.timeline import TimelineSettings, timeline
    spec = charts.monthly_chart(timeline(Scenario(groups=GROUPS), TimelineSettings()).table, "USD")
    rules = [l for l in spec["layer"] if l["mark"]["type"] == "rule" and l["mark"].get("color") == charts.COST_COLOUR]
    assert rules and not any("strokeDash" in l["mark"] or "strokeDash" in l.get("encoding", {}) for l in rules)


def test_compare_counts_no_group_and_a_group_without_own_values_as_the_same_nothing():
    # One group of everyone pinned beside the three-group link: Everyone else has no own connections or presence
    # in either ("—" against "—"), so those rows are not highlighted, not counted, not in "only the rows that
    # differ"; Executives' own 2,000 X connections against "—" are.
    from advocacy_ui.compare import comparison
    one, three = Scenario(), Scenario(groups=GROUPS)
    shown, differs = comparison({"One": one, "Three": three})
    rows = {label: (list(shown.loc[(section, label)]), bool(differs.loc[(section, label)].any()))
            for section, label in shown.index}
    assert rows["Group Everyone else: own connections"] == (["—", "—"], False)
    assert rows["Group Everyone else: own presence"] == (["—", "—"], False)
    assert rows["Group Everyone else: own seat cost per month"] == (["—", "—"], False)
    assert rows["Group Executives: own connections"] == (["—", "X 2,000"], True)
    at = run_app()
    at.session_state["_pinned"] = {"One": one, "Three": three}
    at.switch_page("pages/scenarios.py").run()
    assert_clean(at)
    counted = next(c.value for c in at.caption if "rows differ" in c.value)
    at.toggle(key="compare-only-differences").set_value(True).run()
    labels = list(at.dataframe[0].value["What"])
    assert "Group Executives: own connections" in labels
    assert not [w for w in labels if w.startswith("Group Everyone else: own")]
    assert f"{len(labels)} of " in counted  # the count is the filtered table's rows


def test_without_a_break_even_the_overview_and_sensitivity_say_it_at_the_cap():
    # Value at the cap (Executives at 100%, a share rate of 1/3): $126,308.82, below a fixed $200,000.
    said = ("Even with the keenest group, `Executives`, sharing every story (a share rate of 33.3%), value would "
            "not cover the program cost (today $200,000 a month).")
    at = run_app({**LINK, "cost.fixed_cost_per_month": "200000"})
    assert_clean(at)
    assert said in [c.value for c in at.caption]
    at.switch_page("pages/sensitivity.py").run()
    assert_clean(at)
    assert said in [m.value for m in at.markdown]


def test_a_new_template_starts_the_popovers_rate_and_name_at_its_defaults():
    # Executives added at 3x with a name of its own; choosing Recruiting & talent with the rate and name untouched
    # adds it at its template's 1x (today's mean) under its own name, not at Executives' 3x as "Board".
    at = run_app()
    at.selectbox(key="group-template").set_value("Executives").run()
    at.text_input(key="group-add-name").input("Board")
    at = add_from_template(at, "Executives", 50, "add", 3.0)
    assert_clean(at)
    at.selectbox(key="group-template").set_value("Recruiting & talent").run()
    assert at.number_input(key="group-add-relative").value == 1.0 and at.text_input(key="group-add-name").value == ""
    at.number_input(key="group-add-people").set_value(100)
    at = at.button(key="group-add").click().run()
    assert_clean(at)
    groups = {g["name"]: g for g in at.session_state["advocate_groups"]}
    assert list(groups) == ["Everyone else", "Board", "Recruiting & talent"]
    # Recruiting joins at today's mean, (100 + 15) sharers / 1,050 people; its rate over the new mean of 1,150:
    mean = (1000 * 0.1 + 50 * 0.3 + 100 * (115 / 1050)) / 1150
    assert groups["Recruiting & talent"]["relative_share_rate"] == pytest.approx((115 / 1050) / mean)
    # a rate of 0 given is 0 (a group that does not share), not the template's 1
    at.selectbox(key="group-template").set_value("Marketing").run()
    at.number_input(key="group-add-relative").set_value(0.0)
    at = at.button(key="group-add").click().run()
    assert [g["relative_share_rate"] for g in at.session_state["advocate_groups"] if g["name"] == "Marketing"] == [0]


def test_a_template_the_model_refuses_is_said_not_dropped():
    # A workforce of 1,050 leaves no room for 100 more people: each With row is refused by the model's words.
    at = run_app({**LINK, "workforce": "1050"})
    at.switch_page("pages/sensitivity.py").run()
    assert_clean(at)
    table = next(t for t in at.table if "Scenario" in t.value.columns).value
    assert not [s for s in table["Scenario"] if s.startswith("With ")]
    assert "With Marketing: participants (1,100) cannot exceed workforce (1,050)" in [c.value for c in at.caption]
