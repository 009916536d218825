"""Keyboard and screen-reader fixes Streamlit has no setting for, in one constant script.

- Every (?) help button was a Tab stop before its input, so reaching the first lever took four
  presses; the buttons leave the Tab order (they stay in the accessibility tree, and the help
  still shows on hover), so a lever is at most two presses from the top of the main area.
- The document says its language (en) for screen readers' pronunciation.
- Formulas (KaTeX) that scroll sideways on a narrow screen can be reached and scrolled by keyboard.
- Headings step down one level at a time (axe's heading-order): a subheader right under a page's
  title is announced as level 2; a file drop zone (focusable and labelled) is a group, not
  role=presentation (axe's presentation-role-conflict).
Our own constant code, no user text. Runs once per browser tab; a MutationObserver keeps the
fix on elements drawn later (reruns, other pages).

And one constant style block (`_STYLE`): focus rings a keyboard user can see, a folded sidebar
out of the Tab order, and the layout on a narrow screen: a phone, or 1280 px at 200 % zoom
(640 CSS px, WCAG's reflow), shows the story in smaller type and the headline figures two to a
row, so a phone's first screen (390 x 844) holds the first headline figures under the levers.
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
    // headings go down one level at a time: a page's subheaders (h3) under its title (h1) are
    // announced as level 2, a section's under an h2 stay 3 (the outline a screen reader lists)
    let level = 1;
    for (const h of document.querySelectorAll('[data-testid=stMain] :is(h1, h2, h3, h4, h5, h6)')) {
      const own = Number(h.tagName[1]), fits = Math.min(own, level + 1);
      if (fits !== own) { if (h.getAttribute('aria-level') !== String(fits)) h.setAttribute('aria-level', String(fits)); }
      else if (h.hasAttribute('aria-level')) h.removeAttribute('aria-level');
      level = fits;
    }
    // a file drop zone is focusable and labelled, so it cannot be role=presentation: a named group
    for (const z of document.querySelectorAll('[data-testid=stFileUploaderDropzone][role=presentation]'))
      z.setAttribute('role', 'group');
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


# Focus a keyboard user can see: Streamlit's own rings are 50 % light blue (about 2:1 on white) or,
# on a slider, a faint halo; WCAG asks 3:1. The primary blue (#0072B2) is 5:1 on white and on the
# sidebar's grey. A toggle's input is invisible, so its label carries the ring (a slider's, its thumb).
# Then the narrow screen (below 640 CSS px). One literal <style> block (tests/test_config.py's rule).
_STYLE = """<style>
:is(button, a, input, select, textarea, summary, [role=slider], [role=radio], [role=tab], [tabindex]):focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px;
}
label:has(input[type=checkbox]:focus-visible) { outline: 3px solid #0072B2; outline-offset: 2px; border-radius: 4px; }
/* a folded sidebar is off screen: its links and inputs leave the Tab order too (presenting, the
   Tab after the page's last control went to eleven invisible links) */
[data-testid=stSidebar][data-collapsed=true] > * { visibility: hidden; }
/* Streamlit's slider hides its input in a 1 px box inside the thumb: the thumb carries the ring */
[data-testid=stSlider] div:has(> div > input[type=range]:focus-visible) {
  outline: 3px solid #0072B2; outline-offset: 2px; border-radius: 50%;
}
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
    st.sidebar.html(_STYLE)
