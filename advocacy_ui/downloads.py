"""Download buttons for the exports, the same on every page.

Nothing is built on a rerun: each button gets a zero-argument callable that Streamlit runs
only when the user clicks (deferred download, on its own thread), and the bytes are cached
per scenario, so a slider move costs a few button protos, never a PDF or a chart image.
on_click="ignore": a download does not rerun the page.
"""

from typing import TYPE_CHECKING

import streamlit as st

from advocacy_calc import Results, Scenario
from advocacy_calc.formatting import DEFAULT_LOCALE
from advocacy_calc.exports import FORMATS
from advocacy_calc.exports import file_stem as case_file_stem

from . import forecast_state, present, state
from .local_tables import in_scenario_locale

if TYPE_CHECKING:  # the overview's first render loads no forecast: the type only, for readers
    from advocacy_calc.forecast.timeline import TimelineSettings


# ttl: a file says when it was prepared, so a cached one is not handed out for long.
@st.cache_data(max_entries=32, ttl=300, show_spinner=False)
def export_bytes(scenario: Scenario, fmt: str, paper: str = "a4", table: str = "results",
                 ramp: "TimelineSettings | None" = None, base_url: str = "") -> bytes:
    from advocacy_calc.exports import export_bytes as build  # lazy: load time (on click only)

    return build(scenario, fmt, paper=paper, table=table, ramp=ramp, base_url=base_url)


@st.cache_data(max_entries=32, show_spinner=False)
def pdf_font_note(scenario: Scenario) -> str:
    """What the PDF's fonts on this server cannot draw (amounts with the ISO code, names with a mark); "" if none."""
    from advocacy_calc.exports.printable import font_check  # lazy, load time: it reads font files

    return font_check(scenario).sentence()


@st.cache_data(max_entries=64, show_spinner=False)
def chart_bytes(spec: dict, fmt: str, scenario: Scenario) -> bytes:
    from advocacy_calc.exports.images import render  # lazy: load time (on click only)

    return render(spec, fmt, scenario=scenario)  # type: ignore[arg-type]


def chart_font_note(spec: dict, scenario: Scenario) -> str:
    """What a chart image made on this server cannot draw (amounts with the ISO code, names with a mark); "" if
    none. A walk over the chart's texts (a few ms), drawn beside its buttons: not cached, a spec's data is large."""
    from advocacy_calc.exports.images import chart_font_check  # lazy, load time: it reads font files

    return chart_font_check(spec, scenario)[0].sentence(of="image")


def file_stem(scenario: Scenario, what: str) -> str:
    """"Typical B2B, modified - workbook": the case's name made safe, then what the file is."""
    return case_file_stem(scenario, what)


def _button(label: str, make, stem: str, fmt: str, key: str, help: str | None = None, icon: str | None = None) -> None:
    extension, mime = FORMATS[fmt]
    st.download_button(label, data=make, file_name=f"{stem}.{extension}", mime=mime, key=key, help=help,
                       icon=icon or ":material/download:", on_click="ignore")


BUSINESS_CASE = "business-case"  # the popover's key: its open state


def business_case_buttons(scenario: Scenario, results: Results) -> None:
    """Workbook, one-page PDF (A4 and US Letter), slides and the figures as CSV (none while presenting).

    In a popover whose contents are drawn only while it is open: five buttons on every lever
    move would cost the overview's rerun several ms and messages for nothing.
    """
    if present.presenting():
        return
    box = st.popover("Download", key=BUSINESS_CASE, on_change="rerun", icon=":material/download:",
                     help="The business case as a workbook with live formulas, a one-page PDF, slides or CSV")
    if not box.open:
        return
    ramp = forecast_state.timeline_settings()  # read here: the files are built off the script thread
    base = state.public_base()  # the address the files' link starts with (st.context is the script thread's)
    with box:
        _button("Workbook (Excel)", lambda: export_bytes(scenario, "xlsx", ramp=ramp, base_url=base), file_stem(scenario, "workbook"), "xlsx",
                "download-xlsx", "Every input with its source and grade; every result a live formula over them; "
                "the participation sweep with a chart.", ":material/table_view:")
        for paper, name in (("a4", "A4"), ("letter", "Letter")):
            _button(f"One-pager PDF ({name})", lambda paper=paper: export_bytes(scenario, "pdf", paper, ramp=ramp, base_url=base),
                    file_stem(scenario, f"one-pager-{paper}"), "pdf", f"download-pdf-{paper}",
                    "Headline figures, per year, payback and range, charts, assumptions with sources, formulas and "
                    "caveats on one page where they fit (a crowded case takes two, its text never below 7.5 pt).",
                    ":material/picture_as_pdf:")
        if note := pdf_font_note(scenario):
            st.caption(f":material/warning: {note}")
        _button("Slides (PowerPoint)", lambda: export_bytes(scenario, "pptx", ramp=ramp, base_url=base), file_stem(scenario, "slides"), "pptx",
                "download-pptx", "Headline figures, per year, payback and range, editable charts, assumptions; "
                "speaker notes tell the story.", ":material/slideshow:")
        table_button(scenario, "results", "Figures (CSV)")
        if scenario.groups:
            table_button(scenario, "groups", "Groups of advocates (CSV)")


