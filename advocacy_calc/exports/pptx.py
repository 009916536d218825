"""A short deck for leadership meetings, each slide with speaker notes that tell its part of the story.

1. Title, scenario, the story sentence, who made the file and when.
2. What the program is worth: the headline figures.
3. Per month, per year and the first year: the run-rate year beside the first 12 months of the
   ramp-up, the payback month with its ramp-up, the P10-P90 range with its draws and seed.
4. What if more people take part: a native (editable) chart of value and cost across the share rate.
5. Ramp-up and payback: a native chart of cumulative value against cumulative cost by month.
6. The assumptions with their sources, over as few slides as they need, shared evenly (never a
   slide with one row).

16:9 slides built with python-pptx on its blank template; text is real text, charts are PowerPoint
charts finance can restyle (their data travels in the file). Currency symbols are plain Unicode text.
"""

import calendar
import io
import math

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..benchmarks import source_descriptions
from ..formatting import DEFAULT_LOCALE, count, currency_of, money, percent
from ..groups import group_results
from ..narrative import lead_story, no_break_even, story
from ..results import Results, compute
from ..scenario import Scenario
from ..sweep import sweep
from .finance import FinanceFigures, YEAR_HEADERS, finance_figures, link_words, payback_text, ramp_words, range_words, \
    span, year_rows
from .text import (CAVEATS, GROUP_FORMULAS, GROUP_HEADERS, TITLE, bottom_line, group_rows, case_name, headline, relevant_inputs, scenario_line, shown_value,
                   source_line, total_note)

INK, MUTED, ACCENT, BOX = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55), RGBColor(0, 0x72, 0xB2), \
    RGBColor(0xF0, 0xF4, 0xF8)
COST, NET = RGBColor(0xD5, 0x5E, 0x00), RGBColor(0x00, 0x9E, 0x73)
WIDE, HIGH = Inches(13.333), Inches(7.5)
MAX_ASSUMPTION_ROWS = 16  # per slide, to stay readable from the back of a room
FIGURE_PT = 30  # a headline figure's size when it fits its box
# A bold figure's widest character, in em: DejaVu Sans Bold (what Impress substitutes without Calibri) is
# about 0.7, Calibri 0.5; sized for the widest, a figure stays on one line in either.
FIGURE_EM = 0.7
BOX_INSETS = Inches(0.2)  # a text frame's default left + right insets
LINK_PT = (11, 9, 8)  # the title slide's link: the largest that fits; none legible fits, the notes carry it
# A link's average character, in em: lower case, digits and %XX in DejaVu Sans (what Impress substitutes)
# are 0.55-0.65; sized for a little over the mean, a link that fits on paper fits on the slide.
LINK_EM = 0.62


