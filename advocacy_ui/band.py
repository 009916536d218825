"""The overview's headline band: P10-P90 of media value per month from the forecast, beside the
headline, and where the point estimate falls in words. It follows the figures a moment later:
a 100,000-draw simulation takes 60-100 ms, and a lever release must not wait for it. So once a
band is on the page, a new scenario's run draws the last band, marked as updating, in a fragment
of its own, and a small follower in the browser asks for that fragment's rerun (debounced, so a
run of key presses computes one band), which computes and draws the new band."""

import hashlib

import streamlit as st

from advocacy_calc import Scenario
from advocacy_calc.formatting import count, currency_of, money_compact

from . import forecast_state, page_settings

_SHOWN = "_band_shown"  # (token, caption, tooltip) of the band last drawn in this session
FOLLOW = "band-follow"  # the follower's key
# Asks for the band fragment's rerun a moment after a new token arrives; a newer token cancels it.
_FOLLOW = st.components.v2.component("advocacy_band_follow", html="<span hidden></span>", js="""
const WAITING = new WeakMap();
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  clearTimeout(WAITING.get(parentElement));
  if (data && data.pending) {
    WAITING.set(parentElement, setTimeout(() => setTriggerValue("go", data.pending), 150));
  }
}
""")


@st.cache_data(max_entries=128, show_spinner=False)
def _band(scenario: Scenario, draws: int, seed: int, distribution: str):
    # Lazy: load time (the overview loads the Monte Carlo code only once the figures are drawn).
    from advocacy_calc.forecast.montecarlo import headline_band

    return headline_band(scenario, draws, seed, distribution)  # type: ignore[arg-type]


def fill(place, scenario: Scenario) -> None:
    """The band in `place` (an st.empty drawn under the headline figures), with the Forecast page's
    ranges, draws, seed and distribution, so the two pages agree."""
    with place.container(key="headline-band"):
        _follow(scenario)


@st.fragment
def _follow(scenario: Scenario) -> None:
    settings = page_settings.current()
    ranged, _ = forecast_state.ranged_scenario(scenario)
    args = (ranged, int(settings.get("forecast_draws", 100_000)), int(settings.get("forecast_seed", 2026)),
            str(settings.get("forecast_distribution", "pert")))
    token = hashlib.sha1(repr((ranged.model_dump_json(), *args[1:])).encode()).hexdigest()[:16]
    shown = st.session_state.get(_SHOWN)
    asked = _asked()
    if shown is None or shown[0] == token or asked == token:
        shown = (token, *_texts(scenario, _band(*args)))
        st.session_state[_SHOWN] = shown
    updating = shown[0] != token
    # One line, so the bottom line stays on a 1280x720 first screen; the how in the tooltip.
    st.caption(shown[1] + (" · *updating…*" if updating else ""), help=shown[2])
    _FOLLOW(key=FOLLOW, data={"pending": token if updating else None}, on_go_change=lambda: None)


def _asked() -> str | None:
    try:
        go = st.session_state[FOLLOW]["go"]
    except (KeyError, TypeError):
        return None
    return go if isinstance(go, str) else None


def _texts(scenario: Scenario, band) -> tuple[str, str]:
    from advocacy_calc.forecast.montecarlo import where_it_falls  # lazy: load time

    cur = currency_of(scenario)
    return (f"Media value per month P10-P90: **{money_compact(band.p10, cur)}-{money_compact(band.p90, cur)}** "
            f"· {where_it_falls(band.percentile)}",
            f"{count(band.draws, scenario.locale)} Monte Carlo draws (seed {band.seed}) of the benchmark ranges, as on "
            "Forecast & uncertainty.")
