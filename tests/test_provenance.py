"""The scenario's identity and each input's provenance in the model and the files: a user's number
is printed as the user's (with its note, never a grade), a measured one with its period, a default
with its benchmark; names made safe for files; version 1 files upgraded."""

import io

import pytest

from advocacy_calc import PRESETS, Scenario, ScenarioError
from advocacy_calc.exports import file_stem, safe_file_name
from advocacy_calc.migrate import CURRENT_VERSION, UPGRADE_NOTE, load_scenario
from advocacy_calc.parse import parse_scenario
from advocacy_calc.presets import changed_inputs, display_name
from xlsx_formulas import Workbook


def case() -> Scenario:
    """The issue's case: Typical B2B with 2,000 participants (the user's, with a note), LinkedIn only,
    and a share rate measured over a quarter."""
    data = PRESETS["Typical B2B"].model_dump(mode="json")
    data["participants"] = 2000
    data["share_rate"] = 0.08
    data["networks"] = [n for n in data["networks"] if n["name"] == "LinkedIn"]
    data["prepared_by"] = "Ana Souza"
    data["provenance"] = {"participants": {"kind": "user", "note": "our roster, May"},
                          "share_rate": {"kind": "measured", "note": "2026-01-05 to 2026-03-27, mean over 61 stories"}}
    return parse_scenario(data)


# --- identity -------------------------------------------------------------------------------

def test_display_name_says_modified_once_an_input_differs_from_the_preset():
    typical = PRESETS["Typical B2B"]
    assert display_name(typical) == "Typical B2B"
    assert display_name(typical.model_copy(update={"participants": 2000})) == "Typical B2B, modified"
    assert display_name(typical.model_copy(update={"name": "FY27 ask", "participants": 2000})) == "FY27 ask"
    assert display_name(Scenario()) == "Unnamed scenario"
    # the name, who prepared it and the provenance are no inputs: they never make it modified
    assert changed_inputs(case().model_copy(update={"participants": 1000, "share_rate": 0.1,
                                                    "networks": typical.networks}), typical) == []


def test_changed_inputs_names_each_field_path():
    # Facebook dropped (the list changed), LinkedIn's own numbers are still the preset's
    assert changed_inputs(case(), PRESETS["Typical B2B"]) == ["networks", "participants", "share_rate"]
    assert changed_inputs(PRESETS["Typical B2B"].model_copy(update={"cost": PRESETS["Typical B2B"].cost.model_copy(
        update={"fixed_cost_per_month": 2000})}), PRESETS["Typical B2B"]) == ["cost.fixed_cost_per_month"]


@pytest.mark.parametrize("name,safe", [
    ("Café Q3 / Nordics", "Café Q3 Nordics"),
    ("Zürich\x00 plan\nB", "Zürich plan B"),
    ("../../etc/passwd", "etc passwd"),
    ('a:b*c?"d"<e>|f\\g', "a b c d e f g"),
    ("  ...  ", ""),
    ("Ünïcödé — 2027", "Ünïcödé — 2027"),
])
def test_safe_file_name(name, safe):
    assert safe_file_name(name) == safe


def test_file_names_carry_the_case_name():
    assert file_stem(PRESETS["Typical B2B"], "workbook") == "Typical B2B - workbook"
    assert file_stem(case(), "slides") == "Typical B2B, modified - slides"
    assert file_stem(case().model_copy(update={"name": "Q3 / EMEA"}), "one-pager-a4") == "Q3 EMEA - one-pager-a4"
    assert file_stem(Scenario(name="///"), "workbook") == "advocacy - workbook"


def test_provenance_must_name_an_input_of_the_scenario():
    with pytest.raises(ScenarioError) as exc:
        parse_scenario({"provenance": {"participants": {"kind": "article"},
                                       "share_rate": {"kind": "user", "note": "a\nb"}}})
    assert exc.value.problems == ["provenance.participants.kind: must be one of 'measured' or 'user', got 'article'",
                                  "provenance.share_rate.note: must be one line of text without control characters"]
    with pytest.raises(ScenarioError) as exc:
        parse_scenario({"provenance": {"networks.LinkedIn.cpm": {"kind": "user"}, "share_rat": {"kind": "user"}}})
    assert exc.value.problems == [
        "provenance.networks.LinkedIn.cpm: network 'LinkedIn' is not in this scenario (its networks: X)",
        "provenance.share_rat: is not an input; did you mean 'share_rate'?"]


