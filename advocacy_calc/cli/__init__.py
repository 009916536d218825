"""advocacy-calc: the value model from the command line.

    advocacy-calc example [--preset NAME] > scenario.json
    advocacy-calc presets
    advocacy-calc compute scenario.json [--format json|table]
    advocacy-calc sweep scenario.json --param share_rate --steps 101 [--by-network | --by-group] [--stop X]

Exit codes: 0 done, 1 the output could not be written, or an unexpected failure (a bug: one line, no
traceback), 2 bad input (one `error: <field>: <message>` line per problem on stderr).

One module per command group: this one (main and the value model's commands), forecast
(simulate, timeline), measure (measure, utm), export (export); reading reads a command's
scenario for all of them. A door: may import the whole package, nothing imports it.
"""

import argparse
import errno
import importlib
import json
import math
import os
import sys

from ..errors import ScenarioError
from ..exports.tables import rounded_columns
from ..exports.text import GROUP_HEADERS, group_rows, total_note
from ..groups import group_results
from ..formatting import break_even, count, currency_of, money, percent
from ..presets import DEFAULT_PRESET, PRESET_NOTES, PRESETS
from ..results import Results, compute
from ..safecells import safe_frame
from ..scenario import MAX_PEOPLE, Scenario
from ..sweep import MAX_STEPS, SWEEP_PARAMS, sweep, sweep_by_group, sweep_by_network
# MAX_FILE_BYTES and read_scenario are also the package's public face (tests, embedding).
from .reading import MAX_FILE_BYTES, read_scenario, read_scenario_checked

