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


def shown_cells(table) -> list[dict]:
    """The text a Streamlit table shows (a Styler's display values), row by row; None without a Styler."""
    import pyarrow as pa

    arrow = table.proto.arrow_data
    if not arrow.HasField("styler"):
        return None
    return pa.ipc.open_stream(arrow.styler.display_values).read_all().to_pandas().to_dict("records")


def test_tables_print_in_german_and_sort_by_their_numbers():
    # the ramp-up table, month 1: 2% of 1,000 at 21 days x 1.5 stories x 85,000 x 1000/85 / 1000 = 6,300 € of
    # media value, 1,000 € of lead savings on top
    at = page("pages/timeline.py", GERMAN)
    first = shown_cells(at.dataframe[0])[0]
    assert (first["Share rate"], first["Media value"], first["Total value"]) == (f"2,00{NB}%", f"6.300{NB}€",
                                                                                f"7.300{NB}€")
    assert at.dataframe[0].value["Media value"].iloc[0] == 6300  # the number stays: the column sorts by it
    assert shown_cells(page("pages/timeline.py", {}).dataframe[0]) is None  # en-US: Streamlit's formats
    # the Measure page's tables: the funnel's counts and its rate, MQLs / leads to two decimals, the German way
    measure = page("pages/measure.py", {"demo": "true", **GERMAN})
    table = next(t for t in measure.dataframe if "lead_to_mql" in t.value.columns)
    row, cells = table.value.iloc[0], shown_cells(table)[0]
    rate = f"{row['mqls'] / row['leads'] * 100:.2f}".replace(".", ",") + f"{NB}%"
    assert (cells["leads"], cells["mqls"], cells["lead_to_mql"]) == (str(row["leads"]), str(row["mqls"]), rate)


def test_a_charts_table_prints_in_the_charts_locale():
    from advocacy_calc import Scenario, charts, compute
    from advocacy_ui.local_tables import in_scenario_locale
    import streamlit as st

    spec = charts.reach_chart(compute(Scenario(participants=2000)), "de-DE")
    frame = charts.data_table(spec)
    data, config = in_scenario_locale(frame, {"Impressions per story": st.column_config.NumberColumn(
        format="localized")}, spec["usermeta"]["locale"])
    assert ">170.000<" in data.to_html()  # 200 sharers x 850
    assert config["Impressions per story"]["type_config"]["format"] is None
