"""The tables behind the exports, and CSV of any of them, safe to open in a spreadsheet.

Formula injection (OWASP "CSV injection"): any text we write, a scenario name above all, goes
through advocacy_calc.safecells (the one rule for every CSV and workbook the app or CLI writes), so
it shows as typed; real numbers, negative ones too, are written as numbers and stay numbers.
"""

import io
import math
import re
from typing import Any, Callable

import pandas as pd

from ..formatting import round_half_up
from ..groups import group_results
from ..results import Results, compute
from ..safecells import FORMULA_TRIGGERS, safe_cell, safe_text  # noqa: F401  (the exports' names for them)
from ..scenario import Scenario, network_label
from ..sweep import sweep
from .fields import CHOICE_WORDS, inputs
from .text import case_name

# Precision of numbers in CSV: money and counts to the cent (2 decimals), rates (fractions, 0.1 = 10%)
# to 6 decimals (0.0001%); no float noise such as 5008.6900000000005. Inputs keep 6 decimals, so a
# CPM of 1000/85 stays 11.764706 (to the cent it would no longer give the worked example's $1,000).
MONEY_DECIMALS, RATE_DECIMALS, INPUT_DECIMALS = 2, 6, 6
_RATE_COLUMN = re.compile(r"(^|[_\s(])(rate|ctr|roi|adoption|overlap|presence|visibility|probability|factor|"
                          r"fraction)($|[_\s)])")


def decimals_for(column: str) -> int:
    """How many decimals a column's numbers keep in CSV: rates 6, everything else (money, counts) 2."""
    return RATE_DECIMALS if _RATE_COLUMN.search(column.casefold()) else MONEY_DECIMALS

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
# The optional funnel (influenced pipeline and revenue, never part of the total value).
FUNNEL_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("mqls_per_month", "Funnel: MQLs per month", "count"),
    ("sqls_per_month", "Funnel: SQLs per month", "count"),
    ("deals_won_per_month", "Funnel: deals won per month", "count"),
    ("pipeline_per_month", "Funnel: influenced pipeline per month (not in total)", "money"),
    ("revenue_per_month", "Funnel: influenced revenue per month (not in total)", "money"),
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


def results_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    """One row per headline figure: figure, value (a number, or empty where there is none), unit."""
    r = results or compute(scenario)
    unit = {"money": f"{scenario.currency}, to the cent", "rate": f"fraction, {RATE_DECIMALS} decimals",
            "count": f"{MONEY_DECIMALS} decimals", "text": ""}
    rows: list[dict[str, Any]] = [{"figure": "Scenario", "value": case_name(scenario), "unit": ""},
                                  {"figure": "Prepared by", "value": scenario.prepared_by.strip(), "unit": ""}]
    rows += [{"figure": label, "value": _rounded(getattr(r, attr), RATE_DECIMALS if kind == "rate" else MONEY_DECIMALS),
              "unit": unit[kind]} for attr, label, kind in FIGURES]
    rows += [{"figure": f"{label} per year (12 × the monthly run-rate)",
              "value": _rounded(12 * getattr(r, f"{attr}_per_month"), MONEY_DECIMALS), "unit": unit["money"]}
             for attr, label in (("total_value", "Total value"), ("program_cost", "Program cost"),
                                 ("net_value", "Net value"))]
    rows.insert(1 + [a for a, _, _ in FIGURES].index("cpl_savings_per_month") + 1,
                {"figure": "Lead savings counted in the total", "value": "yes" if r.lead_savings_in_total else "no",
                 "unit": ""})
    if r.funnel is not None:  # influenced, not added to value (docs/model.md §4)
        rows += [{"figure": label, "value": _rounded(getattr(r.funnel, attr), MONEY_DECIMALS), "unit": unit[kind]}
                 for attr, label, kind in FUNNEL_FIGURES]
    return pd.DataFrame(rows, columns=["figure", "value", "unit"])


def _rounded(value: Any, decimals: int) -> Any:
    """Half up, as every printed figure (formatting.round_half_up), not Python's half to even."""
    return float(round_half_up(value, decimals)) if isinstance(value, float) and math.isfinite(value) else value


def networks_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    r = results or compute(scenario)
    return pd.DataFrame([{label: getattr(n, attr) for attr, label, _ in NETWORK_COLUMNS} for n in r.networks],
                        columns=[label for _, label, _ in NETWORK_COLUMNS])


def assumptions_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    return pd.DataFrame([{"field": i.path, "input": i.label, "value": _rounded(i.value, INPUT_DECIMALS), "unit": i.unit,
                          "source": i.source, "grade": i.grade, "date": i.date} for i in inputs(scenario)])


def sweep_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    return sweep(scenario, "share_rate", 101)


