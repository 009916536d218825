"""Every printed figure equals the model's (issue 10): for random scenarios, each headline number in the PDF,
the slides, the results CSV and the workbook is read back by its label, parsed by this file's own rule (not
advocacy_calc.formatting) and compared with `compute` within half a unit of its last printed digit. The
audit's ROI case (fixed cost 16,250: ROI 100%, printed as "1%") is rebuilt first."""

import csv
import io
import math
import re

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from advocacy_calc import Cost, Network, Scenario, compute
from advocacy_calc.exports.pdf import business_case
from advocacy_calc.exports.pptx import deck
from advocacy_calc.exports.tables import table_csv
from advocacy_calc.exports.xlsx import workbook
from advocacy_calc.scenario import Demand, Hiring
from test_app import assert_clean, metrics, run_app
from xlsx_formulas import Workbook

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
# label printed -> (Results field, kind)
HEADLINE = {
    "Impressions per story": ("impressions_per_story", "count"),
    "Value per story": ("value_per_story", "money"),
    "Value per month": ("value_per_month", "money"),
    "Lead savings per month": ("cpl_savings_per_month", "money"),
    "Hiring savings per month": ("hiring_savings_per_month", "money"),
    "Total value per month": ("total_value_per_month", "money"),
    "Program cost per month": ("program_cost_per_month", "money"),
    "Net value per month": ("net_value_per_month", "money"),
    "ROI": ("roi", "percent"),
    "Break-even share rate": ("break_even_share_rate", "percent"),
}


def parse(text: str, kind: str, currency: str) -> tuple[float, float] | None:
    """(value, half a unit of the last printed digit) of a printed figure; None for words ('none')."""
    text = text.strip()
    bound = text[:1] if text[:1] in "<>" else ""
    text = text[len(bound):]
    number = r"([\d,]+(?:\.\d+)?)(?:E([+-]\d+))?"  # 1,234.5 or, from 1e15 on, 1.2E+15
    if kind == "money":
        m = re.fullmatch(r"(-?)" + re.escape(SYMBOLS[currency]) + number + r"([KMBT]?)", text)
    elif kind == "percent":
        m = re.fullmatch(r"(-?)" + number + r"%()", text)
    else:
        m = re.fullmatch(r"(-?)" + number + r"([KMBT]?)", text)
    if m is None:
        assert text in ("none (no cost)", "not reached", "none"), (kind, text)
        return None
    sign, digits, exponent, suffix = m.groups()
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[suffix] / (100 if kind == "percent" else 1)
    scale *= 10 ** int(exponent or 0)
    value = float(digits.replace(",", "")) * scale * (-1 if sign else 1)
    return value, 0.5 * 10 ** -decimals * scale


def check(label: str, printed: str, results, currency: str) -> None:
    field, kind = HEADLINE[label]
    expected = getattr(results, field)
    got = parse(printed, kind, currency)
    if got is None:
        assert expected is None, (label, printed, expected)
        return
    value, half = got
    assert expected is not None, (label, printed)
    if printed.startswith(("<", ">")):  # '<0.01%': not zero, below the smallest printed step
        assert 0 < abs(expected) < abs(value) and (expected < 0) == printed.startswith(">-"), (label, printed, expected)
        return
    assert abs(value - expected) <= half * (1 + 1e-9) + 1e-9 * abs(expected), (label, printed, expected)


def pdf_figures(data: bytes) -> dict[str, str]:
    """Label -> printed value from the PDF's figure boxes (a label may wrap; a left-out part is marked)."""
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    found = {}
    for label in HEADLINE:
        words = r"\s+".join(map(re.escape, label.split()))
        m = re.search(rf"(?:^|\n){words}(?:\s+\(not\s+in\s+total\))?\n(not reached|\S+(?: \(no cost\))?)\n", text)
        if m:
            found[label] = m.group(1)
    return found


def slide_figures(data: bytes) -> dict[str, str]:
    found = {}
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame and len(shape.text_frame.paragraphs) == 2:
                label, value = (p.text for p in shape.text_frame.paragraphs)
                found[label.removesuffix(" (not in total)")] = value
    return found


