"""advocacy-calc simulate / timeline: the forecast from the command line.

    advocacy-calc simulate scenario.json [--draws N] [--seed S] [--distribution pert|triangular]
                                         [--benchmark-ranges]
    advocacy-calc timeline scenario.json [--months M] [--ramp-months N] [--start-share-rate R]   (payback on stderr)
                                         [--shape linear|s-curve] [--decay D] [--decay-floor F]
                                         [--summer-dip P] [--launch-month 1-12] [--launch-cost C]
"""

from __future__ import annotations

import argparse
import json
import sys

from pydantic import ValidationError

from ..forecast.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, DISTRIBUTIONS, MAX_DRAWS, simulate
from ..forecast.timeline import TimelineSettings, timeline
from ..ranges import default_ranges, with_ranges
from .reading import read_scenario_checked

SETTING_OPTIONS = {"months": "--months", "ramp_months": "--ramp-months", "start_share_rate": "--start-share-rate",
                   "shape": "--shape", "decay_per_month": "--decay", "decay_floor": "--decay-floor",
                   "summer_dip": "--summer-dip", "launch_month": "--launch-month", "launch_cost": "--launch-cost"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="Monte Carlo over the scenario's ranges: P10/P50/P90 as JSON")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file (ranges in its 'ranges' object), or -")
    p.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help=f"1 to {MAX_DRAWS:,} (default: {DEFAULT_DRAWS:,})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"0 or more; the same seed, the same figures "
                                                                     f"(default: {DEFAULT_SEED})")
    p.add_argument("--distribution", choices=DISTRIBUTIONS, default="pert")
    p.add_argument("--benchmark-ranges", action="store_true",
                   help="give every uncertain input the file does not range its benchmark range")
    p.set_defaults(run=cmd_simulate)

    p = sub.add_parser("timeline", help="month-by-month ramp-up, cost and payback as CSV",
                       description="The months as CSV on stdout; the payback month as one line on stderr "
                                   "('payback: month 7', or 'payback: none (why)'), so the CSV stays clean.")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or -")
    p.add_argument("--months", type=int, default=24, help="12 to 36 (default: 24)")
    p.add_argument("--ramp-months", type=int, default=6, help="months to reach the scenario's share rate (default: 6)")
    p.add_argument("--start-share-rate", type=float, default=0.02, help="share rate at launch, 0..1 (default: 0.02)")
    p.add_argument("--shape", choices=("linear", "s-curve"), default="s-curve")
    p.add_argument("--decay", type=float, default=0.0, help="monthly decay after the peak, 0..1 (default: 0)")
    p.add_argument("--decay-floor", type=float, default=0.7, help="fraction of the peak decay levels off at")
    p.add_argument("--summer-dip", type=float, default=0.0, help="fraction of sharing lost in July and August")
    p.add_argument("--launch-month", type=int, default=1, help="calendar month of launch, 1-12 (default: 1)")
    p.add_argument("--launch-cost", type=float, default=0.0, help="one-off cost in month 1 (default: 0)")
    p.set_defaults(run=cmd_timeline)


def cmd_simulate(args: argparse.Namespace) -> int:
    problems = []
    if not 1 <= args.draws <= MAX_DRAWS:
        problems.append(f"--draws: {args.draws:,} is out of range (allowed 1 to {MAX_DRAWS:,})")
    if args.seed < 0:
        problems.append(f"--seed: {args.seed} is out of range (allowed 0 or more)")
    scenario = read_scenario_checked(args.scenario, problems)
    if args.benchmark_ranges:
        given = {k: v.model_dump() for k, v in scenario.ranges.items()}
        scenario = with_ranges(scenario, {**default_ranges(scenario), **given})
    if not scenario.ranges:
        print("note: the scenario has no ranges, so every draw is the point result; add a 'ranges' "
              "object or pass --benchmark-ranges", file=sys.stderr)
    sim = simulate(scenario, draws=args.draws, seed=args.seed, distribution=args.distribution)
    out = sim.model_dump(mode="json")
    out["ranges"] = {k: v.model_dump() for k, v in sorted(scenario.ranges.items())}
    print(json.dumps(out, indent=2, allow_nan=False))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    problems: list[str] = []
    settings = None
    try:
        settings = TimelineSettings(**{field: getattr(args, option[2:].replace("-", "_"))
                                       for field, option in SETTING_OPTIONS.items()})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            option = SETTING_OPTIONS.get(str(err["loc"][0]), str(err["loc"][0]))
            problems.append(f"{option}: {err['input']!r} is not allowed ({_why(err)})")
    scenario = read_scenario_checked(args.scenario, problems)
    t = timeline(scenario, settings)
    t.table.to_csv(sys.stdout, index=False, lineterminator="\n")
    sys.stdout.flush()
    print(f"payback: month {t.payback_month}" if t.payback_month else f"payback: none ({t.payback_note})",
          file=sys.stderr)
    return 0


def _why(err: dict) -> str:
    ctx = err.get("ctx") or {}
    if "ge" in ctx or "le" in ctx:
        field = TimelineSettings.model_fields[str(err["loc"][0])]
        lo = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
        hi = next((m.le for m in field.metadata if hasattr(m, "le")), None)
        return f"allowed {lo:g} to {hi:g}"
    return err["msg"]
