"""Shared page pieces: the error guard, notes, headline metrics and the share link."""

import functools
import logging
import math
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import streamlit as st

from advocacy_calc import Results, Scenario
from advocacy_calc.exports.text import LEFT_OUT, total_note
from advocacy_calc.formatting import DEFAULT_LOCALE, break_even, count, currency_of, money, percent
from advocacy_calc.narrative import no_break_even

from . import present, state
from .inputs import BASIS_IN_USE, shown

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


def guarded_fragment(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """st.fragment whose body runs inside guard(what): a fragment's own rerun runs only its body, outside
    the page's guard, so without this an error there shows Streamlit's box instead of a sentence."""
    def wrap(body: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(body)
        def guarded(*args: Any, **kwargs: Any) -> None:
            with guard(what):
                body(*args, **kwargs)
        return st.fragment(guarded)
    return wrap


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


# Each figure of the overview: label, field of Results, how it is written, the formula in words.
def _figures(scenario: Scenario) -> dict[str, tuple[str, Callable[[float], str], str]]:
    cur = currency_of(scenario)
    cash = lambda x: money(x, cur)  # noqa: E731
    return {
        "impressions_per_story": ("Impressions per story", lambda x: count(x, cur),
                                  "sharers × connections × visibility, summed over networks"),
        "value_per_story": ("Value per story", cash, f"impressions ÷ 1,000 × CPM ({BASIS_IN_USE[scenario.valuation_basis]})"),
        "value_per_month": ("Value per month", cash, "value per story × stories per day × working days"),
        "cpl_savings_per_month": ("Lead savings per month", cash, "advocacy leads × cost per lead"),
        "hiring_savings_per_month": ("Hiring savings per month", cash,
                                     "referral hires × (cost per hire − referral cost); part of the total"),
        "total_value_per_month": ("Total value per month", cash,
                                  "media value + lead savings (if counted) + referral hiring savings"),
        "program_cost_per_month": ("Program cost per month", cash,
                                   "seat cost × participants + fixed cost + employee time"),
        "net_value_per_month": ("Net value per month", cash, "total value − program cost"),
        "roi": ("ROI", lambda x: _roi(x, cur), "net value ÷ program cost; none when there is no cost"),
        "break_even_share_rate": ("Break-even share rate", lambda x: break_even(x, cur),
                                  "lowest share rate at which net value ≥ 0; 'not reached' when not even 100% pays"),
    }


def _roi(roi: float | None, locale: str = DEFAULT_LOCALE) -> str:
    return "none" if roi is None else percent(roi, 0, locale)


HEADLINE = ("impressions_per_story", "value_per_story", "value_per_month", "cpl_savings_per_month")
BOTTOM_LINE = ("total_value_per_month", "program_cost_per_month", "net_value_per_month", "roi",
               "break_even_share_rate")
# Presenting, the room sees what the program is worth against its cost first, big; the rest below.
PRESENT_HEADLINE = ("value_per_month", "net_value_per_month", "roi", "break_even_share_rate")
PRESENT_DETAIL = ("impressions_per_story", "value_per_story", "cpl_savings_per_month", "total_value_per_month",
                  "program_cost_per_month")
WITH_DELTA = (*HEADLINE, *BOTTOM_LINE)  # changes shown against a baseline: every figure of the overview
# A rise in cost or in the break-even rate is not good news, and not bad by itself (it buys the value above
# it): their changes are drawn grey with the sign in words, never green or red.
NO_DIRECTION = ("program_cost_per_month", "break_even_share_rate")
LOSS_FIELDS = ("net_value_per_month", "roi")  # red when negative
LOSS_WORDS = {"net_value_per_month": ":red[**A loss:**] costs exceed value"}  # ... and said in words


def figure_formats(scenario: Scenario) -> dict[str, Callable[[float | None], str]]:
    """How each figure is written (the live levers send the same texts to the browser)."""
    return {field: fmt for field, (_, fmt, _) in _figures(scenario).items()}


def figure_row(scenario: Scenario, results: Results, fields: tuple[str, ...], key: str,
               baseline: tuple[str, Results] | None = None, border: bool = False) -> None:
    """One row of figures; a negative net value or ROI is red and says 'a loss' in words."""
    figures = _figures(scenario)
    base = baseline[1] if baseline else None
    if "cpl_savings_per_month" in fields and results.hiring_savings_per_month:  # every part of the total shown
        at = fields.index("cpl_savings_per_month") + 1
        fields = fields[:at] + ("hiring_savings_per_month",) + fields[at:]
    with st.container(horizontal=True, key=key):
        for field in fields:
            label, fmt, how = figures[field]
            if field == "cpl_savings_per_month" and not results.lead_savings_in_total:
                label, how = label + LEFT_OUT, how + "; left out of the total (sidebar, Demand)"
            value = getattr(results, field)
            with st.container(key=f"loss-{field}" if is_loss(field, value) else f"fig-{field}", gap="xxsmall"):
                if base and field in WITH_DELTA:
                    # The change's arrow and colour come from our CSS by its look (present.py), the
                    # same look the live levers set while a lever moves.
                    with st.container(key=f"look-{delta_look(value, getattr(base, field), field)}-{field}"):
                        st.metric(label, fmt(value), border=border, help=how,
                                  delta=delta_text(field, value, getattr(base, field), fmt, scenario.locale),
                                  delta_color="off", delta_arrow="off")
                else:
                    st.metric(label, fmt(value), border=border, help=how)
                if field in LOSS_WORDS:  # the place always, the words only on a loss: drawn always and hidden by
                    # CSS, a freshly opened page showed "A loss:" until its style came; a lever dragged into a
                    # loss gets them from the CSS (present.py), which is there by then
                    with st.container(key=f"loss-words-{field}"):
                        if is_loss(field, value):
                            st.markdown(LOSS_WORDS[field])
                        else:
                            st.empty()  # an empty container is not drawn at all: the CSS needs the place


def headline_metrics(scenario: Scenario, results: Results,
                     baseline: tuple[str, Results] | None = None) -> None:
    """The four headline figures of docs/model.md, big enough for the back row; with a baseline
    (name, results) pinned on the Scenarios page, each shows its change against it."""
    figure_row(scenario, results, HEADLINE, "headline", baseline, border=True)


def bottom_line(scenario: Scenario, results: Results, baseline: tuple[str, Results] | None = None) -> None:
    """Total, cost, net value, ROI, break-even; the hints point to the sidebar (normal mode only)."""
    figure_row(scenario, results, BOTTOM_LINE, "bottom-line", baseline)
    note = total_note(scenario, results)
    if note:  # a part left out, or rounded parts that do not add up to the rounded total
        st.caption(note)
    cost_note(scenario, results)


def cost_note(scenario: Scenario, results: Results) -> None:
    """Why ROI is none or break-even is not reached, under the figures in both modes (presenting, a room saw
    "ROI none" and "Break-even 0%" with no word why; the sidebar hint only when it is open)."""
    if results.program_cost_per_month == 0:
        st.caption("No program cost entered, so ROI is none and any share rate pays."
                   + present.sidebar_hint(" Enter your costs under *Program cost* in the sidebar."))
    elif results.break_even_share_rate is None:
        st.caption(no_break_even(scenario, results, lambda n: shown(n, 40)))


def baseline_caption(baseline: tuple[str, Results] | None, other_currency: str | None = None) -> None:
    if baseline:
        st.caption(f"Changes are against the baseline {shown(baseline[0], 60)}, pinned on the Compare scenarios page.")
    elif other_currency:
        st.caption(other_currency)


# The rules for a loss and for a change against the baseline, as data: Python's functions below read
# them, and the live levers' script (assets/live_rules.js) is sent the same data (live_rules()), so
# the browser has the thresholds, words and looks from here, not copies of its own.
LOSS_BELOW = 0.0  # a loss field below this is a loss
CHANGE_TOLERANCE = 1e-9  # relative to the baseline (at least CHANGE_FLOOR): a smaller change is none
CHANGE_FLOOR = 1.0
LOOKS = {"none": "off", "up": "up", "down": "down"}  # present.py's CSS draws each look
SIGNS = {"up": "+", "down": "-"}
DELTA_WORDS = {"none": "no change vs baseline", "baseline_only": " in the baseline", "after": " vs baseline",
               "points_after": " points vs baseline"}
POINTS = {"roi": 0, "break_even_share_rate": 1}  # a change in a ratio is in percentage points, with these decimals


def live_rules() -> dict[str, Any]:
    """What the live levers' script needs to draw loss and change as the server does (JSON)."""
    return {"loss_fields": list(LOSS_FIELDS), "loss_below": LOSS_BELOW, "change_tolerance": CHANGE_TOLERANCE,
            "change_floor": CHANGE_FLOOR, "looks": LOOKS, "signs": SIGNS, "words": DELTA_WORDS, "points": POINTS,
            "no_direction": list(NO_DIRECTION)}


def is_loss(field: str, value: float | None) -> bool:
    """A negative net value or ROI: red, and the net value says so in words (the live levers' rule too)."""
    return field in LOSS_FIELDS and value is not None and value < LOSS_BELOW


def _change(value: float | None, base: float | None) -> float | None:
    """The change against the baseline, None where there is none to show (the live levers' rule too);
    a change that is not a number is none as well."""
    if value is None or base is None:
        return None
    change = value - base
    if not math.isfinite(change) or abs(change) < CHANGE_TOLERANCE * max(CHANGE_FLOOR, abs(base)):
        return None
    return change


def delta_look(value: float | None, base: float | None, field: str = "") -> str:
    """How a change is drawn: 'up' (green, arrow up), 'down' (red, arrow down) or 'off' (grey, no arrow:
    no change, or a figure whose rise is not good news, NO_DIRECTION)."""
    change = _change(value, base)
    return LOOKS["none" if change is None or field in NO_DIRECTION else "up" if change > 0 else "down"]


def delta_text(field: str, value: float | None, base: float | None, fmt: Callable[[float], str],
               locale: str = DEFAULT_LOCALE) -> str:
    """'+$31,500 vs baseline'; ROI in points (the live levers' script follows the same rule)."""
    if value is None or base is None:
        return DELTA_WORDS["none"] if value is None and base is None else f"{fmt(base)}{DELTA_WORDS['baseline_only']}"
    change = _change(value, base)
    if change is None:
        return DELTA_WORDS["none"]
    sign = SIGNS["up" if change > 0 else "down"]
    if field in POINTS:  # points: the locale's percent sign dropped, wherever it goes (12 %, %12)
        text = percent(abs(change), POINTS[field], locale).strip("%").strip()
        return f"{sign}{text}{DELTA_WORDS['points_after']}"
    return f"{sign}{fmt(abs(change))}{DELTA_WORDS['after']}"


SHARE_LINK = "share-link"  # the popover's key: its open state


def share_link_popover() -> None:
    # Drawn only while open: the link changes with every lever move, nobody reads it then.
    box = st.popover("Copy link", icon=":material/link:", help="A link that opens this exact scenario",
                     key=SHARE_LINK, on_change="rerun")
    if box.open:
        with box:
            st.caption("Anyone with this link sees the same scenario. Copy it with the button on the right.")
            st.code(state.share_link(), language=None, wrap_lines=True)


def net_metric(label: str, value: float | None, text: str, key: str, **metric: Any) -> None:
    """A net figure on a page of its own (forecast, ramp-up): red when negative, as the overview's net value
    and ROI are (present.py's CSS colours what sits in a loss-... container); the minus sign says it too."""
    with st.container(key=f"loss-{key}" if value is not None and value < LOSS_BELOW else f"net-{key}",
                      width="stretch"):
        st.metric(label, text, **metric)
