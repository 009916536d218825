"""Reach & media value: per network, potential vs likely-seen reach, CPM vs CPC side by side."""

import pandas as pd
import streamlit as st

from advocacy_calc.formatting import count, currency_of, money, percent
from advocacy_calc.groups import group_results
from advocacy_calc.overlap import unique_reach
from advocacy_calc.scenario import network_label
from advocacy_calc import charts
from advocacy_ui import cached, downloads, present, router, state
from advocacy_ui.inputs import BASIS_IN_USE

router.require_router()

scenario = state.current_scenario()
loc = scenario.locale  # counts and percentages print in the scenario's locale
results = cached.results(scenario)
cur = currency_of(scenario)

st.title("Reach & media value")
if not scenario.networks:
    st.info(present.sidebar_hint("Choose at least one network under *Networks and paid-media prices* in the sidebar.",
                                 "No network is chosen: the scenario reaches nobody."), icon=":material/share:")
    st.stop()

# With visibility 100% everywhere, potential reach and likely seen are one figure: one box and why, not two
# equal boxes that read as a bug. Gross impressions per story are always the likely seen: one box too.
everyone_sees = all(n.visibility == 1 for n in scenario.networks)
with st.container(horizontal=True, key="reach-figures"):
    if not everyone_sees:
        st.metric("Potential reach per story", count(results.potential_impressions_per_story, loc), border=True,
                  help="sharers × presence × connections: everyone who could see it")
    st.metric("Likely seen per story", count(results.impressions_per_story, loc), border=True,
              help=("gross impressions: sharers × presence × connections × visibility, what the media value is "
                    "priced on" + (" (visibility 100%: everyone who could see it)" if everyone_sees else "")))
    st.metric("Impressions per month", count(results.impressions_per_month, loc), border=True,
              help="likely seen per story × stories per month")
    st.metric("Clicks per month", count(results.clicks_per_month, loc), border=True,
              help="impressions × click-through rate")
if everyone_sees:
    where = present.sidebar_hint(" (set it per network under *Networks and paid-media prices*)")
    st.caption(f"**Visibility is {percent(1.0, locale=scenario.locale)} on every network**: everyone who could "
               f"see a share is counted as seeing it, "
               f"so likely seen equals potential reach. That is the source's assumption; organic reach is usually "
               f"far lower{where}.")

unique = unique_reach(scenario, results)
with st.container(horizontal=True, key="unique-reach"):
    st.metric("Unique reach per story", count(unique.unique_reach_per_story, loc), border=True,
              help=f"likely seen per story (gross impressions, {count(unique.impressions_per_story, loc)}) "
                   f"× (1 − audience overlap {percent(unique.audience_overlap, locale=loc)})")
    st.metric("Unique reach per month", count(unique.unique_reach_per_month, loc), border=True,
              help="unique reach per story × stories per month (people reached by each story, added up)")
where = present.sidebar_hint(" (set it under *Networks and paid-media prices*; the default comes from "
                             "one public case, see *Methodology*)")
st.caption(f"Unique reach: the {count(unique.impressions_per_story, loc)} likely seen per story are gross impressions "
           f"(someone who follows three sharers counts three times), less {percent(unique.audience_overlap, locale=loc)} "
           f"audience overlap between sharers{where}. **Media value stays on gross impressions**: that is what "
           "paid media sells.")

left, right = present.chart_columns(2)
with left:
    st.subheader("Potential vs likely-seen reach")
    spec = charts.reach_chart(results, scenario.locale)
    downloads.chart(spec, scenario, "reach", key="reach-chart",
                    alt="Bar chart of potential and likely-seen impressions per story for each network")
    st.caption("Gross impressions: people who follow several sharers are counted once per share. "
               "Potential reach is not unique reach.")
with right:
    st.subheader("CPM value vs CPC value per story")
    spec = charts.basis_chart(results, scenario)
    downloads.chart(spec, scenario, "cpm-vs-cpc", key="basis-chart",
                    alt="Bar chart comparing CPM and CPC value per story for each network; the basis in use is solid")
    st.caption("Two prices for the same exposure: the solid bar is the one in the totals. They are never added.")

st.subheader("Per network")
# A small, static table: st.table draws it with the page (st.dataframe loads a grid widget).
st.table(pd.DataFrame([{
    "Network": network_label(n.name),
    "Sharers": count(n.sharers_per_story, loc),
    "Potential reach": count(n.potential_impressions_per_story, loc),
    "Likely seen": count(n.impressions_per_story, loc),
    "CPM value / story": money(n.cpm_value_per_story, cur),
    "Clicks / story": count(n.clicks_per_story, loc),
    "CPC value / story": money(n.click_value_per_story, cur),
    "Valued on": n.basis_used.upper(),
    "Value / story": money(n.value_per_story, cur),
    "Value / month": money(n.value_per_month, cur),
} for n in results.networks]), hide_index=True, alt="Per-network reach and media value")
downloads.table_button(scenario, "networks", "Per-network table (CSV)")
st.markdown(f"**Totals:** {money(results.cpm_value_per_month, cur)} a month on CPM, "
            f"{money(results.click_value_per_month, cur)} a month on CPC. "
            f"In use: **{money(results.value_per_month, cur)}**, {BASIS_IN_USE[scenario.valuation_basis]}.")

if scenario.groups:
    # Who takes part: each group's part (sizes rounded only here, to show). Reach and value add up to the totals.
    parts = group_results(scenario)
    st.subheader("Per group of advocates")
    left, right = present.chart_columns(2)
    with left:
        downloads.chart(charts.group_chart(parts, cur), scenario, "groups-value", key="groups-value-chart",
                        alt="Bar chart of media value per month brought by each group of advocates")
        st.caption("Who brings the value: each group's sharers × its connections, priced per network.")
    with right:
        downloads.chart(charts.group_chart(parts, cur, "value_per_participant_per_month"), scenario, "groups-per-seat",
                        key="groups-seat-chart",
                        alt="Bar chart of media value per month per participant in each group of advocates")
        st.caption("Who brings the most per seat: a group's value per month over its participants.")
    st.table(pd.DataFrame([{
        "Group": g.name,
        "Participants": count(g.participants, loc),
        "Share rate": percent(g.share_rate, locale=loc),
        "Sharers / story": count(g.sharers_per_story, loc),
        "Likely seen / story": count(g.impressions_per_story, loc),
        "Value / month": money(g.value_per_month, cur),
        "Seats + time / month": money(g.seat_cost_per_month + g.time_cost_per_month, cur),
        "Value / seat / month": "none" if g.value_per_participant_per_month is None
        else money(g.value_per_participant_per_month, cur),
    } for g in parts]), hide_index=True, alt="Per-group reach, media value and cost")
    st.caption(f"Audience overlap applies to the program as a whole, within and between groups alike. The share "
               f"rate can go up to {percent(scenario.share_rate_cap, locale=loc)}, where the keenest group shares every story.")
    downloads.table_button(scenario, "groups", "Per-group table (CSV)")
