"""Exports: the workbook's formulas give the package's numbers, the PDF and slides carry the
headline figures, CSV and Excel neutralise formula injection, charts render, and the CLI writes them."""

import csv
import io
import math
import subprocess
import sys

import pytest

from advocacy_calc import PRESETS, Cost, Demand, Hiring, Network, Scenario, compute, sweep, sweep_by_network
from advocacy_calc.cli import main
from advocacy_calc.exports import tables
from advocacy_calc.exports.xlsx import _FIGURES, _NETWORK_COLS, workbook
from advocacy_calc.scenario import network_label
from advocacy_calc.formatting import money
from advocacy_calc.exports.text import bottom_line, headline
from xlsx_formulas import Workbook

WORKED_CPM = 1000 / 85
INJECTION = '=HYPERLINK("http://evil.example","click")'

# docs/model.md §8 row by row, the presets, and cases that reach every branch of the formulas.
SCENARIOS = {
    "golden reach": Scenario(participants=1000, share_rate=0.10, networks=[Network(name="X", connections=850)]),
    "golden value per story": Scenario(participants=1000, share_rate=0.10,
                                       networks=[Network(name="X", connections=850, cpm=WORKED_CPM)]),
    "golden value per month": Scenario(participants=1000, share_rate=0.10, stories_per_day=1.5,
                                       working_days_per_month=21,
                                       networks=[Network(name="X", connections=850, cpm=WORKED_CPM)]),
    "golden a little under 1000": Scenario(networks=[Network(name="X", connections=850, cpm=11.75)]),
    "golden cpl savings": Scenario(demand=Demand(cost_per_lead=20, advocacy_leads_per_month=50)),
    "golden zero share rate": Scenario(share_rate=0.0, valuation_basis="cpc",
                                       networks=[Network(name="X", ctr=0.01, cpc=2), Network(name="LinkedIn")]),
    "golden zero participants": Scenario(participants=0, valuation_basis="conservative",
                                         networks=[Network(name="X", ctr=0.01, cpc=2)]),
    "default": Scenario(),
    **{f"preset {name}": s for name, s in PRESETS.items()},
    "clicks, conservative, funnel, every cost": Scenario(
        name=INJECTION, valuation_basis="conservative", workforce=5000, currency="EUR",
        networks=[Network(name="LinkedIn", connections=500, cpm=35, cpc=7.38, ctr=0.0055, visibility=0.06),
                  Network(name="X", cpc=1.5, ctr=0.01, presence=0.5)],
        demand=Demand(mode="clicks", landing_conversion_rate=0.05, lead_to_mql=0.3, mql_to_sql=0.4, sql_to_won=0.2,
                      average_deal_size=20000, advocacy_conversion_factor=1.5),
        cost=Cost(seat_cost_per_month=10, fixed_cost_per_month=2000, minutes_per_share=3, hourly_cost=60),
        hiring=Hiring(referral_hires_per_month=1)),
    "asset, cpc": Scenario(
        name="-5", valuation_basis="cpc", networks=[Network(name="LinkedIn", connections=303, ctr=0.006, cpc=7)],
        demand=Demand(mode="asset", asset_leads_per_month=200, advocacy_share_of_asset_traffic=0.1),
        cost=Cost(fixed_cost_per_month=3000)),
    "leads left out, not reached": Scenario(currency="GBP", demand=Demand(include_in_total=False),
                                            cost=Cost(fixed_cost_per_month=10_000_000)),
    "no networks": Scenario(networks=[], cost=Cost(fixed_cost_per_month=500)),
}


def close(actual, expected) -> bool:
    if expected is None:
        return actual in ("none", "not reached")
    if isinstance(expected, (str, bool)):
        return actual == expected
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9 if expected == 0 else 0.0)


def _rows(book: Workbook, sheet: str, column: str = "A") -> dict[str, int]:
    """Text in a column -> its first row number (the Results sheet's figures come before the per-network block,
    whose quantities are named as the figures that add them up)."""
    found = sorted((int(ref[len(column):]), v) for (s, ref), v in book.cells.items()
                   if s == sheet and isinstance(v, str) and ref[:len(column)] == column and ref[len(column):].isdigit())
    rows: dict[str, int] = {}
    for row, text in found:
        rows.setdefault(text, row)
    return rows


