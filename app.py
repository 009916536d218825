"""The what-if explorer: router, shared sidebar scenario, then the chosen page."""

import streamlit as st

from advocacy_ui import display, router, state

# No page_icon: a Material icon favicon is fetched from a font CDN on every load, and the app
# must work in a meeting room with no internet. Streamlit's bundled favicon is served locally.
st.set_page_config(page_title="Advocacy what-if explorer", layout="wide")

PAGES = [
    # The default page lives at "/"; a url_path here would only make "/overview" a dead link.
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
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
