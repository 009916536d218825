"""Every download button on the pages gives a non-empty file of the right type, built only on click.

AppTest keeps no media server, so a deferred download's callable is caught where Streamlit
registers it (MediaFileManager.add_deferred) and run here, as a click in the browser would.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import advocacy_calc.exports
from lever_moves import move_levers

APP = str(Path(__file__).resolve().parents[1] / "app.py")
MAGIC = {"xlsx": b"PK", "pptx": b"PK", "pdf": b"%PDF", "png": b"\x89PNG", "svg": b"<svg", "csv": b"\xef\xbb\xbf"}
EXPECTED = {
    "pages/overview.py": {"download-xlsx", "download-pdf-a4", "download-pdf-letter", "download-pptx",
                          "download-csv-results"},
    "pages/reach.py": {"download-reach-png", "download-reach-svg", "download-cpm-vs-cpc-png",
                       "download-cpm-vs-cpc-svg", "download-csv-networks"},
    "pages/demand.py": {"download-funnel-png", "download-funnel-svg"},
    "pages/sensitivity.py": {"download-share-rate-png", "download-share-rate-svg", "download-participants-png",
                             "download-participants-svg", "download-csv-sweep"},
    "pages/forecast.py": {f"download-{c}-{f}" for c in ("distribution", "fan", "tornado", "heatmap")
                          for f in ("png", "svg")} | {"download-csv-tornado"},
    "pages/timeline.py": {f"download-{c}-{f}" for c in ("timeline", "monthly") for f in ("png", "svg")}
                         | {"download-csv-timeline"},
    "pages/measure.py": {f"download-{c}-{f}" for c in ("weekly-participation", "weekly-activity", "forecast-vs-actual")
                         for f in ("png", "svg")},
}


@pytest.fixture()
def deferred(monkeypatch):
    """file name -> (callable, mime) of every deferred download registered during a run."""
    caught: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught


@pytest.fixture()
def builds(monkeypatch):
    """How many exports were built (each would cost seconds on a slider move)."""
    calls = []
    original = advocacy_calc.exports.export_bytes

    def counting(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(advocacy_calc.exports, "export_bytes", counting)
    return calls


def charts(at: AppTest) -> list:
    return list(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))


def check_files(at: AppTest, expected: set[str], deferred: dict) -> dict[str, bytes]:
    """Every expected button is there, deferred (built on click), and gives a file of its type;
    every chart on the page has a PNG and an SVG button. The files by button key."""
    assert not at.exception, [e.message for e in at.exception]
    buttons = {b.key: b for b in at.download_button}
    assert expected <= set(buttons), sorted(expected - set(buttons))
    image_buttons = [k for k in buttons if k.startswith("download-") and k.endswith(("-png", "-svg"))]
    assert len(image_buttons) == 2 * len(charts(at)), (sorted(image_buttons), len(charts(at)))
    files = {}
    for key in expected:
        proto = buttons[key].proto
        assert proto.HasField("deferred_file_id"), key  # built on click, not on the rerun
        what = key.removeprefix("download-")
        ending = (f" - {what.removeprefix('csv-')}.csv" if what.startswith("csv-") else
                  f" - {what[:-4]}.{what[-3:]}" if what.endswith(("-png", "-svg")) else None)
        matches = [n for n in deferred if n and (n.endswith(ending) if ending else what.split("-")[0] in n)]
        assert matches, key
    for name, (make, mime) in deferred.items():
        fmt = name.rsplit(".", 1)[-1]
        data = make()
        assert isinstance(data, bytes) and len(data) > 100, name
        assert data.startswith(MAGIC[fmt]), (name, data[:8])
        assert mime and (fmt in mime or (fmt == "xlsx" and "spreadsheet" in mime)
                         or (fmt == "pptx" and "presentation" in mime)), (name, mime)
        files[name] = data
    return files


@pytest.mark.parametrize("page", list(EXPECTED))
def test_every_download_button_gives_a_file_of_its_type(page, deferred, builds):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["demand.lead_to_mql"] = "0.3"  # the demand page draws its funnel chart
    at.query_params["cost.seat_cost_per_month"] = "12"
    at.query_params["demo"] = "true"  # the Measure page shows its synthetic exports
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    else:  # the business case's buttons are drawn only while their popover is open
        assert not [b for b in at.download_button if b.key and b.key.startswith("download-")]
        at.session_state["business-case"] = True
        at.run()
    assert charts(at) or page == "pages/overview.py", "no chart drawn: the page's buttons are not all tested"
    assert builds == [], "an export was built on a rerun"
    check_files(at, EXPECTED[page], deferred)


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_compare_page_chart_and_table_downloads(deferred):
    """The overlay chart as PNG/SVG; the comparison table as CSV with raw numbers and the pin names
    (typed text, column headers) neutralised against formula injection."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/scenarios.py").run()
    for name, share in (("-Today", 0.1), ("+Double share", 0.2)):
        move_levers(at, share_rate=share)
        at.text_input(key="pin-name").input(name).run()
        at.button(key="pin").click().run()
    files = check_files(at, {"download-overlay-png", "download-overlay-svg", "download-csv-comparison"}, deferred)
    rows = _csv(next(data for name, data in files.items() if name.endswith("comparison.csv")))
    assert rows[0] == ["Section", "What", "'-Today", "'+Double share"]
    by_label = {r[1]: r[2:] for r in rows[1:]}
    assert [float(x) for x in by_label["Share rate per story"]] == [0.1, 0.2]  # numbers, not "10%"
    assert [float(x) for x in by_label["Value per month"]] == pytest.approx([31500.0, 63000.0], rel=1e-12)
    # Rounded by what the row is (the table mixes text and numbers, so the CSV's rounding by column left
    # 31500.000000000004): money and counts to the cent, rates and inputs to 6 decimals, still numbers.
    assert by_label["Value per month"] == ["31500.0", "63000.0"]
    assert by_label["CPM value per story"] == ["1000.0", "2000.0"]  # 1000.0000000000001 before
    assert by_label["Share rate per story"] == ["0.1", "0.2"]
    assert by_label["X (Twitter): Paid CPM"] == ["11.764706", "11.764706"]  # 1000/85, an input
    assert by_label["X (Twitter): Share of connections who see it"] == ["1.0", "1.0"]
    long = [(r[1], cell) for r in rows[1:] for cell in r[2:] if re.search(r"\.\d{7,}", cell)]
    assert long == [], long
    # Choices in the sidebar's and the PDF's words, and nothing where there is nothing
    assert by_label["Valuation basis"] == ["CPM", "CPM"]
    assert by_label["Demand: How you know the leads"] == ["analytics", "analytics"]
    assert by_label["Groups of advocates"] == ["", ""]
    assert not [cell for r in rows[1:] for cell in r[2:] if cell in ("none", "—", "cpm", "direct")]


