"""The link in every file reproduces the scenario: the PDF, the slides and the workbook print it, and the
app opened on it (its own URL checks, AppTest) holds the scenario that was exported.

Each link is taken from the file as a reader would (PDF text and its link annotation, the title slide's
text, hyperlink and speaker notes, the workbook's first sheet), never from the code that wrote it.
"""

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from advocacy_calc import Scenario
from advocacy_calc.exports import export_bytes
from advocacy_ui import state
from xlsx_formulas import NS, Workbook

APP = str(Path(__file__).resolve().parents[1] / "app.py")
BASE = "https://advocacy.example.com/app"

# Built by hand: a name and who prepared it, three groups, a cost, euros printed for Germany, page settings
# and a note on the user's own number: everything the link must carry.
CASE = Scenario.model_validate({
    "name": "Q3 Kampagne: Vertrieb & Führung", "prepared_by": "Ana Souza", "participants": 2000,
    "share_rate": 0.12, "currency": "EUR", "locale": "de-DE",
    "networks": [{"name": "LinkedIn", "connections": 900, "cpm": 35, "cpc": 6, "ctr": 0.01, "presence": 0.8,
                  "visibility": 0.1}],
    "cost": {"seat_cost_per_month": 10, "fixed_cost_per_month": 2000},
    "provenance": {"participants": {"kind": "user", "note": "our roster, 1 Oct"},
                   "networks.LinkedIn.cpm": {"kind": "user", "note": ""}},
    "settings": {"timeline_launch_cost": 20000, "timeline_ramp_months": 9, "forecast_seed": 7,
                 "forecast_draws": 10000},
    "groups": [{"name": "Vertrieb", "weight": 0.2, "relative_share_rate": 1.5},
               {"name": "Führung", "weight": 0.05, "relative_share_rate": 2},
               {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.8}],
})
LABEL_WITH_BASE = "Open this scenario in the app:"
LABEL_WITHOUT = "This scenario's link (append to your app's address; no public address was configured):"


