"""advocacy-calc export: the app's downloads without a browser, for many cases at once.

    advocacy-calc export scenario.json --format xlsx -o case.xlsx
    advocacy-calc export scenario.json --format pdf --paper letter -o case.pdf
    advocacy-calc export scenario.json --format pptx -o case.pptx
    advocacy-calc export scenario.json --format csv --table sweep -o sweep.csv   (-o - for stdout)
    advocacy-calc export scenario.json --format pdf -o case.pdf --launch-cost 20000 --ramp-months 9 --seed 7
    advocacy-calc export scenario.json --format pdf -o case.pdf --base-url https://advocacy.example.com/
    advocacy-calc export scenario.json --format png --chart networks -o networks.png
"""

import argparse
import os
import stat
import sys
import tempfile

from pydantic import ValidationError

from ..errors import ScenarioError
from ..exports import CHARTS, export_bytes
from ..forecast.montecarlo import DISTRIBUTIONS
from ..link import NO_BASE_NOTE, PUBLIC_URL_ENV, public_base_url
from ..scenario import PageSettings
from .forecast import NOT_GIVEN, SETTING_OPTIONS, _why, add_ramp_options, options_given
from .reading import read_scenario_noting

EXPORT_FORMATS = ("xlsx", "pdf", "pptx", "csv", "png", "svg")
LINKED_FORMATS = ("xlsx", "pdf", "pptx")  # the files that print the scenario's link
TEXT_FORMATS = ("csv", "svg")  # the ones -o - may write to stdout
CSV_TABLES = ("results", "networks", "assumptions", "sweep", "groups")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the workbook, one-page PDF, slides, a CSV table or a chart image "
                                      "of a scenario")
    p.add_argument("scenario", metavar="SCENARIO.json", help="scenario file, or - for stdin")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="file to write (- writes to stdout, for csv and svg only)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size (default: a4)")
    p.add_argument("--table", choices=CSV_TABLES, default="results", help="which table for csv (default: results)")
    p.add_argument("--chart", choices=CHARTS, default="participation",
                   help="which chart for png or svg: value across the share rate, or per network "
                        "(default: participation)")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help=f"the app's public address, which the scenario's link in the files starts with (default: "
                        f"${PUBLIC_URL_ENV}; neither: the files print the query string, to append to the app's address)")
    g = p.add_argument_group(f"ramp-up, payback and range (as on the app's pages; {NOT_GIVEN})")
    add_ramp_options(g)
    g.add_argument("--draws", type=int, choices=(10_000, 100_000), default=None, help="Monte Carlo draws for P10-P90")
    g.add_argument("--seed", type=int, default=None, help="Monte Carlo seed, 0 to 2147483647")
    g.add_argument("--distribution", choices=DISTRIBUTIONS, default=None)
    p.set_defaults(run=cmd_export)


# Each option and the scenario setting it sets (what the app's pages keep in `settings`).
SETTING_FIELDS = {**{f"timeline_{field}": option for field, option in SETTING_OPTIONS.items()},
                  "forecast_draws": "--draws", "forecast_seed": "--seed", "forecast_distribution": "--distribution"}


def with_options(scenario, args: argparse.Namespace, problems: list[str]):
    """The scenario with the ramp-up and forecast options given on the command line in its settings (so the
    files and the link they print carry them); a bad option is a problem naming it."""
    given = options_given(args, SETTING_FIELDS)
    if not given or scenario is None:
        return scenario
    try:
        settings = PageSettings.model_validate({**scenario.settings.model_dump(exclude_none=True), **given})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            field = str(err["loc"][0])
            problems.append(f"{SETTING_FIELDS.get(field, field)}: {err['input']!r} is not allowed ({_why(err, PageSettings)})")
        return scenario
    return scenario.model_copy(update={"settings": settings})


def cmd_export(args: argparse.Namespace) -> int:
    problems = []
    if args.output == "-" and args.format not in TEXT_FORMATS:
        problems.append(f"--output: a {args.format} file is binary; give a file name, not -")
    elif args.output != "-":
        folder = os.path.dirname(os.path.abspath(args.output))
        if os.path.isdir(args.output):
            problems.append(f"--output: {args.output} is a directory")
        elif not os.path.isdir(folder):
            problems.append(f"--output: no such directory {folder}")
    scenario = with_options(read_scenario_noting(args.scenario, problems), args, problems)
    if problems or scenario is None:
        raise ScenarioError(problems)
    base = public_base_url(args.base_url, os.environ)
    if args.format in LINKED_FORMATS and not base:
        print(f"advocacy-calc export: no --base-url or {PUBLIC_URL_ENV}: the file prints the scenario's link as a "
              f"query string only ({NO_BASE_NOTE}).", file=sys.stderr)
    data = export_bytes(scenario, args.format, paper=args.paper, table=args.table, base_url=base, chart=args.chart)
    if note := _font_note(scenario, args):  # what its fonts could not draw, in one line (the PDF says it too)
        print(note, file=sys.stderr)
    if args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return 0
    write_output(args.output, data)
    return 0


def write_output(path: str, data: bytes) -> None:
    """data into the file at `path`, never leaving it half-written and never replacing what is not a file.

    A regular file (or none yet) is written beside its real location, then renamed over it: a full disk
    leaves the earlier file as it was, and a symbolic link stays a link to the updated file. A pipe or a
    terminal (`-o /dev/stdout`, `-o >(gzip > case.gz)`) is written to as a stream; a socket or a disk
    device is refused in a sentence (renaming over `-o /dev/full` as root once deleted the device).
    """
    shown = path if path.isprintable() else ascii(path)
    try:
        mode = os.stat(path).st_mode  # through links: what the output really is
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ScenarioError([f"--output: cannot use {shown} ({exc.strerror or exc})"]) from None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            _write_stream(path, shown, data)
            return
        what = ("a disk device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else
                "a directory" if stat.S_ISDIR(mode) else "not a regular file")
        raise ScenarioError([f"--output: {shown} is {what}; give a file name (nothing was written)"])
    target = os.path.realpath(path)
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
        raise ScenarioError([f"--output: cannot write {shown} ({exc.strerror or exc}); "
                             "an earlier file of that name is unchanged"]) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def _write_stream(path: str, shown: str, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise ScenarioError([f"--output: cannot write to {shown} ({exc.strerror or exc})"]) from None


def _font_note(scenario, args: argparse.Namespace) -> str:
    """The PDF's or the chart image's fonts' sentence (exports.printable); "" when they draw everything."""
    if args.format == "pdf":
        from ..exports.printable import font_check  # lazy, load time: it reads font files

        return font_check(scenario).sentence()
    if args.format in ("png", "svg"):
        from ..exports import chart_spec  # lazy, load time (with the next)
        from ..exports.images import chart_font_check  # lazy, load time: it reads font files

        return chart_font_check(chart_spec(scenario, args.chart), scenario)[0].sentence(of="image")
    return ""


def _file_mode(path: str) -> int:
    """The mode the file would have had if opened directly: its current one, else 0666 less the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
