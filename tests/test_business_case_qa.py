"""What a finance-minded tester found in the slides and the workbook, each pinned by hand.

The case (built here): 2,000 participants (HR roster), euros in de-DE, LinkedIn at its benchmark
defaults but the CPM (their own, 35), a seat cost and a fixed cost of their own, and two groups,
Sales 15% and everyone else 85%, at the same share rate.
"""

import io
import math

import pytest

from advocacy_calc import Scenario


def qa_case(**update) -> Scenario:
    data = {
        "name": "Q3 LinkedIn case – Zürich/Ost", "prepared_by": "Dana Müller, Marketing Ops",
        "participants": 2000, "currency": "EUR", "locale": "de-DE",
        "networks": [{"name": "LinkedIn", "connections": 303, "cpm": 35, "cpc": 7.38, "ctr": 0.0055, "presence": 1,
                      "visibility": 0.06}],
        "cost": {"seat_cost_per_month": 10, "fixed_cost_per_month": 2000},
        "groups": [{"name": "Everyone else", "weight": 0.85}, {"name": "Sales", "weight": 0.15}],
        "provenance": {"participants": {"kind": "user", "note": "HR roster, 1 Oct 2026"},
                       "networks.LinkedIn.cpm": {"kind": "user", "note": "our Q3 LinkedIn CPM"},
                       "cost.seat_cost_per_month": {"kind": "user", "note": ""},
                       "cost.fixed_cost_per_month": {"kind": "user", "note": "FY27 budget line 4.2"}},
    }
    return Scenario.model_validate(data | update)


def _slides(scenario: Scenario):
    from pptx import Presentation

    from advocacy_calc.exports.pptx import deck

    return Presentation(io.BytesIO(deck(scenario)))


def _notes_of(prs, title: str) -> str:
    slide = next(s for s in prs.slides if any(getattr(sh, "text", "").startswith(title) for sh in s.shapes))
    return slide.notes_slide.notes_text_frame.text


def test_the_assumptions_notes_count_only_what_rests_on_a_benchmark():
    # The 17 inputs printed: participants (theirs), share rate, stories per day, working days (article 1),
    # valuation basis (model), LinkedIn connections, presence (model), visibility, CPM (theirs), CPC, CTR,
    # how leads are known (model), advocacy leads, cost per lead, add to total (model), seat and fixed
    # cost (theirs): 9 rest on a benchmark. Its two groups add each group's participants and share rate
    # (theirs: a group has no default): 21.
    notes = _notes_of(_slides(qa_case()), "Assumptions and their sources")
    assert "21 in all; 9 rest on a published benchmark" in notes, notes


def test_groups_with_the_same_value_per_seat_are_the_same():
    # Both groups share at 10%, so each seat brings the same: 2,00 € as printed.
    notes = _notes_of(_slides(qa_case()), "Who takes part")
    assert "Every group brings the same value per seat, 2,00\u00a0€ a month." in notes, notes
    assert "Sales bring" not in notes and "Everyone else bring" not in notes


