"""advocacy-calc measure / utm: the program's metrics from its exports, and the UTM link plan.

    advocacy-calc measure --shares FILE [--roster FILE] [--analytics FILE] [--leads FILE]
                          [--scenario SCENARIO.json] [--mapping MAPPING.json] [--rows N] [--period FIRST:LAST]
    advocacy-calc utm --urls FILE --campaign NAME [--scenario SCENARIO.json] [--networks LinkedIn,X]
"""

import argparse
import datetime as dt
import json
import sys

from ..errors import ScenarioError
from .reading import read_scenario, read_scenario_noting

KIND_OPTIONS = ("shares", "roster", "analytics", "leads")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("measure", help="the program's metrics from its exports (CSV or XLSX), as JSON")
    p.add_argument("--shares", metavar="FILE", required=True, help="one row per share (advocacy platform)")
    p.add_argument("--roster", metavar="FILE", help="one row per employee: team, invited, registered")
    p.add_argument("--analytics", metavar="FILE", help="web analytics sessions by source / medium / campaign")
    p.add_argument("--leads", metavar="FILE", help="CRM leads: source or UTM, stage, amount, created")
    p.add_argument("--scenario", metavar="SCENARIO.json", help="workforce and cost per lead come from here; "
                   "the output then also has the calibrated scenario")
    p.add_argument("--mapping", metavar="MAPPING.json", help="column mapping saved from the app (else the "
                   "scenario's import_mapping, else guessed)")
    p.add_argument("--rows", type=int, default=20, help="rows per table (default 20; 0 for all)")
    p.add_argument("--period", metavar="FIRST:LAST", help="count only these days, e.g. 2026-03-01:2026-03-31 "
                   "(default: where the shares and leads overlap; the JSON's period_basis says which)")
    p.set_defaults(run=cmd_measure)

    p = sub.add_parser("utm", help="UTM-tagged links for story URLs × networks, as CSV")
    p.add_argument("--urls", metavar="FILE", required=True, help="story URLs, one per line (or - for stdin)")
    p.add_argument("--campaign", metavar="NAME", required=True, help="campaign name (utm_campaign)")
    p.add_argument("--scenario", metavar="SCENARIO.json", help="its networks are tagged (default: LinkedIn)")
    p.add_argument("--networks", metavar="A,B", help="comma-separated networks instead of the scenario's")
    p.set_defaults(run=cmd_utm)


