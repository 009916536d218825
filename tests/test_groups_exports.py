"""Groups of advocates in the exports: the workbook's Groups sheet (SUMPRODUCT over groups x networks) and
the Results and Sensitivity sheets over it evaluate (tests/xlsx_formulas.py) to the package's numbers,
also after finance edits a group; the hand-computed three-group case."""

import math

import pytest

from advocacy_calc import Scenario, compute, sweep
from advocacy_calc.exports.xlsx import _FIGURES, workbook
from advocacy_calc.groups import group_results
from test_exports import _rows, close, expected_figure, network_block
from test_groups import THREE
from xlsx_formulas import Workbook

COSTLY = {**THREE, "groups": [THREE["groups"][0], {**THREE["groups"][1], "seat_cost_per_month": 40},
                              THREE["groups"][2]], "cost": {**THREE["cost"], "fixed_cost_per_month": 6000}}
CASES = {
    "three groups": THREE,
    "break-even above the cap": COSTLY,
    "conservative, clicks": {**THREE, "valuation_basis": "conservative", "demand": {"mode": "clicks",
                             "landing_conversion_rate": 0.05},
                             "networks": [{**THREE["networks"][0], "cpc": 5, "ctr": 0.01}, THREE["networks"][1]]},
}


def check_results(book: Workbook, scenario: Scenario) -> None:
    results = compute(scenario)
    rows = _rows(book, "Results")
    for key, label, *_ in _FIGURES:
        if key in ("net_at_0", "net_at_100"):
            continue
        got = book.value("Results", f"B{rows[label]}")
        assert close(got, expected_figure(results, key)), (key, got, expected_figure(results, key))
    # The per-network block, sideways: a row per quantity, a column per network.
    for ref, (key, got) in network_block(book.cells, lambda ref: book.value("Results", ref), results).items():
        net = results.networks[ord(ref[0]) - 66]
        assert close(got, getattr(net, key)), (net.name, key, got, getattr(net, key))


def group_columns(book: Workbook) -> dict[str, str]:
    return {v: ref.rstrip("0123456789") for (s, ref), v in book.cells.items() if s == "Groups" and ref.endswith("5")
            and isinstance(v, str)}


@pytest.mark.parametrize("name", list(CASES))
def test_the_workbooks_formulas_with_groups_equal_the_package(name):
    scenario = Scenario.model_validate(CASES[name])
    book = Workbook(workbook(scenario))
    assert book.sheets == ["Assumptions", "Groups", "Results", "Sensitivity", "Forecast"]
    check_results(book, scenario)
    rows, cols = _rows(book, "Groups"), group_columns(book)
    for part in group_results(scenario):
        for title, key in (("Participants", "participants"), ("Share rate", "share_rate"),
                           ("Sharers per story", "sharers_per_story"), ("Impressions per story", "impressions_per_story"),
                           ("Media value per month", "value_per_month"), ("Cost of its seats per month", "seat_cost_per_month"),
                           ("Media value per seat per month", "value_per_participant_per_month")):
            got = book.value("Groups", f"{cols[title]}{rows[part.name]}")
            assert close(got, getattr(part, key)), (part.name, key, got, getattr(part, key))
    assert any("SUMPRODUCT" in f for (s, _), f in book.formulas.items() if s == "Groups")


def test_the_three_groups_by_hand_in_the_workbook():
    book = Workbook(workbook(Scenario.model_validate(THREE)))
    rows, cols = _rows(book, "Results"), group_columns(book)
    assert close(book.value("Results", f"B{rows['Media value per month']}"), 10_552.5)
    assert close(book.value("Results", f"B{rows['Program cost per month']}"), 13_050)
    assert close(book.value("Results", f"B{rows['Break-even share rate']}"), 5_750 / 42_525)
    groups = _rows(book, "Groups")
    assert close(book.value("Groups", f"{cols['Media value per month']}{groups['Executives']}"), 4_843.125)
    assert close(book.value("Groups", f"C{groups['Share rate' + chr(39) + 's cap (the keenest group shares every story)']}"),
                 1 / 3)
    costly = Workbook(workbook(Scenario.model_validate(COSTLY)))
    assert costly.value("Results", f"B{_rows(costly, 'Results')['Break-even share rate']}") == "not reached"


