"""Start the what-if from measured reality: a scenario whose inputs come from the metrics.

What comes from data (issue 6 §3):
- participants: the measured participants (registered, else roster, else sharers);
- share_rate: mean over stories of distinct sharers ÷ participants;
- stories_per_day: distinct stories shared ÷ working days (Monday-Friday) in the period;
- per network, presence: the share of (sharer, story) pairs that include the network;
- per network, ctr: clicks ÷ estimated impressions, impressions = shares × connections ×
  visibility (the model's own formula; clicks per share is shown too but is not the CTR);
- demand: advocacy leads per month, in direct mode.
Everything else (connections, visibility, CPM, CPC, cost per lead, costs) stays as it was:
benchmarks or the user's own figures.
"""

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import validate_scenario
from ..formatting import count, fixed_percent, in_locale
from ..presets import network_defaults
from ..results import Results
from ..groups import group_sizes, with_group_sizes
from ..scenario import MAX_PEOPLE, AdvocateGroup, Scenario, name_key
from .metrics import Exports, Measured, measure, network_name, with_teams

MAX_CTR = 0.1  # the sidebar's click-through slider ends here
MAX_STORIES_PER_DAY = 10.0


@dataclass
class Calibration:
    scenario: Scenario
    from_data: dict[str, str] = field(default_factory=dict)  # input key -> how it was measured
    still_benchmarks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def calibrate(measured: Measured, scenario: Scenario) -> Calibration:
    """The scenario with every input the data can tell replaced by its measured value."""
    s = measured.summary
    data = scenario.model_dump(mode="json")
    from_data: dict[str, str] = {}
    notes: list[str] = []
    loc = scenario.locale  # the notes' counts and rates print as the scenario's figures do

    def n(value: float) -> str:
        return count(value, loc)

    participants = s.get("participants")
    if participants:
        data["participants"] = min(int(participants), MAX_PEOPLE)
        from_data["participants"] = f"{n(participants)} participants measured"
        if data.get("workforce") and data["participants"] > data["workforce"]:
            notes.append(f"Workforce {n(data['workforce'])} was below the measured participants; left empty.")
            data["workforce"] = None
    if s.get("share_rate") is not None:
        data["share_rate"] = round(float(s["share_rate"]), 4)
        from_data["share_rate"] = f"mean over {n(s['stories'])} stories of sharers ÷ participants"
    if s.get("stories") and s.get("working_days"):
        per_day = s["stories"] / s["working_days"]
        if per_day > MAX_STORIES_PER_DAY:
            notes.append(f"{in_locale(f'{per_day:.1f}', loc)} stories per working day measured; the input stops at "
                         f"{in_locale(f'{MAX_STORIES_PER_DAY:g}', loc)}.")
        data["stories_per_day"] = round(min(per_day, MAX_STORIES_PER_DAY), 2)
        from_data["stories_per_day"] = f"{n(s['stories'])} stories ÷ {n(s['working_days'])} working days"
    nets = measured.tables.get("networks")
    if nets is not None and len(nets):
        data["networks"] = _networks(nets, scenario, from_data, notes)
    if s.get("advocacy_leads_per_month") is not None:
        data["demand"] = {**data["demand"], "mode": "direct",
                          "advocacy_leads_per_month": round(float(s["advocacy_leads_per_month"]), 1)}
        months = in_locale(f"{s['months']:.1f}", loc)
        from_data["demand.advocacy_leads_per_month"] = f"{n(s['advocacy_leads'])} advocacy leads over {months} months"
    data["provenance"] = {**data.get("provenance", {}), **_measured(from_data, s)}
    new = validate_scenario(data)
    keys = set(from_data)
    still = [k for k in _benchmark_keys(new) if k not in keys]
    return Calibration(new, from_data, still, notes)


def _networks(nets: pd.DataFrame, scenario: Scenario, from_data: dict[str, str], notes: list[str]) -> list[dict]:
    out = []
    unknown = []
    loc = scenario.locale
    for row in nets.itertuples(index=False):
        name = network_name(row.network)
        if name is None:
            unknown.append(str(row.network))
            continue
        if any(n["name"] == name for n in out):
            continue
        base = scenario.network(name) or network_defaults(name)
        net = base.model_dump(mode="json")
        net["presence"] = round(min(1.0, float(row.presence)), 4)
        from_data[f"networks.{name}.presence"] = "share of (sharer, story) pairs on this network"
        clicks = getattr(row, "clicks", None)
        impressions = float(row.shares) * base.connections * base.visibility
        if clicks is not None and impressions > 0:
            ctr = float(clicks) / impressions
            if ctr > MAX_CTR:
                cap = fixed_percent(MAX_CTR, 0, loc)
                notes.append(f"{name}: measured CTR {fixed_percent(ctr, 2, loc)} (clicks ÷ shares × connections × "
                             f"visibility) is above {cap}; check connections and visibility. Capped at {cap}.")
                ctr = MAX_CTR
            net["ctr"] = round(ctr, 5)
            from_data[f"networks.{name}.ctr"] = (
                f"{in_locale(f'{clicks:,.0f}', loc)} clicks ÷ ({in_locale(f'{row.shares:,}', loc)} shares × "
                f"{in_locale(f'{base.connections:,.0f}', loc)} connections × "
                f"{fixed_percent(base.visibility, 0, loc)} seen)")
        out.append(net)
    if unknown:
        notes.append(f"Networks not in the model, left out: {', '.join(sorted(unknown)[:5])}.")
    return out or [n.model_dump(mode="json") for n in scenario.networks]