def network_block(cells: dict, value, results) -> dict[str, tuple[str, object]]:
    """The Results sheet's per-network block: its header row has "Network" in column A and the networks' names
    beside it; the quantities follow in the order of _NETWORK_COLS. {cell: (quantity, value there)}."""
    header = next(int(ref[1:]) for (s, ref), v in cells.items() if s == "Results" and ref[0] == "A" and v == "Network")
    assert [cells.get(("Results", f"{chr(66 + i)}{header}")) for i in range(len(results.networks))] == \
        [network_label(n.name) for n in results.networks]  # named as people read them: "X (Twitter)"
    found = {}
    for i, _net in enumerate(results.networks):
        for j, (key, title, *_rest) in enumerate(_NETWORK_COLS):
            if key in ("name", "value_per_sharer", "clicks_per_sharer"):
                continue
            assert cells[("Results", f"A{header + j}")] == title
            ref = f"{chr(66 + i)}{header + j}"
            found[ref] = (key, value(ref))
    assert len(found) == 11 * len(results.networks)
    return found


# The workbook writes a coded choice in the PDF's words (and its formulas compare those words).
BASIS_WORDS = {"cpm": "CPM", "cpc": "CPC", "conservative": "lower of the two"}


def expected_figure(results, key):
    if key == "valuation_basis":
        return BASIS_WORDS[results.valuation_basis]
    if key in ("mqls_per_month", "sqls_per_month", "deals_won_per_month", "pipeline_per_month", "revenue_per_month"):
        return getattr(results.funnel, key) if results.funnel else 0.0
    if key == "counted_lead_savings":
        return results.cpl_savings_per_month if results.lead_savings_in_total else 0.0
    if key.endswith("_per_year") and key != "value_per_year":  # the run-rate year: 12 × the month
        return 12 * getattr(results, key.replace("_per_year", "_per_month"))
    return getattr(results, key)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_workbook_formulas_evaluate_to_the_package_numbers(name):
    scenario = SCENARIOS[name]
    results = compute(scenario)
    book = Workbook(workbook(scenario, results))
    assert book.sheets == ["Assumptions", "Results", "Sensitivity", "Forecast"]
    rows = _rows(book, "Results")
    checked = 0
    for key, label, *_ in _FIGURES:
        if key in ("net_at_0", "net_at_100"):
            continue
        got = book.value("Results", f"B{rows[label]}")
        assert close(got, expected_figure(results, key)), (key, got, expected_figure(results, key))
        checked += 1
    assert checked >= 30
    # Per network, turned sideways (a row per quantity, a column per network): every quantity against the
    # package's NetworkResult.
    for ref, (key, got) in network_block(book.cells, lambda ref: book.value("Results", ref), results).items():
        net = results.networks[ord(ref[0]) - 66]
        assert close(got, getattr(net, key)), (net.name, key, got, getattr(net, key))


@pytest.mark.parametrize("name", ["preset Typical B2B", "clicks, conservative, funnel, every cost",
                                  "asset, cpc", "no networks"])
