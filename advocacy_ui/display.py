"""Shared page pieces: the error guard, notes, headline metrics and the share link."""

import logging
from contextlib import contextmanager
from typing import Iterator

import streamlit as st

from advocacy_calc import Results, Scenario
from advocacy_calc.formatting import count, money, percent

from . import state
from .inputs import shown

log = logging.getLogger(__name__)
ERROR_KEY_PREFIX = "app-error"  # tests assert no element with this key exists


@contextmanager
def guard(what: str) -> Iterator[None]:
    """Show a short friendly message instead of a traceback if `what` fails to draw.

    The message sits in a keyed container (app-error-...) so tests can assert it is absent;
    Streamlit's own rerun/stop signals are BaseExceptions and pass through untouched.
    """
    try:
        yield
    except Exception:
        log.exception("failed to draw %s", what)
        with st.container(key=f"{ERROR_KEY_PREFIX}-{what.replace(' ', '-')}"):
            st.error(f"Sorry: {what} could not be drawn. The inputs are kept; change one or reset to a preset.",
                     icon=":material/error:", title="Something went wrong")


def show_notes() -> None:
    """URL values that were refused, and inputs that do not fit together."""
    notes = state.url_notes()
    if notes:
        with st.container(key="url-notes"):
            st.warning("\n".join(f"- {n}" for n in notes), icon=":material/link_off:",
                       title="Some values in the link were not usable")
            st.button("Dismiss", key="dismiss-url-notes", on_click=state.dismiss_url_notes)
    problems = state.input_problems()
    if problems:
        with st.container(key="input-problems"):
            st.warning("\n".join(f"- {p}" for p in problems), icon=":material/warning:",
                       title="These inputs do not fit together; the figures show the last scenario that did")


def headline_metrics(scenario: Scenario, results: Results,
                     baseline: tuple[str, Results] | None = None) -> None:
    """The four headline figures of MODEL.md, big enough for the back row; with a baseline
    (name, results) pinned on the Scenarios page, each shows its change against it."""
    cur = scenario.currency
    delta = _baseline_delta(results, baseline[1] if baseline else None, cur)
    with st.container(horizontal=True, key="headline"):
        st.metric("Impressions per story", count(results.impressions_per_story), border=True,
                  help="sharers × connections × visibility, summed over networks",
                  **delta("impressions_per_story", count))
        st.metric("Value per story", money(results.value_per_story, cur), border=True,
                  help=f"impressions ÷ 1,000 × CPM (basis: {scenario.valuation_basis})", **delta("value_per_story"))
        st.metric("Value per month", money(results.value_per_month, cur), border=True,
                  help="value per story × stories per day × working days", **delta("value_per_month"))
        st.metric("Lead savings per month", money(results.cpl_savings_per_month, cur), border=True,
                  help="advocacy leads × cost per lead", **delta("cpl_savings_per_month"))
    if baseline:
        st.caption(f"Changes are against the baseline {shown(baseline[0], 60)}, pinned on the Compare scenarios page.")


def _baseline_delta(results: Results, base: Results | None, cur: str):
    """st.metric delta arguments for one field: '+$31,500 vs baseline', grey when unchanged."""
    def delta(field: str, fmt=None) -> dict:
        if base is None:
            return {}
        change = getattr(results, field) - getattr(base, field)
        text = (fmt or (lambda x: money(x, cur)))(abs(change))
        if abs(change) < 1e-9 * max(1.0, abs(getattr(base, field))):
            return {"delta": "no change vs baseline", "delta_color": "off", "delta_arrow": "off"}
        return {"delta": f"{'+' if change > 0 else '-'}{text} vs baseline"}
    return delta


def bottom_line(scenario: Scenario, results: Results) -> None:
    cur = scenario.currency
    with st.container(horizontal=True, key="bottom-line"):
        st.metric("Total value per month", money(results.total_value_per_month, cur),
                  help="media value + lead savings (if counted) + referral hiring savings")
        st.metric("Program cost per month", money(results.program_cost_per_month, cur),
                  help="seat cost × participants + fixed cost + employee time")
        st.metric("Net value per month", money(results.net_value_per_month, cur),
                  help="total value − program cost")
        st.metric("ROI", "none" if results.roi is None else percent(results.roi, 0),
                  help="net value ÷ program cost; none when there is no cost")
        st.metric("Break-even share rate", "not reached" if results.break_even_share_rate is None
                  else percent(results.break_even_share_rate),
                  help="lowest share rate at which net value ≥ 0; 'not reached' when not even 100% pays")
    if results.program_cost_per_month == 0:
        st.caption("No program cost entered, so ROI is none and any share rate pays. Enter your costs under "
                   "*Program cost* in the sidebar.")
    elif results.break_even_share_rate is None:
        st.caption("Even if every participant shared every story, value would not cover the program cost.")


SHARE_LINK = "share-link"  # the popover's key: its open state


def share_link_popover() -> None:
    # Drawn only while open: the link changes with every lever move, nobody reads it then.
    box = st.popover("Copy link", icon=":material/link:", help="A link that opens this exact scenario",
                     key=SHARE_LINK, on_change="rerun")
    if box.open:
        with box:
            st.caption("Anyone with this link sees the same scenario. Copy it with the button on the right.")
            st.code(state.share_link(), language=None, wrap_lines=True)
