"""The what-if explorer: router, shared sidebar scenario, then the chosen page."""

import streamlit as st

from advocacy_ui import display, router, state

st.set_page_config(page_title="Advocacy what-if explorer", page_icon=":material/campaign:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/reach.py", title="Reach & media value", icon=":material/visibility:", url_path="reach"),
    st.Page("pages/demand.py", title="Demand generation", icon=":material/filter_alt:", url_path="demand"),
    st.Page("pages/sensitivity.py", title="Participation sensitivity", icon=":material/ssid_chart:",
            url_path="sensitivity"),
    st.Page("pages/methodology.py", title="Methodology & sources", icon=":material/menu_book:",
            url_path="methodology"),
]

page = st.navigation(PAGES)
with display.guard("the scenario inputs"):
    state.render_sidebar()
display.show_notes()
router.mark_routed(True)
try:
    with display.guard(f"the {page.title} page"):
        page.run()
finally:
    router.mark_routed(False)