def test_groups_are_ranked_by_value_per_seat_as_printed():
    # A seat brings 2.004345 € at the mean share rate (200 × 303 × 6% × 1.5 × 21 × 35 ÷ 1,000 ÷ 2,000) and
    # in proportion to its group's relative share rate.
    eur = "\u00a0€"
    groups = [{"name": "Everyone else", "weight": 0.6, "relative_share_rate": 0.75},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Marketing", "weight": 0.2, "relative_share_rate": 0.75}]
    notes = _notes_of(_slides(qa_case(groups=groups)), "Who takes part")
    # 2 × 2.004345 = 4.00869; 0.75 × 2.004345 = 1.50326 for the other two, in the table's order
    assert (f"Sales bring the most value per seat, 4,01{eur} a month; then Everyone else 1,50{eur}, "
            f"Marketing 1,50{eur}.") in notes, notes

    top = [{"name": "Everyone else", "weight": 0.5, "relative_share_rate": 0.4},
           {"name": "Sales", "weight": 0.25, "relative_share_rate": 1.6},
           {"name": "Marketing", "weight": 0.25, "relative_share_rate": 1.6}]
    notes = _notes_of(_slides(qa_case(groups=top)), "Who takes part")
    # 1.6 × 2.004345 = 3.20695 and 0.4 × 2.004345 = 0.80174
    assert (f"Sales and Marketing bring the most value per seat, the same 3,21{eur} a month; then Everyone else "
            f"0,80{eur}.") in notes, notes


def test_no_slide_is_near_empty_by_area():
    """Filled area, not a count of shapes: the groups slide used to be a title and a three-row table,
    about a quarter of the slide; now a bar chart of each group's value per seat fills the rest."""
    prs = _slides(qa_case())
    area = prs.slide_width * prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        filled = sum(max(0, min(sh.width, prs.slide_width - sh.left)) * max(0, min(sh.height, prs.slide_height - sh.top))
                     for sh in slide.shapes)
        assert filled / area >= 0.4, (number, filled / area)
    slide = next(s for s in prs.slides if any(getattr(sh, "text", "") == "Who takes part: groups of advocates"
                                               for sh in s.shapes))
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["Sales", "Everyone else"]  # drawn bottom-up: the table's order
    assert list(chart.plots[0].series[0].values) == pytest.approx([2.004345, 2.004345])  # 200 × 303 × 6% × 1.5 × 21 × 35 ÷ 1,000 ÷ 2,000


@pytest.mark.parametrize("path, source", [
    ("demand.landing_conversion_rate", "Not used (leads known from analytics)"),
    ("demand.sql_to_won", "Not used (funnel off)"),
    ("workforce", "Not used (no workforce given)"),
])
def test_the_workbook_never_grades_a_number_the_benchmark_does_not_give(path, source):
    from xlsx_formulas import Workbook

    from advocacy_calc.exports.xlsx import workbook

    book = Workbook(workbook(qa_case()))
    row = next(ref[1:] for (sheet, ref), v in book.cells.items() if sheet == "Assumptions" and v == path)
    sources = {col: book.cells.get(("Assumptions", f"{col}{row}"), "") for col in "EFG"}
    assert sources == {"E": source, "F": "", "G": ""}


def test_a_zero_that_is_used_is_not_given_and_a_default_keeps_its_grade():
    from advocacy_calc.exports.fields import inputs
    from advocacy_calc.exports.text import source_line

    case = qa_case(demand={"mode": "clicks", "landing_conversion_rate": 0})
    rows = {i.path: i for i in inputs(case)}
    assert source_line(rows["demand.landing_conversion_rate"]) == "Not given (0)"
    assert rows["demand.landing_conversion_rate"].grade == ""
    assert source_line(rows["networks.LinkedIn.visibility"]) == "practicalsmm.com (2023, S)"
    # the same benchmark figure that is not used still is its own source (cost per hire, no referral hires)
    assert rows["hiring.cost_per_hire"].grade == "S"


def test_the_workbooks_currency_cell_takes_any_iso_code():
    """A Swiss case's own CHF must pass its cell's validation: three capital letters, no list of three."""
    import re

    from xlsx_formulas import Workbook

    from advocacy_calc.exports.xlsx import workbook

    data = workbook(qa_case(currency="CHF", locale="de-CH"))
    book = Workbook(data)
    row = next(ref[1:] for (sheet, ref), v in book.cells.items() if sheet == "Assumptions" and v == "currency")
    assert book.cells[("Assumptions", f"B{row}")] == "CHF"
    assert book.cells[("Assumptions", f"C{row}")] == "ISO 4217 code: three capital letters (USD, EUR, CHF, JPY…)"
    # xlsxwriter writes the sheets in order: the Assumptions sheet is the first
    assert book.sheets[0] == "Assumptions"
    sheet = book.zip.read("xl/worksheets/sheet1.xml").decode()
    rules = {ref: kind for kind, ref in re.findall(r'<dataValidation type="(\w+)"[^>]*sqref="([A-Z]+\d+)"', sheet)}
    assert rules[f"B{row}"] == "custom"
    assert f"<formula1>AND(LEN(B{row})=3,EXACT(B{row},UPPER(B{row})))</formula1>" in sheet
    assert "USD,EUR,GBP" not in sheet and '"USD' not in sheet


def test_the_librarys_json_and_the_exports_name_files_by_one_rule():
    from advocacy_calc.exports import file_stem
    from advocacy_ui.library import file_name

    name = "Q3 LinkedIn case – Zürich/Ost"
    assert file_name(name) == "Q3 LinkedIn case – Zürich Ost.json"
    assert file_stem(qa_case(), "workbook") == "Q3 LinkedIn case – Zürich Ost - workbook"
    assert file_name(' ../"CON:"*? ') == "CON.json"
    assert file_name("///") == "scenario.json"


ARTICLE_1 = ("Practitioner article 1, on brand awareness and demand generation (title, author, publisher and date "
             "not known)")


def test_article_1_is_cited_and_described_alike_in_every_file():
    """Cited by its name everywhere (PDF, slides, workbook, the app's sources, the Methodology's table),
    described in the same words wherever the sources are listed; no file adds a description another lacks."""
    import re
    import zipfile

    from pypdf import PdfReader

    from advocacy_calc.benchmarks import benchmarks
    from advocacy_calc.exports.pdf import business_case
    from advocacy_calc.exports.xlsx import workbook
    from advocacy_ui import docs_view

    case = qa_case()
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(business_case(case))).pages)
    prs = _slides(case)
    slides = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    slides += " ".join(c.text for s in prs.slides for sh in s.shapes if sh.has_table for r in sh.table.rows
                       for c in r.cells)
    book = zipfile.ZipFile(io.BytesIO(workbook(case))).read("xl/sharedStrings.xml").decode("utf-8")
    table = docs_view.benchmarks_markdown()
    for name, text in (("pdf", pdf), ("slides", slides), ("workbook", book), ("methodology", table)):
        citations = re.findall(r"Practitioner article 1(.{0,4})", text)
        assert citations, name
        assert all(after.startswith((" (V)", ":", ",")) for after in citations), (name, citations)
    assert all(b.source.startswith("Practitioner article 1:") for b in benchmarks().values()
               if "article 1" in b.source)
    # described in the same words where the sources are listed
    assert f"{ARTICLE_1}." in book
    assert f"{ARTICLE_1}." in _notes_of(prs, "Assumptions and their sources")
    doc = (docs_view.DOC).read_text(encoding="utf-8")
    assert "- **Practitioner article 1, on brand awareness and demand generation** (title, author, publisher and date " \
           "not known)." in doc


