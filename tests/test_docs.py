"""The project's model documentation (docs/model.md) and the Methodology page that shows it: the
document's figures are the package's, its copies of the live blocks are current, and nothing a user
reads names a file the user does not have."""

import io
import json
import math
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import Demand, Network, PRESETS, Scenario, compute
from advocacy_ui import docs_view

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
# Files a user of the app or of the exports never has: naming one in front of them is a dead end.
UNSHIPPED = re.compile(r"MODEL\.md|BENCHMARKS\.md|shared/", re.I)


def test_blocks_split_headers_formulas_text_and_slots():
    text = ("# Title\n\nIntro *text*.\n\n## 1. Reach\n\n$$a = b \\times c$$\n\nMore,\nover two lines.\n\n"
            "<!-- app: table -->\n| a |\n|---|\n<!-- /app: table -->\n\n## 2. End\n")
    assert docs_view.blocks(text) == [
        ("markdown", "Intro *text*."), ("header", "1. Reach"), ("latex", "a = b \\times c"),
        ("markdown", "More,\nover two lines."), ("slot", "table"), ("header", "2. End")]
    assert docs_view.slot_text(text, "table") == "| a |\n|---|"


def test_the_documents_copies_of_the_live_blocks_are_current():
    """Regenerate with docs_view.benchmarks_markdown() / caveats_markdown() when benchmarks or caveats change."""
    assert docs_view.slot_text(DOC, "benchmarks") == docs_view.benchmarks_markdown()
    assert docs_view.slot_text(DOC, "caveats") == docs_view.caveats_markdown()
    assert "| Audience overlap between sharers (unique reach) | 0.8774 / 0.8774 / 0.8774 |" in DOC


def test_the_documents_worked_examples_are_the_packages():
    worked = Scenario()  # the default scenario is the worked example
    r = compute(worked)
    assert (r.sharers_per_story, r.impressions_per_story) == (100, 85_000)
    assert math.isclose(r.value_per_story, 1000.0, rel_tol=1e-9) and math.isclose(r.value_per_month, 31_500.0,
                                                                                     rel_tol=1e-9)
    assert r.stories_per_month == 31.5 and math.isclose(r.cpl_savings_per_month, 1000.0) and r.roi is None
    under = compute(Scenario(networks=[Network(name="X", connections=850, cpm=11.75)]))
    assert math.isclose(under.value_per_story, 998.75, rel_tol=1e-9)
    assert compute(Scenario(share_rate=0, demand=Demand(advocacy_leads_per_month=50))).value_per_month == 0
    for words in ("100 sharers; 85,000 impressions per story", "\\$1,000.00 value per story",
                  "31.5 stories a month; \\$31,500.00 value per month", "\\$998.75 value per story",
                  "\\$1,000.00 lead savings per month", "relative tolerance of 1e-9"):
        assert words in DOC, words


def test_the_sources_are_cited_as_known_never_invented():
    sources = " ".join(DOC[DOC.index("## 9. Sources"):].split())
    assert sources.count("title, author, publisher and date not known") == 2
    assert "Practitioner article 1, on brand awareness and demand generation" in sources
    assert "Practitioner article 2, on the metrics that matter across a program's life" in sources
    assert "EUR 3-6" in sources and "\\$20-\\$50" in sources and "Contributes:" in sources


def test_nothing_a_user_reads_names_a_file_they_do_not_have():
    from pypdf import PdfReader
    from pptx import Presentation

    from advocacy_calc.exports import tables
    from advocacy_calc.exports.pdf import business_case
    from advocacy_calc.exports.pptx import deck
    from advocacy_calc.exports.xlsx import workbook

    data = json.loads((ROOT / "advocacy_calc" / "data" / "benchmarks.json").read_text(encoding="utf-8"))
    assert not UNSHIPPED.search(json.dumps(data["entries"]))
    assert not UNSHIPPED.search(DOC)
    scenario = PRESETS["Worked example"]
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(business_case(scenario))).pages)
    slides = " ".join(s.text_frame.text for slide in Presentation(io.BytesIO(deck(scenario))).slides
                      for s in slide.shapes if s.has_text_frame)
    import zipfile
    book = zipfile.ZipFile(io.BytesIO(workbook(scenario))).read("xl/sharedStrings.xml").decode("utf-8")
    csv = b"".join(tables.table_csv(scenario, t) for t in tables.TABLES).decode("utf-8-sig")
    for name, text in (("pdf", pdf), ("slides", slides), ("workbook", book), ("csv", csv)):
        assert "Practitioner article 1" in text or name == "slides", name
        assert not UNSHIPPED.search(text), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "full text" not in readme and "docs/model.md" in readme


@pytest.fixture(scope="module")
def methodology():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception
    return at


def test_methodology_page_is_the_document(methodology):
    at = methodology
    headers = [h.value for h in at.main.header]
    assert headers == [body for kind, body in docs_view.blocks(DOC) if kind == "header"]
    assert "9. Sources" in headers and "8. Worked examples every figure reproduces" in headers
    assert len(at.latex) == sum(kind == "latex" for kind, _ in docs_view.blocks(DOC)) >= 12
    shown = "\n".join(m.value for m in at.markdown)
    assert "Practitioner article 2, on the metrics that matter" in shown and "| the same, CPM 11.75 |" in shown
    assert not UNSHIPPED.search(shown) and "kept equal to them by a test" not in shown  # the doc-only intro
