"""Presentation mode: the levers and headline figures, big, for a room; one switch, one URL flag.

A prepared link with `?present=true` opens in it. The scenario lives in the other inputs,
so switching the mode on or off never changes a figure.
"""

from pathlib import Path
from typing import Any

import streamlit as st

PRESENT = "present"  # the toggle's key and its URL parameter (written by the server: state.sync_app_params)
_MODE = "_present_mode"  # the mode in a plain key (see presenting)

# Our own constant CSS, no user text: the theme has no key for "bigger in this one place".
# Both modes: the mode switch (and, presenting, the page controls) sits in the header band at the
# top right, so the page starts right below the header instead of under a row of its own.
_BASE_STYLE = """<style>
.st-key-present-row { position: fixed; top: 0.55rem; right: 3.6rem; z-index: 999991; width: auto; }
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; }
/* the overview's rows of figures share the width; a row wraps only on a narrow screen */
.st-key-headline > [data-testid="stLayoutWrapper"] { flex: 1 1 10rem; min-width: 0; }
:is(.st-key-bottom-line, .st-key-figures) > [data-testid="stLayoutWrapper"] { flex: 1 1 8.5rem; min-width: 0; }
/* the forecast's and ramp-up's figures share the width alike, a net figure in its red-when-negative box too */
:is(.st-key-forecast-metrics, .st-key-timeline-metrics) > :is([data-testid="stLayoutWrapper"], [data-testid="stElementContainer"]) {
  flex: 1 1 10rem; min-width: 0; }
:is(.st-key-forecast-metrics, .st-key-timeline-metrics) [data-testid="stMetricLabel"] p { white-space: normal; }
.st-key-overview-title h1 { font-size: 1.5rem; }
:is(.st-key-headline, .st-key-bottom-line) [data-testid="stMetricLabel"] p { white-space: normal; }
.st-key-headline [data-testid="stMetricValue"] p { font-size: 2.3rem; }
.st-key-bottom-line [data-testid="stMetricValue"] p { font-size: 2.1rem; }
/* the forecast band's follower (advocacy_ui/band.py) has nothing to show */
.st-key-band-follow { display: none; }
/* a net loss in red, in both modes (the figure also says "A loss:" in words for colour-blind viewers);
   while a lever moves, the live levers set data-live-loss on the figure by the server's rule (display.is_loss) */
[class*="st-key-loss-"]:not([data-live-loss=false]) [data-testid="stMetricValue"],
[data-live-loss=true] [data-testid="stMetricValue"] { color: #B3261E; }
[class*="st-key-fig-"]:not([data-live-loss=true]) [class*="st-key-loss-words-"],
[data-live-loss=false] [class*="st-key-loss-words-"] { display: none; }
/* a lever dragged into a loss the server has not drawn: its words (display.LOSS_WORDS) from here */
[class*="st-key-fig-"][data-live-loss=true] [class*="st-key-loss-words-"] { display: block; }
[class*="st-key-fig-"][data-live-loss=true] [class*="st-key-loss-words-"]::before {
  content: "A loss:"; font-weight: 700; color: #B3261E; }
[class*="st-key-fig-"][data-live-loss=true] [class*="st-key-loss-words-"]::after { content: " costs exceed value"; }
/* a change against the baseline by its look (display.delta_look, or data-live-look while a lever moves):
   green with an arrow up, red with an arrow down, grey without; the sign is in the text as well */
[class*="st-key-look-"] [data-testid="stMetricDelta"]::before {
  content: ""; width: 1.1em; height: 1.1em; margin-right: 0.1em; background-color: currentColor;
  -webkit-mask: var(--advocacy-arrow) center / contain no-repeat; mask: var(--advocacy-arrow) center / contain no-repeat; }
/* the server's look first, the live one after it: it wins while a lever moves */
[class*="st-key-look-up-"] [data-testid="stMetricDelta"] { color: #1B6E32; background-color: #E6F4EA; --advocacy-arrow: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath d='M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z'/%3E%3C/svg%3E"); }
[class*="st-key-look-up-"] [data-testid="stMetricDelta"]::before { content: ""; }
[class*="st-key-look-down-"] [data-testid="stMetricDelta"] { color: #B3261E; background-color: #FCE8E6; --advocacy-arrow: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath d='M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z'/%3E%3C/svg%3E"); }
[class*="st-key-look-down-"] [data-testid="stMetricDelta"]::before { content: ""; }
[class*="st-key-look-off-"] [data-testid="stMetricDelta"] { color: #4A4F57; background-color: #F2F4F7; }
[class*="st-key-look-off-"] [data-testid="stMetricDelta"]::before { content: none; }
[data-live-look=up] [data-testid="stMetricDelta"] { color: #1B6E32; background-color: #E6F4EA; --advocacy-arrow: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath d='M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z'/%3E%3C/svg%3E"); }
[data-live-look=up] [data-testid="stMetricDelta"]::before { content: ""; }
[data-live-look=down] [data-testid="stMetricDelta"] { color: #B3261E; background-color: #FCE8E6; --advocacy-arrow: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath d='M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z'/%3E%3C/svg%3E"); }
[data-live-look=down] [data-testid="stMetricDelta"]::before { content: ""; }
[data-live-look=off] [data-testid="stMetricDelta"] { color: #4A4F57; background-color: #F2F4F7; }
[data-live-look=off] [data-testid="stMetricDelta"]::before { content: none; }
</style>"""
# Presenting: no empty band on top, no (?) icons (nobody hovers on a projector), the figures big
# (the levers size their own names and values: advocacy_ui/assets/levers.css, .presenting).
_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 0.4rem; padding-bottom: 1rem; }
.st-key-present-row { right: 1rem; top: 0.45rem; }
[data-testid="stMain"] [data-testid="stTooltipIcon"],
[data-testid="stMain"] [data-testid="stTooltipHoverTarget"] svg { display: none; }
[data-testid="stMainMenu"], [data-testid="stToolbarActions"] { display: none; }
[data-testid="stMain"] [data-testid="stMarkdown"] p,
[data-testid="stMain"] [data-testid="stTable"] :is(th, td) { font-size: clamp(1rem, 1.3vw, 1.7rem); }
.st-key-levers { margin-top: 3.5rem; }  /* the lever names below the header band, not under it */
.st-key-present-row p { font-size: clamp(0.95rem, 1.1vw, 1.5rem); }
.st-key-present-title h1 { line-height: 1.25; padding: 0.2rem 0 0; }
.st-key-headline [data-testid="stMetricValue"],
.st-key-headline [data-testid="stMetricValue"] p { font-size: clamp(2.6rem, 4.4vw, 6rem); }
.st-key-headline [data-testid="stMetricLabel"] p { font-size: clamp(1.2rem, 1.6vw, 2.1rem); }
.st-key-figures [data-testid="stMetricValue"],
.st-key-figures [data-testid="stMetricValue"] p { font-size: clamp(1.5rem, 2.2vw, 3rem); }
.st-key-figures [data-testid="stMetricLabel"] p { font-size: clamp(1rem, 1.2vw, 1.6rem); }
</style>"""
PREV, NEXT = "present-prev", "present-next"  # the page controls' keys (their st-key-... classes)

# Page Down / Up and the arrow keys walk the pages, but only when no input has focus: a
# presenter's clicker sends Page Down, and it must never move a lever. One listener per window.
# (A script in st.html, not a components.v2 one: 1.67 keeps a v2 component's state in
# st.session_state as an unpicklable object, which runner.enforceSerializableSessionState refuses.)
_PAGE_KEYS = """<script>
if (!window.__advocacyPageKeys) {
  window.__advocacyPageKeys = true;
  const focused = () => { let el = document.activeElement;
                          while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
                          return el; };
  const typing = (el) => !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
                                  || el.getAttribute("role") === "slider");
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || typing(focused())) return;
    const which = { PageDown: "next", ArrowRight: "next", PageUp: "prev", ArrowLeft: "prev" }[e.key];
    const link = which && document.querySelector(`.st-key-present-${which} a`);
    if (link) { e.preventDefault(); link.click(); }
  });
}
</script>"""


URL_CHANGED = "_url_changed"  # this run carries the user's last action: its address is sent whole


def mark_last_action() -> None:
    """The mode switched (or a lever was released): this run's address is sent whole, even where it looks
    unchanged, so an earlier run's address, still on its way to the browser, never has the last word."""
    st.session_state[URL_CHANGED] = True