def test_the_workbook_prints_the_case_name_and_long_labels_whole(tmp_path):
    """As printed by Calc: the case's name was cut by "Prepared by" in the next cell on the Results and
    Forecast sheets ("Q3 LinkedIn casePrepared by"), and "Program cost per year (12 × the monthly run-rate"
    lost its ")" to the figure beside it. Text a cell clips is not printed at all; poppler reads each page
    in the order Calc draws it (-raw: a wrapped cell's lines stay together), whitespace ignored."""
    import shutil
    import subprocess

    import libreoffice
    from pypdf import PdfReader

    from advocacy_calc.exports import export_bytes

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = libreoffice.convert(export_bytes(qa_case(), "xlsx"), ".xlsx", "pdf")
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    pages = ["".join(subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
                                    capture_output=True, check=True, text=True).stdout.split())
             for n in range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1)]
    for sheet in ("Results", "Forecast:peryear,paybackandrange"):
        first = next(p for p in pages if p.startswith(sheet))
        assert "Q3LinkedIncase–Zürich/Ost" in first and "PreparedbyDanaMüller,MarketingOps" in first, first[:200]
    results = pages.index(next(p for p in pages if p.startswith("Results")))
    printed = "".join(pages[results:results + 2])  # the Results sheet prints on two pages
    for label in ("Totalvalueperyear(12×themonthlyrun-rate)", "Programcostperyear(12×themonthlyrun-rate)",
                  "Netvalueperyear(12×themonthlyrun-rate)"):
        assert label in printed, label


