"""Keyboard and screen-reader fixes Streamlit has no setting for, in one constant script.

- Every (?) help button was a Tab stop before its input, so reaching the first lever took four
  presses; the buttons leave the Tab order (they stay in the accessibility tree, and the help
  still shows on hover), so a lever is at most two presses from the top of the main area.
- The document says its language (en) for screen readers' pronunciation.
- Formulas (KaTeX) that scroll sideways on a narrow screen can be reached and scrolled by keyboard.
Our own constant code, no user text. Runs once per browser tab; a MutationObserver keeps the
fix on elements drawn later (reruns, other pages).

And the layout on a narrow screen (`_NARROW`): a phone, or 1280 px at 200 % zoom (640 CSS px,
WCAG's reflow), shows the story in smaller type and the headline figures two to a row, so a
phone's first screen (390 x 844) holds the first headline figures under the levers.
"""

import streamlit as st

_SCRIPT = """<script>
(() => {
  if (window.__advocacyA11y) return;
  window.__advocacyA11y = true;
  const fix = () => {
    if (!document.documentElement.lang) document.documentElement.lang = 'en';
    for (const b of document.querySelectorAll('[data-testid=stTooltipIcon] button[aria-label^="Help for"]:not([tabindex])'))
      b.setAttribute('tabindex', '-1');
    // a formula wider than the screen (a phone) scrolls: the keyboard must reach it too
    for (const m of document.querySelectorAll('.katex-display:not([tabindex])')) m.setAttribute('tabindex', '0');
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


_NARROW = """<style>
@media (max-width: 640px) {
  [data-testid="stMain"] h1, [data-testid="stMain"] .st-key-overview-title h1 { font-size: 1.25rem; }
  [data-testid="stMain"] h3 { font-size: 1.1rem; line-height: 1.35; }
  /* two figures a row: 10rem each left 1 px too few for two on a 390 px phone */
  [data-testid="stMain"] .st-key-headline > [data-testid="stLayoutWrapper"] { flex: 1 1 8rem; }
  [data-testid="stMain"] .st-key-headline [data-testid="stMetricValue"] p { font-size: 1.7rem; }
  [data-testid="stMain"] .st-key-headline [data-testid="stMetric"],
  [data-testid="stMain"] .st-key-headline [data-testid="stMetric"] > div { padding: 0.25rem 0.35rem; }
}
</style>"""


def keyboard_fixes() -> None:
    """Drawn in the sidebar: no gap in the page's layout."""
    st.sidebar.html(_SCRIPT, unsafe_allow_javascript=True)
    st.sidebar.html(_NARROW)
