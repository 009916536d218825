"""The workbook as finance opens it in LibreOffice Calc: recalculated on load, every figure equals the package's.

Before LibreOffice sees a workbook, every formula's cached value is overwritten with a stale number
(STALE), so a Calc that showed cached values instead of recalculating would fail here. Scenarios:
the golden values, the presets and the branch cases of test_exports, and a workbook whose inputs
finance edits in the file itself. Skipped with the reason when LibreOffice is missing; fails in CI
(REQUIRE_LIBREOFFICE=1)."""

import io
import math
import re
import zipfile

import pytest

import libreoffice
from advocacy_calc import PRESETS, Cost, Scenario, compute, sweep
from advocacy_calc.exports import export_bytes
from advocacy_calc.exports.xlsx import _FIGURES, workbook
from test_exports import SCENARIOS, _crowded, close, expected_figure, network_block

STALE = -1234.5


def _sheet_paths(data: bytes) -> dict[str, str]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', zf.read("xl/workbook.xml").decode())
    rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', zf.read("xl/_rels/workbook.xml.rels").decode()))
    return {name: "xl/" + rels[rid].removeprefix("/xl/").removeprefix("xl/") for name, rid in names}


def _rewrite(data: bytes, edits: dict[str, dict[str, object]] | None = None) -> bytes:
    """The workbook with every formula's cached value made STALE, and input cells set by hand:
    edits = {sheet: {"B7": 0.25 or "conservative"}} (a number, or text written inline)."""
    paths = _sheet_paths(data)
    edits = edits or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            sheet = next((s for s, p in paths.items() if p == item.filename), None)
            if sheet is not None:
                text = body.decode("utf-8")
                text, stale = re.subn(r'(<c r="[A-Z]+\d+"[^>]*>)(<f>[^<]*</f>)<v>[^<]*</v>',
                                      lambda m: m.group(1).replace(' t="str"', "") + m.group(2) + f"<v>{STALE}</v>",
                                      text)
                assert stale or "<f>" not in text
                for ref, value in edits.get(sheet, {}).items():
                    pattern = re.compile(rf'<c r="{ref}"( s="\d+")?( t="\w+")?><v>[^<]*</v></c>')
                    assert pattern.search(text), (sheet, ref)
                    cell = (f'<c r="{ref}"\\1><v>{float(value)!r}</v></c>' if isinstance(value, (int, float))
                            else f'<c r="{ref}"\\1 t="inlineStr"><is><t>{value}</t></is></c>')
                    text = pattern.sub(cell, text, count=1)
                body = text.encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def _rows(values: dict, sheet: str, column: str = "A") -> dict[str, int]:
    """Text in a column -> its first row (the figures come before the per-network block that repeats names)."""
    found = sorted((int(ref[len(column):]), v) for (s, ref), v in values.items()
                   if s == sheet and isinstance(v, str) and ref[:len(column)] == column and ref[len(column):].isdigit())
    rows: dict[str, int] = {}
    for row, text in found:
        rows.setdefault(text, row)
    return rows


def _value(values: dict, sheet: str, ref: str):
    got = values.get((sheet, ref), 0.0)  # an empty result is Calc's 0
    return float(got) if isinstance(got, (int, float)) and not isinstance(got, bool) else got


def _check_figures(values: dict, results) -> int:
    rows = _rows(values, "Results")
    checked = 0
    for key, label, *_ in _FIGURES:
        if key in ("net_at_0", "net_at_100"):
            continue
        got = _value(values, "Results", f"B{rows[label]}")
        assert close(got, expected_figure(results, key)), (key, got, expected_figure(results, key))
        checked += 1
    for ref, (key, got) in network_block(values, lambda ref: _value(values, "Results", ref), results).items():
        net = results.networks[ord(ref[0]) - 66]
        assert close(got, getattr(net, key)), (net.name, key, got, getattr(net, key))
    return checked


@pytest.fixture(scope="module")
def recalculated():
    """Every scenario's workbook, stale caches, recalculated by LibreOffice in one process."""
    libreoffice.require()
    files = {name: _rewrite(workbook(s)) for name, s in SCENARIOS.items()}
    return {name: libreoffice.values(xlsx, recalculate=False) for name, xlsx in
            zip(files, libreoffice.recalculate_many(list(files.values())))}