def test_finance_edits_a_group_and_the_results_follow():
    scenario = Scenario.model_validate(THREE)
    book = Workbook(workbook(scenario))
    groups, cols = _rows(book, "Groups"), group_columns(book)
    # Executives reach 3,000 on LinkedIn and pay $25 a seat; Sales move to the network's own presence on X.
    book.cells[("Groups", f"{cols['LinkedIn: connections']}{groups['Executives']}")] = 3000.0
    book.cells[("Groups", f"{cols['Seat cost per month']}{groups['Executives']}")] = 25.0
    book.cells[("Groups", f"{cols['X: presence']}{groups['Sales']}")] = 0.5
    moved = Scenario.model_validate({**THREE, "groups": [
        {**THREE["groups"][0], "connections": {"LinkedIn": 3000}, "seat_cost_per_month": 25},
        {**THREE["groups"][1], "presence": {"X": 0.5}}, THREE["groups"][2]]})
    check_results(book, moved)


def test_the_sensitivity_sheet_runs_to_the_cap():
    scenario = Scenario.model_validate(THREE)
    book = Workbook(workbook(scenario))
    frame = sweep(scenario, "share_rate", 101)
    assert math.isclose(book.cells[("Sensitivity", "A105")], 1 / 3, rel_tol=1e-9)
    header = {book.cells[("Sensitivity", f"{chr(65 + c)}4")]: chr(65 + c) for c in range(10)}
    for i in (0, 37, 100):
        got = book.value("Sensitivity", f"{header['Net value per month']}{5 + i}")
        assert math.isclose(got, frame["net_value_per_month"][i], rel_tol=1e-9, abs_tol=1e-6)
    assert "to its cap, 33.3%" in book.cells[("Sensitivity", "A1")]


def test_libreoffice_recalculates_the_groups_workbook_to_the_package():
    """Calc, not our engine: stale caches, SUMPRODUCT over the Groups sheet recalculated on open."""
    import libreoffice
    from test_exports_libreoffice import _check_figures, _rewrite, _value
    libreoffice.require()
    scenarios = {name: Scenario.model_validate(data) for name, data in CASES.items()}
    files = [_rewrite(workbook(s)) for s in scenarios.values()]
    for (name, scenario), xlsx in zip(scenarios.items(), libreoffice.recalculate_many(files)):
        values = libreoffice.values(xlsx, recalculate=False)
        assert _check_figures(values, compute(scenario)) >= 30, name
        rows = {v: int(ref[1:]) for (s, ref), v in values.items() if s == "Groups" and ref[:1] == "A"
                and isinstance(v, str) and ref[1:].isdigit()}
        cols = {v: ref.rstrip("0123456789") for (s, ref), v in values.items() if s == "Groups"
                and ref.endswith("5") and ref.rstrip("0123456789").isalpha() and isinstance(v, str)}
        for part in group_results(scenario):
            got = _value(values, "Groups", f"{cols['Media value per month']}{rows[part.name]}")
            assert close(got, part.value_per_month), (name, part.name, got, part.value_per_month)


def test_the_pdf_shows_each_groups_part_with_the_figures():
    import io
    from pypdf import PdfReader
    from advocacy_calc.exports.pdf import business_case
    # The figures, the groups' parts and the charts on the first page; the assumptions, now with every
    # group's own inputs, and the formulas over the groups take a second rather than text below 7.5 pt.
    reader = PdfReader(io.BytesIO(business_case(Scenario.model_validate(THREE))))
    assert len(reader.pages) == 2
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Groups of advocates: who brings the reach and the value" in text
    # Hand-computed (tests/test_groups.py): participants, rate, impressions, value, seats + time, value per seat
    for row in ("Executives 50 30% 1,875 $4,843 $1,945 $96.86", "Sales 200 20% 800 $2,520 $3,520 $12.60",
                "Everyone else 750 6% 2,025 $3,189 $6,585 $4.25"):
        assert row in text, row
    # Eight groups with long names: the figures and the groups' table still on the first page.
    eight = [{"name": f"Subject-matter experts of region {i}", "weight": 1 / 8} for i in range(8)]
    reader = PdfReader(io.BytesIO(business_case(Scenario(groups=eight))))
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Groups of advocates" in first and "Value per month across the share rate" in first


