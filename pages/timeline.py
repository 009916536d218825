"""Ramp-up & payback: participation builds over months; when has the program paid for itself?"""

import calendar

import streamlit as st

from advocacy_calc import charts
from advocacy_calc.formatting import currency_of, money, money_compact, percent
from advocacy_calc.forecast.timeline import TimelineSettings
from advocacy_ui import cached, display, downloads, present, router, state
from advocacy_ui.local_tables import in_scenario_locale

router.require_router()

scenario = state.current_scenario()
loc = scenario.locale  # counts and percentages print in the scenario's locale
cur = currency_of(scenario)
KEEP = dict(persist_state="session")  # the controls hold while the user visits other pages

st.title("When does it pay back? Ramp-up & payback")
st.markdown(f"Participation rarely starts at its target. Here the share rate climbs from a starting rate to "
            f"**{percent(scenario.share_rate, locale=loc)}** (the share-rate lever's) and the same model is applied month by month. "
            "Programs tend to stall around month four and dip in July and August (see *Methodology & sources*).")
if scenario.groups:
    # docs/model.md 6a: a group joining later would change the weights month by month; not modelled.
    # A caption, not an info box: the page's one info box is the launch rate held at the cap.
    cap = percent(scenario.share_rate_cap, locale=scenario.locale)
    st.caption(f"**Every group ramps up together**: each keeps its share of the participants and its rate "
               f"relative to the mean, month by month, and no month goes past {cap} "
               "(where the keenest group shares every story). A group that starts later (\"sales joins in month "
               "4\") is not modelled: compare a scenario with the group and one without on *Compare scenarios*.")

# Presenting, the answer comes first, on the first screen: its settings are drawn below it (a slot kept here).
answer = st.container(key="timeline-answer") if present.presenting() else None
c1, c2, c3 = st.columns(3, gap="large")
months = c1.slider("Months shown", 12, 36, 24, key="tl-months", **KEEP)
# With groups the share rate tops out where the keenest group shares every story (the model's cap).
top = scenario.share_rate_cap
if st.session_state.get("tl-start", 0.0) > top:
    st.session_state["tl-start"] = top
    st.info(f"Share rate at launch held at {percent(top, locale=scenario.locale)}: with these groups the share "
            "rate tops out there, where the keenest group shares every story.", icon=":material/info:")
start = c1.slider("Share rate at launch", 0.0, top, min(0.02, top), 0.01, format="percent", key="tl-start", **KEEP)
ramp = c2.slider("Months to reach the target", 1, 24, 6, key="tl-ramp", **KEEP,
                 help="Programs mature over about six months (launch, then optimise).")
shape = c2.segmented_control("Ramp shape", ["s-curve", "linear"], default="s-curve", required=True, key="tl-shape",
                             format_func={"s-curve": "S-curve", "linear": "Straight line"}.get, **KEEP)
launch_cost = c3.number_input("One-off launch cost", 0.0, 1e9, 0.0, 1000.0, format="%.0f", key="tl-launch", **KEEP,
                              help="Set-up, training, launch campaign: paid in month 1.")
launch_month = c3.selectbox("Launch month", list(range(1, 13)), key="tl-launch-month", **KEEP,
                            format_func=dict(enumerate(calendar.month_name)).get)
with st.expander("Decay after the launch peak, summer dip", icon=":material/trending_down:"):
    d1, d2, d3 = st.columns(3, gap="large")
    decay = d1.slider("Decay per month after the peak", 0.0, 0.3, 0.0, 0.01, format="percent", key="tl-decay", **KEEP)
    floor = d2.slider("Decay levels off at (of the peak)", 0.0, 1.0, 0.7, 0.05, format="percent", key="tl-floor",
                      **KEEP)
    dip = d3.slider("Summer dip (July and August)", 0.0, 0.9, 0.0, 0.05, format="percent", key="tl-dip", **KEEP,
                    help="Dynamic Signal data via Tribal Impact (S): sharing dips in July and August. The depth "
                         "is yours to set; no published figure.")

settings = TimelineSettings(months=months, start_share_rate=start, ramp_months=min(ramp, months), shape=shape,
                            decay_per_month=decay, decay_floor=floor, summer_dip=dip, launch_month=launch_month,
                            launch_cost=launch_cost)
result = cached.timeline(scenario, settings)
table = result.table
end = table.iloc[-1]

with answer if answer is not None else st.container(key="timeline-answer"):
    if result.payback_month:
        st.subheader(f"It pays back in month {result.payback_month}: by month {months} it has returned "
                     f"{money_compact(end['cumulative_net'], cur)} more than it cost.")
    else:
        st.subheader(f"No payback: {result.payback_note}.")
    with st.container(horizontal=True, key="timeline-metrics"):
        st.metric("Payback month", result.payback_month or "none", border=True,
                  help="first month in which cumulative value ≥ cumulative cost (launch cost included)")
        st.metric(f"Cumulative value, month {months}", money(end["cumulative_value"], cur), border=True)
        st.metric(f"Cumulative cost, month {months}", money(end["cumulative_cost"], cur), border=True)
        display.net_metric(f"Cumulative net, month {months}", end["cumulative_net"],
                           money(end["cumulative_net"], cur), "timeline-net", border=True)

st.subheader("Cumulative value and cost")
spec = charts.timeline_chart(table, result.payback_month, cur)
downloads.chart(spec, scenario, "timeline", key="timeline-chart",
                alt="Line chart of cumulative value and cumulative cost by month with the payback month marked")
st.subheader("Value each month (bars) and cost each month (orange line)")
spec = charts.monthly_chart(table, cur)
downloads.chart(spec, scenario, "monthly", key="monthly-chart",
                alt="Bar chart of total value per month as participation ramps up, with each month's cost as an "
                    "orange line over its bar")

st.subheader("Month by month")
money_format = {"USD": "dollar", "EUR": "euro"}.get(cur, "localized")
shown = table.rename(columns={"month": "Month", "calendar_month": "Calendar", "share_rate": "Share rate",
                              "value_per_month": "Media value", "total_value_per_month": "Total value",
                              "program_cost_per_month": "Cost", "net_value_per_month": "Net",
                              "cumulative_value": "Cumulative value", "cumulative_cost": "Cumulative cost",
                              "cumulative_net": "Cumulative net"})
data, config = in_scenario_locale(
    shown, {"Share rate": st.column_config.NumberColumn(format="percent")} |
           {c: st.column_config.NumberColumn(format=money_format) for c in shown.columns[3:]}, cur,
    money_columns=tuple(shown.columns[3:]))
st.dataframe(data, hide_index=True, key="timeline-table", alt="The timeline month by month", column_config=config)
downloads.frame_button(table, scenario, "timeline", "Download the table (CSV)", words=True)
