"""What finance asks of the files: per year (the run-rate year and the first 12 months of the ramp-up),
the payback month with its ramp-up, the P10-P90 range with draws and seed, who made the file and when;
slides with speaker notes and native charts; CSV to the cent.

The case: the worked example with 2,000 participants, $10 a seat and $2,000 fixed a month, and a
launch cost of $20,000. By hand (docs/model.md §5 and §7):
- a month: media value 2 × $31,500 = $63,000, leads $1,000, total $64,000; cost 10 × 2,000 + 2,000 =
  $22,000; net $42,000. The run-rate year: $768,000 total, $264,000 cost, $504,000 net.
- the ramp-up (S-curve 2% -> 10% over 6 months): p = 0, .2, .4, .6, .8, 1 gives 3p² − 2p³ = 0, .104,
  .352, .648, .896, 1, so share rates .02, .02832, .04816, .07184, .09168, .1, then .1 to month 12:
  their sum is .96. Media value is $630,000 per unit of share rate: $604,800, + 12 × $1,000 of leads
  = $616,800 in the first 12 months; cost 12 × $22,000 + $20,000 = $284,000; net $332,800.
- payback: cumulative net after months 1-4 is −28,400, −31,558.40, −22,217.60, +2,041.60: month 4.
"""

import datetime as dt
import io
import math
import re
import zipfile

import pytest

from advocacy_calc import PRESETS, Cost, Network, Scenario, compute, sweep
from advocacy_calc.exports import finance as fin
from advocacy_calc.forecast.montecarlo import simulate
from advocacy_calc.ranges import default_ranges, with_ranges
from advocacy_calc.forecast.timeline import TimelineSettings, timeline
from xlsx_formulas import Workbook

CASE = PRESETS["Worked example"].model_copy(update={
    "name": "LinkedIn pilot 2,000", "participants": 2000, "cost": Cost(seat_cost_per_month=10, fixed_cost_per_month=2000)})
