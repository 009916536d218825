"""The one-page business case as a PDF, in A4 or US Letter.

Title and scenario, the story sentence, the headline figures, per year, payback and the P10-P90
range (exports.finance), the participation chart and the per-network chart (vl-convert PNGs), the
assumptions with their sources, the formulas and the caveats, and who made it when. DejaVu Sans is embedded (the PDF core fonts cannot draw €).

Legible on paper: no text is smaller than MIN_TEXT_PT (7.5 pt), chart text included: each
chart is rendered for the width it is printed at, so its smallest label prints at
images.PRINT_TEXT_PT (8 pt) whatever the layout, and its plot is never lower than MIN_PLOT_MM (the
axes and legends come on top of it: four networks' legend once squeezed the plot to nothing). The
page is laid out with the assumptions beside the formulas and, if that would not fit on one sheet
(many networks, every input), again with lower charts and the assumptions in two or three columns
with their sources numbered once below them, the year, payback and range then taking the per-network
chart's place (VARIANTS). A case that fits none of these (four networks with every input on Letter,
more networks anywhere) puts its assumptions and notes on a second page rather than shrink the text.
"""

import dataclasses
import io
import re
from typing import Literal, NamedTuple

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace

from ..formatting import amounts_with_iso_code, currency_note, currency_of
from ..narrative import story
from ..results import Results, compute
from ..scenario import Scenario
from . import images
from .fields import Input
from .finance import FinanceFigures, YEAR_HEADERS, finance_figures, link_words, payback_text, ramp_words, range_words, \
    span, year_rows
from .fonts import Drawable, drawable, font_path, needs_shaping
from .printable import font_check, printed_texts
from .text import (CAVEATS, GRADES, TITLE, bottom_line, case_name, formulas, group_rows, headline,
                   relevant_inputs, scenario_line, shown_value, source_line, total_note)

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
MARGIN = 12.0  # mm
INK, MUTED, ACCENT, BOX = (26, 26, 26), (85, 85, 85), (0, 114, 178), (240, 244, 248)
MIN_TEXT_PT = 7.5  # the smallest text on the page
BODY_PT = MIN_TEXT_PT  # the tables, formulas, caveats and footnote
PT = 25.4 / 72  # mm per point
FORMULAS_IN_THE_WORKBOOK = ("How each figure is computed: the workbook's Results sheet, every figure a live formula "
                            "over the Assumptions sheet with its formula in words beside it.")


MIN_PLOT_MM = 22.0  # the lowest plot a chart gets: its y axis holds four labels, its title runs whole beside it
NETWORK_ROW_MM = 4.5  # the bar chart's plot, per network: a row its name fits (8 pt), else Vega leaves names out


class Variant(NamedTuple):
    chart_height: float  # mm, the charts' plot height (their axes and legends come on top)
    assumption_columns: int  # 1: beside the formulas; 2 or 3: columns over the page, formulas below
    story: bool = True  # the story sentence under the title (the headline figures say it in numbers)
    text: float = 1.0  # text size factor (every variant prints at full size: a second page comes first)
    finance_beside: bool = False  # per year, payback and range beside the participation chart, in place of
    # the per-network chart (its figures are in the assumptions and the workbook): four networks with every input
    formulas: bool = True  # False: the formulas in words are left to the workbook (each figure a live formula
    # with its words beside it), and the page says so: four networks with every input and a long link
    pages: int = 1  # 2: the assumptions and notes on a page of their own, rather than text below 7.5 pt


# Tried in order until the page holds everything: lower charts, then the assumptions in two or three
# columns with numbered sources, then without the story. The charts' plots never go below MIN_PLOT_MM (their
# axes and legends come on top), and no text below MIN_TEXT_PT: a case that does not fit on one page so
# (four networks with every input on Letter, more networks anywhere) gets a second page for its assumptions.
VARIANTS = (Variant(40, 1), Variant(34, 1), Variant(36, 2), Variant(30, 2), Variant(30, 3), Variant(26, 3),
            Variant(26, 3, False), Variant(MIN_PLOT_MM, 3, False), Variant(26, 3, True, finance_beside=True),
            Variant(26, 3, False, finance_beside=True), Variant(MIN_PLOT_MM, 3, False, finance_beside=True),
            Variant(MIN_PLOT_MM, 3, False, finance_beside=True, formulas=False),
            Variant(40, 2, pages=2), Variant(40, 3, pages=2), Variant(34, 3, False, pages=2))


