"""Overview: the headline figures and the story in plain words."""

import streamlit as st

from advocacy_calc.narrative import lead_story, story
from advocacy_ui import cached, compare, display, downloads, present, router, state

router.require_router()

scenario = state.current_scenario()
results = cached.results(scenario)

if present.presenting():
    st.title(story(scenario, results))  # in front of a room the sentence is the headline
else:
    st.title("What is our advocacy program worth?")
    with st.container(horizontal=True, key="share-and-download"):
        display.share_link_popover()
        downloads.business_case_buttons(scenario, results)
    st.subheader(story(scenario, results))
display.headline_metrics(scenario, results, compare.baseline_results())
st.markdown(lead_story(scenario, results))
display.bottom_line(scenario, results)
if results.clicks_counted_twice:
    st.warning("Leads here come from the same clicks that the CPC basis already values: they are counted "
               "twice. Switch off *Add lead savings to the total* under Leads, or value media on CPM.",
               icon=":material/warning:")
st.caption("Media value is what the same reach would cost as paid social: one lens beside outcome measures "
           "(leads, pipeline, hires). See Methodology & sources for every formula and default.")