def pdf_link(data: bytes, label: str) -> tuple[str, list[str]]:
    """The lines after the label, joined (the link wraps anywhere), and the page's link annotations."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    lines = page.extract_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(label + " "))
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    return "".join(line.strip() for line in [lines[start].removeprefix(label + " "), *lines[start + 1:]]), uris


def slide_link(data: bytes) -> tuple[str, list[str], str]:
    """The title slide's text after the label, its hyperlinks, and its speaker notes."""
    slide = Presentation(io.BytesIO(data)).slides[0]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    linked = next(t for t in texts if t.startswith(("Open this", "This scenario's link")))
    addresses = [r.hyperlink.address for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    return linked, addresses, slide.notes_slide.notes_text_frame.text


def sheet_link(data: bytes) -> tuple[str, str, str | None, str]:
    """The workbook's first sheet (what it opens on): label D2, link E2, D2's hyperlink, the sheet's name."""
    book = Workbook(data)
    zf = zipfile.ZipFile(io.BytesIO(data))
    first = ET.fromstring(zf.read("xl/workbook.xml")).find("m:sheets/m:sheet", NS).get("name")
    sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    ids = [h.get(f"{{{NS['r']}}}id") for h in sheet.iter(f"{{{NS['m']}}}hyperlink") if h.get("ref") == "D2"]
    target = None
    if ids:
        rels = ET.fromstring(zf.read("xl/worksheets/_rels/sheet1.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == ids[0])
    return book.text(first, "D2"), book.text(first, "E2"), target, first


def opened_in_the_app(link: str) -> Scenario:
    """The app on a fresh session with the link's query: the scenario its own URL checks build."""
    query = parse_qs(urlsplit(link).query, keep_blank_values=True)
    at = AppTest.from_file(APP, default_timeout=90)
    for key, values in query.items():
        at.query_params[key] = values if len(values) > 1 else values[0]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning if "URL parameter" in w.value or "not usable" in w.value]
    assert warnings == []
    return at.session_state[state.SCENARIO]


def assert_reproduces(read: Scenario) -> None:
    assert (read.name, read.prepared_by) == ("Q3 Kampagne: Vertrieb & Führung", "Ana Souza")
    assert (read.currency, read.locale, read.participants, read.share_rate) == ("EUR", "de-DE", 2000, 0.12)
    assert [(g.name, g.weight, g.relative_share_rate) for g in read.groups] == [
        ("Vertrieb", 0.2, 1.5), ("Führung", 0.05, 2.0), ("Everyone else", 0.75, 0.8)]
    assert (read.cost.seat_cost_per_month, read.cost.fixed_cost_per_month) == (10, 2000)
    assert read.settings.model_dump(exclude_none=True) == {
        "timeline_launch_cost": 20000.0, "timeline_ramp_months": 9, "forecast_seed": 7, "forecast_draws": 10000}
    assert read.provenance["participants"].note == "our roster, 1 Oct"
    # and everything else the model reads: the whole scenario but its origin (the app calls it the worked example)
    assert read.model_dump(exclude={"based_on"}) == CASE.model_dump(exclude={"based_on"})


def test_every_file_prints_the_link_with_the_configured_address_and_it_reproduces_the_scenario():
    pdf, slides, book = (export_bytes(CASE, fmt, base_url=BASE + "/") for fmt in ("pdf", "pptx", "xlsx"))
    in_pdf, annotations = pdf_link(pdf, LABEL_WITH_BASE)
    on_slide, hyperlinks, notes = slide_link(slides)
    label, in_sheet, target, first_sheet = sheet_link(book)
    assert in_pdf.startswith(BASE + "/?") and "participants=2000" in in_pdf and "currency=EUR&locale=de-DE" in in_pdf
    assert in_pdf in annotations  # clickable, whole
    assert on_slide == f"{LABEL_WITH_BASE} {in_pdf}" and hyperlinks == [in_pdf]
    assert notes.endswith(f"{LABEL_WITH_BASE} {in_pdf}")
    assert (first_sheet, label, in_sheet, target) == ("Assumptions", "Open in the app (click):", in_pdf, in_pdf)
    assert_reproduces(opened_in_the_app(in_pdf))


def test_the_cli_without_an_address_prints_the_query_and_says_to_append_it(tmp_path, monkeypatch):
    monkeypatch.delenv("ADVOCACY_PUBLIC_URL", raising=False)
    source = tmp_path / "case.json"
    source.write_text(CASE.model_dump_json(), encoding="utf-8")
    links = []
    for fmt in ("pdf", "pptx", "xlsx"):
        out = tmp_path / f"case.{fmt}"
        run = subprocess.run([sys.executable, "-m", "advocacy_calc", "export", str(source), "--format", fmt,
                              "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert "no --base-url or ADVOCACY_PUBLIC_URL" in run.stderr and "append to your app's address" in run.stderr
        data = out.read_bytes()
        if fmt == "pdf":
            link, annotations = pdf_link(data, LABEL_WITHOUT)
            assert annotations == []  # a query alone leads nowhere: not made clickable
        elif fmt == "pptx":
            on_slide, hyperlinks, notes = slide_link(data)
            assert on_slide.startswith(LABEL_WITHOUT + " ") and hyperlinks == [] and notes.endswith(on_slide)
            link = on_slide.removeprefix(LABEL_WITHOUT + " ")
        else:
            label, link, target, _ = sheet_link(data)
            assert label == LABEL_WITHOUT and target is None
        links.append(link)
    assert links[0] == links[1] == links[2] and links[0].startswith("?participants=2000&")
    assert_reproduces(opened_in_the_app(links[0]))


@pytest.mark.parametrize("given, env, expected", [
    ("https://a.example/", {"ADVOCACY_PUBLIC_URL": "https://b.example/"}, "https://a.example/"),
    (None, {"ADVOCACY_PUBLIC_URL": " https://b.example/x "}, "https://b.example/x"),
    (None, {}, ""),
])
def test_the_public_address_comes_from_the_option_else_the_environment(given, env, expected):
    from advocacy_calc.link import public_base_url
    assert public_base_url(given, env) == expected
    assert public_base_url(given, env, secret_url="https://c.example") == (expected or "https://c.example")
