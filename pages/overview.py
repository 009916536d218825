"""Overview: the headline figures and the story in plain words."""

import streamlit as st

from advocacy_calc.narrative import lead_story, story
from advocacy_ui import band, cached, compare, display, downloads, identity, present, router, state

router.require_router()

scenario = state.current_scenario()
results = cached.results(scenario)
baseline = compare.baseline_results(scenario)
sentence = story(scenario, results)

if present.presenting():
    # In front of a room the sentence is the headline, within two lines; then what the program
    # is worth against its cost, big, and the figures behind it.
    present.story_title(sentence)
    display.figure_row(scenario, results, display.PRESENT_HEADLINE, "headline", baseline, border=True)
    display.figure_row(scenario, results, display.PRESENT_DETAIL, "figures", baseline)
    display.cost_note(scenario, results)
    display.baseline_caption(baseline, compare.baseline_in_another_currency(scenario))
    with st.container(key="lead-story"):  # the live levers write it as they move (clicks mode)
        st.markdown(lead_story(scenario, results))
else:
    with st.container(horizontal=True, vertical_alignment="center", key="overview-title"):
        st.title("What is our advocacy program worth?", width="content")
        with st.container(horizontal=True, horizontal_alignment="right", key="share-and-download",
                          width="content"):
            display.share_link_popover()
            downloads.business_case_buttons(scenario, results)
    with st.container(key="story"):  # the live levers write the sentence here as they move
        st.subheader(sentence)
    display.headline_metrics(scenario, results, baseline)
    band_place = st.empty()  # the forecast's P10-P90, filled last: the figures come first
    display.baseline_caption(baseline, compare.baseline_in_another_currency(scenario))
    with st.container(key="lead-story"):  # the live levers write it as they move (clicks mode)
        st.markdown(lead_story(scenario, results))
    display.bottom_line(scenario, results, baseline)
    # Below the figures: the first screen at 1280x720 stays the story and the figures.
    identity.render_name_fields(scenario)
    identity.render_sources(scenario)
if results.clicks_counted_twice:
    st.warning("Leads here come from the same clicks that the CPC basis already values: they are counted "
               "twice. Switch off *Add lead savings to the total* under Leads, or value media on CPM.",
               icon=":material/warning:")
if not present.presenting():
    st.caption("Media value is what the same reach would cost as paid social: one lens beside outcome measures "
               "(leads, pipeline, hires). See Methodology & sources for every formula and default.")
if not present.presenting():
    band.fill(band_place, scenario)
