"""Issue 10 on the pages (AppTest): the overview's figures add up and say what is left out, ROI prints whole
percents, the Forecast page's chance is a probability, the methodology page states the number rule and the
Measure page states its period. Expected texts are written out by hand."""

from streamlit.testing.v1 import AppTest

from test_app import assert_clean, metrics, run_app
from test_measure_app import measure_page


def page(path: str, query: dict[str, str]) -> AppTest:
    at = run_app(query)
    at.switch_page(path).run()
    assert_clean(at)
    return at


def test_overview_roi_of_exactly_100_percent():
    # Worked example: total 31,500 + 1,000 = 32,500; a fixed cost of 16,250 leaves 16,250 net: ROI 100%
    # (the audit saw "1%").
    at = run_app({"cost.fixed_cost_per_month": "16250"})
    assert_clean(at)
    m = metrics(at)
    assert (m["Total value per month"], m["Net value per month"], m["ROI"]) == ("$32,500", "$16,250", "100%")


def test_overview_shows_every_part_of_the_total_and_marks_a_part_left_out():
    # 1 referral hire saves 4,129 - 1,129 = 3,000; lead savings of 1,000 left out: total 31,500 + 3,000.
    at = run_app({"hiring.referral_hires_per_month": "1", "demand.include_in_total": "false"})
    assert_clean(at)
    m = metrics(at)
    assert m["Hiring savings per month"] == "$3,000"
    assert m["Lead savings per month (not in total)"] == "$1,000"
    assert m["Total value per month"] == "$34,500"
    captions = " ".join(c.value for c in at.caption)
    assert ("Total value per month = media value $31,500 + hiring savings $3,000 = $34,500; lead savings ($1,000) "
            "are left out of the total.") in captions


def test_methodology_states_the_number_rule():
    at = page("pages/methodology.py", {})
    text = "\n".join(m.value for m in at.markdown)
    assert "Money rounds half up (0.125 → 0.13)" in text
    assert "as <1% or >99% when they are not exactly 0 or 1" in text
    assert "**Spammers**: Participants who share at least 2 times as often as the median active participant" in text


def test_measure_page_states_its_period_and_participants():
    at = measure_page({"demo": "true"})
    assert_clean(at)
    captions = "\n".join(c.value for c in at.caption)
    assert "**Period:** 2026-01-06 to 2026-07-04, where the shares and leads overlap" in captions
    assert "**Participants:** registered members of the roster." in captions
    assert "Shares per active participant per working week" in metrics(at)
    assert metrics(at)["Same clicks as paid social, per month"] == "n/a"  # the worked example's X has no CPC
    at = measure_page({"demo": "true", "networks": ["LinkedIn", "X"]})
    assert metrics(at)["Same clicks as paid social, per month"].startswith("$")
