"""The one-page business case as a PDF, in A4 or US Letter.

Title and scenario, the story sentence, the headline figures, the participation chart and
the per-network chart (vl-convert PNGs), the assumptions with their sources, the formulas
and the caveats. DejaVu Sans is embedded (the PDF core fonts cannot draw €). The page is
laid out at full size and, if it would not fit on one sheet (many networks, long sources),
again at smaller scales until it does: one page, always.
"""

import datetime as dt
import io
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from ..narrative import story
from ..results import Results, compute
from ..scenario import Scenario
from . import images
from .fonts import font_path
from .text import CAVEATS, FORMULAS, TITLE, bottom_line, headline, relevant_inputs, shown_value, source_line

Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
MARGIN = 12.0  # mm
INK, MUTED, ACCENT, BOX = (26, 26, 26), (85, 85, 85), (0, 114, 178), (240, 244, 248)
_SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)


def business_case(scenario: Scenario, paper: Paper = "a4", results: Results | None = None,
                  today: dt.date | None = None) -> bytes:
    """The PDF bytes of the one-page business case."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}")
    results = results or compute(scenario)
    charts = (images.render(images.participation_spec(scenario, results), "png", scale=2.5),
              images.render(images.network_spec(scenario, results), "png", width=380, scale=2.5) if scenario.networks else None)
    for scale in _SCALES:
        pdf = _layout(scenario, results, paper, charts, scale, today or dt.date.today())
        if pdf.pages_count == 1:
            break
    return bytes(pdf.output())


def _layout(scenario: Scenario, results: Results, paper: Paper, charts: tuple[bytes, bytes | None],
            scale: float, today: dt.date) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format=PAPERS[paper])
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("DejaVu", "", font_path("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", font_path("DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{TITLE}: {scenario.name}" if scenario.name else TITLE)
    pdf.set_creator("advocacy-calc")
    pdf.add_page()
    width = pdf.epw

    def font(size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size * scale if size > 8 else max(6.5, size * scale))
        pdf.set_text_color(*colour)

    # Title, scenario, story
    font(17, True)
    pdf.cell(width, 8 * scale, TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    font(11, True, ACCENT)
    pdf.multi_cell(width, 5.5 * scale, f"Scenario: {scenario.name or '(unnamed)'}", align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(1)
    font(9.5)
    pdf.multi_cell(width, 4.6 * scale, story(scenario, results), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)

    # Headline figures: two rows of boxes
    for row in (headline(scenario, results), bottom_line(scenario, results)):
        _boxes(pdf, row, width, scale, font)
        pdf.ln(1.5)
    pdf.ln(1)

    # Charts side by side: the participation chart wider, the per-network bars beside it
    gap = 6.0
    widths = ((width - gap) * 0.56, (width - gap) * 0.44)
    lefts = (MARGIN, MARGIN + widths[0] + gap)
    font(9, True)
    pdf.cell(widths[0], 4.5 * scale, "Value per month across the share rate")
    pdf.set_x(lefts[1])
    pdf.cell(widths[1], 4.5 * scale, "Value per story by network (solid = in use)",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    image_top = pdf.get_y() + 1
    bottom = image_top
    for png, left, w in zip(charts, lefts, widths):
        if png is not None:
            info = pdf.image(io.BytesIO(png), x=left, y=image_top, w=w * scale)
            bottom = max(bottom, image_top + info.rendered_height)
    pdf.set_y(bottom + 3)

    # Assumptions (left) beside formulas and caveats (right)
    columns_top = pdf.get_y()
    right_w = width * 0.38
    left_w = width - right_w - gap
    pdf.set_left_margin(MARGIN + left_w + gap)
    pdf.set_x(MARGIN + left_w + gap)
    font(9, True)
    pdf.cell(right_w, 4.5 * scale, "How each figure is computed", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    font(7)
    for line in FORMULAS:
        pdf.multi_cell(right_w, 3.3 * scale, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)
    pdf.ln(1.5)
    font(9, True)
    pdf.cell(right_w, 4.5 * scale, "Caveats", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    font(7)
    for line in CAVEATS:
        pdf.multi_cell(right_w, 3.3 * scale, f"• {line}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)
    pdf.ln(1.5)
    font(7, colour=MUTED)
    pdf.multi_cell(right_w, 3.3 * scale, "Grades: V verified in a primary or vendor source, S secondary "
                   "(quoted by someone else), U unverified or illustrative.", align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    right_bottom = pdf.get_y()

    pdf.set_left_margin(MARGIN)
    pdf.set_xy(MARGIN, columns_top)
    font(9, True)
    pdf.cell(left_w, 4.5 * scale, "Assumptions and their sources", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    font(7)
    cur = scenario.currency
    with pdf.table(width=left_w, col_widths=(40, 14, 46), align="LEFT", text_align=("LEFT", "RIGHT", "LEFT"),
                   line_height=3.2 * scale, padding=(0.4, 1), first_row_as_headings=True,
                   headings_style=FontFace(emphasis="BOLD", fill_color=BOX),
                   borders_layout="HORIZONTAL_LINES", v_align="TOP") as table:
        table.row(("Input", "Value", "Source (date, grade)"))
        for item in relevant_inputs(scenario):
            table.row((item.label, shown_value(item, cur), source_line(item)))
    pdf.set_y(max(pdf.get_y(), right_bottom) + 2)

    font(6.5, colour=MUTED)
    pdf.multi_cell(width, 3 * scale,
                   f"Made with the advocacy what-if explorer on {today.isoformat()}. Figures per month unless "
                   f"stated; {cur}, relabelled only. The workbook export has every input and every formula live.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf


def _boxes(pdf: FPDF, figures: list[tuple[str, str]], width: float, scale: float, font) -> None:
    gap = 2.5
    box_w = (width - gap * (len(figures) - 1)) / len(figures)
    box_h = 14 * scale
    y = pdf.get_y()
    for i, (label, value) in enumerate(figures):
        x = MARGIN + i * (box_w + gap)
        pdf.set_fill_color(*BOX)
        pdf.rect(x, y, box_w, box_h, style="F")
        pdf.set_xy(x + 2, y + 1.5)
        font(7.5, colour=MUTED)
        pdf.cell(box_w - 4, 3.5 * scale, label)
        pdf.set_xy(x + 2, y + 1.5 + 4.5 * scale)
        font(14, True)
        pdf.cell(box_w - 4, 6.5 * scale, value)
    pdf.set_xy(MARGIN, y + box_h)