def test_the_audits_roi_case_prints_100_percent():
    s = Scenario(cost=Cost(fixed_cost_per_month=16_250))  # total 32,500 - 16,250 = 16,250: ROI exactly 1.0
    r = compute(s)
    assert r.roi == pytest.approx(1.0, rel=1e-12)
    assert pdf_figures(business_case(s))["ROI"] == "100%"
    assert slide_figures(deck(s))["ROI"] == "100%"


scenarios = st.builds(
    lambda participants, share, stories, nets, seat, fixed, hires, include, currency: Scenario(
        participants=participants, share_rate=share, stories_per_day=stories, currency=currency,
        networks=[Network(name=n, connections=c, cpm=cpm, visibility=v) for n, c, cpm, v in nets],
        cost=Cost(seat_cost_per_month=seat, fixed_cost_per_month=fixed),
        hiring=Hiring(referral_hires_per_month=hires), demand=Demand(include_in_total=include)),
    participants=st.integers(0, 2_000_000), share=st.floats(0, 1), stories=st.floats(0, 10),
    nets=st.lists(st.tuples(st.sampled_from(["LinkedIn", "X", "Facebook"]), st.floats(0, 5000),
                            st.floats(0, 200), st.floats(0.01, 1)), min_size=1, max_size=3,
                  unique_by=lambda t: t[0]),
    seat=st.floats(0, 50), fixed=st.sampled_from([0, 16_250, 1e5]) | st.floats(0, 1e6), hires=st.sampled_from([0, 0, 2]),
    include=st.booleans(), currency=st.sampled_from(["USD", "EUR", "GBP"]))


# Each example builds a PDF, a deck and a workbook (1-2 s): 25 examples, no shrinking (it would rebuild them
# hundreds of times); a failure still prints its scenario.
@settings(max_examples=25, deadline=None, phases=(Phase.explicit, Phase.generate))
@given(s=scenarios)
def test_every_printed_figure_equals_the_model(s):
    r = compute(s)
    expected_labels = set(HEADLINE) - ({"Hiring savings per month"} if not r.hiring_savings_per_month else set())
    for name, figures in (("pdf", pdf_figures(business_case(s, results=r))), ("slides", slide_figures(deck(s, r)))):
        assert expected_labels <= set(figures), (name, expected_labels - set(figures))
        for label in expected_labels:
            check(label, figures[label], r, s.currency)
    # Results CSV: full precision numbers, read with the csv module.
    rows = {row["figure"]: row for row in csv.DictReader(io.StringIO(table_csv(s, "results", r).decode("utf-8-sig")))}
    for field, label in (("total_value_per_month", "Total value per month"), ("roi", "ROI (net value / cost)"),
                         ("hiring_savings_per_month", "Referral hiring savings per month"),
                         ("cpl_savings_per_month", "Lead savings per month")):
        expected = getattr(r, field)
        half = 5e-7 if field == "roi" else 0.005  # rates to 6 decimals, money to the cent
        assert (rows[label]["value"] == "") if expected is None else \
            abs(float(rows[label]["value"]) - expected) <= half * (1 + 1e-9) + 1e-12 * abs(expected), (label, expected)
    assert rows["Lead savings counted in the total"]["value"] == ("yes" if s.demand.include_in_total else "no")
    # Workbook: the Results sheet's live formulas, evaluated, against the same figures.
    book = Workbook(workbook(s, r))
    labels = {book.text("Results", f"A{i}"): i for i in range(119, 0, -1)}  # the first row of a name: the figure
    for label, (field, _) in HEADLINE.items():
        # The workbook's own names (its per-network block says "Value per story" of one network).
        label = {"Value per story": "Media value per story", "Value per month": "Media value per month",
                 "Hiring savings per month": "Referral hiring savings per month"}.get(label, label)
        if label in labels and getattr(r, field) is not None:
            got = book.value("Results", f"B{labels[label]}")
            assert math.isclose(got, getattr(r, field), rel_tol=1e-9, abs_tol=1e-6), (label, got)