RAMP = TimelineSettings(launch_cost=20_000)
WHEN = dt.datetime(2026, 11, 29, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def dollars(x: float) -> str:
    """The test's own rule for whole dollars as the files print them: $768,000, -$5,692."""
    return ("-" if x < 0 else "") + f"${abs(x):,.0f}"


@pytest.fixture(scope="module")
def figures():
    import os

    os.environ["ADVOCACY_GIT_COMMIT"] = "abc1234def"
    fin.git_commit.cache_clear()
    try:
        yield fin.finance_figures(CASE, ramp=RAMP, prepared_at=WHEN)
    finally:
        del os.environ["ADVOCACY_GIT_COMMIT"]
        fin.git_commit.cache_clear()


@pytest.fixture(scope="module")
def expected_range():
    """P10/P90 from the Monte Carlo with the benchmark ranges, built here from the ranges module."""
    return simulate(with_ranges(CASE, default_ranges(CASE)), draws=100_000, seed=2026)


def test_per_year_first_year_and_payback_by_hand(figures):
    f = figures
    assert (f.total_value_per_month, f.program_cost_per_month, f.net_value_per_month) == pytest.approx(
        (64_000, 22_000, 42_000), rel=1e-9)
    assert (f.total_value_per_year, f.program_cost_per_year, f.net_value_per_year) == pytest.approx(
        (768_000, 264_000, 504_000), rel=1e-9)
    assert (f.first_year_total_value, f.first_year_cost, f.first_year_net_value) == pytest.approx(
        (616_800, 284_000, 332_800), rel=1e-9)
    assert f.payback_month == 4 and fin.payback_text(f) == "month 4"
    assert f.simulation.draws == 100_000 and f.simulation.seed == 2026


def test_provenance_has_the_time_zone_version_commit_and_model_version(figures):
    assert figures.provenance.line == ("Prepared 2026-11-29 18:05 UTC+02:00 with the advocacy what-if explorer "
                                       "0.1.0 (commit abc1234def), scenario model version 2.")
    with pytest.raises(ValueError, match="time zone"):
        fin.provenance(CASE, dt.datetime(2026, 11, 29, 18, 5))
    # Without the variable, the commit comes from git in this checkout (or says it is unknown).
    fin.git_commit.cache_clear()
    assert re.fullmatch(r"[0-9a-f]{7,12}|unknown", fin.git_commit())


def test_nothing_to_pay_back_and_not_within_the_months():
    free = fin.finance_figures(PRESETS["Worked example"], prepared_at=WHEN)
    assert free.payback_month is None and fin.payback_text(free) == "nothing to pay back"
    from pptx import Presentation

    from advocacy_calc.exports.pptx import deck

    year_notes = Presentation(io.BytesIO(deck(PRESETS["Worked example"], finance=free))).slides[2] \
        .notes_slide.notes_text_frame.text
    assert "With no cost entered there is nothing to pay back." in year_notes and "launch cost" not in year_notes
    dear = fin.finance_figures(CASE.model_copy(update={"cost": Cost(fixed_cost_per_month=1e7)}), prepared_at=WHEN)
    assert fin.payback_text(dear) == "not within 24 months"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_carries_the_year_payback_range_and_provenance(figures, expected_range, paper):
    from advocacy_calc.exports.pdf import business_case

    text = _pdf_text(business_case(CASE, paper, finance=figures))
    for words in ("Per year (12 × the monthly run-rate)", "First 12 months of the ramp-up",
                  dollars(768_000), dollars(504_000), dollars(264_000), dollars(616_800), dollars(332_800),
                  dollars(284_000), "Payback: month 4", "launch cost $20,000", "2% to 10% over 6 months (S-curve)",
                  "100,000 Monte Carlo draws, seed 2026",
                  f"{dollars(expected_range.net_value_per_month.p10)} to {dollars(expected_range.net_value_per_month.p90)}",
                  "Prepared 2026-11-29 18:05 UTC+02:00", "commit abc1234def", "scenario model version 2"):
        assert words in text, words


def _deck(figures):
    from pptx import Presentation

    from advocacy_calc.exports.pptx import deck

    return Presentation(io.BytesIO(deck(CASE, finance=figures)))


def test_slides_tell_the_story_in_notes_and_carry_the_year(figures, expected_range):
    prs = _deck(figures)
    notes = [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    assert all(len(n) > 50 for n in notes), notes  # every slide has its story in words
    everything = "\n".join(notes + [shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                                    if shape.has_text_frame]
                           + [c.text for slide in prs.slides for shape in slide.shapes if shape.has_table
                              for row in shape.table.rows for c in row.cells])
    for words in (dollars(768_000), dollars(504_000), dollars(616_800), dollars(332_800), "Payback: month 4",
                  "It pays back in month 4.", "100,000 Monte Carlo draws (seed 2026)",
                  f"{dollars(expected_range.net_value_per_month.p10)} to {dollars(expected_range.net_value_per_month.p90)}",
                  f"between {dollars(expected_range.net_value_per_month.p10)} and "
                  f"{dollars(expected_range.net_value_per_month.p90)}", "$332,800 net, launch cost included.",
                  "First 12 months of the ramp-up", "Per year (12 × the monthly run-rate)",
                  "Prepared 2026-11-29 18:05 UTC+02:00", "commit abc1234def"):
        assert words in everything, words


def test_slides_charts_are_native_and_hold_the_package_numbers(figures):
    from pptx.enum.chart import XL_CHART_TYPE

    charts = [shape.chart for slide in _deck(figures).slides for shape in slide.shapes if shape.has_chart]
    # python-pptx reads a scatter with one marked series back as XY_SCATTER: an XY chart either way.
    assert charts[0].chart_type.name.startswith("XY_SCATTER") and charts[1].chart_type == XL_CHART_TYPE.LINE
    frame = sweep(CASE, "share_rate", 21)
    series = {s.name: list(s.values) for s in charts[0].plots[0].series}
    for name, column in (("Total value per month", "total_value_per_month"),
                         ("Program cost per month", "program_cost_per_month"),
                         ("Net value per month", "net_value_per_month")):
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in zip(series[name], frame[column]))
    months = timeline(CASE, RAMP).table
    ramp = {s.name: list(s.values) for s in charts[1].plots[0].series}
    assert ramp["Cumulative cost"][:4] == pytest.approx([42_000, 64_000, 86_000, 108_000], rel=1e-9)  # launch in 1
    assert ramp["Cumulative value"] == pytest.approx(list(months["cumulative_value"]), rel=1e-9)


def test_no_near_empty_slide(figures):
    """17 assumptions used to make one slide of 16 rows and one of a single row."""
    from advocacy_calc.exports.text import relevant_inputs

    prs = _deck(figures)
    rows = [len(shape.table.rows) - 1 for slide in prs.slides for shape in slide.shapes if shape.has_table
            and shape.table.cell(0, 0).text == "Input"]
    assert sum(rows) == len(relevant_inputs(CASE)) == 17 and max(rows) - min(rows) <= 1
    # Near-empty is measured as filled area (the shapes' extents within the slide), not a count of shapes:
    # a title over a three-row table passed a count and filled a quarter of the slide.
    area = prs.slide_width * prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        filled = sum(max(0, min(sh.width, prs.slide_width - sh.left)) * max(0, min(sh.height, prs.slide_height - sh.top))
                     for sh in slide.shapes)
        assert filled / area >= 0.4, (number, round(filled / area, 2))


def test_workbook_forecast_sheet(figures, expected_range):
    from advocacy_calc.exports.xlsx import workbook

    book = Workbook(workbook(CASE, finance=figures))
    cells = {v: ref for (sheet, ref), v in book.cells.items()
             if sheet == "Forecast" and isinstance(v, str) and ref.startswith("A")}
    row = lambda label: int(cells[label][1:])  # noqa: E731 - column A labels

    for label, month, year, first in (("Total value", 64_000, 768_000, 616_800), ("Program cost", 22_000, 264_000,
                                                                                   284_000),
                                      ("Net value", 42_000, 504_000, 332_800)):
        r = row(label)
        assert [book.value("Forecast", f"{c}{r}") for c in "BCD"] == pytest.approx([month, year, first], rel=1e-9)
    assert book.value("Forecast", f"B{row('Payback month (with the ramp-up below)')}") == 4
    r = row("Net value per month")
    assert [book.value("Forecast", f"{c}{r}") for c in "BD"] == pytest.approx(
        [expected_range.net_value_per_month.p10, expected_range.net_value_per_month.p90], rel=1e-9)
    assert book.value("Forecast", f"B{row('Monte Carlo draws')}") == 100_000
    assert book.value("Forecast", f"B{row('Seed')}") == 2026
    line = figures.provenance.line
    assert book.cells[("Forecast", "A3")] == line == book.cells[("Assumptions", "A4")] == book.cells[("Results", "A4")]
    # Results: the run-rate year as live formulas.
    results = {v: ref for (sheet, ref), v in book.cells.items()
               if sheet == "Results" and isinstance(v, str) and ref.startswith("A")}
    for label, want in (("Total value per year (12 × the monthly run-rate)", 768_000),
                        ("Net value per year (12 × the monthly run-rate)", 504_000)):
        assert book.value("Results", "B" + results[label][1:]) == pytest.approx(want, rel=1e-9)


def test_csv_to_the_cent_and_rates_to_six_decimals():
    from advocacy_calc.exports import tables

    scenario = PRESETS["Typical B2B"].model_copy(update={"share_rate": 0.1234567891})
    text = tables.table_csv(scenario, "results").decode("utf-8-sig")
    rows = {line.split(",")[0]: line for line in text.splitlines()}
    r = compute(scenario)
    # The test's own rule: round half to even to the cent, then Python's shortest repr.
    assert rows["Media value per month"] == f"Media value per month,{round(r.value_per_month, 2)!r},\"USD, to the cent\""
    assert rows["ROI (net value / cost)"].startswith(f"ROI (net value / cost),{round(r.roi, 6)!r},")
    assert rows["Net value per year (12 × the monthly run-rate)"].startswith(
        f"Net value per year (12 × the monthly run-rate),{round(12 * r.net_value_per_month, 2)!r},")
    for table in tables.TABLES:
        body = tables.table_csv(scenario, table).decode("utf-8-sig")
        for number in re.findall(r"(?<![\w.])-?\d+\.(\d+)(?![\w.])", body):
            assert len(number) <= 6, (table, number)
    sweep_rows = tables.table_csv(scenario, "sweep").decode("utf-8-sig").splitlines()
    assert sweep_rows[36].split(",")[0] == "0.35"  # rates as fractions, no 0.35000000000000003
    for cell in sweep_rows[36].split(",")[1:]:
        assert len(cell.partition(".")[2]) <= 2, cell


# --- What a QA tester saw in the rendered files (slides and workbook of QA_CASE) -------------------------

# One network priced by CPM alone: its CPC and CTR are 0 = unknown, so their draws move nothing.
QA_CASE = Scenario(participants=2000, networks=[Network(name="LinkedIn", cpm=35)],
                   cost=Cost(seat_cost_per_month=10, fixed_cost_per_month=2000))


@pytest.fixture(scope="module")
def qa_figures():
    return fin.finance_figures(QA_CASE, draws=2_000, prepared_at=WHEN)


def test_range_note_counts_only_the_inputs_that_move_the_figures(qa_figures, figures):
    f = qa_figures
    assert len(f.simulation.ranged_inputs) == 9  # drawn, as before
    assert f.idle_inputs == ("networks.LinkedIn.cpc", "networks.LinkedIn.ctr")
    words = fin.range_words(f)
    assert "PERT over 7 ranged inputs that move the figures" in words
    assert "2 more drawn with no effect on this basis" in words
    assert "no effect" not in fin.range_words(figures) and "over 7 ranged inputs" in fin.range_words(figures)
    # Valued by CPC, the CPM is the input that moves nothing.
    by_cpc = QA_CASE.model_copy(update={"valuation_basis": "cpc", "networks": [
        Network(name="LinkedIn", cpm=35, cpc=5, ctr=0.01)]})
    assert fin.idle_inputs(with_ranges(by_cpc, default_ranges(by_cpc))) == ("networks.LinkedIn.cpm",)


def _slide_figures(data: bytes) -> list[tuple[str, float, float]]:
    """Slide 2's boxes: (figure, its font size in pt, the box's inner width in pt)."""
    from pptx import Presentation

    out = []
    for shape in Presentation(io.BytesIO(data)).slides[1].shapes:
        if shape.has_text_frame and len(shape.text_frame.paragraphs) == 2:
            frame = shape.text_frame
            run = frame.paragraphs[1].runs[0]
            inner = (shape.width - frame.margin_left - frame.margin_right) / 12700  # EMU per pt
            out.append((run.text, run.font.size.pt, inner))
    return out


@pytest.mark.parametrize("participants", [2000, 150_000])
def test_slide_headline_figures_fit_their_boxes_on_one_line(participants):
    """'$188,425' broke into '$188,42' / '5' in Impress: 0.7 em a character is DejaVu Sans Bold's widest
    digit, the font Impress falls back to, so a figure this narrow stays on one line."""
    from advocacy_calc.exports.pptx import deck

    boxes = _slide_figures(deck(QA_CASE.model_copy(update={"participants": participants})))
    assert len(boxes) == 9
    assert any(len(text) >= (8 if participants == 2000 else 10) for text, _s, _w in boxes)  # $188,425, $14,058,…
    for text, size, inner in boxes:
        assert size * 0.7 * len(text) <= inner, (text, size, inner)
        assert size >= 18, (text, size)  # still a headline from the back of the room


def test_participation_chart_labels_below_the_plot_and_total_value_visible():
    from pptx import Presentation
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    from advocacy_calc.exports.pptx import deck

    prs = Presentation(io.BytesIO(deck(QA_CASE)))
    chart = next(shape.chart for shape in prs.slides[3].shapes if shape.has_chart)
    assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW  # net value is negative at 0%
    lines = {s.name: s.format.line for s in chart.plots[0].series}
    # Total value lies on media value here ($1,000 apart on a $1.9m axis): a wider band under a thin line.
    assert lines["Total value per month"].width > 1.5 * lines["Media value per month"].width
    assert str(lines["Total value per month"].color.rgb) == "1A1A1A"


def _xlsx_styles(data: bytes, sheet_file: str):
    """(cell -> (number format code, wraps), column index -> width, defined names) of one sheet."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    zf = zipfile.ZipFile(io.BytesIO(data))
    styles = ET.fromstring(zf.read("xl/styles.xml"))
    codes = {int(n.get("numFmtId")): n.get("formatCode") for n in styles.iterfind("m:numFmts/m:numFmt", ns)}
    codes.update({0: "General", 1: "0", 3: "#,##0"})
    xfs = []
    for xf in styles.find("m:cellXfs", ns):
        align = xf.find("m:alignment", ns)
        xfs.append((codes.get(int(xf.get("numFmtId", 0)), "?"), align is not None and align.get("wrapText") == "1"))
    sheet = ET.fromstring(zf.read(f"xl/worksheets/{sheet_file}"))
    cells = {c.get("r"): xfs[int(c.get("s", 0))] for c in sheet.iter(f"{{{ns['m']}}}c")}
    widths = {}
    for col in sheet.iterfind("m:cols/m:col", ns):
        for i in range(int(col.get("min")), int(col.get("max")) + 1):
            widths[i] = float(col.get("width"))
    names = {d.get("name") + "@" + d.get("localSheetId", ""): d.text
             for d in ET.fromstring(zf.read("xl/workbook.xml")).iterfind("m:definedNames/m:definedName", ns)}
    return cells, widths, names


def test_workbook_says_what_the_pdf_says_and_prints_legibly(qa_figures):
    from advocacy_calc.exports.xlsx import workbook

    data = workbook(QA_CASE, finance=qa_figures)
    book = Workbook(data)
    fields = {v: int(ref[1:]) for (s, ref), v in book.cells.items() if s == "Assumptions" and ref[0] == "D"}
    cell = lambda path, col="B": book.cells[("Assumptions", f"{col}{fields[path]}")]  # noqa: E731
    assert cell("valuation_basis") == "CPM" and cell("demand.mode") == "analytics"
    assert cell("valuation_basis", "C") == "CPM, CPC or lower of the two"
    assert cell("demand.mode", "C") == "analytics, an asset or clicks"
    assert cell("demand.include_in_total") is True
    styles, widths, _names = _xlsx_styles(data, "sheet1.xml")
    assert styles[f"B{fields['demand.include_in_total']}"][0] == '"TRUE";"TRUE";"FALSE"'  # Calc shows TRUE, not 1
    assert styles[f"E{fields['networks.LinkedIn.cpm']}"][1]  # the source wraps in its column
    # ... in a row tall enough for its lines (Calc keeps a row's height when it opens a file): the CPM's
    # source runs to 169 characters in a 42-wide column (44 characters a line): 'Lever Digital 2026 and ZenABM
    # 2026 via' / 'stackmatix.com; Recotap 2024 (25-45 typical;' / 'median 59, mean 73 for single-image ads)' /
    # '(stackmatix.com/blog/linkedin-cpm-explained)': four lines of 15 pt.
    source = cell("networks.LinkedIn.cpm", "E")
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    height = re.search(rf'<row r="{fields["networks.LinkedIn.cpm"]}"[^>]* ht="([\d.]+)"', sheet_xml)
    assert 160 < len(source) <= 240 and height and float(height.group(1)) == 60
    # The formulas compare the same words: the lead savings of 'analytics' are counted.
    rows = {v: int(ref[1:]) for (s, ref), v in book.cells.items() if s == "Results" and ref[0] == "A"}
    assert book.value("Results", f"B{rows['Advocacy leads per month']}") == pytest.approx(50, rel=1e-12)
    assert book.value("Results", f"B{rows['Valuation basis']}") == "CPM"
    # Results: the per-network block ran 14 columns wide and the sheet, printed one landscape page wide, shrank
    # to 6 pt text; turned sideways (a column per network) the columns stay under a page at about 80%
    # (tests/test_exports_libreoffice.py measures the printed text), the words wrapped in column C.
    _styles, widths, _names = _xlsx_styles(data, "sheet2.xml")
    assert sum(widths.values()) <= 136, widths
    total_row = rows["Total value per month"]
    assert not any((("Results", f"{c}{total_row}") in book.cells or ("Results", f"{c}{total_row}") in book.formulas)
                   for c in "DEFGHIJKLMN")
    # Forecast: the seed is an identifier, not a count; ranged inputs in the labels people read.
    styles, _widths, names = _xlsx_styles(data, "sheet4.xml")
    forecast = {v: ref for (s, ref), v in book.cells.items() if s == "Forecast" and isinstance(v, str)}
    seed_row = forecast["Seed"][1:]
    assert styles[f"B{seed_row}"][0] == "0" and book.cells[("Forecast", f"B{seed_row}")] == 2026
    ranged = next(v for v in forecast if v.startswith("Ranged inputs: "))
    assert "networks." not in ranged and "LinkedIn: paid CPM" in ranged and "Share rate per story" in ranged
    assert ranged.endswith("Drawn with no effect on this basis: LinkedIn: paid CPC (0 = unknown); "
                           "LinkedIn: click-through rate (0 = unknown)")
    # Sensitivity: its column titles (row 4) repeat on every printed page.
    assert names["_xlnm.Print_Titles@2"] == "Sensitivity!$4:$4"


def test_cli_export_takes_the_ramp_up_and_range_options_as_the_app_does(tmp_path, capsys):
    """advocacy-calc export --launch-cost 20000 ...: the same case as the app's Ramp-up page with a $20,000
    launch cost (month 4, by hand above); the options land in the scenario's settings; a bad
    option is named with what is allowed."""
    from advocacy_calc.cli import main

    case = tmp_path / "case.json"
    case.write_text(CASE.model_dump_json(), encoding="utf-8")
    out = tmp_path / "case.pdf"
    assert main(["export", str(case), "--format", "pdf", "-o", str(out), "--launch-cost", "20000",
                 "--seed", "7", "--draws", "10000"]) == 0
    text = _pdf_text(out.read_bytes())
    for words in ("Payback: month 4", "launch cost $20,000", "10,000 Monte Carlo draws, seed 7",
                  dollars(616_800), dollars(332_800)):
        assert words in text, words
    # Without options the file's own settings count (here none: no launch cost, an earlier payback)
    assert main(["export", str(case), "--format", "pdf", "-o", str(out)]) == 0
    assert "launch cost $20,000" not in _pdf_text(out.read_bytes())
    # Kept in the scenario file: used without options
    case.write_text(CASE.model_copy(update={"settings": CASE.settings.model_copy(
        update={"timeline_launch_cost": 20_000.0})}).model_dump_json(), encoding="utf-8")
    assert main(["export", str(case), "--format", "pdf", "-o", str(out)]) == 0
    assert "launch cost $20,000" in _pdf_text(out.read_bytes())
    capsys.readouterr()
    assert main(["export", str(case), "--format", "xlsx", "-o", str(out), "--months", "50", "--seed", "-3",
                 "--decay", "2"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --months: 50 is not allowed (allowed 12 to 36)",
        "error: --decay: 2.0 is not allowed (allowed 0 to 0.3)",
        "error: --seed: -3 is not allowed (allowed 0 to 2,147,483,647)"]
