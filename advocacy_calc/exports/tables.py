"""The tables behind the exports, and CSV of any of them, safe to open in a spreadsheet.

Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with =, +, -
or @ (and some also tab or carriage return) as a formula. Any text we write, a scenario name
above all, is neutralised by a leading single quote, so it shows as typed; real numbers,
negative ones too, are written as numbers and stay numbers.
"""

import io
import math
from typing import Any, Callable

import pandas as pd

from ..results import Results, compute
from ..scenario import Scenario
from ..sweep import sweep
from .fields import inputs

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Every headline figure of Results: (attribute, label, kind) where kind is count, money, rate or text.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("sharers_per_story", "Sharers per story", "count"),
    ("stories_per_month", "Stories per month", "count"),
    ("shares_per_month", "Shares per month", "count"),
    ("potential_impressions_per_story", "Potential impressions per story", "count"),
    ("impressions_per_story", "Impressions per story (likely seen)", "count"),
    ("impressions_per_month", "Impressions per month", "count"),
    ("cpm_value_per_story", "CPM value per story", "money"),
    ("cpm_value_per_month", "CPM value per month", "money"),
    ("clicks_per_story", "Clicks per story", "count"),
    ("clicks_per_month", "Clicks per month", "count"),
    ("click_value_per_story", "CPC value per story", "money"),
    ("click_value_per_month", "CPC value per month", "money"),
    ("valuation_basis", "Valuation basis in use", "text"),
    ("value_per_story", "Media value per story", "money"),
    ("value_per_month", "Media value per month", "money"),
    ("value_per_year", "Media value per year", "money"),
    ("advocacy_leads_per_month", "Advocacy leads per month", "count"),
    ("cpl_savings_per_month", "Lead savings per month", "money"),
    ("hiring_savings_per_month", "Referral hiring savings per month", "money"),
    ("total_value_per_month", "Total value per month", "money"),
    ("program_cost_per_month", "Program cost per month", "money"),
    ("net_value_per_month", "Net value per month", "money"),
    ("roi", "ROI (net value / cost)", "rate"),
    ("break_even_share_rate", "Break-even share rate", "rate"),
    ("adoption", "Adoption (participants / workforce)", "rate"),
)
NETWORK_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "Network", "text"),
    ("sharers_per_story", "Sharers per story", "count"),
    ("potential_impressions_per_story", "Potential impressions per story", "count"),
    ("impressions_per_story", "Impressions per story", "count"),
    ("cpm_value_per_story", "CPM value per story", "money"),
    ("clicks_per_story", "Clicks per story", "count"),
    ("click_value_per_story", "CPC value per story", "money"),
    ("basis_used", "Valued on", "text"),
    ("value_per_story", "Value per story", "money"),
    ("impressions_per_month", "Impressions per month", "count"),
    ("clicks_per_month", "Clicks per month", "count"),
    ("value_per_month", "Value per month", "money"),
)


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading =, +, -, @, tab or CR gets a single quote before it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def safe_cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


def results_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    """One row per headline figure: figure, value (a number, or empty where there is none), unit."""
    r = results or compute(scenario)
    unit = {"money": scenario.currency, "rate": "fraction", "count": "", "text": ""}
    rows: list[dict[str, Any]] = [{"figure": "Scenario", "value": scenario.name, "unit": ""}]
    rows += [{"figure": label, "value": getattr(r, attr), "unit": unit[kind]} for attr, label, kind in FIGURES]
    return pd.DataFrame(rows, columns=["figure", "value", "unit"])


def networks_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    r = results or compute(scenario)
    return pd.DataFrame([{label: getattr(n, attr) for attr, label, _ in NETWORK_COLUMNS} for n in r.networks],
                        columns=[label for _, label, _ in NETWORK_COLUMNS])


def assumptions_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    return pd.DataFrame([{"field": i.path, "input": i.label, "value": i.value, "unit": i.unit,
                          "source": i.source, "grade": i.grade, "date": i.date} for i in inputs(scenario)])


def sweep_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    return sweep(scenario, "share_rate", 101)


TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "results": results_table,
    "networks": networks_table,
    "assumptions": assumptions_table,
    "sweep": sweep_table,
}


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a BOM, so Excel reads € and £), every text cell neutralised."""
    safe = frame.rename(columns=lambda c: safe_text(str(c))).map(_csv_cell)
    buffer = io.StringIO()
    # repr floats: full precision, so a CSV reproduces the package's numbers exactly.
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return safe_cell(value)


def table_csv(scenario: Scenario, table: str = "results", results: Results | None = None) -> bytes:
    """CSV of one named table (results, networks, assumptions, sweep) of a scenario."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    return frame_to_csv(TABLES[table](scenario, results))
