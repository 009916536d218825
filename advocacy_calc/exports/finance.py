"""What finance asks of a business case beyond the monthly figures, computed once for every file.

- Per year, two figures, each labelled: the *run-rate year* (12 × the monthly figure at the
  scenario's share rate) and the *first 12 months of the ramp-up* (the timeline's months 1-12 summed,
  lower while participation grows, one-off launch cost included).
- The payback month, with the ramp-up assumptions it rests on, in words.
- The P10-P90 range of total and net value per month from the Monte Carlo, with its draws and seed
  (benchmark ranges for every uncertain input, the scenario's own ranges where it carries them,
  as on the Forecast page).
- Who made the file and when: the date and time with its time zone, the app version with its git
  commit, and the model version of the scenario format; and the link that reproduces the scenario in
  the app (its public address configured, else the query string to append to the app's address).
"""

import calendar
import datetime as dt
import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..formatting import count, currency_of, money, percent
from ..link import NO_BASE_NOTE, scenario_link
from ..forecast.montecarlo import DEFAULT_SEED, Simulation, draw_inputs, kept_forecast, simulate
from ..forecast.timeline import TimelineSettings, ramp_of, timeline
from ..model import evaluate
from ..ranges import base_value, with_benchmark_ranges
from ..results import Results, compute
from ..scenario import Scenario

FIRST_YEAR_MONTHS = 12
EFFECT_DRAWS = 2_000  # enough to see whether an input moves any draw at all