def business_case(scenario: Scenario, paper: Paper = "a4", results: Results | None = None,
                  finance: FinanceFigures | None = None) -> bytes:
    """The PDF bytes of the one-page business case."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}")
    # Fonts: the fallbacks this case needs; what none can draw is said (amounts with the ISO code, MARK).
    draw = drawable()
    check = font_check(scenario, draw)
    fonts = draw.needed([*printed_texts(scenario), check.symbol])
    with amounts_with_iso_code(check.iso_code):
        return _business_case(scenario, paper, results, finance, fonts, check.sentence(in_pdf=True))


def _business_case(scenario: Scenario, paper: Paper, results: Results | None, finance: FinanceFigures | None,
                   fonts: Drawable, notice: str) -> bytes:
    results = results or compute(scenario)
    finance = dataclasses.replace(finance or finance_figures(scenario, results), currency=currency_of(scenario))
    charts = _Charts((images.participation_spec(scenario, results),
                      images.network_spec(scenario, results) if scenario.networks else None), scenario)
    # Find the layout without drawing the charts (their heights are measured), then draw it once with them.
    variant = next((v for v in VARIANTS
                    if _layout(scenario, results, paper, charts, v, finance, fonts, notice).pages_count == v.pages),
                   VARIANTS[-1])
    charts.draw = True
    return bytes(_layout(scenario, results, paper, charts, variant, finance, fonts, notice).output())


class _Charts:
    """The page's two charts, each printed `width` mm wide with a plot `plot` mm high: the image is as much
    higher as its axes and legends take (a fixed height let four networks' legend squeeze the plot to
    nothing). Rendered once per size, so the layout that measures them and the page that draws them agree."""

    def __init__(self, specs: tuple[dict, dict | None], scenario: Scenario) -> None:
        self.specs, self.scenario, self.draw = specs, scenario, False
        self._png: dict[tuple, bytes] = {}
        self._extra: dict[tuple, float] = {}  # mm an image adds to its plot, by chart and width

    def png(self, which: int, width: float, plot: float) -> bytes | None:
        """PNG of a chart, its smallest text at images.PRINT_TEXT_PT; None when there is no such chart."""
        spec = self.specs[which]
        if spec is None:
            return None
        key = (which, round(width, 1), round(plot, 1))
        if key not in self._png:
            self._png[key] = images.render_for_print(spec, width / PT, plot / PT, scenario=self.scenario)
        return self._png[key]

    def height(self, which: int, width: float, plot: float) -> float:
        """The printed height (mm) of the chart's image, 0 without one: the plot and what its axes and legends
        add, which does not depend on the plot's height (measured once, on the lowest plot)."""
        if self.specs[which] is None:
            return 0.0
        if not self.draw:
            key = (which, round(width, 1))
            if key not in self._extra:  # the SVG: its size is the PNG's, and it renders faster
                svg = images.render_for_print(self.specs[which], width / PT, MIN_PLOT_MM / PT,  # type: ignore[arg-type]
                                              scenario=self.scenario, fmt="svg")
                size = re.search(rb'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg)
                self._extra[key] = width * float(size[2]) / float(size[1]) - MIN_PLOT_MM  # type: ignore[index]
            return plot + self._extra[key]
        return self._image_height(self.png(which, width, plot), width)

    @staticmethod
    def _image_height(png: bytes | None, width: float) -> float:
        pixels_wide, pixels_high = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # IHDR
        return width * pixels_high / pixels_wide


class _PDF(FPDF):
    """Prints a character no font can draw as fonts.MARK (fpdf2 would leave a blank and log a warning), and
    shapes only the texts in a complex script (`shaping`, set where the case has any)."""

    draw: Drawable

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(self.draw.replace(text))

    # fpdf2 2.8.9: a cell whose text starts in a fallback font leaves that font set in the page while fpdf2
    # believes its own is: the next cell's "200" then prints in the fallback's glyph numbers (")ll").
    # With fallbacks in use, each text sets its font again.
    def cell(self, *args, **kwargs):
        shaped = self._shape(args[2] if len(args) > 2 else kwargs.get("text", ""))
        done = super().cell(*args, **kwargs)
        self._shaped_end(shaped)
        return done

    def multi_cell(self, *args, **kwargs):
        shaped = self._shape(args[2] if len(args) > 2 else kwargs.get("text", ""))
        done = super().multi_cell(*args, **kwargs)
        self._shaped_end(shaped)
        return done

    # Shaping (HarfBuzz: Devanagari conjuncts and vowel signs, Thai marks) only for the texts in such a script:
    # fpdf2 writes shaped text glyph by glyph, and the whole page shaped took twice as long.
    shaping: dict | None = None

    def _shape(self, text) -> bool:
        shaped = self.shaping is not None and needs_shaping([str(text)])
        self.text_shaping = self.shaping if shaped else None
        if shaped:
            # A reordered vowel sign (the i of "बि", drawn before its consonant) carries its cluster's text in
            # fpdf2's ToUnicode map, and the consonant none: a reader copying it got "बि क्री". The text as
            # written rides along (ActualText), which pdftotext and viewers copy instead of the glyphs.
            written = self.normalize_text(str(text)).encode("utf-16-be").hex().upper()
            self._out(f"/Span <</ActualText <FEFF{written}>>> BDC")
        return shaped

    def _shaped_end(self, shaped: bool) -> None:
        if shaped:
            self._out("EMC")
        self.current_font_is_set_on_page = self.current_font_is_set_on_page and not self._fallback_font_ids


def _layout(scenario: Scenario, results: Results, paper: Paper, charts: _Charts, variant: Variant,
            finance: FinanceFigures, fonts: Drawable, notice: str = "") -> FPDF:
    pdf = _PDF(orientation="P", unit="mm", format=PAPERS[paper])
    pdf.draw = fonts
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("DejaVu", "", font_path("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", font_path("DejaVuSans-Bold.ttf"))
    for fallback in fonts.fonts:
        pdf.add_font(fallback.family, "", fallback.regular, collection_font_number=fallback.index)
        if fallback.bold:
            pdf.add_font(fallback.family, "B", fallback.bold, collection_font_number=fallback.index)
    if fonts.fonts:  # a bold fallback where there is one, else its regular
        pdf.set_fallback_fonts([f.family for f in fonts.fonts], exact_match=False)
    if needs_shaping(printed_texts(scenario)):  # conjuncts, vowel signs, marks: shaped where they are (_PDF._shape)
        try:
            pdf.set_text_shaping(True)
        except FPDFException:  # no uharfbuzz (an environment older than pyproject): the letters unshaped, as before
            pass
        pdf.shaping, pdf.text_shaping = pdf.text_shaping, None
    pdf.set_title(f"{TITLE}: {case_name(scenario)}")
    if scenario.prepared_by.strip():
        pdf.set_author(scenario.prepared_by.strip())
    pdf.set_creator("advocacy-calc")
    pdf.add_page()
    width = pdf.epw
    gap = 6.0
    line = 3.0 * variant.text  # mm per line of body text (7.5 pt on 8.5 pt)
    row_line = ROW_LINE * variant.text

    def font(size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", max(MIN_TEXT_PT, size) * variant.text)
        pdf.set_text_color(*colour)

    def heading(text: str, w: float) -> None:
        font(9, True)
        pdf.cell(w, 4.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraphs(lines, w: float, bullet: str = "") -> None:
        font(BODY_PT)
        for text in lines:
            pdf.multi_cell(w, line, f"{bullet}{text}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.4)

    def grades(w: float) -> None:
        font(BODY_PT, colour=MUTED)
        pdf.multi_cell(w, line, GRADES, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # Title, scenario, story
    font(16, True)
    pdf.cell(width, 7.5, TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    font(11, True, ACCENT)
    pdf.multi_cell(width, 5.2, scenario_line(scenario), align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(0.8)
    if variant.story:
        font(9)
        pdf.multi_cell(width, 4.2, story(scenario, results), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)

    # Headline figures: two rows of boxes
    for row in (headline(scenario, results), bottom_line(scenario, results)):
        _boxes(pdf, row, width, font)
        pdf.ln(1.5)
    note = total_note(scenario, results)
    if note:
        font(BODY_PT, colour=MUTED)
        pdf.multi_cell(width, line, note, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.5)
    if scenario.groups:
        heading("Groups of advocates: who brings the reach and the value", width)
        _group_table(pdf, scenario, width, font, row_line)
        pdf.ln(1.5)
    if not variant.finance_beside:
        _per_year(pdf, finance, MARGIN, width, font, row_line, line)
        pdf.ln(1.5)

    # Charts side by side: the participation chart wider, the per-network bars (or the year) beside it
    widths = ((width - gap) * 0.56, (width - gap) * 0.44)
    lefts = (MARGIN, MARGIN + widths[0] + gap)
    font(9, True)
    pdf.cell(widths[0], 4.5, "Value per month across the share rate")
    pdf.set_x(lefts[1])
    pdf.cell(widths[1], 4.5, "Per year, payback and range" if variant.finance_beside
             else "Value per story by network (solid = in use)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    image_top = pdf.get_y() + 1
    below = image_top
    # The bars get a row per network tall enough for its name (Vega drops labels that would overlap).
    plots = (variant.chart_height, max(variant.chart_height, NETWORK_ROW_MM * len(scenario.networks)))
    for which, (left, w) in enumerate(zip(lefts, widths)):
        if which == 1 and variant.finance_beside:
            continue
        h = charts.height(which, w, plots[which])
        if h and charts.draw:
            pdf.image(io.BytesIO(charts.png(which, w, plots[which])), x=left, y=image_top, w=w, h=h)
        below = max(below, image_top + h)
    if variant.finance_beside:
        pdf.set_y(image_top)
        _per_year(pdf, finance, lefts[1], widths[1], font, row_line, line)
        below = max(below, pdf.get_y())
    pdf.set_y(below + 3)
    if variant.pages == 2:  # the figures and charts on the first page, the assumptions and notes on the second
        pdf.add_page()

    items = relevant_inputs(scenario)
    top = pdf.get_y()
    if variant.assumption_columns == 1:
        # Assumptions with their sources (left) beside formulas, caveats and grades (right)
        rows = [(item.label, shown_value(item, currency_of(scenario)), source_line(item)) for item in items]
        right_w = width * 0.38
        left_w = width - right_w - gap
        pdf.set_left_margin(MARGIN + left_w + gap)
        pdf.set_xy(MARGIN + left_w + gap, top)
        heading("How each figure is computed", right_w)
        paragraphs(formulas(scenario), right_w)
        pdf.ln(1)
        heading("Caveats", right_w)
        paragraphs(CAVEATS, right_w, "• ")
        pdf.ln(1)
        grades(right_w)
        bottom = pdf.get_y()
        pdf.set_left_margin(MARGIN)
        pdf.set_xy(MARGIN, top)
        heading("Assumptions and their sources", left_w)
        font(BODY_PT)
        columns = _fit_values(pdf, rows, left_w, _COLUMNS, 2)
        _assumptions(pdf, rows, left_w, font, columns, "Source (date, grade)", row_line)
        pdf.set_y(max(pdf.get_y(), bottom) + 2)
    else:
        # Many inputs: two columns of assumptions over the page, each network's under its name, the
        # sources numbered once below them; then formulas (left) beside caveats (right).
        rows, sources = _numbered(items, currency_of(scenario))
        n = variant.assumption_columns
        table_w = (width - gap * (n - 1)) / n
        heading("Assumptions (sources numbered below the table)", width)
        top = pdf.get_y()
        bottom = top
        font(BODY_PT)
        columns = _fit_values(pdf, rows, table_w, _NUMBERED_COLUMNS, 0)
        for i, part in enumerate(_split(pdf, rows, table_w, n, font, row_line, columns,
                                        frozenset(g.name for g in scenario.groups))):
            left = MARGIN + i * (table_w + gap)
            pdf.set_left_margin(left)
            pdf.set_xy(left, top)
            _assumptions(pdf, part, table_w, font, columns, "Src", row_line)
            bottom = max(bottom, pdf.get_y())
        pdf.set_left_margin(MARGIN)
        pdf.set_xy(MARGIN, bottom + 1)
        font(BODY_PT)
        pdf.multi_cell(width, line, "Sources (date, grade): " + "   ".join(f"[{n}] {text}" for n, text in sources)
                       + f".   {GRADES}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        top = pdf.get_y() + 2
        if not variant.formulas:
            pdf.set_xy(MARGIN, top)
            heading("Caveats", width)
            paragraphs([*CAVEATS, FORMULAS_IN_THE_WORKBOOK], width, "• ")
            pdf.set_y(pdf.get_y() + 0.5)
    if variant.assumption_columns > 1 and variant.formulas:
        formulas_w = (width - gap) * 0.56  # the formulas are longer than the caveats
        caveats_w = width - gap - formulas_w
        pdf.set_xy(MARGIN, top)
        heading("How each figure is computed", formulas_w)
        paragraphs(formulas(scenario), formulas_w)
        bottom = pdf.get_y()
        right = MARGIN + formulas_w + gap
        pdf.set_left_margin(right)
        pdf.set_xy(right, top)
        heading("Caveats", caveats_w)
        paragraphs(CAVEATS, caveats_w, "• ")
        pdf.set_left_margin(MARGIN)
        pdf.set_y(max(pdf.get_y(), bottom) + 1.5)

    font(BODY_PT, colour=MUTED)
    pdf.multi_cell(width, line,
                   f"{finance.provenance.line} Per month unless stated. "
                   f"{currency_note(scenario.currency) or 'Amounts in US dollars.'} "
                   "The workbook has every input and formula live.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if notice:
        font(BODY_PT, True)
        pdf.multi_cell(width, line, notice, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _link(pdf, finance, width, line, font)
    return pdf


def _link(pdf: FPDF, f: FinanceFigures, width: float, line: float, font) -> None:
    """The scenario's link after its label, broken anywhere (a link has no spaces to break at; the label fits
    its line), never cut, clickable where it has an address."""
    label, link = link_words(f.provenance)
    font(BODY_PT, colour=ACCENT if f.provenance.link_has_base else MUTED)
    # not markdown: a name with "--" or "__" in the link would turn into strikethrough or underline
    pdf.multi_cell(width, line, f"{label} {link}", link=link if f.provenance.link_has_base else "",
                   wrapmode="CHAR", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _per_year(pdf: FPDF, f: FinanceFigures, left: float, width: float, font, row_line: float, line: float) -> None:
    """Per month, per year (12 × the run-rate), the first 12 months of the ramp-up and the P10-P90 range in
    one table, then the payback month and what the ramp-up and the range rest on. Narrow (beside a chart):
    the per-month column is left to the boxes above and the range goes to the text."""
    sim = f.simulation
    ranges = {"Total value": sim.total_value_per_month, "Net value": sim.net_value_per_month}
    wide = width > 120
    pdf.set_left_margin(left)
    pdf.set_x(left)
    font(BODY_PT)
    headers = (*YEAR_HEADERS, "Per month, P10-P90 (8 in 10 outcomes)") if wide else \
        ("", "Per year (12 × the month)", "First 12 months (ramp-up)")
    with pdf.table(width=min(width, pdf.epw), col_widths=(14, 13, 21, 21, 31) if wide else (26, 37, 37), align="LEFT",
                   text_align=("LEFT",) + ("RIGHT",) * (len(headers) - 1), line_height=row_line, padding=(0.2, 1),
                   first_row_as_headings=True, headings_style=FontFace(emphasis="BOLD", fill_color=BOX),
                   borders_layout="HORIZONTAL_LINES", v_align="TOP") as table:
        table.row(headers)
        for row in year_rows(f):
            p = ranges.get(row[0])
            table.row((*row, span(p.p10, p.p90, f.currency) if p else "") if wide else (row[0], *row[2:]))
    pdf.ln(0.6)
    font(BODY_PT, colour=MUTED)
    spread = "" if wide else (
        f" **Net value per month, P10-P90: {span(sim.net_value_per_month.p10, sim.net_value_per_month.p90, f.currency)}"
        f"; total value {span(sim.total_value_per_month.p10, sim.total_value_per_month.p90, f.currency)}.**")
    pdf.multi_cell(width, line, f"**Payback: {payback_text(f)}.** {ramp_words(f)}{spread} {range_words(f)}",
                   align="L", markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_left_margin(MARGIN)


_COLUMNS = (39, 15, 46)  # % of the table's width: input, value, source
_NUMBERED_COLUMNS = (60, 25, 15)  # input, value, source number
ROW_LINE = 2.95  # mm per line in the assumptions table
Row = tuple[str, str, str]  # input, value, source; a network's name alone (value and source empty) heads its rows


def _numbered(items: list[Input], currency: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """Rows with each source as a number (the same source, the same number), a network's or a group's inputs
    under its name."""
    numbers: dict[str, int] = {}
    rows: list[Row] = []
    network = None
    for item in items:
        label = item.label
        if item.path.startswith(("networks.", "groups.")):
            name, label = item.label.split(": ", 1)
            if name != network:
                rows.append((name, "", ""))
                network = name
        source = source_line(item)
        number = numbers.setdefault(source, len(numbers) + 1)
        rows.append((label, shown_value(item, currency), f"[{number}]"))
    return rows, [(n, text) for text, n in numbers.items()]


def _assumptions(pdf: FPDF, rows: list[Row], width: float, font, columns: tuple[float, ...], source: str,
                 row_line: float) -> None:
    font(BODY_PT)
    with pdf.table(width=min(width, pdf.epw), col_widths=columns, align="LEFT", text_align=("LEFT", "RIGHT", "LEFT"),
                   line_height=row_line, padding=(0.2, 1), first_row_as_headings=True,
                   headings_style=FontFace(emphasis="BOLD", fill_color=BOX),
                   borders_layout="HORIZONTAL_LINES", v_align="TOP") as table:
        table.row(("Input", "Value", source))
        for label, value, where in rows:
            if value or where:
                table.row((label, value, where))
            else:
                table.row().cell(label, colspan=3, style=FontFace(emphasis="BOLD"))


def _fit_values(pdf: FPDF, rows: list[Row], width: float, columns: tuple[float, ...], giver: int) -> tuple[float, ...]:
    """Column shares (%) with the value column wide enough for its widest figure, taken from column `giver`:
    a number is never wrapped mid-figure ("10,000,0" / "00")."""
    numbers = [value for _, value, _ in rows if any(ch.isdigit() for ch in value)]  # words may wrap, numbers not
    widest = max((pdf.get_string_width(value) for value in numbers), default=0.0)
    need = min(40.0, (widest + 2.6) / width * 100)  # padding 1 mm a side and a little air
    if need <= columns[1]:
        return columns
    shares = list(columns)
    shares[giver] -= need - shares[1]
    shares[1] = need
    return tuple(shares)


def _split(pdf: FPDF, rows: list[Row], width: float, parts: int, font, row_line: float,
           columns: tuple[float, ...] = (), named: frozenset[str] = frozenset()) -> list[list[Row]]:
    """The rows in `parts` columns of about the same printed height (a row is as tall as its longest
    cell); a network's name never ends a column, and a block under one of the `named` (the groups') that
    runs on into the next column starts it with its name again ("Sales (continued)")."""
    font(BODY_PT)
    heights = [max(len(pdf.multi_cell(width * share / 100 - 2, row_line, text, dry_run=True,
                                      output=MethodReturnValue.LINES)) for text, share in zip(row, columns or _NUMBERED_COLUMNS))
               for row in rows]
    total = sum(heights)
    columns: list[list[Row]] = [[]]
    running = 0
    block = ""
    for row, h in zip(rows, heights):
        is_name = not (row[1] or row[2])
        block = row[0] if is_name else block
        if len(columns) < parts and running + (h if not is_name else h + 1) > total * len(columns) / parts:
            columns.append([])
            if not is_name and block in named:
                columns[-1].append((f"{block} (continued)", "", ""))
        columns[-1].append(row)
        running += h
    return columns


def _group_table(pdf: FPDF, scenario: Scenario, width: float, font, row_line: float) -> None:
    """Each group's part, one row each: the name left, the figures right-aligned."""
    # The headers shortened to their columns (the CLI and the slides say them in full).
    rows = [("Group", "Participants", "Share rate", "Impressions", "Value/month", "Seats+time", "Value/seat"),
            *group_rows(scenario)]
    name_w = width * 0.22
    other_w = (width - name_w) / (len(rows[0]) - 1)
    for r, row in enumerate(rows):
        font(BODY_PT, bold=r == 0, colour=MUTED if r == 0 else INK)
        for c, text in enumerate(row):
            w = name_w if c == 0 else other_w
            shown = text if c else _fit(pdf, text, w)
            pdf.cell(w, row_line, shown, align="L" if c == 0 else "R",
                     new_x=XPos.RIGHT if c < len(row) - 1 else XPos.LMARGIN,
                     new_y=YPos.TOP if c < len(row) - 1 else YPos.NEXT)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """A name cut with an ellipsis to its column (a group name is at most 40 characters)."""
    if pdf.get_string_width(text) <= width - 2 * pdf.c_margin:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2 * pdf.c_margin:
        text = text[:-1]
    return text + "…"


def _boxes(pdf: FPDF, figures: list[tuple[str, str]], width: float, font) -> None:
    """A row of figure boxes. A label too long for its box takes a second line (never below 7.5 pt);
    a figure too wide is set smaller, down to 8 pt, so that a number is never cut or wrapped."""
    gap, pad = 1.5, 1.0
    box_w = (width - gap * (len(figures) - 1)) / len(figures)
    inner = box_w - 2 * pad + 2 * pdf.c_margin  # fpdf keeps c_margin inside every cell: text gets box - 2 pad
    font(7.5, colour=MUTED)
    label_lines = max(len(pdf.multi_cell(inner, 3.2, label, dry_run=True, output=MethodReturnValue.LINES))
                      for label, _ in figures)
    box_h = 11.0 + 3.2 * (label_lines - 1)
    y = pdf.get_y()
    for i, (label, value) in enumerate(figures):
        x = MARGIN + i * (box_w + gap)
        pdf.set_fill_color(*BOX)
        pdf.rect(x, y, box_w, box_h, style="F")
        pdf.set_xy(x + pad - pdf.c_margin, y + 1.0)
        font(7.5, colour=MUTED)
        pdf.multi_cell(inner, 3.2, label, align="L")
        size = 13.0
        font(size, True)
        while pdf.get_string_width(value) > box_w - 2 * pad and size > 8:
            size -= 0.5
            font(size, True)
        pdf.set_xy(x + pad - pdf.c_margin, y + box_h - 6.4)
        pdf.cell(inner, 6, value)
    pdf.set_xy(MARGIN, y + box_h)