def test_stale_cache_is_really_stale():
    """The guard itself: after _rewrite, a reader of cached values sees STALE, not the figures."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(_rewrite(workbook(PRESETS["Typical B2B"])))) \
        .get_sheet_by_name("Results").to_python(skip_empty_area=False)
    cached = [row[1] for row in rows[5:30]]
    assert cached.count(STALE) >= 20


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_libreoffice_recalculates_the_workbook_to_the_package_numbers(recalculated, name):
    values = recalculated[name]
    assert _check_figures(values, compute(SCENARIOS[name])) >= 30


def test_libreoffice_forecast_sheet_run_rate_year(recalculated):
    """The Forecast sheet's per month and per year cells are formulas over Results: Calc gives 1x and 12x."""
    values, results = recalculated["preset Typical B2B"], compute(SCENARIOS["preset Typical B2B"])
    rows = _rows(values, "Forecast")
    for label, month in (("Total value", results.total_value_per_month), ("Program cost",
                                                                          results.program_cost_per_month),
                         ("Net value", results.net_value_per_month)):
        got = (_value(values, "Forecast", f"B{rows[label]}"), _value(values, "Forecast", f"C{rows[label]}"))
        assert math.isclose(got[0], month, rel_tol=1e-9) and math.isclose(got[1], 12 * month, rel_tol=1e-9), label


@pytest.mark.parametrize("name", ["preset Typical B2B", "clicks, conservative, funnel, every cost", "no networks"])
def test_libreoffice_sensitivity_sheet_is_the_sweep(recalculated, name):
    values, scenario = recalculated[name], SCENARIOS[name]
    frame = sweep(scenario, "share_rate", 101)
    header = {values[("Sensitivity", f"{chr(65 + c)}4")]: chr(65 + c) for c in range(8)}
    scale = max(1.0, float(frame[["total_value_per_month", "net_value_per_month"]].abs().to_numpy().max()))
    for i in range(len(frame)):
        for title, field in (("Media value per month", "value_per_month"), ("Net value per month",
                                                                             "net_value_per_month")):
            got = _value(values, "Sensitivity", f"{header[title]}{5 + i}")
            assert math.isclose(got, frame[field][i], rel_tol=1e-9, abs_tol=1e-12 * scale), (i, title, got)


def test_finance_edits_inputs_in_calc_and_the_results_follow():
    """Share rate, a CPM, a seat cost and the valuation basis typed into the Assumptions sheet."""
    libreoffice.require()
    scenario = PRESETS["Typical B2B"]
    data = workbook(scenario)
    fields = _rows(libreoffice.values(data, recalculate=False), "Assumptions", "D")
    edits = {f"B{fields['share_rate']}": 0.25, f"B{fields['networks.LinkedIn.cpm']}": 50.0,
             f"B{fields['cost.seat_cost_per_month']}": 4.0, f"B{fields['valuation_basis']}": "lower of the two"}
    values = libreoffice.values(_rewrite(data, {"Assumptions": edits}))
    moved = compute(scenario.model_copy(update={
        "share_rate": 0.25, "valuation_basis": "conservative", "cost": Cost(seat_cost_per_month=4.0),
        "networks": [scenario.networks[0].model_copy(update={"cpm": 50.0}), scenario.networks[1]]}))
    assert moved.net_value_per_month != compute(scenario).net_value_per_month
    assert _check_figures(values, moved) >= 30


def test_slides_and_workbook_open_in_libreoffice_as_finance_would():
    """Impress renders every slide (native charts included) and Calc prints every sheet one page wide."""
    from pypdf import PdfReader

    from advocacy_calc.exports.finance import finance_figures
    from advocacy_calc.exports.pptx import deck
    from advocacy_calc.forecast.timeline import TimelineSettings

    libreoffice.require()
    scenario = PRESETS["Worked example"].model_copy(update={
        "participants": 2000, "cost": Cost(seat_cost_per_month=10, fixed_cost_per_month=2000)})
    finance = finance_figures(scenario, ramp=TimelineSettings(launch_cost=20_000))
    slides = deck(scenario, finance=finance)
    pdf = PdfReader(io.BytesIO(libreoffice.convert(slides, ".pptx", "pdf")))
    from pptx import Presentation

    assert len(pdf.pages) == len(Presentation(io.BytesIO(slides)).slides) == 7
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for words in ("$768,000", "$332,800", "Payback: month 4", "Cumulative value", "Share rate (participation)"):
        assert words in text, words
    sheets = PdfReader(io.BytesIO(libreoffice.convert(workbook(scenario, finance=finance), ".xlsx", "pdf")))
    printed = " ".join(page.extract_text() for page in sheets.pages)
    assert len(sheets.pages) <= 12 and "Forecast: per year, payback and range" in printed


