"""advocacy-calc export: the app's downloads without a browser, for many cases at once.

    advocacy-calc export scenario.json --format xlsx -o case.xlsx
    advocacy-calc export scenario.json --format pdf --paper letter -o case.pdf
    advocacy-calc export scenario.json --format pptx -o case.pptx
    advocacy-calc export scenario.json --format csv --table sweep -o sweep.csv   (-o - for stdout)
"""

import argparse
import os
import sys
import tempfile

from ..errors import ScenarioError
from ..exports import export_bytes
from .reading import read_scenario_checked

EXPORT_FORMATS = ("xlsx", "pdf", "pptx", "csv")
CSV_TABLES = ("results", "networks", "assumptions", "sweep", "groups")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the workbook, one-page PDF, slides or a CSV table of a scenario")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or - for stdin")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="file to write (- writes to stdout, for csv only)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size (default: a4)")
    p.add_argument("--table", choices=CSV_TABLES, default="results", help="which table for csv (default: results)")
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    problems = []
    if args.output == "-" and args.format != "csv":
        problems.append(f"--output: a {args.format} file is binary; give a file name, not -")
    elif args.output != "-":
        folder = os.path.dirname(os.path.abspath(args.output))
        if os.path.isdir(args.output):
            problems.append(f"--output: {args.output} is a directory")
        elif not os.path.isdir(folder):
            problems.append(f"--output: no such directory {folder}")
    scenario = read_scenario_checked(args.scenario, problems)
    data = export_bytes(scenario, args.format, paper=args.paper, table=args.table)
    if args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return 0
    # Written beside the target, then renamed over it: a full disk leaves the earlier file as it was.
    target = os.path.abspath(args.output)
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=".advocacy-export-", dir=os.path.dirname(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise ScenarioError([f"--output: cannot write {args.output} ({exc.strerror or exc}); "
                             "an earlier file of that name is unchanged"]) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
    return 0


def _file_mode(path: str) -> int:
    """The mode the file would have had if opened directly: its current one, else 0666 less the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
