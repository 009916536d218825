"""Exports finance and leadership use: a workbook with live formulas, a one-page PDF, slides,
CSV of any table and PNG/SVG of any chart. Each is a function scenario -> bytes (no file I/O:
the CLI and the app's download buttons write or send them). Heavy libraries (xlsxwriter,
fpdf2, python-pptx, vl-convert) load only when their module is imported.
May import the value model, charts/ and forecast/ (the business case's ramp-up, payback and P10-P90
range: exports/finance.py); never the CLI or measure/. `export_bytes`
is the one door to every format, for the app's buttons and `advocacy-calc export`.
"""

import re
import unicodedata

# Characters no file name may hold on Windows, macOS or Linux ("/" above all); control characters too.
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


def safe_file_name(text: str, limit: int = 80) -> str:
    """A scenario's name as part of a file name: accents and spaces kept (NFC), "/" and the other
    characters a file system refuses, control characters and leading dots removed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c if c.isprintable() else " " for c in text)
    text = re.sub(r"\s+", " ", _UNSAFE.sub(" ", text)).strip(" .")
    return text[:limit].rstrip(" .")


def file_stem(scenario, what: str) -> str:
    """"Typical B2B, modified - workbook": the name the files carry, then what the file is."""
    from ..presets import display_name  # lazy: load time (the presets build scenarios)

    name = safe_file_name(display_name(scenario)) or "advocacy"
    return f"{name} - {what}"


FORMATS = {
    # format: (file extension, MIME type)
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "csv": ("csv", "text/csv"),
    "png": ("png", "image/png"),
    "svg": ("svg", "image/svg+xml"),
}


CHARTS = ("participation", "networks")  # the charts of the files, as images: value across the share rate, per network


def chart_spec(scenario, chart: str) -> dict:
    """The spec of one of the files' charts (CHARTS), as the PDF draws it."""
    from . import images  # lazy: load time

    if chart not in CHARTS:
        raise ValueError(f"chart must be one of {', '.join(CHARTS)}, got {chart!r}")
    return images.participation_spec(scenario) if chart == "participation" else images.network_spec(scenario)


def export_bytes(scenario, fmt: str, paper: str = "a4", table: str = "results", ramp=None,
                 base_url: str | None = None, chart: str = "participation") -> bytes:
    """One export of a scenario as bytes; each format's library is imported only when asked for.
    `ramp` (forecast.timeline.TimelineSettings) is the ramp-up behind the first year and the payback
    month: the Ramp-up & payback page's settings in the app, the defaults from the command line. `base_url`: the
    app's public address, which the link printed in the PDF, slides and workbook starts with (none: the query
    string alone, said to be appended to the app's address). `chart`: which chart a png or svg is (CHARTS)."""
    if fmt in ("xlsx", "pdf", "pptx"):
        from .finance import finance_figures  # lazy: load time (the Monte Carlo and the timeline)
        finance = finance_figures(scenario, ramp=ramp, base_url=base_url)
    # Each format's library (xlsxwriter, fpdf2, python-pptx) loads only for its own export.
    if fmt == "xlsx":
        from .xlsx import workbook  # lazy: load time
        return workbook(scenario, finance=finance)
    if fmt == "pdf":
        from .pdf import business_case  # lazy: load time
        return business_case(scenario, paper, finance=finance)  # type: ignore[arg-type]
    if fmt == "pptx":
        from .pptx import deck  # lazy: load time
        return deck(scenario, finance=finance)
    if fmt == "csv":
        from .tables import table_csv  # lazy: load time
        return table_csv(scenario, table)
    if fmt in ("png", "svg"):
        from .images import render  # lazy: load time (vl-convert)
        return render(chart_spec(scenario, chart), fmt, scenario=scenario)  # type: ignore[arg-type]
    raise ValueError(f"unknown export format {fmt!r}")
