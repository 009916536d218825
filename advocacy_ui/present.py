"""Presentation mode: the levers and headline figures, big, for a room; one switch, one URL flag.

A prepared link with `?present=true` opens in it. The scenario lives in the other inputs,
so switching the mode on or off never changes a figure.
"""

from pathlib import Path
from typing import Any

import streamlit as st

PRESENT = "present"  # the toggle's key, hence its URL parameter

# Our own constant CSS, no user text: the theme has no key for "bigger in this one place".
_STYLE = """<style>
.st-key-headline [data-testid="stMetricValue"] { font-size: 4.2rem; }
.st-key-headline [data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.st-key-levers label p { font-size: 1.35rem; }
.st-key-levers [data-testid="stSliderThumbValue"] { font-size: 1.2rem; }
[data-testid="stMainMenu"], [data-testid="stToolbarActions"] { display: none; }
</style>"""


def presenting() -> bool:
    """On a session's first run the toggle is not drawn yet: read the link's flag."""
    if PRESENT in st.session_state:
        return bool(st.session_state[PRESENT])
    return st.query_params.get(PRESENT, "").lower() == "true"


# The tab's icon, served by the app itself. Without one the frontend turns the st.Page's
# ":material/...:" icon into a fonts.gstatic.com URL on every page change: an error in a
# meeting room without internet, and a request to a host that is not ours.
FAVICON = Path(__file__).with_name("assets") / "favicon.png"


def set_page_config() -> None:
    st.set_page_config(page_title="Advocacy what-if explorer", page_icon=FAVICON, layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "auto")


def render_toggle() -> None:
    """The switch, top right of every page (outside the sidebar, which the mode collapses)."""
    with st.container(horizontal=True, horizontal_alignment="right", key="present-row"):
        st.toggle("Presentation mode", key=PRESENT, value=False, bind="query-params",
                  help="Large figures and the three levers on the page; the sidebar folds away. "
                       "The link keeps the mode, so a prepared link opens in it.")
    if presenting():
        st.html(_STYLE)


def chart_columns(spec: int | list[int] = 2) -> list[Any]:
    """Side-by-side columns for charts; in presentation mode one chart per row, full width."""
    if presenting():
        return [st.container() for _ in range(spec if isinstance(spec, int) else len(spec))]
    return st.columns(spec, gap="large")
