"""The floor plus a sidebar shaped like the app's: same widget kinds, counts and expanders.

Used by `run.py --phases` to separate what Streamlit charges for the app's ~35 sidebar inputs
(one message and one widget registration each, on every rerun) from what our own code costs.
No project code, no pandas or altair: only streamlit. Slider key "x", metric in the main area.
"""

import streamlit as st

sb = st.sidebar
sb.header("Scenario")
row = sb.container(horizontal=True, vertical_alignment="bottom")
row.selectbox("Start from", ["Worked example", "Conservative", "Typical B2B"], key="preset")
row.button("Reset", key="reset")
sb.number_input("Participants", 0, 1_000_000, 1000, 10, key="participants")
x = sb.slider("Floor input", min_value=0.0, max_value=1.0, value=0.10, step=0.01, key="x")
sb.slider("Stories per day", 0.0, 20.0, 1.5, 0.1, key="stories")
sb.number_input("Working days per month", 0, 31, 21, key="days")
with sb.expander("Networks and paid-media prices"):
    st.segmented_control("Networks", ["LinkedIn", "X", "Facebook", "Instagram"], selection_mode="multi",
                         default=["X"], key="networks")
    with st.container(border=True):
        st.markdown("**X**")
        st.number_input("Connections per sharer", 0, 1_000_000, 850, 10, key="n.connections")
        st.slider("Share of connections who see it", 0.0, 1.0, 1.0, 0.01, key="n.visibility")
        st.slider("Sharers active here", 0.0, 1.0, 1.0, 0.01, key="n.presence")
        st.number_input("Paid CPM", 0.0, 1000.0, 11.76, 0.5, key="n.cpm")
        st.number_input("Paid CPC", 0.0, 1000.0, 0.0, 0.1, key="n.cpc")
        st.slider("Click-through rate", 0.0, 0.2, 0.0, 0.001, key="n.ctr")
with sb.expander("Valuation and currency"):
    st.segmented_control("Valuation basis", ["cpm", "cpc", "conservative"], default="cpm", required=True,
                         key="basis")
    st.selectbox("Currency", ["USD", "EUR", "GBP"], key="currency")
with sb.expander("Leads and funnel"):
    st.segmented_control("How you know the leads", ["direct", "asset", "clicks"], default="direct",
                         required=True, key="mode")
    st.number_input("Advocacy leads per month", 0.0, 1e6, 50.0, 1.0, key="leads")
    st.number_input("Asset leads per month", 0.0, 1e6, 0.0, 1.0, key="asset_leads", disabled=True)
    st.slider("Advocacy share of the asset's traffic", 0.0, 1.0, 0.0, 0.01, key="asset_share", disabled=True)
    st.slider("Leads per click", 0.0, 0.5, 0.0, 0.005, key="conversion", disabled=True)
    st.number_input("Cost per lead", 0.0, 100_000.0, 20.0, 1.0, key="cpl")
    st.toggle("Add lead savings to the total", True, key="include")
    st.caption("Optional funnel (influenced pipeline, not added to value)")
    st.slider("Lead to MQL", 0.0, 1.0, 0.0, 0.01, key="mql")
    st.slider("MQL to SQL", 0.0, 1.0, 0.0, 0.01, key="sql")
    st.slider("SQL to won", 0.0, 1.0, 0.0, 0.01, key="won")
    st.number_input("Advocacy leads convert at (x other leads)", 0.0, 10.0, 1.0, 0.1, key="factor")
    st.number_input("Average deal size", 0.0, 1e9, 0.0, 100.0, key="deal")
with sb.expander("Program cost"):
    st.caption("No public benchmark exists for platform prices: enter your quote.")
    st.number_input("Platform cost per seat per month", 0.0, 1e6, 0.0, 1.0, key="seat")
    st.number_input("Fixed cost per month", 0.0, 1e9, 0.0, 100.0, key="fixed")
    st.number_input("Employee minutes per share", 0.0, 600.0, 0.0, 1.0, key="minutes")
    st.number_input("Employee hourly cost", 0.0, 10_000.0, 0.0, 1.0, key="hourly")
    st.number_input("Workforce (optional)", 0, 1_000_000, 0, 100, key="workforce")
with sb.expander("Referral hiring"):
    st.number_input("Referral hires per month", 0.0, 1e4, 0.0, 1.0, key="hires")
    st.number_input("Cost per hire (other channels)", 0.0, 1e7, 0.0, 100.0, key="cph")
    st.number_input("Cost per referral hire", 0.0, 1e7, 0.0, 100.0, key="cprh")

st.metric("Floor figure", f"${31_500 * x / 0.10:,.0f}")
