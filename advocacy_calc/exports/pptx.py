"""A short deck for leadership meetings: title, headline figures, participation chart, assumptions.

16:9 slides built with python-pptx on its blank template; text is real text (searchable,
editable), charts are vl-convert PNGs of the app's own specs. Currency symbols are plain
Unicode text, drawn by the presenting machine's fonts.
"""

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from ..narrative import story
from ..results import Results, compute
from ..scenario import Scenario
from . import images
from .text import CAVEATS, TITLE, bottom_line, headline, relevant_inputs, shown_value, source_line

INK, MUTED, ACCENT, BOX = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55), RGBColor(0, 0x72, 0xB2), \
    RGBColor(0xF0, 0xF4, 0xF8)
WIDE, HIGH = Inches(13.333), Inches(7.5)
MAX_ASSUMPTION_ROWS = 16  # per slide, to stay readable from the back of a room


def deck(scenario: Scenario, results: Results | None = None) -> bytes:
    """The .pptx bytes."""
    results = results or compute(scenario)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE, HIGH
    blank = prs.slide_layouts[6]

    slide = prs.slides.add_slide(blank)
    _text(slide, TITLE, Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.2), 40, bold=True)
    _text(slide, scenario.name or "Unnamed scenario", Inches(0.8), Inches(3.4), Inches(11.7), Inches(0.8), 26,
          colour=ACCENT)
    _text(slide, story(scenario, results), Inches(0.8), Inches(4.4), Inches(11.7), Inches(1.6), 18, colour=MUTED)

    slide = prs.slides.add_slide(blank)
    _title(slide, "What the program is worth")
    for row, figures in enumerate((headline(scenario, results), bottom_line(scenario, results))):
        _boxes(slide, figures, Inches(1.5) + row * Inches(2.3))
    _text(slide, CAVEATS[0], Inches(0.6), Inches(6.3), Inches(12.1), Inches(0.8), 13, colour=MUTED)

    slide = prs.slides.add_slide(blank)
    _title(slide, "What if more people take part?")
    png = images.render(images.participation_spec(scenario, results), "png", width=900, scale=2)
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(0.6), Inches(1.3), height=Inches(5.6))
    if picture.width > WIDE - Inches(1.2):  # keep the aspect ratio, fit the width
        ratio = (WIDE - Inches(1.2)) / picture.width
        picture.width, picture.height = Emu(int(picture.width * ratio)), Emu(int(picture.height * ratio))
    picture.left = Emu(int((WIDE - picture.width) / 2))
    be = results.break_even_share_rate
    note = ("No program cost entered: every share rate pays." if results.program_cost_per_month == 0 else
            "Even 100% participation does not cover the program cost." if be is None else
            f"The program pays for itself from a share rate of {bottom_line(scenario, results)[-1][1]}.")
    _text(slide, note, Inches(0.6), Inches(6.9), Inches(12.1), Inches(0.5), 14, colour=MUTED)

    items = relevant_inputs(scenario)
    pages = [items[i:i + MAX_ASSUMPTION_ROWS] for i in range(0, len(items), MAX_ASSUMPTION_ROWS)] or [[]]
    for page, chunk in enumerate(pages, start=1):
        slide = prs.slides.add_slide(blank)
        _title(slide, "Assumptions and their sources" + (f" ({page}/{len(pages)})" if len(pages) > 1 else ""))
        _assumption_table(slide, chunk, scenario.currency)

    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _text(slide, text: str, left, top, width, height, size: float, bold: bool = False, colour=INK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _title(slide, text: str) -> None:
    _text(slide, text, Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.8), 30, bold=True)


def _boxes(slide, figures: list[tuple[str, str]], top) -> None:
    gap = Inches(0.25)
    width = (WIDE - Inches(1.2) - gap * (len(figures) - 1)) / len(figures)
    for i, (label, value) in enumerate(figures):
        left = Inches(0.6) + i * (width + gap)
        shape = slide.shapes.add_shape(1, left, top, Emu(int(width)), Inches(2.0))  # 1 = rectangle
        shape.fill.solid()
        shape.fill.fore_color.rgb = BOX
        shape.line.fill.background()
        frame = shape.text_frame
        frame.word_wrap = True
        first = frame.paragraphs[0]
        run = first.add_run()
        run.text = label
        run.font.size, run.font.color.rgb = Pt(15), MUTED
        second = frame.add_paragraph()
        run = second.add_run()
        run.text = value
        run.font.size, run.font.bold, run.font.color.rgb = Pt(30), True, INK


def _assumption_table(slide, items, currency: str) -> None:
    rows = len(items) + 1
    shape = slide.shapes.add_table(rows, 3, Inches(0.6), Inches(1.3), Inches(12.1), Inches(0.33) * rows)
    table = shape.table
    for col, width in enumerate((Inches(4.6), Inches(1.7), Inches(5.8))):
        table.columns[col].width = width
    cells = [("Input", "Value", "Source (date, grade)")] + [
        (i.label, shown_value(i, currency), source_line(i)) for i in items]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(13)
                    run.font.bold = r == 0
