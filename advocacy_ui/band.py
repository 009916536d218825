"""The overview's headline band: P10-P90 of media value per month from the forecast, beside the
headline, and where the point estimate falls in words. Drawn after the figures (a placeholder kept
above, filled at the end of the page) and cached, so a lever move shows its figures first."""

import streamlit as st

from advocacy_calc import Scenario
from advocacy_calc.formatting import money_compact

from . import forecast_state, page_settings


@st.cache_data(max_entries=128, show_spinner=False)
def _band(scenario: Scenario, draws: int, seed: int, distribution: str):
    # Lazy: load time (the overview loads the Monte Carlo code only once the figures are drawn).
    from advocacy_calc.forecast.montecarlo import headline_band

    return headline_band(scenario, draws, seed, distribution)  # type: ignore[arg-type]


def fill(place, scenario: Scenario) -> None:
    """The band in `place` (an st.empty drawn under the headline figures), with the Forecast page's
    ranges, draws, seed and distribution, so the two pages agree."""
    from advocacy_calc.forecast.montecarlo import where_it_falls  # lazy: load time

    settings = page_settings.current()
    ranged, _ = forecast_state.ranged_scenario(scenario)
    band = _band(ranged, int(settings.get("forecast_draws", 100_000)), int(settings.get("forecast_seed", 2026)),
                 str(settings.get("forecast_distribution", "pert")))
    cur = scenario.currency
    with place.container(key="headline-band"):
        # One line, so the bottom line stays on a 1280x720 first screen; the how in the tooltip.
        st.caption(f"Media value per month P10-P90: **{money_compact(band.p10, cur)}-{money_compact(band.p90, cur)}** "
                   f"· {where_it_falls(band.percentile)}",
                   help=f"{band.draws:,} Monte Carlo draws (seed {band.seed}) of the benchmark ranges, as on "
                        "Forecast & uncertainty.")