def presenting() -> bool:
    """The switch's value; kept in a plain key as well, because a page change can run before the switch's
    widget state is back (the mode must not drop on Page Down), and on a session's first run the switch is
    not drawn yet: then the link's flag."""
    if PRESENT in st.session_state:
        st.session_state[_MODE] = bool(st.session_state[PRESENT])
        return st.session_state[_MODE]
    if _MODE in st.session_state:
        return st.session_state[_MODE]
    return st.query_params.get(PRESENT, "").lower() == "true"


def sidebar_hint(text: str, presenting_text: str = "") -> str:
    """Words that point at the sidebar, or what to say instead while presenting (it is folded away)."""
    return presenting_text if presenting() else text


# The tab's icon, served by the app itself. Without one the frontend turns the st.Page's
# ":material/...:" icon into a fonts.gstatic.com URL on every page change: an error in a
# meeting room without internet, and a request to a host that is not ours.
FAVICON = Path(__file__).with_name("assets") / "favicon.png"


def set_page_config() -> None:
    st.set_page_config(page_title="Advocacy what-if explorer", page_icon=FAVICON, layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "auto")


# A figure never shows cut ("$3,150…" reads as $3,150): wider than its box, it shrinks until it fits, down
# to 40 % of its size, and the number stays whole. Layout only: the text is the server's, or the live
# levers'. One observer per window, rerun after every change on the page. (No "<" in it: the test's rule
# for scripts in st.html.)
_FIT_FIGURES = """<script>
if (!window.__advocacyFitFigures) {
  window.__advocacyFitFigures = true;
  const FIGURES = '[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"]';
  const SMALLEST = 0.4;
  const range = document.createRange();
  const needs = (text) => { range.selectNodeContents(text); return range.getBoundingClientRect().width; };
  const fit = (box) => {  // the text's own width, to the fraction of a pixel: one pixel over shows an ellipsis
    const text = box.querySelector("p") || box;
    text.style.fontSize = "";
    const room = box.clientWidth;
    if (room === 0 || !(needs(text) > room)) return;
    const size = parseFloat(getComputedStyle(text).fontSize);
    let next = size;
    for (let i = 0; i !== 4 && needs(text) > room; i++) {  // the width is not quite linear in the size
      next = Math.max(size * SMALLEST, Math.floor(next * room / needs(text) * 0.98 * 10) / 10);
      text.style.fontSize = next + "px";
      if (next === size * SMALLEST) break;
    }
  };
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; document.querySelectorAll(FIGURES).forEach(fit); });
  };
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true, characterData: true });
  window.addEventListener("resize", later);
  if (document.fonts) document.fonts.ready.then(later);
  later();
}
</script>"""


