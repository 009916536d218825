"""Demand generation: where the leads come from, what they save, and the optional funnel."""

import streamlit as st

from advocacy_calc.formatting import count, currency_of, money, percent
from advocacy_calc.narrative import lead_story
from advocacy_calc import charts
from advocacy_ui import cached, downloads, present, router, state
from advocacy_ui.inputs import MODE_CHOICES

router.require_router()

scenario = state.current_scenario()
loc = scenario.locale  # counts and percentages print in the scenario's locale
results = cached.results(scenario)
demand, cur = scenario.demand, currency_of(scenario)

st.title("Demand generation")
with st.container(key="lead-story"):  # the live levers write it as they move (clicks mode)
    st.subheader(lead_story(scenario, results))

with st.container(horizontal=True):
    st.metric("Advocacy leads per month", count(results.advocacy_leads_per_month, loc), border=True)
    st.metric("Cost per lead", money(demand.cost_per_lead, cur), border=True)
    st.metric("Lead savings per month", money(results.cpl_savings_per_month, cur), border=True,
              help="advocacy leads × cost per lead")
    st.metric("In the total?", "yes" if results.lead_savings_in_total else "no", border=True)

st.subheader("Three ways to know the leads")
ways = {
    "direct": ("Read from analytics", "leads = advocacy leads per month (UTM-tagged links)",
               f"= {count(demand.advocacy_leads_per_month, loc)}"),
    "asset": ("From an asset", "leads = asset leads × advocacy share of its traffic",
              f"= {count(demand.asset_leads_per_month, loc)} × {percent(demand.advocacy_share_of_asset_traffic, locale=loc)} "
              f"= {count(demand.asset_leads_per_month * demand.advocacy_share_of_asset_traffic, loc)}"),
    "clicks": ("From clicks", "leads = advocacy clicks per month × leads per click",
               f"= {count(results.clicks_per_month, loc)} × {percent(demand.landing_conversion_rate, locale=loc)} "
               f"= {count(results.clicks_per_month * demand.landing_conversion_rate, loc)}"),
}
cols = st.columns(3)
for col, (mode, (title, formula, worked)) in zip(cols, ways.items()):
    with col.container(border=True):
        active = mode == demand.mode
        st.markdown(f"**{title}**" + ("  :green-badge[:material/check: in use]" if active else ""))
        st.caption(formula)
        st.markdown(worked)
st.caption(present.sidebar_hint(
    f"Change the way under *Leads and funnel*, *How you know the leads*, in the sidebar "
    f"(now: {MODE_CHOICES[demand.mode]}).", f"In use: {MODE_CHOICES[demand.mode]}."))

if results.clicks_counted_twice:
    st.warning("Leads come from clicks that the CPC basis already values: the same clicks count twice. "
               "Switch off *Add lead savings to the total* or value media on CPM.", icon=":material/warning:")

st.subheader("Funnel: from leads to revenue")
if results.funnel is None:
    st.info("Enter a lead-to-MQL rate under *Leads and funnel* to see influenced pipeline and revenue.",
            icon=":material/filter_alt:")
else:
    f = results.funnel
    left, right = present.chart_columns([3, 2])
    with left:
        spec = charts.funnel_chart(results, scenario.locale)
        downloads.chart(spec, scenario, "funnel", key="funnel-chart",
                        alt="Bar chart of leads, MQLs, SQLs and deals won per month")
    with right:
        st.metric("Influenced pipeline per month", money(f.pipeline_per_month, cur),
                  help="SQLs × average deal size")
        st.metric("Influenced revenue per month", money(f.revenue_per_month, cur),
                  help="deals won × average deal size")
        st.caption("Influenced, not caused: shown beside the value, never added to it.")