def test_tornado_and_timeline_csv_are_protected(deferred):
    """Both tables go through the exports' CSV rule: UTF-8 with a BOM, full-precision numbers."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/forecast.py").run()
    at.switch_page("pages/timeline.py").run()
    files = check_files(at, {"download-csv-timeline"}, deferred)
    tornado = _csv(next(d for n, d in files.items() if n.endswith("tornado.csv")))
    # Headers in words too (the tornado's machine names were left), each input by its words and its field path
    assert tornado[0] == ["Input", "Field", "Low", "Scenario's value", "High", "Result at low", "Result at high",
                          "Swing", "Result at the scenario's values", "Result of"]
    share = next(r for r in tornado[1:] if r[1] == "share_rate")
    assert share[0] == "Share rate per story" and share[-1] == "Media value per month"
    timeline = _csv(next(d for n, d in files.items() if n.endswith("timeline.csv")))
    # Headers in words, as the README promises for the app's CSVs (the CLI's timeline keeps machine names)
    assert timeline[0] == ["Month", "Calendar month", "Share rate", "Media value per month", "Total value per month",
                           "Program cost per month", "Net value per month", "Cumulative value", "Cumulative cost",
                           "Cumulative net value"]
    assert len(timeline) == 25 and float(timeline[1][0]) == 1 and timeline[1][2] == "0.02"  # rates keep 6 decimals


@pytest.mark.parametrize("page", list(EXPECTED))
def test_no_download_buttons_in_presentation_mode(page, deferred):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["present"] = "true"
    at.query_params["demo"] = "true"
    at.session_state["business-case"] = True  # even an open popover shows nothing while presenting
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception
    assert not [b for b in at.download_button if b.key and b.key.startswith("download-")]


def test_methodology_page_shows_the_caveats_the_files_print():
    """One wording: the page's caveats are the one-pager's and the slides' (advocacy_calc.exports.text)."""
    from advocacy_calc.exports.text import CAVEAT_PARTS, CAVEATS

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception
    page = "\n".join(m.value for m in at.markdown).replace("\\$", "$")
    for (lead, detail), printed in zip(CAVEAT_PARTS, CAVEATS):
        assert f"**{lead}** {detail}" in page and printed == f"{lead} {detail}"
    assert "\\$6 to \\$73" in "\n".join(m.value for m in at.markdown)  # dollars, not LaTeX