def _read_export(path: str, label: str) -> tuple[str, bytes]:
    from ..measure.reading import MAX_EXPORT_BYTES  # lazy: load time (the measuring package)
    shown = path if path.isprintable() else ascii(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_EXPORT_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([f"--{label} {shown}: no such file"]) from None
    except IsADirectoryError:
        raise ScenarioError([f"--{label} {shown}: is a directory, not an export"]) from None
    except (OSError, ValueError) as exc:
        raise ScenarioError([f"--{label} {shown}: cannot read ({getattr(exc, 'strerror', None) or exc})"]) from None
    return path, data


def cmd_measure(args: argparse.Namespace) -> int:
    # Lazy for load time: the measuring package loads only for the commands that measure.
    from ..measure import calibrate, mappings_from_json, measure

    problems: list[str] = []
    files = {}
    for kind in KIND_OPTIONS:
        path = getattr(args, kind)
        if path:
            try:
                files[kind] = _read_export(path, kind)
            except ScenarioError as exc:
                problems += exc.problems
    scenario = mappings = None
    if args.scenario:
        scenario = read_scenario_noting(args.scenario, problems)
    if args.mapping:
        try:
            mappings = mappings_from_json(_read_export(args.mapping, "mapping")[1])
        except ScenarioError as exc:
            problems += exc.problems
    if args.rows < 0:
        problems.append(f"--rows: {args.rows} is negative")
    period = _period(args.period, problems) if args.period else None
    if problems:
        raise ScenarioError(problems)
    if mappings is None and scenario is not None and scenario.import_mapping:
        mappings = scenario.import_mapping  # saved with the scenario (Team library, app export)
    exports, loaded, bad = _load_isolated(files, mappings)
    if bad:  # nothing half-imported: any failing file stops the run
        raise ScenarioError([line for lines in bad.values() for line in lines])
    measured = measure(exports, workforce=scenario.workforce if scenario else None,
                       cost_per_lead=scenario.demand.cost_per_lead if scenario else 0.0, period=period,
                       cpc_by_network={n.name: n.cpc for n in scenario.networks if n.cpc > 0} if scenario else None)
    out = measured.to_json(max_rows=args.rows or None)
    if scenario is not None:
        cal = calibrate(measured, scenario)
        # It carries the mapping these files were read with, so the file reproduces this run.
        out["calibrated_scenario"] = {**cal.scenario.model_dump(mode="json"),
                                      "import_mapping": {**cal.scenario.import_mapping,
                                                         **{k: item.mapping for k, item in loaded.items()}}}
        out["from_data"] = cal.from_data
        out["notes"] = cal.notes
    print(json.dumps(out, indent=2, allow_nan=False))
    return 0


def _load_isolated(files, mappings):
    """load_all, workbooks read in a worker process under a memory limit: a Rust allocation failure in
    the spreadsheet reader aborts the process it happens in, and that is then the worker, never this
    command (the app reads every upload the same way). CSV is read here: pandas raises MemoryError.
    Without POSIX (Windows) the guard alone stands before the reader."""
    from ..measure import load_all  # lazy: load time
    from ..measure.reading import read_table
    from ..measure.sheetguard import is_workbook
    from ..measure.worker import AVAILABLE, ReaderWorker

    if not AVAILABLE:
        return load_all(files, mappings)
    worker = ReaderWorker(quiet=True)

    def read(data: bytes, filename: str, max_bytes: int):
        if is_workbook(data) and len(data) <= max_bytes:
            return worker.read(data, filename)[0]
        return read_table(data, filename, max_bytes)

    try:
        return load_all(files, mappings, read=read)
    finally:
        worker.close()


def _period(text: str, problems: list[str]):
    """'2026-03-01:2026-03-31' -> (first, last) as timestamps; a problem naming --period otherwise."""
    import pandas as pd  # lazy: load time (the CLI starts without pandas)

    try:
        first_text, last_text = text.split(":")
        first, last = dt.date.fromisoformat(first_text.strip()), dt.date.fromisoformat(last_text.strip())
    except ValueError:
        problems.append(f"--period: {text!r} is not FIRST:LAST as dates, e.g. 2026-03-01:2026-03-31")
        return None
    from ..measure.parsing import DATE_MAX, DATE_MIN  # lazy: load time

    # The readers' rule: 9999-12-31 and 0001-01-01 are placeholders (and beyond pandas' dates).
    outside = [d for d in (first, last) if not DATE_MIN.date() <= d <= DATE_MAX.date()]
    if outside:
        problems.append(f"--period: {outside[0].isoformat()} is a placeholder, not a real date (dates before "
                        f"{DATE_MIN.year} or after {DATE_MAX.year} are read as no date); give the real first "
                        "and last days, e.g. 2026-03-01:2026-03-31")
        return None
    if first > last:
        problems.append(f"--period: {text!r} ends before it starts")
        return None
    return pd.Timestamp(first), pd.Timestamp(last)


def cmd_utm(args: argparse.Namespace) -> int:
    from ..measure.utm import parse_url_list, plan, safe_csv  # lazy: load time

    if args.urls == "-":
        text = sys.stdin.read()
    else:
        data = _read_export(args.urls, "urls")[1]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if args.networks:
        networks = [n.strip() for n in args.networks.split(",") if n.strip()]
    elif args.scenario:
        networks = [n.name for n in read_scenario(args.scenario).networks]
    else:
        networks = ["LinkedIn"]
    urls = parse_url_list(text)
    if not urls:
        raise ScenarioError([f"--urls {args.urls}: no URLs found (one per line)"])
    frame, problems = plan(urls, networks, args.campaign)
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    if frame.empty:
        raise ScenarioError(["--urls: no valid URL to tag"] + problems)
    sys.stdout.write(safe_csv(frame))
    return 0
