"""Participation sensitivity: how value moves as more people take part."""

import streamlit as st

from advocacy_calc import Scenario
from advocacy_calc.formatting import money, percent
from advocacy_calc import charts
from advocacy_ui import cached, router, state

router.require_router()

scenario = state.current_scenario()
results = cached.results(scenario)
cur = scenario.currency

st.title("What if more people take part?")
be = results.break_even_share_rate
if results.program_cost_per_month == 0:
    st.markdown("No program cost entered, so every share rate pays. Enter costs in the sidebar to see the break-even.")
elif be is None:
    st.markdown(f"Even at 100% participation the program does not cover its "
                f"{money(results.program_cost_per_month, cur)} a month.")
else:
    st.markdown(f"The program pays for itself from a share rate of **{percent(be)}** "
                f"(now {percent(scenario.share_rate)}).")


@st.fragment
def sweep_charts(scenario: Scenario) -> None:
    """Switching per month / per story reruns only these charts, not the sidebar and page."""
    results = cached.results(scenario)
    measure = st.segmented_control("Show value", ["value_per_month", "value_per_story"], default="value_per_month",
                                   required=True, key="measure",
                                   format_func={"value_per_month": "Per month", "value_per_story": "Per story"}.get)
    st.subheader("Across the share rate (0-100%)")
    st.vega_lite_chart(
        charts.participation_chart(cached.network_sweep(scenario, "share_rate"),
                                   cached.totals_sweep(scenario, "share_rate"), scenario, results, "share_rate", measure),
        width="stretch", theme=None, key="share-rate-chart",
        alt="Area chart of value by network as the share rate runs from 0 to 100%, with the current point marked")
    st.subheader("Across participants")
    st.vega_lite_chart(
        charts.participation_chart(cached.network_sweep(scenario, "participants"),
                                   cached.totals_sweep(scenario, "participants"), scenario, results, "participants",
                                   measure),
        width="stretch", theme=None, key="participants-chart",
        alt="Area chart of value by network as participants grow, with the current point marked")


sweep_charts(scenario)
st.caption("Each figure is linear in the share rate and in participants: doubling either doubles reach and "
           "media value. Lead savings in direct or asset mode do not depend on reach.")