def test_the_groups_table_downloads_from_the_reach_page_and_the_business_case(deferred):
    """With groups, the reach page and the Download popover offer one row per group as CSV, headers in words;
    its figures are the package's (the file parsed, compared with group_results rounded here to the cent)."""
    import json

    from advocacy_calc import Scenario
    from advocacy_calc.groups import group_results
    groups = [{"name": "=Sales", "weight": 0.25, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 2 / 3}]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["groups"] = json.dumps(groups)
    at.run()
    at.switch_page("pages/reach.py").run()
    files = check_files(at, EXPECTED["pages/reach.py"] | {"download-csv-groups"}, deferred)
    rows = _csv(next(data for name, data in files.items() if name.endswith(" - groups.csv")))
    assert rows[0][:4] == ["Group", "Participants", "Fraction of participants", "Share rate"]
    assert [r[0] for r in rows[1:]] == ["'=Sales", "Everyone else"]  # a name is text, never a formula
    # By hand: 250 salespeople at 20% = 50 sharers × 850 × $1,000/85,000 × 31.5 = $15,750 a month, $63 a seat.
    sales = dict(zip(rows[0], rows[1]))
    assert (sales["Participants"], sales["Share rate"], sales["Media value per month"],
            sales["Media value per participant per month"]) == ("250.0", "0.2", "15750.0", "63.0")
    for row, part in zip(rows[1:], group_results(Scenario(groups=groups))):
        got = dict(zip(rows[0], row))
        assert float(got["Media value per month"]) == round(part.value_per_month, 2)
        assert float(got["Impressions per story (likely seen)"]) == round(part.impressions_per_story, 2)
    deferred.clear()
    at.switch_page("pages/overview.py").run()
    at.session_state["business-case"] = True
    at.run()
    check_files(at, EXPECTED["pages/overview.py"] | {"download-csv-groups"}, deferred)


def test_the_download_menu_says_what_the_pdf_cannot_draw(monkeypatch):
    """Fonts without ￥ and kanji (the fallbacks switched off): the menu says, under the PDF buttons, what
    the PDF prints instead, in the words of the PDF and the CLI."""
    from advocacy_calc.exports import fonts

    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(currency="JPY", locale="ja-JP", name="試算 (menu test)")
    at.session_state["business-case"] = True  # the popover open
    at.run()
    assert not at.exception
    notes = [c.value for c in at.caption if "cannot draw" in c.value]
    assert len(notes) == 1, [c.value for c in at.caption]
    assert "amounts are printed with the code JPY in place of the symbol ￥" in notes[0]
    assert "試 (U+8A66), 算 (U+7B97) could not be printed" in notes[0]


def test_a_chart_download_says_what_its_image_cannot_draw(monkeypatch):
    """Fonts without ￥ and kanji (the fallbacks switched off): beside each chart's PNG/SVG buttons a caption says
    what the image prints instead; the group charts name the group's characters. With a euro case, none."""
    import json

    from advocacy_calc.exports import fonts

    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(currency="JPY", locale="ja-JP", groups=json.dumps(
        [{"name": "営業", "weight": 0.25, "relative_share_rate": 2},
         {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 2 / 3}]))
    at.run()
    at.switch_page("pages/reach.py").run()
    assert not at.exception
    notes = [c.value for c in at.caption if "chart image's fonts" in c.value]
    # cpm-vs-cpc (amounts only; the reach chart, of impressions, draws everything), the two group charts (営業 too)
    assert len(notes) == 3, [c.value for c in at.caption]
    assert all("amounts are printed with the code JPY in place of the symbol ￥" in n for n in notes)
    assert sum("営 (U+55B6), 業 (U+696D) could not be printed and show as □" in n for n in notes) == 2
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(currency="EUR", locale="de-DE")
    at.run()
    at.switch_page("pages/reach.py").run()
    assert not at.exception and not [c.value for c in at.caption if "cannot draw" in c.value]
