"""The what-if explorer: router, shared sidebar scenario, then the chosen page."""

import streamlit as st

from advocacy_ui import a11y, compare, display, levers, link_check, pin_store, present, router, state
from advocacy_ui import groups as advocate_groups

# A local favicon (present.FAVICON): a page's Material icon would otherwise be fetched as the
# favicon from a font CDN on every page change, and the app must work with no internet.
present.set_page_config()

PAGES = [
    # The default page lives at "/"; a url_path here would only make "/overview" a dead link.
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/reach.py", title="Reach & media value", icon=":material/visibility:", url_path="reach"),
    st.Page("pages/demand.py", title="Demand generation", icon=":material/filter_alt:", url_path="demand"),
    st.Page("pages/sensitivity.py", title="Participation sensitivity", icon=":material/ssid_chart:",
            url_path="sensitivity"),
    st.Page("pages/forecast.py", title="Forecast & uncertainty", icon=":material/query_stats:", url_path="forecast"),
    st.Page("pages/timeline.py", title="Ramp-up & payback", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/scenarios.py", title="Compare scenarios", icon=":material/compare_arrows:", url_path="scenarios"),
    st.Page("pages/library.py", title="Team library", icon=":material/folder_shared:", url_path="library"),
    st.Page("pages/measure.py", title="Measure", icon=":material/monitoring:", url_path="measure"),
    st.Page("pages/methodology.py", title="Methodology & sources", icon=":material/menu_book:",
            url_path="methodology"),
]


@st.fragment(key=router.MAIN_AREA)
def main_area(page: st.Page) -> None:
    """Levers and page in one fragment: moving a lever reruns this, not the sidebar.

    Every page draws the levers, so a presenter moves them on any page (state.py keeps them in
    the URL on every run, so the address bar reproduces the scenario everywhere).
    """
    levers.apply_release()  # before the scenario is read (AppTest writes the component's state directly)
    scenario = state.update_scenario()
    with display.guard("the levers"):
        levers.render(scenario)
    display.show_notes()
    with display.guard(f"the {page.title} page"):
        router.run_page(page)
    # In the fragment, so a pin made on a page reaches the browser's storage on that same run.
    pin_store.mount()


page = st.navigation(PAGES)
# Each page its own browser-tab title (screen readers announce it; tabs and history tell pages apart).
st.set_page_config(page_title=f"{page.title} · Advocacy what-if explorer")
present.render_styles()
link_check.note_first_run()
groups_slot = None
with display.guard("the scenario inputs"):
    groups_slot = state.render_sidebar()
    with st.sidebar:
        link_check.check_link()  # a link with over 1,000 parameters: said, not silently dropped
a11y.keyboard_fixes()
compare.sync_pins_param()  # page changes drop unbound parameters: keep the pin count in the address bar
main_area(page)
if groups_slot is not None:
    with display.guard("the groups of advocates"):
        state.render_group_editor(groups_slot)
# After the page in the DOM, so in the Tab order (the row is fixed at the top right, where it was): the
# levers come first, within two Tab presses of the main area's top in both modes.
present.render_toggle(PAGES, page)