def test_the_slides_show_the_groups():
    import io
    from pptx import Presentation
    from advocacy_calc.exports.pptx import deck
    prs = Presentation(io.BytesIO(deck(Scenario.model_validate(THREE))))
    slide = next(s for s in prs.slides if any(getattr(sh, "text", "") == "Who takes part: groups of advocates"
                                               for sh in s.shapes))
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cells = [[table.cell(r, c).text for c in range(7)] for r in range(4)]
    assert cells[0] == ["Group", "Participants", "Share rate", "Impressions/story", "Value/month", "Seats+time/month",
                        "Value/seat/month"]
    assert cells[1] == ["Executives", "50", "30%", "1,875", "$4,843", "$1,945", "$96.86"]
    assert "Executives bring the most value per seat" in slide.notes_slide.notes_text_frame.text
    assert "up to 33.3%" in slide.notes_slide.notes_text_frame.text
    without = Presentation(io.BytesIO(deck(Scenario.model_validate({k: v for k, v in THREE.items() if k != "groups"}))))
    # Without groups: no groups' slide (the assumptions, with each group's own inputs, may take one slide more)
    def titles(presentation):
        return [s.shapes[0].text for s in presentation.slides if not s.shapes[0].text.startswith("Assumptions")]
    assert titles(without) == [t for t in titles(prs) if t != "Who takes part: groups of advocates"]

    # The native participation chart's share-rate axis ends at the cap (33.3%), not at 100%
    def x_axis(presentation):
        chart = next(sh.chart for s in presentation.slides for sh in s.shapes
                     if sh.has_chart and sh.chart.category_axis.has_title
                     and sh.chart.category_axis.axis_title.text_frame.text == "Share rate (participation)")
        return chart.category_axis.minimum_scale, chart.category_axis.maximum_scale
    assert x_axis(prs) == (0, pytest.approx(1 / 3)) and x_axis(without) == (0, 1)
    # No break-even: said at the cap, as on the pages (value at the cap 1/3: $35,175 + 1,000 in leads against
    # a fixed $100,000 + seats $5,750 + time $6,300)
    costly = Scenario.model_validate({**THREE, "cost": {**THREE["cost"], "fixed_cost_per_month": 100_000}})
    words = [sh.text for s in Presentation(io.BytesIO(deck(costly))).slides for sh in s.shapes
             if getattr(sh, "has_text_frame", False)]
    assert ("Even with the keenest group, Executives, sharing every story (a share rate of 33.3%), value would not "
            "cover the program cost (today $112,050 a month).") in words


def test_the_participation_chart_runs_to_the_cap():
    from advocacy_calc.exports.images import participation_spec

    def domain(spec):
        return [layer["encoding"]["x"]["scale"]["domain"] for layer in spec["layer"]
                if "scale" in layer.get("encoding", {}).get("x", {})]
    assert domain(participation_spec(Scenario.model_validate(THREE)))[0] == pytest.approx([0, 1 / 3])
    assert domain(participation_spec(Scenario()))[0] == [0, 1.0]