def deck(scenario: Scenario, results: Results | None = None, finance: FinanceFigures | None = None) -> bytes:
    """The .pptx bytes."""
    results = results or compute(scenario)
    f = finance or finance_figures(scenario, results)
    cur = currency_of(scenario)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE, HIGH
    blank = prs.slide_layouts[6]

    slide = prs.slides.add_slide(blank)
    _text(slide, TITLE, Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.2), 40, bold=True)
    _text(slide, scenario_line(scenario).removeprefix("Scenario: "), Inches(0.8), Inches(3.2), Inches(11.7), Inches(0.8), 26,
          colour=ACCENT)
    _text(slide, story(scenario, results), Inches(0.8), Inches(4.2), Inches(11.7), Inches(1.6), 18, colour=MUTED)
    _text(slide, f.provenance.line, Inches(0.8), Inches(5.85), Inches(11.7), Inches(0.4), 12, colour=MUTED)
    label, link = link_words(f.provenance)
    _link(slide, label, link, f.provenance.link_has_base, Inches(0.8), Inches(6.25), Inches(11.7), Inches(1.1),
          scenario.locale)
    _notes(slide, f"This is the business case for {case_name(scenario)}. {story(scenario, results)} "
                  "Every figure that follows comes from the same formulas as the app, and every input shows "
                  f"where it comes from.\n\n{label} {link}")

    slide = prs.slides.add_slide(blank)
    _title(slide, "What the program is worth")
    for row, figures in enumerate((headline(scenario, results), bottom_line(scenario, results))):
        _boxes(slide, figures, Inches(1.5) + row * Inches(2.3))
    note = total_note(scenario, results)
    if note:
        _text(slide, note, Inches(0.6), Inches(5.95), Inches(12.1), Inches(0.5), 13, colour=MUTED)
    _text(slide, CAVEATS[0], Inches(0.6), Inches(6.5), Inches(12.1), Inches(0.8), 13, colour=MUTED)
    _notes(slide, _worth_story(scenario, results))

    slide = prs.slides.add_slide(blank)
    _title(slide, "Per month, per year, and the first year")
    _year_table(slide, f)
    sim = f.simulation
    lines = [(f"Payback: {payback_text(f)}.", True), (ramp_words(f), False),
             ("Net value per month, P10-P90: " + span(sim.net_value_per_month.p10, sim.net_value_per_month.p90, cur)
              + "; total value " + span(sim.total_value_per_month.p10, sim.total_value_per_month.p90, cur) + ".",
              True), (range_words(f), False)]
    top = Inches(3.6)
    for text, strong in lines:
        _text(slide, text, Inches(0.6), top, Inches(12.1), Inches(0.7), 16 if strong else 14, bold=strong,
              colour=INK if strong else MUTED)
        top += Inches(0.8)
    _notes(slide, _year_story(f))

    slide = prs.slides.add_slide(blank)
    _title(slide, "What if more people take part?")
    _participation_chart(slide, scenario, results)
    be = results.break_even_share_rate
    note = ("No program cost entered: every share rate pays." if results.program_cost_per_month == 0 else
            no_break_even(scenario, results) if be is None else
            f"The program pays for itself from a share rate of {bottom_line(scenario, results)[-1][1]}.")
    _text(slide, note, Inches(0.6), Inches(6.9), Inches(12.1), Inches(0.5), 14, colour=MUTED)
    _notes(slide, f"The chart moves the share rate from nobody to everybody, everything else as in this case; the "
                  f"marked point is today's {percent(scenario.share_rate, locale=cur)}. Value grows in a straight line with the "
                  f"share rate while most of the cost does not. {note}")

    if scenario.groups:
        _group_slides(prs, blank, scenario)

    slide = prs.slides.add_slide(blank)
    _title(slide, "Ramp-up and payback")
    _ramp_chart(slide, f)
    _text(slide, f"Payback: {payback_text(f)}. {ramp_words(f)}", Inches(0.6), Inches(6.6), Inches(12.1),
          Inches(0.8), 14, colour=MUTED)
    _notes(slide, _ramp_story(f))

    items = relevant_inputs(scenario)
    count = max(1, math.ceil(len(items) / MAX_ASSUMPTION_ROWS))
    size = max(1, math.ceil(len(items) / count))  # even pages: 17 rows are 9 + 8, never 16 + 1
    pages = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    benchmarks = sum(1 for i in items if i.from_benchmark)  # the user's own numbers are not
    for page, chunk in enumerate(pages, start=1):
        slide = prs.slides.add_slide(blank)
        _title(slide, "Assumptions and their sources" + (f" ({page}/{len(pages)})" if len(pages) > 1 else ""))
        _assumption_table(slide, chunk, currency_of(scenario))
        _notes(slide, (f"These are the inputs behind every figure, {len(items)} in all; {benchmarks} rest on a "
                       "published benchmark, graded V (verified), S (secondary) or U (unverified), the others are "
                       "the model's defaults or our own numbers. Where we have our own paid-media costs or "
                       "analytics, they replace the benchmarks: that is what finance trusts most."
                       + "".join(f" {words}." for words in source_descriptions(i.source for i in items))) if page == 1 else
               f"The rest of the inputs ({page} of {len(pages)}), each with its source, date and grade.")

    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _worth_story(scenario: Scenario, r: Results) -> str:
    cur = currency_of(scenario)
    text = (f"{story(scenario, r)} {lead_story(scenario, r)} In total that is {money(r.total_value_per_month, cur)} "
            "a month.")
    if r.program_cost_per_month > 0:
        text += (f" The program costs {money(r.program_cost_per_month, cur)} a month, which leaves "
                 f"{money(r.net_value_per_month, cur)} net, an ROI of {percent(r.roi, 0, cur)}.")
    else:
        text += " No program cost has been entered, so there is no ROI yet: ask the vendor for a quote."
    return text + " Media value is one lens: read it beside the leads, the pipeline and the hires."