def test_sensitivity_sheet_formulas_are_the_sweep(name):
    scenario = SCENARIOS[name]
    book = Workbook(workbook(scenario))
    frame = sweep(scenario, "share_rate", 101)
    by_network = sweep_by_network(scenario, "share_rate", 101)
    header = {book.cells[("Sensitivity", f"{chr(65 + c)}4")]: chr(65 + c) for c in range(8 + len(scenario.networks))}
    columns = {"Sharers per story": "sharers_per_story", "Media value per story": "value_per_story",
               "Media value per month": "value_per_month", "Lead savings per month": "cpl_savings_per_month",
               "Total value per month": "total_value_per_month", "Program cost per month": "program_cost_per_month",
               "Net value per month": "net_value_per_month"}
    scale = max(1.0, float(frame[list(columns.values())].abs().to_numpy().max()))
    for i in range(len(frame)):
        row = 5 + i
        assert math.isclose(book.cells[("Sensitivity", f"A{row}")], frame["share_rate"][i], rel_tol=1e-12)
        for title, field in columns.items():
            got = book.value("Sensitivity", f"{header[title]}{row}")
            # The sweep's sums run in another order: equal to 1e-9 of the largest figure on the sheet.
            assert math.isclose(got, frame[field][i], rel_tol=1e-9, abs_tol=1e-12 * scale), (row, title)
        for net in scenario.networks:
            shown = "X (Twitter)" if net.name == "X" else net.name  # the workbook names networks as people read them
            got = book.value("Sensitivity", f"{header[f'{shown}: value per month']}{row}")
            want = by_network[by_network["network"] == net.name]["value_per_month"].iloc[i]
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12 * scale)
    charts = [n for n in book.zip.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 1 and b"<c:lineChart>" in book.zip.read(charts[0])


def test_finance_changes_an_assumption_and_the_results_move():
    scenario = PRESETS["Typical B2B"]
    book = Workbook(workbook(scenario))
    fields = _rows(book, "Assumptions", "D")
    changes = {"share_rate": 0.25, "networks.LinkedIn.cpm": 50.0, "cost.seat_cost_per_month": 4.0,
               "valuation_basis": "lower of the two"}  # as the cell's drop-down offers it
    for path, value in changes.items():
        book.cells[("Assumptions", f"B{fields[path]}")] = value
    moved = compute(scenario.model_copy(update={
        "share_rate": 0.25, "valuation_basis": "conservative", "cost": Cost(seat_cost_per_month=4.0),
        "networks": [scenario.networks[0].model_copy(update={"cpm": 50.0}), scenario.networks[1]]}))
    rows = _rows(book, "Results")
    for key, label, *_ in _FIGURES:
        if key not in ("net_at_0", "net_at_100"):
            assert close(book.value("Results", f"B{rows[label]}"), expected_figure(moved, key)), key


def test_workbook_assumptions_carry_unit_source_and_grade():
    book = Workbook(workbook(PRESETS["Typical B2B"]))
    fields = _rows(book, "Assumptions", "D")
    row = fields["networks.LinkedIn.cpm"]
    assert book.cells[("Assumptions", f"B{row}")] == 35 or isinstance(book.cells[("Assumptions", f"B{row}")], float)
    assert "1,000 impressions" in book.cells[("Assumptions", f"C{row}")]
    assert "stackmatix" in book.cells[("Assumptions", f"E{row}")]
    assert book.cells[("Assumptions", f"F{row}")] in ("V", "S", "U")
    assert {"participants", "share_rate", "demand.cost_per_lead", "cost.fixed_cost_per_month",
            "hiring.cost_per_hire", "networks.Facebook.visibility"} <= set(fields)


def test_workbook_writes_user_text_as_text_never_a_formula():
    scenario = SCENARIOS["clicks, conservative, funnel, every cost"]
    book = Workbook(workbook(scenario))
    assert book.cells[("Assumptions", "B2")] == "'" + INJECTION
    assert book.cells[("Results", "B2")] == "'" + INJECTION
    assert not any("HYPERLINK" in f.upper() for f in book.formulas.values())
    book = Workbook(workbook(SCENARIOS["asset, cpc"]))
    assert book.cells[("Assumptions", "B2")] == "'-5"


# --- CSV -------------------------------------------------------------------------------------

def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the € as €
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("table", list(tables.TABLES))
def test_every_csv_table(table):
    scenario = SCENARIOS["clicks, conservative, funnel, every cost"]
    rows = _csv(tables.table_csv(scenario, table))
    assert len(rows) > 2 and all(len(r) == len(rows[0]) for r in rows)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # only real (negative) numbers may start with a minus


def test_csv_neutralises_injection_and_keeps_numbers():
    rows = _csv(tables.table_csv(SCENARIOS["clicks, conservative, funnel, every cost"], "results"))
    assert rows[1] == ["Scenario", "'" + INJECTION, ""]
    net = next(r for r in rows if r[0] == "Net value per month")
    # To the cent (the issue: no float noise such as 5008.6900000000005), and the unit says so.
    assert net[1] == f'{compute(SCENARIOS["clicks, conservative, funnel, every cost"]).net_value_per_month:.2f}'
    assert net[2] == "EUR, to the cent"
    rows = _csv(tables.table_csv(SCENARIOS["asset, cpc"], "results"))
    assert rows[1][1] == "'-5"
    rows = _csv(tables.table_csv(SCENARIOS["leads left out, not reached"], "results"))
    net = next(r for r in rows if r[0] == "Net value per month")
    assert float(net[1]) < 0 and not net[1].startswith("'")  # a negative number stays a number
    for text in ("+1", "@SUM(A1)", "\tx", "\rx", "-x"):
        assert tables.safe_text(text) == "'" + text
    assert tables.safe_text("plain") == "plain" and tables.safe_cell(-5.0) == -5.0


# --- PDF, slides, images ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def euro_case():
    return PRESETS["Typical B2B"].model_copy(update={"currency": "EUR", "name": "Q3 budget: Typical B2B"})


@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792))])
def test_pdf_is_one_page_with_the_headline_figures(euro_case, paper, size):
    from pypdf import PdfReader

    from advocacy_calc.exports.pdf import business_case

    data = business_case(euro_case, paper)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    text = " ".join(reader.pages[0].extract_text().split())
    results = compute(euro_case)
    for label, value in headline(euro_case, results) + bottom_line(euro_case, results):
        assert label in text and value in text, (label, value)
    assert "€" in text and money(results.value_per_month, "EUR") == "€2,675"
    assert "Q3 budget: Typical B2B" in text
    assert "Caveats" in text and "How each figure is computed" in text
    assert "Assumptions and their sources" in text or "Assumptions (sources numbered below the table)" in text
    assert b"DejaVu" in data  # the TrueType font is embedded