def _measured(from_data: dict[str, str], summary: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each measured input's provenance: the period it was measured over, then how (kept short)."""
    start, end = summary.get("period_start"), summary.get("period_end")
    period = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}" if start is not None and end is not None else "period not known"
    # a note is one line of printable text (the model's rule): the locale's no-break spaces (1 000, 50 %) as spaces
    return {path: {"kind": "measured", "note": _spaced(f"{period}, {how}")[:200]} for path, how in from_data.items()}


def _spaced(text: str) -> str:
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def _benchmark_keys(s: Scenario) -> list[str]:
    keys = ["participants", "share_rate", "stories_per_day"]
    for n in s.networks:
        keys += [f"networks.{n.name}.{f}" for f in ("connections", "visibility", "presence", "cpm", "cpc", "ctr")]
    keys += ["demand.advocacy_leads_per_month", "demand.cost_per_lead"]
    return keys


# --- By group: the roster's teams mapped to groups of advocates ------------------------------------

def group_measurements(ex: Exports, team_groups: dict[str, str], stories: int,
                       period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> list[tuple[str, int, float | None]]:
    """(group, participants, share rate) of each group's teams (their shares and roster, the same period), in
    the order groups are first mapped; a team mapped to "" is left out. A group's share rate is over all the
    program's `stories` (a story none of its people shared counts as 0), so the groups' rates weighted by
    participants are the program's measured share rate."""
    ex = with_teams(ex)
    out = []
    for name in dict.fromkeys(g.strip() for g in team_groups.values() if g and g.strip()):
        teams = {t for t, g in team_groups.items() if g and g.strip() == name}
        only = Exports(*(None if f is None else f[f["team"].isin(teams)] if "team" in f else f
                         for f in (ex.shares, ex.roster)), ex.analytics, ex.leads)
        s = measure(only, period=period).summary
        own, shared = s.get("share_rate"), s.get("stories") or 0
        # mean over its own stories of sharers ÷ participants, times its stories ÷ the program's
        rate = None if own is None or not stories else own * shared / stories
        out.append((name, int(s.get("participants") or 0), rate))
    return out


def calibrate_by_group(measured: Measured, ex: Exports, team_groups: dict[str, str], scenario: Scenario,
                       period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> Calibration:
    """As calibrate, and with two or more groups each mapped group's participants and measured share rate:
    the total is the groups' sum and the share rate their weighted mean (a group already in the scenario keeps
    its own seat cost, presence and connections). A scenario's group no team maps to is kept as it was (its
    participants and its own share rate: the data says nothing of it), and the notes say so; a mapped group
    whose teams have no participants in the data is left out, and the notes say that too."""
    # The program as one group first (its measured mean may pass the cap of the scenario's groups); the
    # groups are set below, each from the data or kept as it was.
    cal = calibrate(measured, scenario.model_copy(update={
        "groups": [], "provenance": {k: v for k, v in scenario.provenance.items() if not k.startswith("groups.")}}))
    if period is None and measured.summary.get("period_start") is not None:  # the program's own period
        period = (measured.summary["period_start"], measured.summary["period_end"])
    measured_rows = group_measurements(ex, team_groups, int(measured.summary.get("stories") or 0), period)
    rows = [r for r in measured_rows if r[1] > 0]
    loc = scenario.locale
    mapped = {name_key(n) for n, _, _ in measured_rows}
    sizes = dict(zip((name_key(g.name) for g in scenario.groups), zip(*group_sizes(scenario)[1:])))
    kept = [g for g in scenario.groups if name_key(g.name) not in mapped]
    empty = [n for n, p, _ in measured_rows if p <= 0]
    if not rows or len(rows) + len(kept) < 2:
        cal.notes.append("Fewer than two groups have participants in the data: the program "
                         + ("stays one group." if not scenario.groups else
                            f"is one group (was {len(scenario.groups)}), at its measured participants and share rate."))
        cal.notes += [f"{name}: its teams have no participants in the data; left out." for name in empty]
        return cal
    # the scenario's order, then groups new to it in the order the teams first map to them
    measured_by = {name_key(n): (p, r or 0.0) for n, p, r in rows}
    order = [g for g in scenario.groups if name_key(g.name) in measured_by or g in kept]
    order += [AdvocateGroup(name=n, weight=1.0) for n, _, _ in rows
              if not any(name_key(g.name) == name_key(n) for g in order)]
    people = [measured_by[name_key(g.name)][0] if name_key(g.name) in measured_by else sizes[name_key(g.name)][0]
              for g in order]
    rates = [measured_by[name_key(g.name)][1] if name_key(g.name) in measured_by else sizes[name_key(g.name)][1]
             for g in order]
    base = cal.scenario
    if kept and base.workforce is not None and sum(people) > base.workforce + 0.5:
        cal.notes.append(f"Workforce {count(base.workforce, loc)} was below the participants with the kept groups; "
                         "left empty.")
        base = base.model_copy(update={"workforce": None})
    new = with_group_sizes(base, order, people, rates)
    for g in kept:
        p, r = sizes[name_key(g.name)]
        cal.notes.append(f"{g.name}: no team maps to it, so the data says nothing of it. Kept as it was: "
                         f"{count(p, loc)} participants at a share rate of {fixed_percent(r, 1, loc)}, added to the "
                         "measured ones (map its teams to it to measure it).")
    for name in empty:
        cal.notes.append(f"{name}: its teams have no participants in the data; left out.")
    measured_groups = [(g, measured_by[name_key(g.name)]) for g in new.groups if name_key(g.name) in measured_by]
    how = {f"groups.{g.name}.weight": f"participants {in_locale(f'{p:,}', loc)} (the teams mapped to it)"
           for g, (p, _) in measured_groups}
    how |= {f"groups.{g.name}.relative_share_rate": f"share rate {fixed_percent(r, 1, loc)} over its teams' "
            "stories" for g, (_, r) in measured_groups}
    total = sum(p for _, p, _ in rows)
    how["participants"] = (f"{in_locale(f'{total:,}', loc)} participants in the mapped teams"
                           + (f", and {count(sum(people) - total, loc)} in groups no team maps to" if kept else ""))
    how["share_rate"] = ("the groups' measured share rates, weighted by participants" if not kept else
                         "the groups' share rates (measured, or kept where no team maps), weighted by participants")
    names = {name_key(g.name) for g in new.groups}  # the groups' own inputs keep their sources
    own = {k: v.model_dump() for k, v in scenario.provenance.items()
           if k.startswith("groups.") and name_key(k.split(".")[1]) in names}
    provenance = {**own, **{k: v.model_dump() for k, v in new.provenance.items()}, **_measured(how, measured.summary)}
    cal.scenario = validate_scenario({**new.model_dump(), "provenance": provenance})
    cal.from_data.update(how)
    return cal


# --- Forecast vs actual ---------------------------------------------------------------------

FORECAST, ACTUAL = "Forecast", "Measured"


def forecast_vs_actual(measured: Measured, results: Results, working_days_per_month: float) -> pd.DataFrame:
    """Per measured month and measure: the scenario's monthly forecast beside what happened.

    A month the data covers only in part gets the forecast for its covered working days.
    """
    monthly = measured.tables.get("monthly")
    leads = measured.tables.get("leads_monthly")
    s = measured.summary
    if (monthly is None or monthly.empty) and (leads is None or leads.empty):
        return pd.DataFrame(columns=["month", "measure", "kind", "value", "coverage"])
    first, last = s["period_start"], s["period_end"]
    months = pd.period_range(first, last, freq="M")
    rows = []
    for p in months:
        lo, hi = max(p.start_time, first), min(p.end_time.normalize(), last)
        covered = pd.bdate_range(lo, hi).size
        full = pd.bdate_range(p.start_time, p.end_time.normalize()).size or 1
        coverage = covered / full
        month = p.start_time
        forecasts = {"Shares": results.shares_per_month, "Clicks": results.clicks_per_month,
                     "Advocacy leads": results.advocacy_leads_per_month}
        actuals = {}
        if monthly is not None and not monthly.empty:
            m = monthly.set_index("month")
            actuals["Shares"] = float(m["sharer_stories"].get(month, 0))
            if "clicks" in m:
                actuals["Clicks"] = float(m["clicks"].get(month, 0))
        if leads is not None and not leads.empty:
            actuals["Advocacy leads"] = float(leads.set_index("month")["advocacy_leads"].get(month, 0))
        for measure, actual in actuals.items():
            rows.append((month, measure, FORECAST, forecasts[measure] * coverage, coverage))
            rows.append((month, measure, ACTUAL, actual, coverage))
    return pd.DataFrame(rows, columns=["month", "measure", "kind", "value", "coverage"])