def _year_story(f: FinanceFigures) -> str:
    c, sim = f.currency, f.simulation
    launch = ", launch cost included" if f.ramp.launch_cost else ""
    paid = (f"It pays back in month {f.payback_month}." if f.payback_month else
            "With no cost entered there is nothing to pay back." if "nothing" in payback_text(f) else
            f"It does not pay back within {f.ramp.months} months.")
    return (f"At today's run-rate the program is worth {money(f.total_value_per_year, c)} a year in total and "
            f"{money(f.net_value_per_year, c)} net, which is simply twelve times a month. The first year is "
            f"different: participation builds up, so its first 12 months add up to {money(f.first_year_net_value, c)} "
            f"net{launch}. {paid} Because the inputs are uncertain, we ran {count(sim.draws, c)} Monte Carlo draws "
            f"(seed {sim.seed}): in 8 out of 10, net value per month lies between "
            f"{money(sim.net_value_per_month.p10, c)} and {money(sim.net_value_per_month.p90, c)}.")


def _ramp_story(f: FinanceFigures) -> str:
    c = f.currency
    paid = (f"The lines cross in {payback_text(f)}: from then on the program has returned more than it cost."
            if f.payback_month else f"The lines do not cross: {f.payback_note or payback_text(f)}.")
    return (f"Programs start small. {ramp_words(f)} The chart adds up value and cost month by month. {paid} "
            f"Over the first 12 months value adds up to {money(f.first_year_total_value, c)} against "
            f"{money(f.first_year_cost, c)} of cost.")


def _per_seat_words(scenario: Scenario) -> str:
    """Which group brings the most media value per seat, compared as printed: groups whose figures
    print the same are the same, not one of them picked at random."""
    cur = currency_of(scenario)
    seated = sorted((g for g in group_results(scenario) if g.value_per_participant_per_month is not None),
                    key=lambda g: -g.value_per_participant_per_month)  # type: ignore[operator]
    if not seated:
        return ""
    shown = [(g.name, money(g.value_per_participant_per_month, cur)) for g in seated]  # type: ignore[arg-type]
    top = [name for name, value in shown if value == shown[0][1]]
    if len(top) == len(shown) and len(shown) > 1:
        return f"Every group brings the same value per seat, {shown[0][1]} a month."
    lead = (f"{top[0]} bring the most value per seat, {shown[0][1]} a month" if len(top) == 1 else
            f"{', '.join(top[:-1])} and {top[-1]} bring the most value per seat, the same {shown[0][1]} a month")
    rest = [f"{name} {value}" for name, value in shown[len(top):]]
    return lead + (f"; then {', '.join(rest)}." if rest else ".")


def _group_slides(prs, blank, scenario: Scenario) -> None:
    """Each group's part in a table, how the groups add up, and the value per seat as bars: under the table
    while every bar gets a row its name fits, else on a slide of its own (8 groups squeezed the bars to
    70 px and the renderer drew 3 of 8 names)."""
    cur = currency_of(scenario)
    slide = prs.slides.add_slide(blank)
    _title(slide, "Who takes part: groups of advocates")
    rows = group_rows(scenario)
    widths = (Inches(3.1), *[Inches(1.5)] * (len(GROUP_HEADERS) - 1))
    _table(slide, [GROUP_HEADERS, *rows], widths, align_right_from=1)
    # A name longer than its column wraps and its row grows: counted so the chart starts below the table.
    lines = sum(math.ceil(len(row[0]) * NAME_EM * 13 / (widths[0] / Pt(1) - 14)) or 1 for row in rows)
    table_bottom = Inches(1.3) + Inches(0.4) * (1 + lines)
    formula_top = HIGH - Inches(1.0)
    _text(slide, "With groups: " + "; ".join(GROUP_FORMULAS[k][0].lower() + GROUP_FORMULAS[k][1:]
                                             for k in ("Impressions per story", "Program cost")) + ".",
          Inches(0.6), formula_top, Inches(12.1), Inches(0.9), 12, colour=MUTED)
    notes = (f"The program's levers move every group in proportion: each keeps its share of the participants and "
             f"its share rate relative to the mean. {_per_seat_words(scenario)} The share rate can go up to "
             f"{percent(scenario.share_rate_cap, locale=cur)}, where the keenest group shares every story. "
             f"{'. '.join(GROUP_FORMULAS.values())}.")
    groups = [g for g in group_results(scenario) if g.value_per_participant_per_month is not None]
    top = table_bottom + Inches(0.2)
    if formula_top - top >= _group_chart_height(len(groups)):
        _group_chart(slide, scenario, groups, top, formula_top - top)
        _notes(slide, notes)
        return
    _notes(slide, notes)
    slide = prs.slides.add_slide(blank)
    _title(slide, "Who brings the value per seat")
    _group_chart(slide, scenario, groups, Inches(1.2), HIGH - Inches(1.5))
    _notes(slide, _per_seat_words(scenario) or "No group has any participants yet.")