def _crowded(networks=("LinkedIn", "X", "Facebook", "Instagram")):
    from advocacy_calc.presets import network_defaults

    return SCENARIOS["clicks, conservative, funnel, every cost"].model_copy(update={
        "networks": [network_defaults(n) if n in ("LinkedIn", "X", "Facebook", "Instagram", "Threads")
                     else Network(name=n, connections=400, cpm=9) for n in networks]})


def _printed_sizes(data: bytes) -> tuple[list[tuple[float, int]], list[float]]:
    """From the PDF itself, every page: each image's placed width (pt) with its width in pixels, and every
    font size set."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) <= 2
    images, fonts = [], []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        ctm: list[float] = []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"cm":
                ctm = [float(v) for v in operands]
            elif op == b"Do":
                assert ctm[1] == ctm[2] == 0  # placed upright, not rotated or skewed
                images.append((ctm[0], int(xobjects[operands[0]].get_object()["/Width"])))
            elif op in (b"Tz", b"Tm"):
                pytest.fail(f"text scaled with {op!r}: the sizes below would not be the printed ones")
            elif op == b"Tf":
                fonts.append(float(operands[1]))
    return images, fonts


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("case", ["euro", "four networks, every input"])
def test_pdf_text_is_legible_when_printed(euro_case, case, paper):
    """Every text on the page, chart labels included, prints at 7.5 pt or more on A4 and US Letter.

    A chart's text prints at (its smallest font, CSS px) x (PNG pixels per CSS px) x (placed width
    in pt / image width in pixels); all three come from the spec and the PDF, not from the layout code.
    The first version of the page printed the participation chart's axis labels at 5.7 pt (3.5 pt
    with four networks) and table text at 6.5 pt."""
    from advocacy_calc.exports import images
    from advocacy_calc.exports.pdf import MIN_TEXT_PT, business_case

    from pypdf import PdfReader

    scenario = euro_case if case == "euro" else _crowded()
    data = business_case(scenario, paper)
    placed, fonts = _printed_sizes(data)
    assert fonts and min(fonts) >= MIN_TEXT_PT >= 7.5
    results = compute(scenario)
    specs = (images.participation_spec(scenario, results), images.network_spec(scenario, results))
    # The euro case on Letter (its charts' plots keep their height, issue 13): the year, payback and range
    # take the per-network chart's place. Four networks with every input: on A4 so too; on Letter the
    # assumptions go to a second page and both charts stay.
    reader = PdfReader(io.BytesIO(data))
    beside = "Per year, payback and range" in reader.pages[0].extract_text()
    assert len(placed) == (1 if beside else 2)
    assert beside == ((case, paper) in (("euro", "letter"), ("four networks, every input", "a4")))
    assert len(reader.pages) == (2 if (case, paper) == ("four networks, every input", "letter") else 1)
    for spec, (width_pt, pixels) in zip(specs, placed):
        printed = images.smallest_font_px(spec) * images.PRINT_SCALE * width_pt / pixels
        assert printed >= 7.5, (case, paper, printed)
        assert pixels / (width_pt / 72) >= 250  # dpi: sharp on paper


_FOUR = [Network(name=name, connections=400, cpm=cpm, cpc=3, ctr=0.01, presence=0.5, visibility=0.08)
         for name, cpm in (("LinkedIn", 20), ("X", 21), ("Facebook", 22), ("Instagram", 23))]
_CHART_CASES = {
    # QA's files (/tmp/qaw): four.json, and the de-DE case with groups and a launch cost on four networks
    "one network": (PRESETS["Worked example"], ["X (Twitter)"], "Value per month ($)"),
    "four networks": (Scenario(networks=_FOUR, participants=2000, cost=Cost(seat_cost_per_month=10,
                                                                           fixed_cost_per_month=2000)),
                      ["LinkedIn", "X (Twitter)", "Facebook", "Instagram"], "Value per month ($)"),
    "de-DE, groups, launch cost": (Scenario.model_validate({
        "name": "Q3 LinkedIn case – Zürich/Ost, all four networks with our own agency rates", "participants": 2000,
        "currency": "EUR", "locale": "de-DE", "networks": [n.model_dump() for n in _FOUR],
        "cost": {"seat_cost_per_month": 10, "fixed_cost_per_month": 2000},
        "groups": [{"name": "Everyone else", "weight": 0.85}, {"name": "Sales", "weight": 0.15}],
        "settings": {"timeline_launch_cost": 20000}}),
        ["LinkedIn", "X (Twitter)", "Facebook", "Instagram"], "Value per month (€)"),
}


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("case", list(_CHART_CASES))
def test_printed_charts_keep_their_plot_and_print_every_name_and_title_whole(case, paper, monkeypatch):
    """QA: with four networks the participation chart's plot was ~3 mm high with "⋮" for its y-axis title; the
    de-DE case's plot was 0 mm, its axis labels on top of one another, its legend cut (no Instagram), and the
    bar chart named 2 of its 4 networks; one network printed "Val…". Each chart the PDF draws is drawn again
    as SVG at the same size: its plot is at least 22 mm high, and its texts are whole."""
    import html
    import re

    from advocacy_calc.exports import images
    from advocacy_calc.exports.pdf import business_case

    scenario, names, y_title = _CHART_CASES[case]
    drawn = []
    render = images.render_for_print

    def spy(spec, width_pt, plot_height_pt, *args, **kwargs):
        if kwargs.get("fmt", "png") == "png":
            drawn.append((spec, width_pt, plot_height_pt))
        return render(spec, width_pt, plot_height_pt, *args, **kwargs)

    monkeypatch.setattr(images, "render_for_print", spy)
    data = business_case(scenario, paper)
    assert 1 <= len(drawn) <= 2  # the participation chart, and the bars unless the year takes their place
    for which, (spec, width_pt, plot_height_pt) in enumerate(drawn):
        svg = render(spec, width_pt, plot_height_pt, scenario=scenario, fmt="svg").decode()
        svg_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
        # the plot: the view's own background, the first group of the root frame ("M0,0h<width>v<height>...")
        plot_px = float(re.search(r'role-frame root.*?class="background"[^>]* d="M0,0h[\d.]+v([\d.]+)h', svg)[1])
        plot_mm = plot_px * width_pt / svg_width * 25.4 / 72
        assert plot_mm >= 22 - 0.3, (case, which, plot_mm)
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        assert not [t for t in texts if "…" in t or "⋮" in t], texts  # nothing cut
        for name in names:
            assert name in texts, (which, name, texts)
        if which == 0:
            assert y_title in texts and "Share rate (participation)" in texts
        else:
            assert "Value per story ({})".format(y_title[-2]) in texts
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Value per month across the share rate" in " ".join(text.split())


def test_smallest_font_px_sees_theme_axes_and_marks():
    from advocacy_calc.exports import images

    spec = {"config": {"axis": {"labelFontSize": 15}, "legend": {"titleFontSize": 16}},
            "layer": [{"mark": {"type": "text", "fontSize": 9}}, {"encoding": {"y": {"axis": {"labelFontSize": 12}}}}],
            "datasets": {"d": [{"fontSize": 1}]}}
    assert images.smallest_font_px(spec) == 9


@pytest.mark.parametrize("paper, pages", [("a4", 1), ("letter", 2)])
def test_pdf_with_four_networks_and_every_input_holds_everything(paper, pages):
    # One A4 page; on Letter the charts' plots (never below their minimum, issue 13) leave the assumptions a
    # second page, rather than text below 7.5 pt.
    from pypdf import PdfReader

    from advocacy_calc.exports.pdf import business_case

    reader = PdfReader(io.BytesIO(business_case(_crowded(), paper)))
    assert len(reader.pages) == pages
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in ("Instagram", "paid CPM", "Referral hires per month", "Average deal size", "Caveats",
                  "How each figure is computed", "unanswered.io (2026, S)", "€20,000"):
        assert words in text, words


def test_pdf_with_the_most_networks_takes_a_second_page_not_smaller_text():
    """Ten networks do not fit one page at 7.5 pt: the assumptions go to a second page (the text got smaller,
    down to 4.5 pt, before the charts' plots kept their height: issue 13)."""
    from pypdf import PdfReader

    from advocacy_calc.exports.pdf import MIN_TEXT_PT, business_case
    from advocacy_calc.scenario import MAX_NETWORKS

    names = ("LinkedIn", "X", "Facebook", "Instagram") + tuple(f"Intranet {i}" for i in range(MAX_NETWORKS - 4))
    data = business_case(_crowded(names), "letter")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2 and "Intranet 5" in reader.pages[1].extract_text()
    assert min(_printed_sizes(data)[1]) >= MIN_TEXT_PT


def test_slides_parse_back_with_the_figures_and_the_chart(euro_case):
    from pptx import Presentation

    from advocacy_calc.exports.pptx import deck

    data = deck(euro_case.model_copy(update={"currency": "GBP"}))
    assert data[:2] == b"PK"
    prs = Presentation(io.BytesIO(data))
    texts, pictures, tables_ = [], 0, 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.shape_type == 13:
                pictures += 1
                assert shape.image.content_type == "image/png"
            if shape.has_table:
                tables_ += 1
                texts += [c.text for row in shape.table.rows for c in row.cells]
    text = "\n".join(texts)
    gbp = euro_case.model_copy(update={"currency": "GBP"})
    results = compute(gbp)
    for label, value in headline(gbp, results) + bottom_line(gbp, results):
        assert label in text and value in text, (label, value)
    assert "£" in text and "Q3 budget: Typical B2B" in text and "Assumptions and their sources" in text
    charts = sum(1 for slide in prs.slides for shape in slide.shapes if shape.has_chart)
    assert pictures == 0 and charts == 2 and tables_ >= 1 and len(prs.slides) >= 4  # native charts, not pictures


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_chart_images(fmt, magic):
    from advocacy_calc import charts
    from advocacy_calc.exports import images

    scenario = PRESETS["Typical B2B"]
    results = compute(scenario)
    for spec in (images.participation_spec(scenario, results), images.network_spec(scenario, results),
                 charts.reach_chart(results), charts.funnel_chart(results)):
        data = images.render(spec, fmt)
        assert data.startswith(magic) and len(data) > 1000


# --- CLI -------------------------------------------------------------------------------------

@pytest.fixture()
def scenario_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(SCENARIOS["clicks, conservative, funnel, every cost"].model_dump_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), ("pptx", b"PK"), ("csv", b"\xef\xbb\xbf")])
def test_cli_export(scenario_file, tmp_path, fmt, magic):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(scenario_file), "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_cli_export_pdf_letter_in_a_fresh_process(scenario_file, tmp_path):
    out = tmp_path / "case.pdf"
    run = subprocess.run([sys.executable, "-m", "advocacy_calc", "export", str(scenario_file), "--format", "pdf",
                          "--paper", "letter", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    from pypdf import PdfReader
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and round(float(reader.pages[0].mediabox.height)) == 792


def test_cli_export_csv_table_to_stdout(scenario_file, capsysbinary):
    assert main(["export", str(scenario_file), "--format", "csv", "--table", "sweep", "-o", "-"]) == 0
    rows = _csv(capsysbinary.readouterr().out)
    assert rows[0][0] == "share_rate" and len(rows) == 102


def test_cli_export_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"participants": -1}', encoding="utf-8")
    assert main(["export", str(bad), "--format", "pdf", "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "error: --output: a pdf file is binary" in err and "error: participants:" in err
    assert main(["export", str(tmp_path / "missing.json"), "--format", "xlsx", "-o",
                 str(tmp_path / "no" / "such" / "dir.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "no such directory" in err and "no such file" in err
