"""Issue 15: a person reads "X (Twitter)" wherever a network is named (charts, PDF, workbook, the
assumptions list); the scenario, the URL and the CLI's CSVs keep "X"."""

import io

from advocacy_calc import Network, Scenario, charts, compute
from advocacy_calc.exports.fields import inputs
from advocacy_calc.exports.tables import table_csv
from advocacy_calc.exports.xlsx import workbook
from advocacy_calc.scenario import network_label
from xlsx_formulas import Workbook

BOTH = Scenario(networks=[Network(name="LinkedIn", connections=300), Network(name="X", connections=400)])


def test_the_label_rule():
    assert [network_label(n) for n in ("X", "LinkedIn", "Facebook", "Instagram", "Mastodon")] == [
        "X (Twitter)", "LinkedIn", "Facebook", "Instagram", "Mastodon"]


def test_charts_name_x_twitter():
    r = compute(BOTH)
    assert set(charts.reach_chart(r)["datasets"]["reach"]["network"]) == {"LinkedIn", "X (Twitter)"}
    assert set(charts.basis_chart(r, BOTH)["datasets"]["basis"]["network"]) == {"LinkedIn", "X (Twitter)"}
    from advocacy_calc import sweep, sweep_by_network
    spec = charts.participation_chart(sweep_by_network(BOTH, "share_rate"), sweep(BOTH, "share_rate"), BOTH, r)
    area = spec["datasets"]["area"]
    assert list(dict.fromkeys(area["network"])) == ["LinkedIn", "X (Twitter)"]
    assert list(area[area["network"] == "X (Twitter)"]["order"].unique()) == [1]  # the scenario's order kept


def test_assumptions_and_workbook_name_x_twitter():
    labels = {i.path: i.label for i in inputs(BOTH)}
    assert labels["networks.X.cpm"] == "X (Twitter): paid CPM"
    assert labels["networks.LinkedIn.cpm"] == "LinkedIn: paid CPM"
    texts = set(v for v in Workbook(workbook(BOTH)).cells.values() if isinstance(v, str))
    assert "X (Twitter)" in texts and "X (Twitter): value per month" in texts
    assert "X" not in texts and "X: value per month" not in texts


def test_pdf_names_x_twitter():
    from pypdf import PdfReader

    from advocacy_calc.exports.pdf import business_case

    text = " ".join(PdfReader(io.BytesIO(business_case(BOTH, "a4"))).pages[0].extract_text().split())
    assert "X (Twitter)" in text


def test_the_cli_csv_keeps_the_name_scripts_read():
    data = table_csv(BOTH, "networks").decode("utf-8-sig")
    assert "\nX," in data and "Twitter" not in data


def test_the_apps_csv_names_x_twitter():
    data = table_csv(BOTH, "networks", people=True).decode("utf-8-sig")
    assert "\nX (Twitter)," in data and "\nX," not in data