# One row per group of advocates (a scenario without groups: one row, everyone): its part of the
# figures at the scenario's levers, unrounded sizes (to the cent, as the other counts).
GROUP_COLUMNS: tuple[tuple[str, str, str], ...] = (  # (GroupResult's attribute, the CLI's header, the app's)
    ("name", "group", "Group"),
    ("participants", "participants", "Participants"),
    ("weight", "participant_fraction", "Fraction of participants"),
    ("share_rate", "share_rate", "Share rate"),
    ("sharers_per_story", "sharers_per_story", "Sharers per story"),
    ("impressions_per_story", "impressions_per_story", "Impressions per story (likely seen)"),
    ("impressions_per_month", "impressions_per_month", "Impressions per month"),
    ("clicks_per_month", "clicks_per_month", "Clicks per month"),
    ("value_per_month", "value_per_month", "Media value per month"),
    ("value_per_participant_per_month", "value_per_participant_per_month", "Media value per participant per month"),
    ("seat_cost_per_month", "seat_cost_per_month", "Seat cost per month"),
    ("time_cost_per_month", "time_cost_per_month", "Employee time cost per month"),
)


def groups_table(scenario: Scenario, results: Results | None = None) -> pd.DataFrame:
    """Each group's part; media value, impressions and clicks add up to the program's (before the
    program-wide leads, hiring savings and fixed cost, which belong to no group)."""
    return pd.DataFrame([{column: getattr(g, attr) for attr, column, _ in GROUP_COLUMNS}
                         for g in group_results(scenario)], columns=[column for _, column, _ in GROUP_COLUMNS])


TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "results": results_table,
    "networks": networks_table,
    "assumptions": assumptions_table,
    "sweep": sweep_table,
}
# Tables with as many rows as the scenario has groups (one without groups): kept out of TABLES, whose
# tables always run to several rows.
ALL_TABLES: dict[str, Callable[..., pd.DataFrame]] = {**TABLES, "groups": groups_table}


# The app's downloads are read by people: headers and choices in words. The CLI's CSVs keep the
# machine names (share_rate, value_per_month, cpm), because scripts read them.
# The ramp-up table's own columns (forecast.timeline); its value, cost and net columns are FIGURES'.
TIMELINE_WORDS = {"month": "Month", "calendar_month": "Calendar month", "cumulative_value": "Cumulative value",
                  "cumulative_cost": "Cumulative cost", "cumulative_net": "Cumulative net value"}
TORNADO_WORDS = {"low": "Low", "base": "Scenario's value", "high": "High", "at_low": "Result at low",
                 "at_high": "Result at high", "swing": "Swing", "base_result": "Result at the scenario's values",
                 "measure": "Result of"}
PEOPLE_COLUMNS = {"share_rate": "Share rate", "participants": "Participants", **TIMELINE_WORDS, **TORNADO_WORDS,
                  **{attr: label for attr, label, _ in FIGURES},
                  **{column: label for _, column, label in GROUP_COLUMNS},
                  **{c: c.capitalize() for c in ("figure", "value", "unit", "field", "input", "source", "grade", "date")}}


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with its headers and coded choices in words (the app's CSV downloads)."""
    out = frame.rename(columns=lambda c: PEOPLE_COLUMNS.get(c, c))
    for column in ("Value", "Valued on"):
        if column in out:
            out[column] = out[column].map(lambda v: CHOICE_WORDS.get(v, v) if isinstance(v, str) else v)
    if "Network" in out:  # as the app names it: "X (Twitter)"
        out["Network"] = out["Network"].map(lambda v: network_label(v) if isinstance(v, str) else v)
    return out


def rounded_columns(frame: pd.DataFrame, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """The float columns rounded as CSV prints them (decimals_for: money and counts to the cent, rates to
    6 decimals), half up; the columns in `keep` as they are (a sweep's own grid of 100,001 points up to a
    cap of 1/3 is finer than 6 decimals)."""
    frame = frame.copy()
    for column in frame.columns:
        if column not in keep and pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v, d=decimals_for(str(column)): _rounded(v, d))
    return frame


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a BOM, so Excel reads € and £), every text cell neutralised, float
    columns rounded (rounded_columns)."""
    safe = rounded_columns(frame).rename(columns=lambda c: safe_text(str(c))).map(_csv_cell)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return safe_cell(value)


def table_csv(scenario: Scenario, table: str = "results", results: Results | None = None,
              people: bool = False) -> bytes:
    """CSV of one named table (results, networks, assumptions, sweep, groups) of a scenario; `people`:
    headers and choices in words (the app), else machine names (the CLI)."""
    if table not in ALL_TABLES:
        raise ValueError(f"table must be one of {', '.join(ALL_TABLES)}, got {table!r}")
    frame = ALL_TABLES[table](scenario, results)
    return frame_to_csv(for_people(frame) if people else frame)