def _printed_text_sizes(pdf: bytes) -> dict[str, float]:
    """The smallest text size (pt) each sheet prints: pages follow the sheets, a sheet's first page starts with
    its title (Assumptions, Results, Participation sensitivity..., Forecast...)."""
    from pypdf import PdfReader

    smallest: dict[str, float] = {}
    sheet = ""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        sizes: list[float] = []
        # the text matrix's vertical scale whatever the rotation (a chart's axis title is turned 90°)
        page.extract_text(visitor_text=lambda text, cm, tm, _font, size: sizes.append(
            abs(size) * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])) if text.strip() else None)
        first = page.extract_text().strip().split("\n")[0].strip()
        sheet = next((title for title in ("Assumptions", "Results", "Participation sensitivity", "Forecast",
                                          "Groups of advocates") if first.startswith(title)), sheet)
        smallest[sheet] = min(sizes + [smallest.get(sheet, math.inf)])
    return smallest


def test_every_sheet_prints_legibly():
    """As finance prints it (Calc, letter, landscape, one page wide): with four networks, every input and a long
    link, the Assumptions sheet (wrapped labels and sources in narrower columns), the Results sheet, the
    Sensitivity table (the chart beside it left out of the print area) and the Forecast sheet with its long notes
    print text of 7 pt or more (Assumptions and Sensitivity printed at 4.9 pt, Results at 6, Forecast at 2)."""
    scenario = _crowded().model_copy(update={"currency": "EUR", "locale": "de-DE"})
    assert len(scenario.networks) == 4
    data = export_bytes(scenario, "xlsx", base_url="https://advocacy.example.com/app")
    sizes = _printed_text_sizes(libreoffice.convert(data, ".xlsx", "pdf"))
    assert set(sizes) == {"Assumptions", "Results", "Participation sensitivity", "Forecast"}, sizes
    assert sizes["Assumptions"] >= 7.5 and sizes["Participation sensitivity"] >= 7.5, sizes
    assert sizes["Results"] >= 7.5 and sizes["Forecast"] >= 7.0, sizes


def _pages_as_printed(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text as poppler reads it within the page (text a page clips is not on it)."""
    import shutil
    import subprocess

    from pypdf import PdfReader

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
                           capture_output=True, check=True, text=True).stdout
            for n in range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1)]


def test_the_groups_sheet_prints_legibly(tmp_path):
    """Three groups on four networks: 19 columns of inputs and figures, printed two landscape pages wide with the
    group names repeated, at 7 pt or more (it printed at 5.7 pt on one page, a note running past the last column)."""
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
    scenario = Scenario.model_validate({**_crowded().model_dump(), "groups": groups})
    assert len(scenario.networks) == 4
    pdf = libreoffice.convert(export_bytes(scenario, "xlsx"), ".xlsx", "pdf")
    sizes = _printed_text_sizes(pdf)
    assert sizes["Groups of advocates"] >= 7.0, sizes
    # The note above the table is whole on the sheet's first page: merged across every column, it was cut at
    # the page break after "...each group shares" (pdftotext reads what the page shows, within its width).
    pages = _pages_as_printed(pdf, tmp_path)
    first = next(" ".join(page.split()) for page in pages if page.strip().startswith("Groups of advocates"))
    assert ("Yellow cells are the groups' inputs; a white presence or connections cell is the network's own (a "
            "formula). The levers stay program-wide: participants split by weight, and each group shares at its "
            "relative rate times the program's share rate (the weighted mean).") in first, first
    # So are the labels of the share-weighted rows (run on, the next column's figure cut them).
    for label in ("Share-weighted presence; seat cost weighted by participants",
                  "Share rate's cap (the keenest group shares every story)",
                  "Value per connection reached (visibility × price of an impression)"):
        assert label in first, label
