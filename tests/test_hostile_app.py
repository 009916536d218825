"""Issue 11 in the app: large allowed inputs, errors inside fragments, bad dates in exports; never Streamlit's
error box, always a sentence, and the rest of the page stays."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc.errors import ScenarioError
from advocacy_calc.measure import Exports, load_export, measure

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_page(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def test_sensitivity_page_with_large_allowed_inputs_draws():
    at = run_page("pages/sensitivity.py", {"participants": "10000000", "share_rate": "0.2",
                                           "networks": "X", "networks.X.connections": "1000000"})
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    goal = at.number_input(key="goal-value-value_per_month")
    assert goal.value == 1e12  # 2 x value per month is beyond the input's maximum: held at it
    assert len(at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")) >= 1


def _fragment_app():
    import streamlit as st

    from advocacy_ui import display

    @display.guarded_fragment("the test charts")
    def charts():
        if st.button("break", key="break"):
            raise RuntimeError("boom")
        st.write("charts drawn")

    st.write("page above")
    charts()


def test_an_error_inside_a_fragment_is_a_sentence_not_streamlits_box():
    at = AppTest.from_function(_fragment_app, default_timeout=30).run()
    assert not at.error
    at.button(key="break").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [
        "Sorry: the test charts could not be drawn. The inputs are kept; change one or reset to a preset."]
    assert "page above" in [m.value for m in at.markdown]


@pytest.mark.parametrize("placeholder", ["9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12", "31/12/9999"])
def test_placeholder_dates_in_a_required_column_are_named(placeholder):
    data = f"User,Shared at,Story\nAnn,2026-06-01,A\nBob,{placeholder},B\n".encode()
    with pytest.raises(ScenarioError) as info:
        load_export(data, "shares.csv", "shares")
    assert info.value.problems == [
        f"shares.csv: column 'Shared at' (date): row 3: '{placeholder}' is a placeholder, not a real date (dates "
        "before 1950 or after 2099 are read as no date); this column is required"]


@pytest.mark.parametrize("placeholder", ["9999-12-31", "0001-01-01", "2262-04-12"])
def test_placeholder_dates_in_an_optional_column_read_as_no_date(placeholder):
    data = f"Name,Department,Invited on,Registered on\nAnn,Sales,2026-05-01,{placeholder}\nBob,Eng,2026-05-01,2026-05-03\n"
    roster = load_export(data.encode(), "roster.csv", "roster").frame
    assert roster["registered"].isna().tolist() == [True, False]
    assert roster["registered"].iloc[1] == pd.Timestamp("2026-05-03")


def test_placeholder_dates_typed_by_a_spreadsheet_read_as_no_date():
    import io
    from datetime import datetime

    import xlsxwriter
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet, as_date = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Name", "Invited on", "Registered on"])
    for row, registered in ((1, datetime(2026, 5, 2)), (2, datetime(9999, 12, 31))):
        sheet.write(row, 0, f"P{row}")
        sheet.write_datetime(row, 1, datetime(2026, 5, 1), as_date)
        sheet.write_datetime(row, 2, registered, as_date)
    book.close()
    roster = load_export(buf.getvalue(), "roster.xlsx", "roster").frame
    assert roster["registered"].iloc[0] == pd.Timestamp("2026-05-02")
    assert pd.isna(roster["registered"].iloc[1])


def test_a_span_of_a_century_is_measured():
    data = b"User,Shared at,Story\nAnn,1950-01-02,A\nBob,2099-12-30,B\n"
    m = measure(Exports(shares=load_export(data, "shares.csv", "shares").frame))
    assert m.summary["shares"] == 2


def test_an_empty_networks_parameter_means_no_network():
    # The app's own link after every network is cleared: `?networks=`; it was read as X with a note about ''.
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["networks"] = ""
    at.run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.session_state["networks"] == []
    figures = {m.label: m.value for m in at.metric}
    assert figures["Impressions per story"] == "0" and figures["Value per month"] == "$0.00"  # the number rule: cents below 1,000
    assert figures["Total value per month"] == "$1,000"  # the worked example's 50 leads x $20


def test_the_link_check_uses_streamlits_own_limits():
    from streamlit.runtime.state import query_params

    from advocacy_ui import link_check
    assert link_check.MAX_FIELDS == query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS == 1000
    assert link_check.MAX_CHARS == query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH == 524_288
    assert "fields > 1000 || search.length > 524288" in link_check._SCRIPT


def test_the_reopened_link_says_it_was_too_long():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["link_too_long"] = "1001"
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "- The link had 1,001 parameters, more than the 1,000 parameters (or 512 Ki characters) the app can read, "
        "so none of it was used: the defaults are shown. Shorten the link (values equal to the defaults can be "
        "left out)."]
    assert "link_too_long" not in dict(at.query_params)
