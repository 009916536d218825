"""Counts and percentages the pages print, in the scenario's locale (AppTest). Expectations by hand from the
worked example (1,000 participants at 10%, 850 connections, value $31,500 a month; docs/model.md §7):
de-DE groups with "." and writes decimals with ",", a percent sign after a no-break space; fr-FR groups
with a narrow no-break space."""

import json

from lever_moves import move_levers
from test_app import assert_clean, chart_frames, metrics, run_app

NB, NNB = "\u00a0", "\u202f"
GERMAN = {"locale": "de-DE", "currency": "EUR"}
# the groups link: 5% executives sharing at 3x the mean, 20% sales at 2x, the rest at 0.6x (mean 1)
THREE_GROUPS = json.dumps([{"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
                           {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
                           {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}], separators=(",", ":"))


def page(path: str, query: dict[str, str]):
    at = run_app(query)
    at.switch_page(path).run()
    assert_clean(at)
    return at


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_goal_seek_answer_in_german():
    at = page("pages/sensitivity.py", GERMAN)
    at.number_input(key="goal-value-value_per_month").set_value(63_000.0).run()
    assert_clean(at)
    # twice the value: twice the share rate (20%), or twice the participants (2,000)
    assert f"takes **at least 20{NB}%** (now 10{NB}%)" in markdown(at)
    goal = [row.label for f in chart_frames(at)[0] if "label" in f.columns for row in f.itertuples()
            if str(row.label).startswith("Goal")]
    assert goal == [f"Goal: 20{NB}%"]
    at.segmented_control(key="goal-lever").set_value("participants").run()
    assert_clean(at)
    assert "takes **at least 2.000 participants** (now 1.000 participants)" in markdown(at)
    at.number_input(key="goal-value-value_per_month").set_value(1e9).run()
    assert "not reachable with up to 10.000.000 participants" in markdown(at)  # no workforce: the model's limit
    at.segmented_control(key="goal-lever").set_value("share_rate").run()
    assert f"it would take a share rate above 100{NB}%" in markdown(at)
    assert f"Across the share rate (0-100{NB}%)" in [s.value for s in at.subheader]


def test_goal_seek_answer_in_french_and_english():
    at = page("pages/sensitivity.py", {"locale": "fr-FR", "currency": "EUR", "participants": "2000"})
    at.segmented_control(key="goal-lever").set_value("participants").run()
    at.number_input(key="goal-value-value_per_month").set_value(94_500.0).run()
    assert_clean(at)
    # $31,500 a month per 1,000 participants at 10%: 94,500 takes 3,000
    assert f"takes **at least 3{NNB}000 participants** (now 2{NNB}000 participants)" in markdown(at)
    at = page("pages/sensitivity.py", {})
    at.number_input(key="goal-value-value_per_month").set_value(63_000.0).run()
    assert "takes **at least 20%** (now 10%)" in markdown(at)  # en-US as before


def compare_rows(at) -> dict[str, list[str]]:
    table = at.dataframe[0].value  # the one table on the page (AppTest does not see its key)
    return {row["What"]: [row[c] for c in table.columns[2:]] for _, row in table.iterrows()}


def test_compare_table_in_german():
    at = run_app(GERMAN)
    at.switch_page("pages/scenarios.py").run()
    for name, share in (("Today", 0.1), ("Double", 0.125)):
        move_levers(at, share_rate=share)
        at.text_input(key="pin-name").input(name).run()
        at.button(key="pin").click().run()
    assert_clean(at)
    rows = compare_rows(at)
    assert rows["Share rate per story"] == [f"10{NB}%", f"12,5{NB}%"]
    assert rows["Participants"] == ["1.000", "1.000"]
    assert rows["Sharers per story"] == ["100", "125"]
    assert rows["Impressions per story"] == ["85.000", "106.250"]  # 125 sharers x 850
    assert rows["Value per month"] == [f"31.500{NB}€", f"39.375{NB}€"]
    # the overlay chart's dots: each share rate and its total value (media + 1,000 of lead savings)
    dots = [f for f in chart_frames(at)[0] if "label" in f.columns][0]
    assert list(dots["label"]) == [f"10{NB}%: 32,5K{NB}€", f"12,5{NB}%: 40,4K{NB}€"]


def test_forecast_page_in_german():
    at = page("pages/forecast.py", {**GERMAN, "ranges": "share_rate:0.05:0.3"})
    assert "100.000 draws" in " ".join(c.value for c in at.caption)
    assert at.selectbox(key="mc-draws").options == ["10.000", "100.000"]
    tornado = next(f for chart in chart_frames(at) for f in chart if "range" in f.columns)
    assert f"(5{NB}% to 30{NB}%)" in set(tornado["range"])


def test_groups_cap_in_german():
    # the executives share at 3x the mean: every story at a mean of 1/3, the cap (33.3%)
    at = page("pages/timeline.py", {**GERMAN, "groups": THREE_GROUPS})
    assert f"no month goes past 33,3{NB}%" in " ".join(c.value for c in at.caption)
    assert f"Share rate can go up to 33,3{NB}%, where `Executives` share every story." in " ".join(
        c.value for c in at.sidebar.caption)


def test_measure_page_in_german_says_what_the_english_one_says():
    """The demo data in de-DE: every metric as the en-US page prints it, spelt the German way (a rule
    written here: "," <-> ".", "%" after a no-break space)."""
    english = page("pages/measure.py", {"demo": "true"})
    german = page("pages/measure.py", {"demo": "true", **GERMAN})

    def german_spelling(text: str) -> str:
        return (text.replace(",", "\0").replace(".", ",").replace("\0", ".").replace("%", f"{NB}%")
                .replace(f"{NB}{NB}%", f"{NB}%"))

    counts_and_rates = {label: value for label, value in metrics(english).items()
                        if "$" not in value and "€" not in value}
    assert len(counts_and_rates) >= 8
    shown = metrics(german)
    for label, value in counts_and_rates.items():
        assert shown[label] == german_spelling(value), label
    assert any(NB in v for v in shown.values()) and any("." in v for v in shown.values())  # not en-US
    # the spammers' rule (under half the usual clicks) and the period note's words, by hand
    captions = " ".join(c.value for c in german.caption)
    assert f"whose shares earn under 50{NB}% of the clicks" in captions
    assert "under 50% of the clicks" in " ".join(c.value for c in english.caption)


def test_compare_table_in_french_and_indian_english():
    from advocacy_calc import Scenario
    from advocacy_ui.compare import comparison

    # 20,000 participants at 12.5%: 2,500 sharers x 850 connections = 2,125,000 impressions a story
    french = Scenario(participants=20_000, share_rate=0.125, currency="EUR", locale="fr-FR")
    indian = french.model_copy(update={"currency": "INR", "locale": "en-IN"})
    shown, _ = comparison({"Paris": french, "Pune": indian})
    rows = {label: list(values) for (_, label), values in shown.iterrows()}
    assert rows["Participants"] == [f"20{NNB}000", "20,000"]
    assert rows["Share rate per story"] == [f"12,5{NB}%", "12.5%"]
    assert rows["Impressions per story"] == [f"2{NNB}125{NNB}000", "21,25,000"]
    assert rows["X (Twitter): Paid CPM"] == ["11,76", "11.76"]  # 1000/85 to four figures