def test_version_1_file_upgrades_with_the_preset_as_based_on_and_its_own_numbers_as_the_users():
    old = {"version": 1, "name": "Typical B2B", "participants": 2000,
           "networks": [{"name": "LinkedIn", "connections": 303, "cpm": 35, "cpc": 7.38, "ctr": 0.0055,
                         "visibility": 0.06}],
           "demand": {"cost_per_lead": 50}, "cost": {"seat_cost_per_month": 10}}
    s = load_scenario(old)
    assert s.version == CURRENT_VERSION == 2
    assert (s.name, s.based_on) == ("", "Typical B2B")
    # the networks list differs (no Facebook), LinkedIn's numbers are the preset's, 2,000 is not
    assert {p: (v.kind, v.note) for p, v in s.provenance.items()} == {"participants": ("user", UPGRADE_NOTE)}
    mine = load_scenario({"version": 1, "name": "Pilot Q2", "share_rate": 0.3})
    assert (mine.name, mine.based_on, list(mine.provenance)) == ("Pilot Q2", "", ["share_rate"])


# --- the files print each input's own provenance -----------------------------------------------

def _rows_by_field(book: Workbook) -> dict[str, int]:
    return {v: int(k[1][1:]) for k, v in book.cells.items() if k[0] == "Assumptions" and k[1].startswith("D")}


def test_workbook_prints_the_users_number_as_theirs_without_a_grade():
    from advocacy_calc.exports.xlsx import workbook

    book = Workbook(workbook(case()))
    rows = _rows_by_field(book)
    cell = lambda col, path: book.cells.get(("Assumptions", f"{col}{rows[path]}"), "")  # noqa: E731
    assert cell("B", "participants") == 2000
    assert (cell("E", "participants"), cell("F", "participants"), cell("G", "participants")) == (
        "Your input: our roster, May", "", "")
    assert cell("E", "share_rate") == ("Measured from the program's own exports: 2026-01-05 to 2026-03-27, "
                                       "mean over 61 stories")
    assert cell("F", "share_rate") == ""
    # an untouched default keeps its benchmark and grade
    assert "stackmatix" in cell("E", "networks.LinkedIn.cpm") and cell("F", "networks.LinkedIn.cpm") in ("V", "S", "U")
    assert book.cells[("Assumptions", "B2")] == "Typical B2B, modified"
    assert book.cells[("Assumptions", "C2")] == "Prepared by Ana Souza"


def test_pdf_prints_the_users_number_as_theirs():
    from pypdf import PdfReader

    from advocacy_calc.exports.pdf import business_case

    text = " ".join(PdfReader(io.BytesIO(business_case(case(), "a4"))).pages[0].extract_text().split())
    assert "Scenario: Typical B2B, modified · Prepared by Ana Souza" in text
    assert "Your input: our roster, May" in text
    assert "Measured from the program's own exports: 2026-01-05 to 2026-03-27" in text
    # the participants' row is never credited to an article: the text after 2,000 is the user's
    after = text.split("2,000", 1)[1][:60]
    assert "Practitioner" not in after and "(V)" not in after, after


def test_slides_print_the_users_number_as_theirs():
    from pptx import Presentation

    from advocacy_calc.exports.pptx import deck

    prs = Presentation(io.BytesIO(deck(case())))
    rows = [[c.text for c in row.cells] for slide in prs.slides for shape in slide.shapes if shape.has_table
            for row in shape.table.rows]
    by_label = {r[0]: r for r in rows}
    assert by_label["Participants"][1:] == ["2,000", "Your input: our roster, May"]
    assert by_label["Share rate per story"][2].startswith("Measured from the program's own exports: 2026-01-05")
    titles = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    assert "Typical B2B, modified · Prepared by Ana Souza" in titles


