"""Groups of advocates in the app (AppTest): a link with three groups reproduces every headline figure in a
fresh session, the share link carries them, a bad link item is a note, and groups that do not fit together
are the inputs' problem (named), never dropped silently."""

import json

from advocacy_calc import Scenario, compute
from advocacy_calc.formatting import count, money
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
    at.slider(key="share_rate").set_value(0.2).run()  # the mean: every group's rate doubles, none passes 100%
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
    assert rows["Groups of advocates"] == ["Executives, Sales, Everyone else", "one group, everyone alike"]
    assert rows["Group Executives: participants"] == ["50", "—"]
    assert rows["Group Everyone else: share rate"] == ["6%", "—"]
    assert rows["Group Executives: own connections"] == ["LinkedIn 2,000", "—"]
    assert rows["Group Sales: own presence"] == ["X 0%", "—"]
    assert rows["Group Executives: value per month"] == ["$4,843", "—"]  # 4,843.125 by hand (test_groups)
    assert rows["Group Sales: value per seat per month"] == ["$12.60", "—"]
    assert differs.loc[("Inputs", "Groups of advocates"), "One"]


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