def test_the_groups_csv_is_each_groups_part_to_the_cent():
    import csv
    import io

    from advocacy_calc.exports.tables import TABLES, table_csv
    scenario = Scenario.model_validate(THREE)
    rows = list(csv.reader(io.StringIO(table_csv(scenario, "groups").decode("utf-8-sig"))))
    assert "groups" not in TABLES  # one row without groups: not among the tables of several rows
    assert rows[0][:5] == ["group", "participants", "participant_fraction", "share_rate", "sharers_per_story"]
    got = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert list(got) == ["Executives", "Sales", "Everyone else"]
    # By hand (THREE): executives 15 sharers, LinkedIn 15 × 2,000 × 5% + X 15 × 500 × 50% × 10% = 1,875 a story,
    # worth 1,500 × $0.10 + 375 × $0.01 = $153.75 × 31.5 stories = $4,843.125 -> 4843.13 (half up); 50 seats at
    # their own $20; 2 minutes at $60 an hour = $2 a share × 15 × 31.5 = $945.
    e = got["Executives"]
    assert (e["impressions_per_story"], e["value_per_month"], e["seat_cost_per_month"], e["time_cost_per_month"]) \
        == ("1875.0", "4843.13", "1000.0", "945.0")
    assert got["Sales"]["participant_fraction"] == "0.2" and got["Everyone else"]["share_rate"] == "0.06"
    # The parts add up to the program's media value and seat cost (compute(), to the cent per row).
    r = compute(scenario)
    assert sum(float(g["value_per_month"]) for g in got.values()) == pytest.approx(r.value_per_month, abs=0.015)
    assert sum(float(g["seat_cost_per_month"]) for g in got.values()) == pytest.approx(
        50 * 20 + 950 * 5, abs=1e-9)
    people = list(csv.reader(io.StringIO(table_csv(scenario, "groups", people=True).decode("utf-8-sig"))))
    assert people[0][:3] == ["Group", "Participants", "Fraction of participants"]
    assert people[0][-3:] == ["Media value per participant per month", "Seat cost per month",
                              "Employee time cost per month"]
    alone = list(csv.reader(io.StringIO(table_csv(Scenario(), "groups").decode("utf-8-sig"))))
    assert [r[0] for r in alone[1:]] == ["Everyone"] and alone[1][rows[0].index("value_per_month")] == "31500.0"


def test_the_cli_exports_the_groups_table(tmp_path, capsys):
    import csv
    import io
    import json

    from test_cli import run
    path = tmp_path / "three.json"
    path.write_text(json.dumps(THREE), encoding="utf-8")
    code, out, err = run(capsys, "export", str(path), "--format", "csv", "--table", "groups", "-o", "-")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    # By hand (THREE): Sales 200 people at 20%, 40 sharers; on X their presence is 0, so LinkedIn alone:
    # 40 × 400 × 5% = 800 a story, × $0.10 × 31.5 = $2,520 a month.
    sales = dict(zip(rows[0], next(r for r in rows if r[0] == "Sales")))
    assert (sales["participants"], sales["sharers_per_story"], sales["impressions_per_story"],
            sales["value_per_month"]) == ("200.0", "40.0", "800.0", "2520.0")


# The QA audit's case (issue 16): each group with inputs of its own, written by hand as a user would.
AUDIT = {
    "networks": [{"name": "LinkedIn"}, {"name": "X"}],
    "cost": {"seat_cost_per_month": 10},
    "groups": [
        {"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "seat_cost_per_month": 40,
         "connections": {"LinkedIn": 2000}},
        {"name": "Sales", "weight": 0.2, "relative_share_rate": 2, "seat_cost_per_month": 25, "presence": {"X": 0.2}},
        {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6},
    ],
}


def audit_rows() -> dict[str, list[tuple[str, str]]]:
    """Each group's own inputs as the files must print them, by the test's own rule: its weight as people
    (weight × the default 1,000 participants), its rate as a share rate (relative rate × the default 10%),
    its own seat cost, connections and presence; nothing it takes from the program or the network."""
    rows = {}
    for g in AUDIT["groups"]:
        own = [("participants", f"{round(1000 * g['weight']):,}"),
               (f"share rate ({g['relative_share_rate']:g} × the mean)", f"{0.1 * g['relative_share_rate']:.0%}")]
        if "seat_cost_per_month" in g:
            own.append(("platform cost per seat per month", f"${g['seat_cost_per_month']:,.2f}"))
        own += [("LinkedIn connections per sharer", f"{v:,}") for v in g.get("connections", {}).values()]
        own += [("X (Twitter) sharers active here", f"{v:.0%}") for v in g.get("presence", {}).values()]
        rows[g["name"]] = own
    return rows