def test_csv_assumptions_say_who_gave_each_number():
    from advocacy_calc.exports.tables import assumptions_table, results_table

    table = assumptions_table(case()).set_index("field")
    assert table.loc["participants", "source"] == "Your input: our roster, May"
    assert table.loc["participants", "grade"] == ""
    assert results_table(case()).iloc[:2].values.tolist() == [["Scenario", "Typical B2B, modified", ""],
                                                             ["Prepared by", "Ana Souza", ""]]


def test_a_default_outside_its_benchmarks_range_is_not_credited_to_it():
    """The worked example's X is 100 % visible; the visibility benchmark (practicalsmm.com) says 5-7 % see a post:
    that source gives no such number, so it is neither cited nor graded. A benchmark entry that says no public
    figure exists (platform seat cost) is printed as words, never with a grade (found: "$0.00 - No public
    benchmark (U)")."""
    from advocacy_calc.exports.fields import inputs

    rows = {i.path: i for i in inputs(PRESETS["Worked example"])}
    visible = rows["networks.X.visibility"]
    assert (visible.source, visible.grade, visible.origin) == (
        "The model's own default (outside the benchmark's range)", "", "model default")
    seat = rows["cost.seat_cost_per_month"]
    assert (seat.source, seat.grade) == ("No public benchmark: vendors quote privately", "")
    share = rows["share_rate"]  # 10 %, inside the article's range: its source and grade
    assert (share.source, share.grade) == ("Practitioner article 1: its worked example", "V")
    linkedin = {i.path: i for i in inputs(PRESETS["Typical B2B"])}["networks.LinkedIn.connections"]
    assert linkedin.grade == "U" and linkedin.source.startswith("smprotips.com")  # 303, the benchmark's own


def test_every_input_of_the_largest_scenario_can_be_the_users_own():
    """Ten networks and eight groups (the model's limits): 4 + 10 x 6 + 12 + 11 + 8 x (4 + 10 x 2) = 279 inputs,
    counted by hand from the sidebar. A scenario kept a source for 128 of them, so in the app a case with more
    own numbers lost its provenance without a word; now each keeps its own, and one more is refused by name."""
    nets = [{"name": f"N{i}", "connections": 100 + i} for i in range(10)]
    groups = [{"name": f"G{g}", "weight": 1 / 8, "relative_share_rate": 1} for g in range(8)]
    shape = parse_scenario({"networks": nets, "groups": groups})
    paths = ["participants", "share_rate", "stories_per_day", "working_days_per_month", "workforce", "currency",
             "valuation_basis", "audience_overlap"]
    paths += [f"networks.N{i}.{f}" for i in range(10) for f in ("connections", "visibility", "presence", "cpm", "cpc", "ctr")]
    paths += [f"demand.{f}" for f in ("advocacy_leads_per_month", "asset_leads_per_month", "advocacy_share_of_asset_traffic",
                                      "landing_conversion_rate", "cost_per_lead", "mode", "include_in_total", "lead_to_mql",
                                      "mql_to_sql", "sql_to_won", "advocacy_conversion_factor", "average_deal_size")]
    paths += [f"cost.{f}" for f in ("seat_cost_per_month", "fixed_cost_per_month", "minutes_per_share", "hourly_cost")]
    paths += [f"hiring.{f}" for f in ("referral_hires_per_month", "cost_per_hire", "referral_cost_per_hire")]
    for g in range(8):
        paths += [f"groups.G{g}.{f}" for f in ("share_rate", "weight", "relative_share_rate", "seat_cost_per_month")]
        paths += [f"groups.G{g}.networks.N{i}.{f}" for i in range(10) for f in ("connections", "presence")]
    assert len(paths) == len(set(paths)) == 279
    mine = {path: {"kind": "user", "note": f"note {n}"} for n, path in enumerate(paths)}
    scenario = parse_scenario({**shape.model_dump(mode="json"), "provenance": mine})
    assert {p: (v.kind, v.note) for p, v in scenario.provenance.items()} == {p: ("user", v["note"]) for p, v in mine.items()}
    # A round trip through the file keeps every one
    assert load_scenario(scenario.model_dump(mode="json")).provenance == scenario.provenance
    with pytest.raises(ScenarioError, match="provenance"):
        parse_scenario({**shape.model_dump(mode="json"), "provenance": {**mine, "networks.N10.cpm": {"kind": "user"}}})