# Subcommands that live in modules of their own (one job each): each module has
# add_commands(sub), registering parsers whose run(args) returns an exit code and raises
# ScenarioError for bad input. Heavy libraries are imported inside run, so `compute` stays fast.
COMMAND_MODULES: tuple[str, ...] = ("forecast", "measure", "export")


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (never raises, never prints a traceback)."""
    _tolerant_output()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): argparse has said why
        return exc.code if isinstance(exc.code, int) else 2 if exc.code else 0
    if sys.stdout is None:  # started with `>&-`: writing must fail in words, not vanish
        sys.stdout = _ClosedOutput()
    try:
        code = args.run(args)
        sys.stdout.flush()  # here, not at exit: a full disk is reported below
        return code
    except ScenarioError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `advocacy-calc sweep ... | head`: the reader left, nothing to report
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # stdout closed (>&-) or its disk full (> /dev/full)
        _silence_stdout()
        why = "standard output is closed" if exc.errno == errno.EBADF else exc.strerror or str(exc)
        print(f"error: cannot write the output ({why})", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of ours: say what, in one line, and fail
        detail = str(exc).strip().splitlines()
        print(f"error: unexpected {type(exc).__name__}" + (f": {detail[0]}" if detail else ""), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advocacy-calc",
                                     description="What is an employee advocacy program worth?")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("example", help="print a preset scenario as JSON, a starting point to edit")
    p.add_argument("--preset", default=DEFAULT_PRESET, choices=list(PRESETS), metavar="NAME",
                   help=f"one of: {', '.join(PRESETS)} (default: {DEFAULT_PRESET})")
    p.set_defaults(run=cmd_example)

    p = sub.add_parser("presets", help="list the preset scenarios")
    p.set_defaults(run=cmd_presets)

    p = sub.add_parser("compute", help="compute every headline figure of a scenario")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or - for stdin")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(run=cmd_compute)

    p = sub.add_parser("sweep", help="CSV of the figures as share_rate or participants runs over a range")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or - for stdin")
    p.add_argument("--param", choices=SWEEP_PARAMS, default="share_rate")
    p.add_argument("--steps", type=int, default=101, help=f"points, 2 to {MAX_STEPS:,} (default: 101)")
    p.add_argument("--stop", type=float, default=None,
                   help="last value (default: for share_rate 1, or with groups where the keenest group "
                        "shares every story; workforce or 2x participants)")
    by = p.add_mutually_exclusive_group()
    by.add_argument("--by-network", action="store_true", help="one row per point and network")
    by.add_argument("--by-group", action="store_true", help="one row per point and group of advocates")
    p.set_defaults(run=cmd_sweep)

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").add_commands(sub)
    return parser


def cmd_example(args: argparse.Namespace) -> int:
    # JSON float repr round-trips exactly, so compute() of this output gives the golden values.
    print(json.dumps(PRESETS[args.preset].model_dump(mode="json"), indent=2))
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    width = max(map(len, PRESETS))
    for name in PRESETS:
        print(f"{name:<{width}}  {PRESET_NOTES.get(name, '')}".rstrip())
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    scenario = read_scenario(args.scenario)
    results = compute(scenario)
    if args.format == "table":
        print(_results_table(scenario, results))
    else:
        # allow_nan=False: better to fail loudly than to print JSON other tools reject.
        out = results.model_dump(mode="json")
        if scenario.groups:  # each group's part; a file without groups prints exactly as before
            out["groups"] = [g.model_dump(mode="json") for g in group_results(scenario)]
        print(json.dumps(out, indent=2, allow_nan=False))
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    # Report bad options and a bad scenario together, so one run shows every problem.
    problems = _sweep_option_problems(args)
    scenario = read_scenario_checked(args.scenario, problems)
    cap = scenario.share_rate_cap
    if args.param == "share_rate" and args.stop is not None and args.stop > cap:
        raise ScenarioError([f"--stop: {args.stop:g} is above the share rate's cap with these groups ({cap:.4g}: "
                             f"group {scenario.keenest_group!r} shares every story there)"])
    table = sweep_by_network if args.by_network else sweep_by_group if args.by_group else sweep
    frame = table(scenario, args.param, args.steps, args.stop)
    # Rounded as every CSV (no 10021.724999999999), the swept grid as it is; "\n" because stdout translates
    # newlines itself. Group and network names are the user's text: never a formula in a spreadsheet.
    safe_frame(rounded_columns(frame, keep=(args.param,))).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _sweep_option_problems(args: argparse.Namespace) -> list[str]:
    problems = []
    if not 2 <= args.steps <= MAX_STEPS:
        problems.append(f"--steps: {args.steps:,} is out of range (allowed 2 to {MAX_STEPS:,})")
    if args.stop is not None:
        top = 1.0 if args.param == "share_rate" else float(MAX_PEOPLE)
        if not (math.isfinite(args.stop) and 0 < args.stop <= top):
            problems.append(f"--stop: {args.stop:g} is out of range for {args.param} "
                            f"(allowed above 0, at most {top:,.0f})")
    return problems


def _groups_table(s: Scenario) -> str:
    return _table(GROUP_HEADERS, [(_printable(row[0]), *row[1:]) for row in group_rows(s)])


def _results_table(s: Scenario, r: Results) -> str:
    cur = currency_of(s)
    lead_note = "" if r.lead_savings_in_total else " (not in total)"
    rows = [
        ("Valuation basis", r.valuation_basis),
        ("Sharers per story", count(r.sharers_per_story, cur)),
        ("Impressions per story", count(r.impressions_per_story, cur)),
        ("Value per story", money(r.value_per_story, cur)),
        ("Stories per month", count(r.stories_per_month, cur)),
        ("Impressions per month", count(r.impressions_per_month, cur)),
        ("Value per month", money(r.value_per_month, cur)),
        ("Value per year", money(r.value_per_year, cur)),
        ("Advocacy leads per month", count(r.advocacy_leads_per_month, cur)),
        ("CPL savings per month", money(r.cpl_savings_per_month, cur) + lead_note),
        ("Hiring savings per month", money(r.hiring_savings_per_month, cur)),
        ("Total value per month", money(r.total_value_per_month, cur)),
        ("Program cost per month", money(r.program_cost_per_month, cur)),
        ("Net value per month", money(r.net_value_per_month, cur)),
        ("ROI", percent(r.roi, locale=cur)),
        ("Break-even share rate", break_even(r.break_even_share_rate, cur)),
    ]
    if r.adoption is not None:
        rows.append(("Adoption", percent(r.adoption, locale=cur)))
    networks = [(n.name, count(n.impressions_per_story, cur), money(n.value_per_story, cur),
                 money(n.value_per_month, cur), n.basis_used) for n in r.networks]
    parts = [_printable(s.name)] if s.name else []
    parts += [_table(("Figure", "Value"), rows),
              _table(("Network", "Impressions/story", "Value/story", "Value/month", "Basis"), networks)]
    if s.groups:
        parts.append(_groups_table(s))
    note = total_note(s, r)
    if note:  # a part left out, or rounded parts that do not add up to the rounded total
        parts.append(note)
    if r.clicks_counted_twice:
        parts.append("Note: clicks are valued as clicks and again as leads; "
                     "set demand.include_in_total to false to count them once.")
    return "\n\n".join(parts)


def _printable(text: str) -> str:
    """Text for a terminal: control characters (escape sequences that would recolour or retitle it) as \\x.."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Plain aligned columns: the first left-aligned (labels), the others right-aligned (figures)."""
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _tolerant_output() -> None:
    # A currency sign on a non-UTF-8 console must not turn a good result into a crash.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


class _ClosedOutput:
    """Standard output when the process was started without one."""

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    @property
    def buffer(self) -> "_ClosedOutput":
        return self


def _silence_stdout() -> None:
    # After a broken pipe, Python would complain again when flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