def test_audit_rows_by_hand():
    assert audit_rows()["Executives"] == [("participants", "50"), ("share rate (3 × the mean)", "30%"),
                                          ("platform cost per seat per month", "$40.00"),
                                          ("LinkedIn connections per sharer", "2,000")]
    assert audit_rows()["Everyone else"] == [("participants", "750"), ("share rate (0.6 × the mean)", "6%")]


def _pdf_text(data: bytes) -> str:
    import io
    from pypdf import PdfReader
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(" ".join(pages).replace("Input Value Src", " ").split())  # a column's header between rows


def test_the_pdf_prints_each_groups_own_inputs_with_their_source_and_the_group_formulas(tmp_path, capsys):
    import re

    from test_cli import run, write
    path = write(tmp_path, AUDIT)
    code, _, err = run(capsys, "export", path, "--format", "pdf", "-o", str(tmp_path / "case.pdf"))
    assert code == 0, err
    text = _pdf_text((tmp_path / "case.pdf").read_bytes())
    # Under each group's name, its own inputs in order, each with a numbered source that reads "Your input"
    # (a hand-written file's numbers are the user's).
    for name, own in audit_rows().items():
        pattern = re.escape(name) + "".join(rf" {re.escape(label)} {re.escape(value)} \[(\d+)\]" for label, value in own)
        found = re.search(pattern, text)
        assert found, (name, pattern, text[:3000])
        for number in found.groups():
            assert f"[{number}] Your input" in text
    # The program's seat cost holds only for the groups without their own (Everyone else), and says so.
    assert re.search(r"Platform cost per seat per month \(groups without their own\) \$10\.00 \[\d+\]", text)
    assert "Participants (all groups) 1,000" in text
    # The formulas sum over groups, not over one crowd.
    assert "Impressions per story = Σ groups Σ networks: the group's sharers × its presence × its connections" in text
    assert "Program cost = Σ groups: seat cost × its participants (a group's own seat cost, else the program's)" in text
    assert "Σ networks: sharers × presence" not in text and "seat cost × participants +" not in text

    # Without groups the same file prints the one-crowd formulas and no group input.
    alone = write(tmp_path, {k: v for k, v in AUDIT.items() if k != "groups"}, "alone.json")
    code, _, err = run(capsys, "export", alone, "--format", "pdf", "-o", str(tmp_path / "alone.pdf"))
    assert code == 0, err
    text = _pdf_text((tmp_path / "alone.pdf").read_bytes())
    assert "Σ groups" not in text and "Executives" not in text and "groups without their own" not in text


def test_a_program_seat_cost_no_group_pays_is_not_printed():
    from advocacy_calc.exports.fields import inputs
    from advocacy_calc.exports.text import relevant_inputs
    every = {**AUDIT, "groups": [*AUDIT["groups"][:2], {**AUDIT["groups"][2], "seat_cost_per_month": 5}]}
    scenario = Scenario.model_validate(every)
    assert "cost.seat_cost_per_month" not in [i.path for i in relevant_inputs(scenario)]
    program = next(i for i in inputs(scenario) if i.path == "cost.seat_cost_per_month")  # the workbook keeps it
    assert program.source == "Not used (every group has its own seat cost)"
    # A group's measured number says so, with its note; a template's graded default keeps its benchmark.
    measured = Scenario.model_validate({**AUDIT, "provenance": {
        "groups.Sales.weight": {"kind": "measured", "note": "roster, Q3"}}})
    sales = next(i for i in relevant_inputs(measured) if i.path == "groups.Sales.weight")
    assert (sales.label, sales.value, sales.source) == ("Sales: participants", 200, "Measured from the program's "
                                                        "own exports: roster, Q3")