@st.cache_data(max_entries=32, show_spinner=False)
def table_bytes(scenario: Scenario, table: str) -> bytes:
    from advocacy_calc.exports.tables import table_csv  # lazy: load time (on click only)

    return table_csv(scenario, table, people=True)


def table_button(scenario: Scenario, table: str, label: str = "CSV") -> None:
    """CSV of one of the export tables (results, networks, assumptions, sweep, groups), headers in words."""
    if present.presenting():
        return
    _button(label, lambda: table_bytes(scenario, table), file_stem(scenario, table), "csv",
            f"download-csv-{table}", "Money and counts to the cent, rates to 6 decimals; text is protected against formula injection.",
            ":material/csv:")


def frame_button(frame, scenario: Scenario, name: str, label: str = "CSV", words: bool = False) -> None:
    """CSV of a table a page shows (a DataFrame, or a zero-argument callable that returns one), built
    on click with the exports' formula-injection rule (Streamlit's own table download has none);
    `words`: a table of the package's machine names gets its headers in words (tables.for_people)."""
    if present.presenting():
        return

    def make() -> bytes:
        from advocacy_calc.exports.tables import for_people, frame_to_csv  # lazy: load time (on click only)

        table = frame() if callable(frame) else frame
        return frame_to_csv(for_people(table) if words else table)

    _button(label, make, file_stem(scenario, name), "csv", f"download-csv-{name}",
            "Money and counts to the cent, rates to 6 decimals; text is protected against formula injection.",
            ":material/csv:")


def chart(spec: dict, scenario: Scenario, name: str, key: str, alt: str) -> None:
    """A chart as every page draws it (our theme is in the spec, full width), then its PNG/SVG buttons."""
    draw(spec, key, alt)
    chart_buttons(spec, scenario, name)


def draw(spec: dict, key: str, alt: str) -> None:
    """One chart: larger text and a height for a 720 px screen in presentation mode, and its numbers
    as a table in an expander drawn only while open (the table costs nothing on a lever move)."""
    from advocacy_calc.charts import for_room  # lazy: load time (altair only where a chart is drawn)

    st.vega_lite_chart(for_room(spec) if present.presenting() else spec, width="stretch", theme=None, key=key,
                       alt=alt)
    box = st.expander("The chart's numbers as a table", key=f"{key}-table", on_change="rerun",
                      icon=":material/table_rows:")
    if box.open:
        with box:
            data_table(spec)


def data_table(spec: dict) -> None:
    from advocacy_calc.charts import data_table as table, table_formats  # lazy: load time

    frame = table(spec)
    config = {title: st.column_config.NumberColumn(format="percent" if "%" in fmt and not fmt.startswith("%") else
                                                   "localized")
              for title, fmt in table_formats(spec).items() if title in frame and frame[title].dtype.kind in "fi"}
    # in the chart's locale (a localised chart names it: localised_tooltips), else Streamlit's formats
    data, config = in_scenario_locale(frame, config, spec.get("usermeta", {}).get("locale", DEFAULT_LOCALE))
    st.dataframe(data, hide_index=True, width="stretch", column_config=config, height=min(38 + 35 * len(frame), 400))


def chart_buttons(spec: dict, scenario: Scenario, name: str) -> None:
    """PNG and SVG of a chart exactly as drawn (the same Vega-Lite spec)."""
    if present.presenting():
        return
    with st.container(horizontal=True, key=f"chart-downloads-{name}"):
        for fmt in ("png", "svg"):
            _button(fmt.upper(), lambda fmt=fmt: chart_bytes(spec, fmt, scenario), file_stem(scenario, name), fmt,
                    f"download-{name}-{fmt}", None, ":material/image:")
    if note := chart_font_note(spec, scenario):
        st.caption(f":material/warning: {note}")
