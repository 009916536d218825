"""advocacy-calc simulate / timeline: the forecast from the command line.

    advocacy-calc simulate scenario.json [--draws N] [--seed S] [--distribution pert|triangular]
                                         [--own-ranges]
    advocacy-calc timeline scenario.json [--months M] [--ramp-months N] [--start-share-rate R]   (payback on stderr)
                                         [--shape linear|s-curve] [--decay D] [--decay-floor F]
                                         [--summer-dip P] [--launch-month 1-12] [--launch-cost C]

Both read what the file keeps in `settings` (the app's pages: ramp-up, draws, seed, distribution) for an
option not given, and draw the ranges the exports draw, so their figures equal the PDF's.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import get_args

from pydantic import ValidationError

from ..forecast.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, DISTRIBUTIONS, MAX_DRAWS, kept_forecast, simulate
from ..exports.tables import rounded_columns
from ..forecast.timeline import TimelineSettings, ramp_of, timeline
from ..ranges import with_benchmark_ranges
from ..safecells import safe_frame
from .reading import read_scenario_checked

SETTING_OPTIONS = {"months": "--months", "ramp_months": "--ramp-months", "start_share_rate": "--start-share-rate",
                   "shape": "--shape", "decay_per_month": "--decay", "decay_floor": "--decay-floor",
                   "summer_dip": "--summer-dip", "launch_month": "--launch-month", "launch_cost": "--launch-cost"}
NOT_GIVEN = "not given: the file's 'settings', else the pages' defaults"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="Monte Carlo over the scenario's ranges: P10/P50/P90 as JSON",
                       description="The P10-P90 the exports print: benchmark ranges for the uncertain inputs the "
                                   "file does not range, its own 'ranges' where it does.")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file (ranges in its 'ranges' object), or -")
    g = p.add_argument_group(f"draws, seed and distribution ({NOT_GIVEN})")
    g.add_argument("--draws", type=int, default=None, help=f"1 to {MAX_DRAWS:,} (default: {DEFAULT_DRAWS:,})")
    g.add_argument("--seed", type=int, default=None, help=f"0 or more; the same seed, the same figures "
                                                          f"(default: {DEFAULT_SEED})")
    g.add_argument("--distribution", choices=DISTRIBUTIONS, default=None, help="(default: pert)")
    which = p.add_argument_group("ranges").add_mutually_exclusive_group()
    which.add_argument("--own-ranges", action="store_true",
                       help="draw only the ranges in the file; inputs it leaves out stay at their value")
    which.add_argument("--benchmark-ranges", action="store_true",
                       help="benchmark ranges for the inputs the file does not range (the default; kept for scripts)")
    p.set_defaults(run=cmd_simulate)

    p = sub.add_parser("timeline", help="month-by-month ramp-up, cost and payback as CSV",
                       description="The months as CSV on stdout; the payback month as one line on stderr "
                                   "('payback: month 7', or 'payback: none (why)'), so the CSV stays clean.")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or -")
    add_ramp_options(p.add_argument_group(f"ramp-up and payback (as on the app's page; {NOT_GIVEN})"))
    p.set_defaults(run=cmd_timeline)


def add_ramp_options(p: argparse.ArgumentParser) -> None:
    """The ramp-up options of `timeline` and `export`: None when not given (then the file's settings)."""
    d = TimelineSettings()
    p.add_argument("--months", type=int, help=f"12 to 36 (default: {d.months})")
    p.add_argument("--ramp-months", type=int, help=f"months to reach the scenario's share rate (default: {d.ramp_months})")
    p.add_argument("--start-share-rate", type=float, help=f"share rate at launch, 0..1 (default: {d.start_share_rate:g})")
    p.add_argument("--shape", choices=("linear", "s-curve"), help=f"(default: {d.shape})")
    p.add_argument("--decay", type=float, help=f"monthly decay after the peak, 0..0.3 (default: {d.decay_per_month:g})")
    p.add_argument("--decay-floor", type=float,
                   help=f"fraction of the peak decay levels off at, 0..1 (default: {d.decay_floor:g})")
    p.add_argument("--summer-dip", type=float,
                   help=f"fraction of sharing lost in July and August, 0..0.9 (default: {d.summer_dip:g})")
    p.add_argument("--launch-month", type=int, help=f"calendar month of launch, 1-12 (default: {d.launch_month})")
    p.add_argument("--launch-cost", type=float, help=f"one-off cost in the launch month (default: {d.launch_cost:g})")


def options_given(args: argparse.Namespace, options: dict[str, str]) -> dict:
    """{field: value} of the options (field -> option) given on the command line; the others are None."""
    given = {field: getattr(args, option[2:].replace("-", "_"), None) for field, option in options.items()}
    return {field: value for field, value in given.items() if value is not None}


def cmd_simulate(args: argparse.Namespace) -> int:
    problems = []
    if args.draws is not None and not 1 <= args.draws <= MAX_DRAWS:
        problems.append(f"--draws: {args.draws:,} is out of range (allowed 1 to {MAX_DRAWS:,})")
    if args.seed is not None and args.seed < 0:
        problems.append(f"--seed: {args.seed} is out of range (allowed 0 or more)")
    scenario = read_scenario_checked(args.scenario, problems)
    draws, seed, distribution = kept_forecast(scenario, args.draws, args.seed, args.distribution)
    if not args.own_ranges:  # as the exports: their P10-P90 and this one are the same figures
        scenario = with_benchmark_ranges(scenario)
    if not scenario.ranges:
        print("note: the scenario has no ranges, so every draw is the point result; add a 'ranges' "
              "object or leave out --own-ranges", file=sys.stderr)
    sim = simulate(scenario, draws=draws, seed=seed, distribution=distribution)
    out = sim.model_dump(mode="json")
    out["ranges"] = {k: v.model_dump() for k, v in sorted(scenario.ranges.items())}
    print(json.dumps(out, indent=2, allow_nan=False))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    problems: list[str] = []
    given = options_given(args, SETTING_OPTIONS)
    try:
        TimelineSettings(**given)  # the options alone, checked before the file so both are reported at once
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            option = SETTING_OPTIONS.get(str(err["loc"][0]), str(err["loc"][0]))
            problems.append(f"{option}: {err['input']!r} is not allowed ({_why(err)})")
    scenario = read_scenario_checked(args.scenario, problems)
    # An option given wins, else the file's setting, else the page's default: as `export` and its PDF.
    settings = TimelineSettings(**{**ramp_of(scenario).model_dump(), **given})
    t = timeline(scenario, settings)
    safe_frame(rounded_columns(t.table)).to_csv(sys.stdout, index=False, lineterminator="\n")  # as every CSV
    sys.stdout.flush()
    print(f"payback: month {t.payback_month}" if t.payback_month else f"payback: none ({t.payback_note})",
          file=sys.stderr)
    return 0


def _why(err: dict, model: type = TimelineSettings) -> str:
    ctx = err.get("ctx") or {}
    if "ge" in ctx or "le" in ctx:
        field = model.model_fields[str(err["loc"][0])]
        found = [*field.metadata, *_nested_metadata(field.annotation)]
        lo = next((m.ge for m in found if getattr(m, "ge", None) is not None), None)
        hi = next((m.le for m in found if getattr(m, "le", None) is not None), None)
        if lo is not None and hi is not None:
            return f"allowed {_bound(lo)} to {_bound(hi)}"
    return err["msg"]


def _bound(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _nested_metadata(annotation) -> list:
    """Constraints inside an Optional[Annotated[...]] (the scenario's settings), where field.metadata is empty."""
    found = []
    for arg in get_args(annotation):
        found += [m for m in getattr(arg, "__metadata__", ())]
        for m in getattr(arg, "__metadata__", ()):
            found += list(getattr(m, "metadata", ()))
        found += _nested_metadata(arg)
    return found