def render_styles() -> None:
    """The page's styles, before anything is drawn: emitted last, a slow page showed the red "A loss:"
    words and the (?) icons for a moment before the styles that hide them arrived. And the script that
    fits a long figure in its box (in the sidebar: no gap in the page's layout)."""
    st.html(_BASE_STYLE)
    if presenting():
        st.html(_STYLE)
    st.sidebar.html(_FIT_FIGURES, unsafe_allow_javascript=True)


def render_toggle(pages: list[st.Page] | None = None, current: st.Page | None = None) -> None:
    """The switch, top right of every page (outside the sidebar, which the mode collapses);
    presenting, previous / next page controls beside it, so the sidebar can stay folded."""
    with st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center",
                      key="present-row", gap="small"):
        if presenting() and pages and current is not None:
            _page_controls(pages, current)
        # Not bound to the URL: a bound toggle's parameter is written by the browser at the click, and a
        # lever's rerun still in flight then sent the address it had read before the click, so the URL
        # kept the old mode. The server writes it on every run from this value (state.sync_app_params).
        if PRESENT not in st.session_state and _MODE in st.session_state:
            st.session_state[PRESENT] = st.session_state[_MODE]  # the switch's state, back after a page change
        st.toggle("Presentation mode", key=PRESENT, value=False, on_change=mark_last_action,
                  help="Large figures and the three levers on the page; the sidebar folds away. "
                       "The link keeps the mode, so a prepared link opens in it.")


def _page_controls(pages: list[st.Page], current: st.Page) -> None:
    """Previous / next page in the app's order (Page Down / Page Up too); the scenario and the
    mode travel in the URL's bound parameters, as with the sidebar's own links."""
    at = next((i for i, p in enumerate(pages) if p.url_path == current.url_path), 0)
    if at > 0:
        with st.container(key=PREV, width="content"):
            st.page_link(pages[at - 1], label=pages[at - 1].title, icon=":material/chevron_left:")
    st.markdown(f"{at + 1} / {len(pages)}", width="content")
    if at < len(pages) - 1:
        with st.container(key=NEXT, width="content"):
            st.page_link(pages[at + 1], label=pages[at + 1].title, icon=":material/chevron_right:",
                         icon_position="right")
    st.html(_PAGE_KEYS, unsafe_allow_javascript=True)


# The presentation title's size by the story's length, so that it stays within two lines at any
# screen width (vw units keep the line count the same at 1280 and at 1920 pixels wide).
_TITLE_LARGE = """<style>.st-key-present-title h1 { font-size: 2.2vw; }</style>"""
_TITLE_MEDIUM = """<style>.st-key-present-title h1 { font-size: 1.74vw; }</style>"""
_TITLE_SMALL = """<style>.st-key-present-title h1 { font-size: 1.43vw; }</style>"""
_TITLE_SMALLEST = """<style>.st-key-present-title h1 { font-size: 1.2vw; }</style>"""


def story_title(story: str) -> None:
    """The story as the page's title, sized to stay within two lines."""
    with st.container(key="present-title"):
        if len(story) <= 150:
            st.html(_TITLE_LARGE)
        elif len(story) <= 190:
            st.html(_TITLE_MEDIUM)
        elif len(story) <= 230:
            st.html(_TITLE_SMALL)
        else:
            st.html(_TITLE_SMALLEST)
        st.title(story)


def chart_columns(spec: int | list[int] = 2) -> list[Any]:
    """Side-by-side columns for charts; in presentation mode one chart per row, full width."""
    if presenting():
        return [st.container() for _ in range(spec if isinstance(spec, int) else len(spec))]
    return st.columns(spec, gap="large")