def _slide_tables(prs, title: str) -> list[list[str]]:
    rows = []
    for slide in prs.slides:
        if any(getattr(sh, "text", "").startswith(title) for sh in slide.shapes):
            for sh in slide.shapes:
                if sh.has_table:
                    t = sh.table
                    rows += [[t.cell(r, c).text for c in range(len(t.columns))] for r in range(len(t.rows))]
    return rows


def test_the_slides_print_each_groups_own_inputs_and_the_group_formulas(tmp_path, capsys):
    import io

    from pptx import Presentation
    from test_cli import run, write
    path = write(tmp_path, AUDIT)
    code, _, err = run(capsys, "export", path, "--format", "pptx", "-o", str(tmp_path / "deck.pptx"))
    assert code == 0, err
    prs = Presentation(io.BytesIO((tmp_path / "deck.pptx").read_bytes()))
    rows = _slide_tables(prs, "Assumptions and their sources")
    for name, own in audit_rows().items():
        for label, value in own:
            assert [f"{name}: {label}", value, "Your input"] in rows, (name, label, value)
    assert ["Platform cost per seat per month (groups without their own)", "$10.00", "Your input"] in rows
    texts = " ".join(sh.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "impressions per story = Σ groups Σ networks: the group's sharers × its presence × its connections" in texts
    assert "program cost = Σ groups: seat cost × its participants" in texts


def _eight_groups() -> Scenario:
    names = ["Executives", "Sales", "Recruiting & talent", "Marketing", "Subject-matter experts",
             "Customer success", "Engineering", "Everyone else"]
    return Scenario(networks=[{"name": "LinkedIn"}, {"name": "X"}],
                    groups=[{"name": n, "weight": 1 / 8, "relative_share_rate": 0.65 + i / 10}
                            for i, n in enumerate(names)])  # rates 0.65 to 1.35: their mean is 1


def test_eight_groups_get_a_value_per_seat_chart_a_row_each():
    import io

    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Inches
    from advocacy_calc.exports.pptx import deck
    scenario = _eight_groups()
    prs = Presentation(io.BytesIO(deck(scenario)))
    chart_shape = next(sh for s in prs.slides for sh in s.shapes if sh.has_chart
                       and sh.chart.chart_title.text_frame.text.startswith("Media value per seat per month"))
    chart = chart_shape.chart
    assert list(chart.plots[0].categories) == [g.name for g in reversed(scenario.groups)]
    # A bar's row at least 0.4 inch (a 13 pt name fits with air), the chart within the slide.
    assert chart_shape.height / 8 >= Inches(0.4)
    assert chart_shape.top + chart_shape.height <= prs.slide_height
    assert chart.category_axis._element.find(qn("c:tickLblSkip")).get("val") == "1"
    # Three groups keep their chart under the table, on the groups' slide.
    three = Presentation(io.BytesIO(deck(Scenario.model_validate(THREE))))
    slide = next(s for s in three.slides if any(getattr(sh, "text", "") == "Who takes part: groups of advocates"
                                                 for sh in s.shapes))
    table = next(sh for sh in slide.shapes if sh.has_table)
    bars = next(sh for sh in slide.shapes if sh.has_chart)
    assert bars.top >= table.top + table.height and bars.height / 3 >= Inches(0.4)


def test_libreoffice_draws_every_groups_name_on_the_value_per_seat_chart(tmp_path):
    """The renderer, not our numbers: Impress once drew 3 of 8 names on a chart squeezed under the table."""
    import shutil
    import subprocess

    import libreoffice
    from advocacy_calc.exports.pptx import deck
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    scenario = _eight_groups()
    pdf = libreoffice.convert(deck(scenario), ".pptx", "pdf")
    (tmp_path / "deck.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "deck.pdf"), "-"], capture_output=True,
                          check=True).stdout.decode()
    page = next(p for p in text.split("\f") if "Media value per seat per month" in p)
    drawn = page.split("Media value per seat per month", 1)[1]  # the chart's own text, after its title
    assert [g.name for g in scenario.groups if g.name not in drawn] == []


def test_a_groups_inputs_split_over_two_columns_repeat_its_name():
    from fpdf import FPDF

    from advocacy_calc.exports.fonts import font_path
    from advocacy_calc.exports.pdf import _split
    pdf = FPDF()
    pdf.add_font("DejaVu", "", font_path("DejaVuSans.ttf"))
    pdf.add_page()

    def font(size):
        pdf.set_font("DejaVu", "", size)
    # Two columns of one-line rows: a row of Sales's opens the second column, under its name again; a
    # network's block (not among the named) does not repeat (one-group files keep their layout).
    sales = [("Sales", "", ""), ("participants", "200", "[1]"), ("share rate", "20%", "[1]"),
             ("platform cost per seat", "$25.00", "[1]"), ("LinkedIn connections", "2,000", "[1]")]
    first, second = _split(pdf, sales, 80, 2, font, 3.0, named=frozenset({"Sales"}))
    assert first[0] == sales[0] and second[0] == ("Sales (continued)", "", "") and second[1] in sales[2:]
    network = [("LinkedIn", "", ""), *[("paid CPM", "$1.00", "[2]")] * 4]
    first, second = _split(pdf, network, 80, 2, font, 3.0, named=frozenset({"Sales"}))
    assert second[0] == ("paid CPM", "$1.00", "[2]")


def test_a_groups_relative_rate_is_printed_as_stored_in_the_scenarios_locale():
    from advocacy_calc.exports.text import relevant_inputs
    groups = [{"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.8, "relative_share_rate": 0.75}]
    labels = [i.label for i in relevant_inputs(Scenario(groups=groups, locale="de-DE", currency="EUR"))]
    assert "Sales: share rate (2 × the mean)" in labels and "Everyone else: share rate (0,75 × the mean)" in labels


def test_the_workbook_says_where_each_groups_own_number_comes_from_and_follows_an_edit():
    """The PDF and slides listed each group's own inputs with a source; the workbook had them only as yellow
    cells on the Groups sheet, sourceless. The Assumptions sheet now lists them with source, grade and date,
    each value the Groups sheet's cell (by hand: 1,000 x 0.05 = 50 Executives at 10% x 3 = 30%, seat $20,
    2,000 LinkedIn connections; Sales' X presence 0)."""
    scenario = Scenario.model_validate({**THREE, "provenance": {
        "groups.Sales.weight": {"kind": "measured", "note": "roster, May"}}})
    book = Workbook(workbook(scenario))
    rows = _rows(book, "Assumptions")
    assert "Each group's own inputs (change them on the Groups sheet)" in rows

    def shown(label: str) -> tuple[float, str, str]:
        row = rows[label]
        return (book.value("Assumptions", f"B{row}"), book.text("Assumptions", f"E{row}"),
                book.text("Assumptions", f"F{row}"))

    assert shown("Executives: participants") == (pytest.approx(50), "Your input", "")  # no grade on a user's number
    assert shown("Executives: share rate")[0] == pytest.approx(0.3)
    assert shown("Executives: platform cost per seat per month")[:2] == (pytest.approx(20), "Your input")
    assert shown("Executives: LinkedIn connections per sharer")[:2] == (pytest.approx(2000), "Your input")
    assert shown("Sales: X (Twitter) sharers active here")[0] == pytest.approx(0)
    assert shown("Sales: participants")[:2] == (pytest.approx(200), "Measured from the program's own exports: roster, May")
    # An edit on the Groups sheet reaches the list: Executives at 3,000 connections.
    groups, cols = _rows(book, "Groups"), group_columns(book)
    book.cells[("Groups", f"{cols['LinkedIn: connections']}{groups['Executives']}")] = 3000.0
    book._memo.clear()
    assert book.value("Assumptions", f"B{rows['Executives: LinkedIn connections per sharer']}") == pytest.approx(3000)
    # Without groups the sheet has no such list.
    assert "Each group's own inputs (change them on the Groups sheet)" not in _rows(
        Workbook(workbook(Scenario())), "Assumptions")