def test_left_out_lead_savings_are_marked_and_the_parts_add_up():
    s = Scenario(demand=Demand(include_in_total=False), hiring=Hiring(referral_hires_per_month=1))
    r = compute(s)  # media 31,500 + hiring 3,000 = 34,500; lead savings 1,000 left out
    assert r.total_value_per_month == pytest.approx(34_500)
    text = PdfReader(io.BytesIO(business_case(s))).pages[0].extract_text()
    assert re.search(r"Lead savings per month\s+\(not in total\)\n\$1,000\n", text)
    assert "Hiring savings per month\n$3,000" in text
    assert "lead savings ($1,000) are left out of the total" in " ".join(text.split())
    slides = {p.text for slide in Presentation(io.BytesIO(deck(s))).slides for shape in slide.shapes
              if shape.has_text_frame for p in shape.text_frame.paragraphs}
    assert "Lead savings per month (not in total)" in slides and "Hiring savings per month" in slides


def test_rounded_parts_that_do_not_add_up_say_the_total_is_added_before_rounding():
    # Media value 0.5 × 85,000 / 1,000 × 11.765 ... chosen so that the parts round apart: media 1,000.4 + leads
    # 1,000.4 = 2,000.8 -> parts print $1,000 + $1,000, the total prints $2,001.
    s = Scenario(stories_per_day=1, working_days_per_month=1, networks=[Network(name="X", connections=850,
                                                                                 cpm=1000.4 / 85)],
                 demand=Demand(advocacy_leads_per_month=1, cost_per_lead=1000.4))
    r = compute(s)
    assert r.total_value_per_month == pytest.approx(2000.8)
    text = " ".join(PdfReader(io.BytesIO(business_case(s))).pages[0].extract_text().split())
    assert "the total is added before rounding (the rounded parts shown add up to $2,000)" in text


def test_a_huge_figure_is_never_wrapped_mid_number_in_the_pdf():
    s = Scenario(participants=10_000_000, cost=Cost(fixed_cost_per_month=1e9))
    text = PdfReader(io.BytesIO(business_case(s))).pages[0].extract_text()
    lines = text.split("\n")
    # Every printed money figure is whole on its line: no line ends inside a number ("10,000,0" / "00").
    assert not [ln for ln in lines if re.search(r"\d,\d{0,2}$", ln)], [ln for ln in lines if re.search(r"\d,\d{0,2}$", ln)]
    assert "10,000,000" in text


def test_results_csv_has_the_funnel_rows():
    # 50 leads × 50% → 25 MQLs × 50% → 12.5 SQLs × 20% → 2.5 won; deals of 10,000: pipeline 125,000 (SQLs),
    # revenue 25,000 (won). Influenced, never in the total.
    s = Scenario(demand=Demand(lead_to_mql=0.5, mql_to_sql=0.5, sql_to_won=0.2, average_deal_size=10_000))
    rows = {r["figure"]: r for r in csv.DictReader(io.StringIO(table_csv(s, "results").decode("utf-8-sig")))}
    assert [float(rows[f"Funnel: {k}"]["value"]) for k in ("MQLs per month", "SQLs per month",
                                                           "deals won per month")] == [25, 12.5, 2.5]
    assert float(rows["Funnel: influenced pipeline per month (not in total)"]["value"]) == 125_000
    assert rows["Funnel: influenced revenue per month (not in total)"]["unit"] == "USD, to the cent"
    assert float(rows["Total value per month"]["value"]) == pytest.approx(32_500)  # 31,500 + 1,000 only


@settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.generate))
@given(participants=st.integers(1, 500_000), share=st.integers(1, 100), fixed=st.integers(0, 200_000),
       seat=st.integers(0, 40), hires=st.integers(0, 3), include=st.booleans())
def test_every_overview_figure_equals_the_model(participants, share, fixed, seat, hires, include):
    s = Scenario(participants=participants, share_rate=share / 100,
                 cost=Cost(fixed_cost_per_month=fixed, seat_cost_per_month=seat),
                 hiring=Hiring(referral_hires_per_month=hires), demand=Demand(include_in_total=include))
    at = run_app({"participants": str(participants), "share_rate": str(share / 100),
                  "cost.fixed_cost_per_month": str(fixed), "cost.seat_cost_per_month": str(seat),
                  "hiring.referral_hires_per_month": str(hires), "demand.include_in_total": str(include).lower()})
    assert_clean(at)
    shown = {label.removesuffix(" (not in total)"): value for label, value in metrics(at).items()}
    r = compute(s)
    for label in HEADLINE:
        if label == "Hiring savings per month" and not hires:
            assert label not in shown
            continue
        check(label, shown[label], r, s.currency)