@functools.cache
def git_commit() -> str:
    """The commit the running code comes from: ADVOCACY_GIT_COMMIT when a deployment sets it (no
    .git there), else asked of git in the source tree, else "unknown"."""
    given = os.environ.get("ADVOCACY_GIT_COMMIT", "").strip()
    if given:
        return given[:12]
    try:
        run = subprocess.run(["git", "-C", str(Path(__file__).resolve().parent), "rev-parse", "--short=10", "HEAD"],
                             capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else "unknown"


@dataclass(frozen=True)
class Provenance:
    prepared_at: dt.datetime  # aware: printed with its time zone
    app_version: str
    commit: str
    model_version: int
    link: str = ""  # base?query, or ?query without a public address ("": the worked example, no base)
    link_has_base: bool = False

    @property
    def when(self) -> str:
        """2026-11-29 17:05 UTC+01:00: minutes are enough, the offset is not optional."""
        offset = self.prepared_at.strftime("%z")
        return f"{self.prepared_at:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"

    @property
    def line(self) -> str:
        return (f"Prepared {self.when} with the advocacy what-if explorer {self.app_version} "
                f"(commit {self.commit}), scenario model version {self.model_version}.")


def provenance(scenario: Scenario, prepared_at: dt.datetime | None = None, base_url: str | None = None) -> Provenance:
    when = prepared_at or dt.datetime.now(dt.timezone.utc).astimezone()
    if when.tzinfo is None:
        raise ValueError("prepared_at needs a time zone")
    base = (base_url or "").strip()
    return Provenance(when, __version__, git_commit(), scenario.version, scenario_link(scenario, base), bool(base))


def link_words(p: Provenance) -> tuple[str, str]:
    """(label, link) as the files print them: the label says what to do with a link that has no address."""
    if p.link_has_base:
        return "Open this scenario in the app:", p.link
    if p.link:
        return f"This scenario's link ({NO_BASE_NOTE}; no public address was configured):", p.link
    return "This scenario's link:", "your app's address as it is (the worked example: nothing to append)"


@dataclass(frozen=True)
class FinanceFigures:
    currency: str
    total_value_per_month: float
    program_cost_per_month: float
    net_value_per_month: float
    first_year_total_value: float  # months 1-12 of the ramp-up, summed
    first_year_cost: float  # launch cost included
    first_year_net_value: float
    payback_month: int | None
    payback_note: str  # why there is none ("" when there is one)
    ramp: TimelineSettings
    target_share_rate: float
    simulation: Simulation
    provenance: Provenance
    months: pd.DataFrame  # the ramp-up month by month (timeline's table)
    idle_inputs: tuple[str, ...] = ()  # ranged, but no draw of them moves a figure (CTR while valuing by CPM)

    # Run-rate year: 12 × the month at the scenario's share rate.
    @property
    def total_value_per_year(self) -> float:
        return 12 * self.total_value_per_month

    @property
    def program_cost_per_year(self) -> float:
        return 12 * self.program_cost_per_month

    @property
    def net_value_per_year(self) -> float:
        return 12 * self.net_value_per_month


def finance_figures(scenario: Scenario, results: Results | None = None, ramp: TimelineSettings | None = None,
                    draws: int | None = None, seed: int | None = None,
                    prepared_at: dt.datetime | None = None, base_url: str | None = None) -> FinanceFigures:
    """Not given: the ramp-up, draws, seed and distribution the scenario keeps in its settings (the pages'),
    else the pages' defaults. `base_url`: the app's public address the files' link starts with."""
    r = results or compute(scenario)
    ramp = ramp or ramp_of(scenario)
    draws, seed, distribution = kept_forecast(scenario, draws, seed)
    table = timeline(scenario, ramp)
    first = table.table.iloc[:FIRST_YEAR_MONTHS]
    ranged = with_benchmark_ranges(scenario)
    return FinanceFigures(
        currency=currency_of(scenario),
        total_value_per_month=r.total_value_per_month, program_cost_per_month=r.program_cost_per_month,
        net_value_per_month=r.net_value_per_month,
        first_year_total_value=float(first["total_value_per_month"].sum()),
        first_year_cost=float(first["program_cost_per_month"].sum()),
        first_year_net_value=float(first["net_value_per_month"].sum()),
        payback_month=table.payback_month, payback_note=table.payback_note, ramp=ramp,
        target_share_rate=scenario.share_rate,
        simulation=simulate(ranged, draws=draws, seed=seed, distribution=distribution),
        provenance=provenance(scenario, prepared_at, base_url), months=table.table, idle_inputs=idle_inputs(ranged, seed),
    )


def idle_inputs(scenario: Scenario, seed: int = DEFAULT_SEED) -> tuple[str, ...]:
    """The ranged inputs whose draws move no figure: held at their own value, every draw's total value
    and cost stay the same (e.g. a CPC of 0 = unknown while valuing by CPM). Counted apart, so a range
    note does not claim more uncertainty than was modelled."""
    drawn = draw_inputs(scenario, EFFECT_DRAWS, seed)
    if not drawn:
        return ()

    def figures(inputs: dict) -> np.ndarray:
        ev = evaluate(scenario, inputs=inputs)
        return np.stack([np.broadcast_to(ev.total_value_per_month, EFFECT_DRAWS),
                         np.broadcast_to(ev.program_cost_per_month, EFFECT_DRAWS)])

    everything = figures(drawn)
    return tuple(p for p in sorted(drawn) if np.array_equal(
        figures({**drawn, p: np.full(EFFECT_DRAWS, base_value(scenario, p))}), everything))


# --- In words: the same sentences in the PDF, the slides and the workbook -----------------------

def payback_text(f: FinanceFigures) -> str:
    if f.payback_month is not None:
        return f"month {f.payback_month}"
    return "nothing to pay back" if "nothing to pay back" in f.payback_note else f"not within {f.ramp.months} months"


def ramp_words(f: FinanceFigures) -> str:
    s, loc = f.ramp, f.currency  # the currency carries the locale
    shape = "S-curve" if s.shape == "s-curve" else "straight line"
    decay = (f"then {percent(s.decay_per_month, locale=loc)} decay a month to {percent(s.decay_floor, 0, loc)} of the peak"
             if s.decay_per_month else "no decay after the peak")
    dip = f"{percent(s.summer_dip, 0, loc)} less sharing in July and August" if s.summer_dip else "no summer dip"
    return (f"Ramp-up: share rate {percent(s.start_share_rate, locale=loc)} to {percent(f.target_share_rate, locale=loc)} over "
            f"{s.ramp_months} month{'s' if s.ramp_months != 1 else ''} ({shape}), {decay}, {dip}; launch in "
            f"{calendar.month_name[s.launch_month]}, launch cost {money(s.launch_cost, f.currency)}.")


def effective_inputs(f: FinanceFigures) -> list[str]:
    """The ranged inputs whose draws move the figures (field paths, in the simulation's order)."""
    return [p for p in f.simulation.ranged_inputs if p not in f.idle_inputs]


def range_words(f: FinanceFigures) -> str:
    sim = f.simulation
    idle = len(sim.ranged_inputs) - len(effective_inputs(f))
    aside = f"; {idle} more drawn with no effect on this basis" if idle else ""
    return (f"P10-P90 of {count(sim.draws, f.currency)} Monte Carlo draws, seed {sim.seed}, "
            f"{sim.distribution.upper()} over "
            f"{len(effective_inputs(f))} ranged inputs that move the figures (benchmark ranges unless the scenario "
            f"sets its own{aside}): 8 in 10 outcomes fall inside.")


def span(low: float, high: float, currency: str) -> str:
    return f"{money(low, currency)} to {money(high, currency)}"


def year_rows(f: FinanceFigures) -> list[tuple[str, str, str, str]]:
    """(figure, per month, per year = 12 × the monthly run-rate, first 12 months of the ramp-up)."""
    c = f.currency
    return [
        ("Total value", money(f.total_value_per_month, c), money(f.total_value_per_year, c),
         money(f.first_year_total_value, c)),
        ("Program cost", money(f.program_cost_per_month, c), money(f.program_cost_per_year, c),
         money(f.first_year_cost, c)),
        ("Net value", money(f.net_value_per_month, c), money(f.net_value_per_year, c),
         money(f.first_year_net_value, c)),
    ]


YEAR_HEADERS = ("", "Per month", "Per year (12 × the monthly run-rate)", "First 12 months of the ramp-up")


def finance_boxes(f: FinanceFigures) -> list[tuple[str, str]]:
    """Short labelled figures for a row of boxes (PDF) or a slide."""
    c, sim = f.currency, f.simulation
    return [
        ("Net value per year (12 × month)", money(f.net_value_per_year, c)),
        ("Net value, first 12 months (ramp-up)", money(f.first_year_net_value, c)),
        ("Payback (with the ramp-up)", payback_text(f)),
        ("Net value per month, P10-P90", span(sim.net_value_per_month.p10, sim.net_value_per_month.p90, c)),
    ]