GROUP_BAR = Inches(0.45)  # a bar's row in the value-per-seat chart: its name (13 pt) and its label fit
GROUP_CHART_FRAME = Inches(1.2)  # the chart's title and value axis
NAME_EM = 0.55  # a group name's average character, in em (DejaVu Sans, what Impress substitutes)


def _group_chart_height(bars: int) -> int:
    return GROUP_CHART_FRAME + GROUP_BAR * max(bars, 1)


def _group_chart(slide, scenario: Scenario, groups: list, top, height) -> None:
    """Each group's media value per seat per month as bars (same order as the table), every name drawn."""
    data = CategoryChartData()
    data.categories = [g.name for g in reversed(groups)]  # a bar chart draws its first category at the bottom
    data.add_series("Media value per seat per month",
                    [float(g.value_per_participant_per_month) for g in reversed(groups)])  # type: ignore[arg-type]
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.6), top, Inches(12.1), height, data).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = f"Media value per seat per month ({currency_of(scenario)})"
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "#,##0.00", False
    plot.data_labels.font.size = Pt(13)
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = ACCENT
    chart.value_axis.tick_labels.number_format, chart.value_axis.tick_labels.number_format_is_linked = "#,##0", False
    chart.value_axis.minimum_scale = 0
    for axis in (chart.category_axis, chart.value_axis):
        axis.tick_labels.font.size = Pt(13)
    # Every name, never every other one: a renderer skips labels it thinks overlap unless told not to.
    skip = chart.category_axis._element.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    chart.category_axis._element.find(qn("c:noMultiLvlLbl")).addprevious(skip)


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _year_table(slide, f: FinanceFigures) -> None:
    rows = [YEAR_HEADERS, *year_rows(f)]
    shape = slide.shapes.add_table(len(rows), 4, Inches(0.6), Inches(1.3), Inches(12.1), Inches(0.5) * len(rows))
    for col, width in enumerate((Inches(2.6), Inches(2.5), Inches(3.5), Inches(3.5))):
        shape.table.columns[col].width = width
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = shape.table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size, run.font.bold = Pt(18), r == 0 or c == 0


def _style_lines(chart, colours) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(14)
    for series, colour in zip(chart.series, colours):
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(2.75)
        series.smooth = False


def _participation_chart(slide, scenario: Scenario, results: Results) -> None:
    """Media, total and net value and program cost per month across the share rate, today's point marked."""
    frame = sweep(scenario, "share_rate", 21)
    data = XyChartData()
    cur = currency_of(scenario)
    for column, name in (("value_per_month", "Media value per month"), ("total_value_per_month",
                                                                        "Total value per month"),
                         ("program_cost_per_month", "Program cost per month"),
                         ("net_value_per_month", "Net value per month")):
        series = data.add_series(name)
        for x, y in zip(frame["share_rate"], frame[column]):
            series.add_data_point(round(float(x), 12), float(y))
    today = data.add_series(f"Today ({percent(scenario.share_rate, locale=cur)})")
    today.add_data_point(scenario.share_rate, results.total_value_per_month)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS, Inches(0.6), Inches(1.2),
                                   Inches(12.1), Inches(5.6), data).chart
    _style_lines(chart, (ACCENT, INK, COST, NET))
    # Total value often lies on media value (no savings) and renderers stack series in opposite orders
    # (Impress draws the first on top): total is a wide band, media a thin line, so both show in either.
    chart.series[1].format.line.width = Pt(4.5)
    chart.series[0].format.line.width = Pt(2)
    point = chart.series[4]
    point.format.line.fill.background()
    point.marker.style, point.marker.size = XL_MARKER_STYLE.CIRCLE, 12
    point.marker.format.fill.solid()
    point.marker.format.fill.fore_color.rgb = INK
    x, y = chart.category_axis, chart.value_axis
    # The sweep runs to the share rate's cap (with groups, where the keenest group shares every story):
    # the axis ends there too, not at 100 % with the lines stopping a third of the way.
    cap = scenario.share_rate_cap
    x.minimum_scale, x.maximum_scale, x.major_unit = 0, cap, 0.1 if cap > 0.5 else 0.05
    x.tick_labels.number_format, x.tick_labels.number_format_is_linked = "0%", False
    x.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # under the plot, not at y = 0 when net value is negative
    x.has_title = True
    x.axis_title.text_frame.text = "Share rate (participation)"
    y.has_title = True
    y.axis_title.text_frame.text = f"Per month ({cur})"
    y.tick_labels.number_format, y.tick_labels.number_format_is_linked = "#,##0", False
    for axis in (x, y):
        axis.tick_labels.font.size = Pt(13)