def long_case() -> Scenario:
    """Four networks at the agency's rates, each noted at length, a long name and two groups: a link of
    about 4,000 characters."""
    note = ("Quoted by our agency in the Q3 2026 media plan, rate card v7, page 14, confirmed by procurement on "
            "12 Sep 2026 ahead of the budget review (ticket FIN-20931)")
    networks = [{"name": n, "connections": 400, "cpm": 20 + i, "cpc": 3, "ctr": 0.01, "presence": 0.5,
                 "visibility": 0.08} for i, n in enumerate(("LinkedIn", "X", "Facebook", "Instagram"))]
    given = {f"networks.{n['name']}.{f}": {"kind": "user", "note": note} for n in networks
             for f in ("cpm", "cpc", "connections")}
    return qa_case(name="Q3 LinkedIn case – Zürich/Ost, all four networks with our own agency rates",
                   networks=networks, provenance=given)


def _estimated_bottom(shape) -> float:
    """The test's own rule for where a text frame's text ends (EMU): each paragraph wraps anywhere at
    0.6 em a character of its runs' sizes (DejaVu Sans' mean over URL text and words), 1.2 lines,
    0.1 inch of insets top and bottom, 0.2 inch left and right."""
    from pptx.util import Inches, Pt

    width_pt = (shape.width - Inches(0.2)) / Pt(1)
    height = Inches(0.1)
    for paragraph in shape.text_frame.paragraphs:
        runs = [r for r in paragraph.runs if r.text]
        if not runs:
            continue
        used = sum(len(r.text) * 0.6 * r.font.size.pt for r in runs)
        tallest = max(r.font.size.pt for r in runs)
        height += math.ceil(used / width_pt) * Pt(tallest * 1.2)
    return shape.top + height


def test_every_text_stays_on_its_slide_with_a_long_link():
    from advocacy_calc.exports import export_bytes
    from pptx import Presentation

    data = export_bytes(long_case(), "pptx", base_url="https://advocacy.example.com/app")
    prs = Presentation(io.BytesIO(data))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert _estimated_bottom(shape) <= prs.slide_height, (number, shape.text_frame.text[:80])
    # The link itself rides in the notes, whole; the slide's line still opens it.
    title = prs.slides[0]
    notes = title.notes_slide.notes_text_frame.text
    link = notes.rsplit(" ", 1)[1]
    assert link.startswith("https://advocacy.example.com/app?participants=2000&") and len(link) > 3000
    addresses = [r.hyperlink.address for s in title.shapes if s.has_text_frame for p in s.text_frame.paragraphs
                 for r in p.runs if r.hyperlink.address]
    assert addresses == [link]
    shown = next(s.text_frame.text for s in title.shapes if s.has_text_frame and s.text_frame.text.startswith("Open"))
    characters = f"{len(link):,}".replace(",", ".")  # the case is de-DE: its counts print 3.854, as its figures
    assert shown == (f"Open this scenario in the app: https://advocacy.example.com/app?… (click to open; the whole "
                     f"link, {characters} characters, is in the speaker notes)")


def test_the_title_slide_prints_its_link_line_whole_in_impress(tmp_path):
    """Rendered by LibreOffice: every word of the title slide lies on the page, the link's line whole
    (the 4,000-character link at 7 pt ran past the bottom edge and was cut)."""
    import re
    import shutil
    import subprocess

    import libreoffice

    from advocacy_calc.exports import export_bytes

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from pptx import Presentation

    data = export_bytes(long_case(), "pptx", base_url="https://advocacy.example.com/app")
    line = next(s.text_frame.text for s in Presentation(io.BytesIO(data)).slides[0].shapes
                if s.has_text_frame and s.text_frame.text.startswith("Open this scenario"))
    pdf = libreoffice.convert(data, ".pptx", "pdf")
    path = tmp_path / "slides.pdf"
    path.write_bytes(pdf)
    box = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', box).group(1))
    assert max(float(y) for y in re.findall(r'yMax="([\d.]+)"', box)) <= height
    words = "".join(re.findall(r">([^<]+)</word>", box))
    assert "".join(line.split()) in words, words[-300:]  # what the slide holds is all printed

