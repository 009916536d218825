"""Ramp-up, decay and payback month by month (docs/model.md §7, ramp-up).

Programs start small and mature over about six months (launch, then optimise); participation
tends to stall around month four and to dip in July and August (4spotconsulting.com, U;
Dynamic Signal data via Tribal Impact, S: see the benchmark sources). The timeline moves the
share rate month by month and evaluates the same model at each month's rate:

    progress(m)   = min(1, (m − 1) / (ramp months − 1))          (1 when ramp months is 1)
    ramp(m)       = progress, or 3p² − 2p³ for the S-curve (slow start, fast middle, slow end)
    share rate(m) = start + (target − start) × ramp(m)
                    × (floor + (1 − floor) × (1 − decay)^(m − ramp months))   after the peak
                    × (1 − summer dip)                                        in July and August
    cost(m)       = program cost at that rate (+ the one-off launch cost in month 1)
    payback month = the first month in which cumulative value ≥ cumulative cost
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ScenarioError
from ..model import evaluate
from ..scenario import Scenario

Shape = Literal["linear", "s-curve"]
MIN_MONTHS, MAX_MONTHS = 12, 36
SUMMER = (7, 8)


class TimelineSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    months: Annotated[int, Field(ge=MIN_MONTHS, le=MAX_MONTHS, description="months shown")] = 24
    start_share_rate: Annotated[float, Field(ge=0, le=1, description="share rate in the launch month")] = 0.02
    ramp_months: Annotated[int, Field(ge=1, le=MAX_MONTHS, description="months to reach the target share rate")] = 6
    shape: Shape = "s-curve"
    # The same bounds as the scenario's settings and the app's sliders (a month losing over 30 % of its sharers,
    # or a summer without 90 % of it, is no ramp-up any more).
    decay_per_month: Annotated[float, Field(ge=0, le=0.3, description="monthly decay after the launch peak")] = 0.0
    decay_floor: Annotated[float, Field(ge=0, le=1, description="fraction of the peak the decay levels off at")] = 0.7
    summer_dip: Annotated[float, Field(ge=0, le=0.9, description="fraction of sharing lost in July and August")] = 0.0
    launch_month: Annotated[int, Field(ge=1, le=12, description="calendar month of launch, 1 = January")] = 1
    launch_cost: Annotated[float, Field(ge=0, le=1e9, description="one-off cost in the launch month")] = 0.0


NO_RAMP = dict(ramp_months=1, decay_per_month=0.0, summer_dip=0.0)


def ramp_of(scenario: Scenario) -> TimelineSettings:
    """The ramp-up the scenario keeps in its settings (the Ramp-up & payback page's, or the command line's
    options); the page's defaults for what it leaves out. Ramp months beyond the months shown end with them."""
    prefix = "timeline_"
    given = {k[len(prefix):]: v for k, v in scenario.settings.model_dump().items()
             if k.startswith(prefix) and v is not None}
    if "ramp_months" in given:
        given["ramp_months"] = min(given["ramp_months"], given.get("months", TimelineSettings().months))
    return TimelineSettings(**given)


@dataclass(frozen=True)
class Timeline:
    table: pd.DataFrame
    payback_month: int | None
    payback_note: str  # why there is none ("" when there is one)


def share_rates(target: float, settings: TimelineSettings, cap: float = 1.0) -> np.ndarray:
    """The share rate of each month 1..months, at most `cap` (with groups: where the keenest group shares every
    story, so a launch rate above it is held there)."""
    s = settings
    m = np.arange(1, s.months + 1, dtype=float)
    progress = np.ones_like(m) if s.ramp_months <= 1 else np.minimum(1.0, (m - 1) / (s.ramp_months - 1))
    ramp = progress if s.shape == "linear" else progress * progress * (3 - 2 * progress)
    rate = s.start_share_rate + (target - s.start_share_rate) * ramp
    after = np.maximum(0.0, m - max(1, s.ramp_months))
    rate = rate * np.where(after > 0, s.decay_floor + (1 - s.decay_floor) * (1 - s.decay_per_month) ** after, 1.0)
    rate = rate * np.where(np.isin(calendar_months(s), SUMMER), 1 - s.summer_dip, 1.0)
    return np.clip(rate, 0.0, cap)


def calendar_months(settings: TimelineSettings) -> np.ndarray:
    return (settings.launch_month - 1 + np.arange(settings.months)) % 12 + 1


def check_launch_rate(scenario: Scenario, settings: TimelineSettings) -> None:
    """With groups the share rate tops out where the keenest group shares every story: a launch rate above it
    cannot happen, and a ramp-up printed "from 100 %" while it ran at the cap would contradict its own figures."""
    cap = scenario.share_rate_cap
    if settings.start_share_rate > cap:
        raise ScenarioError([f"start_share_rate: {settings.start_share_rate:.4g} is above the share rate's cap with "
                             f"these groups ({cap:.4g}: group {scenario.keenest_group!r} shares every story there)"])


def timeline(scenario: Scenario, settings: TimelineSettings | None = None) -> Timeline:
    """Month by month: share rate, value, cost, cumulative value and cost, and the payback month."""
    s = settings or TimelineSettings()
    check_launch_rate(scenario, s)
    rates = share_rates(scenario.share_rate, s, scenario.share_rate_cap)
    ev = evaluate(scenario, share_rate=rates)
    cost = ev.program_cost_per_month + np.where(np.arange(s.months) == 0, s.launch_cost, 0.0)
    total = ev.total_value_per_month
    table = pd.DataFrame({
        "month": np.arange(1, s.months + 1),
        "calendar_month": [calendar.month_abbr[c] for c in calendar_months(s)],
        "share_rate": rates,
        "value_per_month": ev.value_per_month,
        "total_value_per_month": total,
        "program_cost_per_month": cost,
        "net_value_per_month": total - cost,
        "cumulative_value": np.cumsum(total),
        "cumulative_cost": np.cumsum(cost),
    })
    table["cumulative_net"] = table["cumulative_value"] - table["cumulative_cost"]
    if table["cumulative_cost"].iloc[-1] <= 0:
        return Timeline(table, None, "no program or launch cost entered, so there is nothing to pay back")
    paid = np.nonzero((table["cumulative_cost"] > 0) & (table["cumulative_net"] >= 0))[0]
    if paid.size == 0:
        return Timeline(table, None, f"not paid back within {s.months} months")
    return Timeline(table, int(paid[0]) + 1, "")