def _ramp_chart(slide, f: FinanceFigures) -> None:
    """Cumulative value against cumulative cost, month by month."""
    months = f.months
    data = CategoryChartData()
    data.categories = [str(m) for m in months["month"]]
    data.add_series("Cumulative value", [float(v) for v in months["cumulative_value"]])
    data.add_series("Cumulative cost", [float(v) for v in months["cumulative_cost"]])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Inches(0.6), Inches(1.2), Inches(12.1), Inches(5.3),
                                   data).chart
    _style_lines(chart, (ACCENT, COST))
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = f"Cumulative ({f.currency})"
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.category_axis.has_title = True
    chart.category_axis.axis_title.text_frame.text = (
        f"Month of the program (month 1 = {calendar.month_name[f.ramp.launch_month]})")
    for axis in (chart.category_axis, chart.value_axis):
        axis.tick_labels.font.size = Pt(12)


def _text(slide, text: str, left, top, width, height, size: float, bold: bool = False, colour=INK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _link(slide, label: str, link: str, clickable: bool, left, top, width, height, locale: str = DEFAULT_LOCALE) -> None:
    """The label, then the link in the largest size whose lines stay on the slide (it wraps anywhere); a
    link too long for any legible size (four networks, groups, long notes: thousands of characters) is
    left to the speaker notes, which carry it whole, and the slide says so in a line that still opens it."""
    box = _text(slide, label, left, top, width, height, 11, bold=True, colour=MUTED)
    room = HIGH - top - Inches(0.1)  # to the slide's bottom edge, a little air kept
    size = next((pt for pt in LINK_PT if _text_height(f"{label} {link}", width, pt) <= room), None)
    run = box.text_frame.paragraphs[0].add_run()
    if size is None:
        where = link.split("?", 1)[0] if clickable else ""
        chars = count(len(link), locale)  # in the scenario's locale, as its figures
        run.text = (f" {where}?… (click to open; the whole link, {chars} characters, is in the speaker notes)"
                    if clickable else f" too long for a slide ({chars} characters): it is in the speaker notes")
        size = LINK_PT[0]
    else:
        run.text = " " + link
    run.font.size = Pt(size)
    run.font.color.rgb = ACCENT if clickable else MUTED
    if clickable:
        run.hyperlink.address = link


def _text_height(text: str, width, size: float) -> int:
    """The height a text takes wrapped anywhere in a box `width` wide at `size` pt (EMU): its characters at
    LINK_EM each, 1.2 lines, the frame's insets."""
    per_line = max(1, int((width - BOX_INSETS) / Pt(1) / (LINK_EM * size)))
    return int(math.ceil(len(text) / per_line) * Pt(size * 1.2) + Inches(0.1))


def _title(slide, text: str) -> None:
    _text(slide, text, Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.8), 30, bold=True)


def _boxes(slide, figures: list[tuple[str, str]], top) -> None:
    gap = Inches(0.25)
    width = (WIDE - Inches(1.2) - gap * (len(figures) - 1)) / len(figures)
    longest = max((len(value) for _label, value in figures), default=1)
    size = min(FIGURE_PT, int((width - BOX_INSETS) / Pt(1) / (FIGURE_EM * longest)))  # one line; one size a row
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
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, INK


def _table(slide, cells: list[tuple[str, ...]], widths: tuple, align_right_from: int = 99,
           row_height: int = Inches(0.4)) -> None:
    """A plain table at the top of a slide: a bold header row, 13 pt text."""
    shape = slide.shapes.add_table(len(cells), len(widths), Inches(0.6), Inches(1.3), sum(widths),
                                   row_height * len(cells))
    table = shape.table
    for col, width in enumerate(widths):
        table.columns[col].width = width
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                if c >= align_right_from:
                    paragraph.alignment = PP_ALIGN.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(13)
                    run.font.bold = r == 0


def _assumption_table(slide, items, currency: str) -> None:
    cells = [("Input", "Value", "Source (date, grade)")] + [
        (i.label, shown_value(i, currency), source_line(i)) for i in items]
    _table(slide, cells, (Inches(4.6), Inches(1.7), Inches(5.8)), row_height=Inches(0.33))