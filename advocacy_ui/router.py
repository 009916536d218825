"""Make sure every page runs inside app.py's router, even on a fresh server.

Streamlit keeps a process-wide "legacy pages/ folder" flag that only st.navigation clears.
Until some session has run app.py, a deep link such as /reach runs pages/reach.py on its
own: no sidebar, no scenario. Pages call `require_router()` first; app.py marks the run.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_ROUTED = "_routed"
MAIN_AREA = "main-area"  # app.py's fragment of the levers and the page: a callback may rerun it by this key


def mark_routed(active: bool) -> None:
    st.session_state[_ROUTED] = active


def require_router() -> None:
    if st.session_state.get(_ROUTED):
        return
    # Legacy mode ran this page directly: switch it off and run again through app.py.
    PagesManager.uses_pages_directory = False
    st.rerun()


def run_page(page: st.Page) -> None:
    """Run the page chosen by st.navigation, also when a fragment around it reruns.

    Page.run allows one call per app run; a fragment rerun is not an app run, so it calls
    the same Page again. Re-arm it (a private flag: tests/test_browser.py moves a lever,
    which exercises exactly this path, and fails if a Streamlit upgrade changes it).
    """
    mark_routed(True)
    try:
        page._can_be_called = True
        page.run()
    finally:
        mark_routed(False)
