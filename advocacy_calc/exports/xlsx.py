"""The Excel workbook finance can audit: every result is a live formula over the assumptions.

Sheets:
- Assumptions: each input with its value, unit, field path, source, grade and date. Change a
  value here and every result moves.
- Results: per network (reach, CPM and CPC value, the basis in use), then every headline
  figure, each a formula over the Assumptions cells, with the formula in words beside it.
  Break-even is exact: net value is a straight line in the share rate, so it is solved from
  the net value at a 0% and a 100% share rate (both formulas, shown).
- Groups (only for a scenario with groups of advocates): each group's weight, rate relative to the
  mean, seat cost, presence and connections per network (the network's own by formula where the
  group has none), the share-weighted presence, reach and seat cost the Results sheet uses
  (SUMPRODUCT over groups x networks), the share rate's cap, and each group's part as formulas.
- Sensitivity: the participation sweep, share rate 0-100% in steps of 1% (the share rates are
  values, every other column a formula over Assumptions and Results), and a native line chart.
- Forecast: what finance asks beyond the month (exports.finance): per month, per year (12 × the
  run-rate, live formulas over Results) and the first 12 months of the ramp-up, the payback month
  with the ramp-up assumptions, the P10-P90 range with its draws and seed, and the month-by-month
  ramp-up. The ramp-up and the range are the package's values at export time (a Monte Carlo is not a
  formula) and say so.
Every sheet names who made the file: date and time with the time zone, app version, commit, model version.

Each formula also carries the package's own result as its cached value, so viewers that do
not recalculate show the right figures; Excel recalculates on open. User text (the scenario
name) is written with write_string, never as a formula, and neutralised as in CSV.
"""

import io
import math
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..benchmarks import source_descriptions
from ..formatting import currency_of, excel_number_format, fixed_percent
from ..groups import group_results
from ..model import evaluate, group_reach_per_sharer, seat_cost_per_participant, sharers_presence
from ..results import Results, compute
from ..scenario import Scenario, network_label
from ..sweep import sweep, sweep_by_network
from .fields import CHOICE_WORDS, GROUP_FIELDS, GROUP_NETWORK_FIELDS, group_inputs, inputs
from .finance import FinanceFigures, YEAR_HEADERS, effective_inputs, finance_figures, link_words, payback_text, \
    ramp_words, range_words
from .tables import safe_text
from .text import case_name, prepared_by

SWEEP_STEPS = 101
# The Assumptions sheet's columns (character widths), narrow enough that the sheet prints one landscape page
# wide at a legible size; long labels, units, field paths and sources wrap in rows as tall as their lines.
ASSUMPTION_WIDTHS = (28, 13, 17, 22, 42, 6, 10)  # input, value, unit, field, source, grade, date
GROUP_WIDTHS = (30, 11)  # the Groups sheet: names and row labels, then every input and figure (legible printed)
SENSITIVITY_WIDTHS = (10, 11)  # the share rate, then each figure (titles wrap over three lines)
WRAPPED_COLUMNS = (0, 2, 3, 4)


def _chars_per_line(width: float) -> int:
    """Proportional text a column of `width` holds on one line: a little under, so no line is cut."""
    return max(1, int(width * 1.05))
# Coded choices are written in the PDF's words (CHOICE_WORDS); the formulas compare with the same words
# (Excel and Calc compare text ignoring case, so "CPC" also matches a typed "cpc").
_CHOICES = {"valuation_basis": [CHOICE_WORDS[c] for c in ("cpm", "cpc", "conservative")],
            "demand.mode": [CHOICE_WORDS[c] for c in ("direct", "asset", "clicks")]}
_SAID = {c: f'"{w}"' for c, w in CHOICE_WORDS.items()}  # a choice as a formula's text literal


# Any ISO 4217 code (the scenario accepts every one, CHF and JPY too): a list would refuse a case's own
# currency, so the cell asks for three capital letters.
CURRENCY_UNIT = "ISO 4217 code: three capital letters (USD, EUR, CHF, JPY…)"


def _validation(path: str, cell: str) -> dict[str, Any]:
    """The rule a coded choice's cell keeps: one of its words, or for the currency any 3-letter code."""
    if path == "currency":
        return {"validate": "custom", "value": f"=AND(LEN({cell})=3,EXACT({cell},UPPER({cell})))",
                "error_title": "Currency", "error_message": "An ISO 4217 code: three capital letters, e.g. CHF."}
    return {"validate": "list", "source": _CHOICES[path]}


@dataclass
class _Formats:
    book: Any
    currency: str
    cache: dict = field(default_factory=dict)

    def get(self, kind: str) -> Any:
        if kind not in self.cache:
            # money and counts print as on the pages and in the PDF (formatting.py's rule and tests)
            spec = {"money": {"num_format": excel_number_format("money", self.currency)},
                    "count": {"num_format": excel_number_format("count")},
                    "number": {"num_format": "#,##0.####"}, "rate": {"num_format": excel_number_format("rate")},
                    "integer": {"num_format": "0"},
                    # A boolean shows TRUE/FALSE in Excel; Calc reads it as 1/0, so say it in the format too.
                    "text": {}, "flag": {"num_format": '"TRUE";"TRUE";"FALSE"'}, "bold": {"bold": True},
                    "bold_wrap": {"bold": True, "text_wrap": True},
                    "link": {"font_color": "#0563C1", "underline": 1, "bold": True, "text_wrap": True},
                    "title": {"bold": True, "font_size": 14},
                    "header": {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                               "valign": "top"},
                    "input": {"bg_color": "#FFF2CC"}, "wrap": {"text_wrap": True, "valign": "top"},
                    "note": {"italic": True, "font_color": "#555555"},
                    "note_wrap": {"italic": True, "font_color": "#555555", "text_wrap": True,
                                  "valign": "top"}}[kind.removeprefix("input_")]
            if kind.startswith("input_"):
                spec = {**spec, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}
            # Top-aligned everywhere: a label stays level with the first line of words wrapped beside it.
            self.cache[kind] = self.book.add_format({"valign": "top", **spec})
        return self.cache[kind]


def _text(sheet: Any, row: int, col: int, text: str, fmt: Any = None) -> None:
    """Any text, ours or the user's: always a string cell, never a formula, never injectable."""
    sheet.write_string(row, col, safe_text(text), fmt)


def _scenario_row(sheet: Any, scenario: Scenario, fmt: _Formats, spans: tuple[tuple[int, int, float], ...]) -> None:
    """Row 2 of a sheet: "Scenario", then the case's name and who prepared it, each wrapped within its own
    columns (first, last, width in characters) in a row as tall as their lines: run on, the next cell cut
    the name when printed ("Q3 LinkedIn casePrepared by...")."""
    _text(sheet, 1, 0, "Scenario", fmt.get("bold"))
    lines = 1
    for (first, last, width), text in zip(spans, (case_name(scenario), prepared_by(scenario))):
        if last > first:
            sheet.merge_range(1, first, 1, last, "", fmt.get("wrap"))
        _text(sheet, 1, first, text, fmt.get("wrap"))
        lines = max(lines, _lines(text, width))
    if lines > 1:
        sheet.set_row(1, 15 * lines)


def _note_across(sheet: Any, row: int, last_col: int, width: float, text: str, fmt: _Formats) -> None:
    """A long note wrapped over columns A..last_col (merged, `width` character widths in all), in a row as tall
    as its lines: text running on past the last column would widen the printed page and shrink every sheet."""
    sheet.merge_range(row, 0, row, last_col, "", fmt.get("note_wrap"))
    _text(sheet, row, 0, text, fmt.get("note_wrap"))
    sheet.set_row(row, 15 * max(1, -(-len(text) // int(width * 1.1))))


def workbook(scenario: Scenario, results: Results | None = None, finance: FinanceFigures | None = None) -> bytes:
    """The .xlsx file as bytes: Assumptions, Results, Sensitivity and Forecast sheets."""
    results = results or compute(scenario)
    finance = finance or finance_figures(scenario, results)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": "Employee advocacy business case", "subject": case_name(scenario),
                         "author": scenario.prepared_by.strip(),
                         "comments": "Results and Sensitivity are formulas over the Assumptions sheet."})
    fmt = _Formats(book, currency_of(scenario))
    refs = _assumptions(book.add_worksheet("Assumptions"), scenario, fmt)
    groups_sheet = book.add_worksheet("Groups") if scenario.groups else None
    group_refs = _group_layout(scenario) if scenario.groups else {}
    result_refs = _results(book.add_worksheet("Results"), scenario, results, refs, fmt, group_refs)
    if groups_sheet is not None:
        _groups(groups_sheet, scenario, refs, result_refs, fmt)
    _sensitivity(book, book.add_worksheet("Sensitivity"), scenario, refs, result_refs, fmt, group_refs)
    _forecast(book.add_worksheet("Forecast"), scenario, finance, result_refs, fmt)
    _note_across(book.get_worksheet_by_name("Assumptions"), 3, len(ASSUMPTION_WIDTHS) - 1, sum(ASSUMPTION_WIDTHS),
                 finance.provenance.line, fmt)
    _text(book.get_worksheet_by_name("Results"), 3, 0, finance.provenance.line, fmt.get("note"))
    _link(book.get_worksheet_by_name("Assumptions"), finance, fmt)  # the sheet the file opens on
    for sheet in book.worksheets():  # printed, each sheet is as wide as a landscape page
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
    if groups_sheet is not None and len(scenario.networks) > 1:
        # Inputs and figures of every group on several networks are too many columns for one page at a
        # legible size: two pages wide, the group names repeated on each.
        groups_sheet.fit_to_pages(2, 0)
        groups_sheet.repeat_columns(0)
    book.close()
    return buffer.getvalue()


# Excel refuses a hyperlink longer than this (xlsxwriter warns and writes nothing): a longer one is text.
MAX_HYPERLINK = 2079
LINK_LABEL = "Open in the app (click):"


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column: words kept whole, one longer than a line (a field path) broken."""
    per_line, lines, used = _chars_per_line(width), 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        lines += max(0, math.ceil(len(word) / per_line) - 1)
        used = (used + 1 if used else 0) + (len(word) % per_line or per_line)
    return lines


def _link(sheet: Any, f: FinanceFigures, fmt: _Formats) -> None:
    """The scenario's link beside the scenario's name: its label in D2, clickable where it has an address and Excel
    takes it, and the link itself as text in E2 (over source, grade and date), wrapped in a row as tall as its
    lines (Calc does not wrap a hyperlink cell: a long one would run off as one line)."""
    label, link = link_words(f.provenance)
    if f.provenance.link_has_base and link.startswith(("https://", "http://")) and len(link) <= MAX_HYPERLINK:
        label = LINK_LABEL  # one line: Calc does not wrap a hyperlink cell either
        sheet.write_url(1, 3, link, fmt.get("link"), string=label)
    else:
        _text(sheet, 1, 3, label, fmt.get("bold_wrap"))
    width = sum(ASSUMPTION_WIDTHS[4:])
    sheet.merge_range(1, 4, 1, len(ASSUMPTION_WIDTHS) - 1, "", fmt.get("wrap"))
    _text(sheet, 1, 4, link, fmt.get("wrap"))
    # a link breaks only after some characters (/ ? & %), so its lines run shorter than words' lines
    lines = max(math.ceil(len(link) / (0.8 * _chars_per_line(width))) + 1, _lines(label, ASSUMPTION_WIDTHS[3]))
    sheet.set_row(1, 15 * max(2, lines))


# --- Assumptions ---------------------------------------------------------------------------

def _assumptions(sheet: Any, scenario: Scenario, fmt: _Formats) -> dict[str, str]:
    """Write every input; return field path -> absolute cell reference (Assumptions!$B$5)."""
    _text(sheet, 0, 0, "Assumptions", fmt.get("title"))
    _text(sheet, 1, 0, "Scenario", fmt.get("bold"))
    _text(sheet, 1, 1, case_name(scenario), fmt.get("wrap"))  # the link beside makes the row tall: top-aligned
    _text(sheet, 1, 2, prepared_by(scenario), fmt.get("wrap"))
    described = source_descriptions(item.source for item in inputs(scenario))
    _note_across(sheet, 2, len(ASSUMPTION_WIDTHS) - 1, sum(ASSUMPTION_WIDTHS),
                 "Yellow cells are inputs: change one and the Results and Sensitivity sheets follow. "
                 "Rates are fractions (10% = 0.1). Grades: V verified, S secondary, U unverified."
                 + "".join(f" {words}." for words in described), fmt)
    headers = ["Input", "Value", "Unit", "Field", "Source", "Grade", "Date"]
    for col, title in enumerate(headers):
        _text(sheet, 4, col, title, fmt.get("header"))
    refs: dict[str, str] = {}
    for row, item in enumerate(inputs(scenario), start=5):
        _text(sheet, row, 0, item.label, fmt.get("wrap"))
        cell_fmt = fmt.get(f"input_{item.kind}")
        if item.kind == "flag":
            sheet.write_boolean(row, 1, bool(item.value), cell_fmt)
        elif item.kind == "text":
            _text(sheet, row, 1, CHOICE_WORDS.get(str(item.value), str(item.value)), cell_fmt)
            sheet.data_validation(row, 1, row, 1, _validation(item.path, xl_rowcol_to_cell(row, 1)))
        else:
            sheet.write_number(row, 1, float(item.value), cell_fmt)
        choices = _CHOICES.get(item.path)
        unit = ", ".join(choices[:-1]) + " or " + choices[-1] if choices else \
            CURRENCY_UNIT if item.path == "currency" else item.unit
        _where_from(sheet, row, item, unit, fmt)
        refs[item.path] = "Assumptions!" + xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)
    if scenario.groups:
        _group_sources(sheet, scenario, row + 1, fmt)
    for col, width in enumerate(ASSUMPTION_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(5, 1)
    sheet.repeat_rows(4)  # printed, every page carries the column titles
    return refs


def _group_sources(sheet: Any, scenario: Scenario, row: int, fmt: _Formats) -> None:
    """Each group's own inputs with their source, grade and date, as the PDF and slides list them: the value
    is the Groups sheet's cell (a formula: the group's inputs are changed there), so it follows an edit."""
    cols, rows = _group_cols(scenario), _group_rows(scenario)
    cells: dict[str, tuple[int, int]] = {}
    for i, group in enumerate(scenario.groups):
        at = rows["first"] + i
        cells |= {f"groups.{group.name}.weight": (at, cols["participants"]),  # printed as its people
                  f"groups.{group.name}.relative_share_rate": (at, cols["share_rate"]),  # and as its share rate
                  f"groups.{group.name}.seat_cost_per_month": (at, cols["seat"])}
        for j, net in enumerate(scenario.networks):
            for field in GROUP_NETWORK_FIELDS:
                cells[f"groups.{group.name}.networks.{net.name}.{field}"] = (at, cols[field] + j)
    _text(sheet, row, 0, "Each group's own inputs (change them on the Groups sheet)", fmt.get("bold"))  # runs on
    for row, item in enumerate(group_inputs(scenario), start=row + 1):
        _text(sheet, row, 0, safe_text(item.label), fmt.get("wrap"))
        sheet.write_formula(row, 1, "=" + _cell(*cells[item.path]), fmt.get(item.kind), item.value)
        _where_from(sheet, row, item, item.unit, fmt)


def _where_from(sheet: Any, row: int, item: Any, unit: str, fmt: _Formats) -> None:
    """An input's unit, field, source, grade and date (its label and value are written by the caller)."""
    _text(sheet, row, 2, unit, fmt.get("wrap"))
    _text(sheet, row, 3, item.path, fmt.get("wrap"))
    _text(sheet, row, 4, item.source, fmt.get("wrap"))  # long sources wrap rather than run off the page
    lines = max(_lines(text, ASSUMPTION_WIDTHS[col]) for col, text in
                zip(WRAPPED_COLUMNS, (item.label, unit, item.path, item.source)))
    if lines > 1:  # Calc does not size rows to wrapped text on opening a file: give it the height
        sheet.set_row(row, 15 * lines)
    _text(sheet, row, 5, item.grade, fmt.get("text"))  # top-aligned, level with the source's first line
    _text(sheet, row, 6, item.date, fmt.get("text"))


# --- Results -------------------------------------------------------------------------------

_NETWORK_COLS = (
    # key, header, kind, formula over {a} (the network's inputs) and {r} (this row's cells)
    ("name", "Network", "text", None),
    ("sharers_per_story", "Sharers here per story", "count", "{sharers}*{presence}"),
    ("potential_impressions_per_story", "Potential impressions per story", "count",
     "{sharers}*{reach}"),
    ("impressions_per_story", "Impressions per story (likely seen)", "count",
     "{potential_impressions_per_story}*{visibility}"),
    ("cpm_value_per_story", "CPM value per story", "money", "{impressions_per_story}/1000*{cpm}"),
    ("clicks_per_story", "Clicks per story", "count", "{impressions_per_story}*{ctr}"),
    ("click_value_per_story", "CPC value per story", "money", "{clicks_per_story}*{cpc}"),
    ("basis_used", "Valued on", "text",
     'IF(OR({basis}={said_cpc},AND({basis}={said_conservative},{cpc}>0,{ctr}>0,{cpc}*{ctr}<{cpm}/1000)),"cpc","cpm")'),
    ("value_per_story", "Value per story", "money",
     'IF({basis_used}="cpc",{click_value_per_story},{cpm_value_per_story})'),
    ("impressions_per_month", "Impressions per month", "count", "{impressions_per_story}*{stories_per_month}"),
    ("clicks_per_month", "Clicks per month", "count", "{clicks_per_story}*{stories_per_month}"),
    ("value_per_month", "Value per month", "money", "{value_per_story}*{stories_per_month}"),
    # For the break-even and the sweep: value and clicks of one story per sharer, on the basis in use.
    ("value_per_sharer", "Value per story per sharer", "money",
     '{reach}*{visibility}*IF({basis_used}="cpc",{ctr}*{cpc},{cpm}/1000)'),
    ("clicks_per_sharer", "Clicks per story per sharer", "number", "{reach}*{visibility}*{ctr}"),
)

# Headline figures: key (a Results field, or a helper), label, kind, formula, in words.
_FIGURES = (
    ("sharers_per_story", "Sharers per story", "count", "{participants}*{share_rate}",
     "participants × share rate"),
    ("stories_per_month", "Stories per month", "count", "{stories_per_day}*{working_days_per_month}",
     "stories per day × working days"),
    ("shares_per_month", "Shares per month", "count", "{sharers_per_story}*{stories_per_month}",
     "sharers per story × stories per month"),
    ("potential_impressions_per_story", "Potential impressions per story", "count",
     "SUM({col_potential_impressions_per_story})", "sum over networks"),
    ("impressions_per_story", "Impressions per story (likely seen)", "count",
     "SUM({col_impressions_per_story})", "sum over networks of sharers × presence × connections × visibility"),
    ("impressions_per_month", "Impressions per month", "count", "{impressions_per_story}*{stories_per_month}",
     "impressions per story × stories per month"),
    ("cpm_value_per_story", "CPM value per story", "money", "SUM({col_cpm_value_per_story})",
     "sum over networks of impressions ÷ 1,000 × CPM"),
    ("cpm_value_per_month", "CPM value per month", "money", "{cpm_value_per_story}*{stories_per_month}",
     "CPM value per story × stories per month"),
    ("clicks_per_story", "Clicks per story", "count", "SUM({col_clicks_per_story})",
     "sum over networks of impressions × CTR"),
    ("clicks_per_month", "Clicks per month", "count", "{clicks_per_story}*{stories_per_month}",
     "clicks per story × stories per month"),
    ("click_value_per_story", "CPC value per story", "money", "SUM({col_click_value_per_story})",
     "sum over networks of clicks × CPC (an alternative price, never added to CPM value)"),
    ("click_value_per_month", "CPC value per month", "money", "{click_value_per_story}*{stories_per_month}",
     "CPC value per story × stories per month"),
    ("valuation_basis", "Valuation basis", "text", "{basis}", "CPM, CPC, or lower of the two (per network)"),
    ("value_per_story", "Media value per story", "money", "SUM({col_value_per_story})",
     "sum over networks of the value on the basis in use"),
    ("value_per_month", "Media value per month", "money", "{value_per_story}*{stories_per_month}",
     "value per story × stories per day × working days"),
    ("value_per_year", "Media value per year", "money", "12*{value_per_month}", "12 × value per month"),
    ("advocacy_leads_per_month", "Advocacy leads per month", "count",
     'IF({mode}={said_direct},{advocacy_leads},IF({mode}={said_asset},{asset_leads}*{asset_share},'
     '{clicks_per_month}*{landing_conversion_rate}))',
     "analytics: as given; an asset: asset leads × advocacy share; clicks: clicks per month × leads per click"),
    ("cpl_savings_per_month", "Lead savings per month", "money", "{advocacy_leads_per_month}*{cost_per_lead}",
     "advocacy leads × cost per lead"),
    ("counted_lead_savings", "Lead savings counted in the total", "money",
     "IF({include_in_total},{cpl_savings_per_month},0)", "lead savings if 'Add lead savings to the total' is TRUE"),
    ("hiring_savings_per_month", "Referral hiring savings per month", "money",
     "{referral_hires}*({cost_per_hire}-{referral_cost_per_hire})",
     "referral hires × (cost per hire − cost per referral hire)"),
    ("total_value_per_month", "Total value per month", "money",
     "{value_per_month}+{counted_lead_savings}+{hiring_savings_per_month}",
     "media value + lead savings counted + hiring savings"),
    ("program_cost_per_month", "Program cost per month", "money",
     "{seat_cost}*{participants}+{fixed_cost}+{minutes_per_share}/60*{hourly_cost}*{shares_per_month}",
     "seat cost × participants + fixed cost + minutes per share ÷ 60 × hourly cost × shares per month"),
    ("net_value_per_month", "Net value per month", "money", "{total_value_per_month}-{program_cost_per_month}",
     "total value − program cost"),
    ("total_value_per_year", "Total value per year (12 × the monthly run-rate)", "money",
     "12*{total_value_per_month}", "12 × total value per month; the first 12 months of the ramp-up: Forecast sheet"),
    ("program_cost_per_year", "Program cost per year (12 × the monthly run-rate)", "money",
     "12*{program_cost_per_month}", "12 × program cost per month"),
    ("net_value_per_year", "Net value per year (12 × the monthly run-rate)", "money",
     "12*{net_value_per_month}", "12 × net value per month"),
    ("roi", "ROI", "rate", 'IF({program_cost_per_month}>0,{net_value_per_month}/{program_cost_per_month},"none")',
     "net value ÷ program cost; none without a cost"),
    ("net_at_0", "Net value per month at a 0% share rate", "money",
     'IF({include_in_total},IF({mode}={said_clicks},0,IF({mode}={said_direct},{advocacy_leads},'
     '{asset_leads}*{asset_share}))'
     '*{cost_per_lead},0)+{hiring_savings_per_month}-({seat_cost}*{participants}+{fixed_cost})',
     "what does not depend on sharing: lead savings (analytics, an asset) + hiring − seat and fixed cost"),
    ("net_at_100", "Net value per month at a 100% share rate", "money",
     "{participants}*SUM({col_value_per_sharer})*{stories_per_month}"
     '+IF({include_in_total},IF({mode}={said_clicks},{participants}*SUM({col_clicks_per_sharer})'
     '*{stories_per_month}*{landing_conversion_rate},IF({mode}={said_direct},{advocacy_leads},'
     '{asset_leads}*{asset_share}))*{cost_per_lead},0)'
     "+{hiring_savings_per_month}-({seat_cost}*{participants}+{fixed_cost}"
     "+{minutes_per_share}/60*{hourly_cost}*{participants}*{stories_per_month})",
     "the same with every participant sharing every story"),
    ("break_even_share_rate", "Break-even share rate", "rate",
     'IF({net_at_0}>=0,0,IF(OR({net_top}<0,{net_top}<={net_at_0}),"not reached",'
     "MIN({cap},-{net_at_0}/({net_at_100}-{net_at_0}))))",
     "net value is a straight line in the share rate: where it crosses 0 (up to the cap with groups)"),
    ("adoption", "Adoption", "rate", 'IF({workforce}>0,{participants}/{workforce},"none")',
     "participants ÷ workforce"),
    ("mqls_per_month", "Funnel: MQLs per month", "count",
     "{advocacy_leads_per_month}*MIN(1,{lead_to_mql}*{advocacy_conversion_factor})",
     "leads × lead-to-MQL × advocacy conversion factor (at most all leads); influenced, not added"),
    ("sqls_per_month", "Funnel: SQLs per month", "count", "{mqls_per_month}*{mql_to_sql}", "MQLs × MQL-to-SQL"),
    ("deals_won_per_month", "Funnel: deals won per month", "count", "{sqls_per_month}*{sql_to_won}",
     "SQLs × SQL-to-won"),
    ("pipeline_per_month", "Funnel: influenced pipeline per month", "money", "{sqls_per_month}*{average_deal_size}",
     "SQLs × average deal size"),
    ("revenue_per_month", "Funnel: influenced revenue per month", "money",
     "{deals_won_per_month}*{average_deal_size}", "deals won × average deal size"),
)

# Short names for the Assumptions cells the formulas use.
_INPUT_NAMES = {
    "participants": "participants", "share_rate": "share_rate", "stories_per_day": "stories_per_day",
    "working_days_per_month": "working_days_per_month", "basis": "valuation_basis", "workforce": "workforce",
    "mode": "demand.mode", "advocacy_leads": "demand.advocacy_leads_per_month",
    "asset_leads": "demand.asset_leads_per_month", "asset_share": "demand.advocacy_share_of_asset_traffic",
    "landing_conversion_rate": "demand.landing_conversion_rate", "cost_per_lead": "demand.cost_per_lead",
    "include_in_total": "demand.include_in_total", "lead_to_mql": "demand.lead_to_mql",
    "mql_to_sql": "demand.mql_to_sql", "sql_to_won": "demand.sql_to_won",
    "advocacy_conversion_factor": "demand.advocacy_conversion_factor",
    "average_deal_size": "demand.average_deal_size", "seat_cost": "cost.seat_cost_per_month",
    "fixed_cost": "cost.fixed_cost_per_month", "minutes_per_share": "cost.minutes_per_share",
    "hourly_cost": "cost.hourly_cost", "referral_hires": "hiring.referral_hires_per_month",
    "cost_per_hire": "hiring.cost_per_hire", "referral_cost_per_hire": "hiring.referral_cost_per_hire",
}


def _said() -> dict[str, str]:
    """{said_cpc} and the like for the formulas: each choice as the text the Assumptions sheet holds."""
    return {f"said_{c}": text for c, text in _SAID.items()}


def _cached_values(scenario: Scenario, results: Results) -> dict[str, Any]:
    """The package's own figure for every formula cell: shown by viewers that do not recalculate."""
    values: dict[str, Any] = results.model_dump(exclude={"networks", "funnel"})
    values.update(results.funnel.model_dump() if results.funnel else dict.fromkeys(
        ("mqls_per_month", "sqls_per_month", "deals_won_per_month", "pipeline_per_month", "revenue_per_month"), 0.0))
    at = evaluate(scenario, share_rate=[0.0, 1.0]).net_value_per_month
    values.update(counted_lead_savings=results.cpl_savings_per_month if results.lead_savings_in_total else 0.0,
                  net_at_0=float(at[0]), net_at_100=float(at[1]))
    values.update({f"{key}_per_year": 12 * getattr(results, f"{key}_per_month")
                   for key in ("total_value", "program_cost", "net_value")})
    values["valuation_basis"] = CHOICE_WORDS[scenario.valuation_basis]
    values["roi"] = "none" if results.roi is None else results.roi
    values["adoption"] = "none" if results.adoption is None else results.adoption
    if results.break_even_share_rate is None:
        values["break_even_share_rate"] = "not reached"
    return values


WORDS_WIDTH = 44  # the Results sheet's "Formula in words" column, in character widths
WORDS_PER_LINE = 50  # about what one line of that column holds (the words are italic, narrower than digits)
NETWORK_WIDTH = 15
FORECAST_COLUMN = 13  # the Forecast sheet's columns B..I
FORECAST_WIDTH = 38 + 8 * FORECAST_COLUMN  # the Forecast sheet's columns A..I
FIGURE_LABEL_WIDTH = 40  # the Results sheet's labels (column A)


def _results(sheet: Any, scenario: Scenario, results: Results, refs: dict[str, str], fmt: _Formats,
             group_refs: dict[str, str] | None = None) -> dict[str, str]:
    """Write the per-network block and the figures; return figure key -> absolute cell reference.
    With groups, seat cost, presence and reach per sharer are the Groups sheet's share-weighted cells."""
    group_refs = group_refs or {}
    names = {short: refs[path] for short, path in _INPUT_NAMES.items()}
    if group_refs:
        names["seat_cost"] = group_refs["seat_cost"]
    _text(sheet, 0, 0, "Results", fmt.get("title"))
    _scenario_row(sheet, scenario, fmt, ((1, 1, NETWORK_WIDTH), (2, 2, WORDS_WIDTH)))
    _text(sheet, 2, 0, "Every figure is a formula over the Assumptions sheet (click a cell to see it). "
                       "CPM value and CPC value price the same exposure: only the basis in use is added.",
          fmt.get("note"))

    # Figures first in the layout (finance reads them first), the per-network block below them, turned
    # sideways (a row per quantity, a column per network) so the sheet prints one page wide at a legible
    # size; the figures refer to the network rows, so compute both positions up front.
    first_figure = 5
    net_header = first_figure + len(_FIGURES) + 2
    n_nets = max(len(scenario.networks), 1)  # one blank column: SUM over no network is 0
    cells: dict[str, str] = {}
    for i, (key, *_rest) in enumerate(_FIGURES):
        cells[key] = xl_rowcol_to_cell(first_figure + i, 1, row_abs=True, col_abs=True)
    for j, (key, *_rest) in enumerate(_NETWORK_COLS):
        cells[f"col_{key}"] = (xl_rowcol_to_cell(net_header + j, 1, row_abs=True, col_abs=True) + ":"
                               + xl_rowcol_to_cell(net_header + j, n_nets, row_abs=True, col_abs=True))

    # Break-even up to the share rate's cap: 1 (the formula as ever), or with groups the Groups sheet's cap.
    if group_refs:
        cap = group_refs["cap"]
        cells["cap"] = cap
        cells["net_top"] = f"({cells['net_at_0']}+{cap}*({cells['net_at_100']}-{cells['net_at_0']}))"
    else:
        cells["cap"], cells["net_top"] = "1", cells["net_at_100"]
    cached = _cached_values(scenario, results)
    for col, title in enumerate(("Figure", "Value", "Formula in words")):
        _text(sheet, first_figure - 1, col, title, fmt.get("header"))
    for i, (key, label, kind, formula, words) in enumerate(_FIGURES):
        row = first_figure + i
        # A label longer than its column wraps (run on, the figure beside cut it: "...run-rate" lost its ")")
        label_lines = _lines(label, FIGURE_LABEL_WIDTH)
        _text(sheet, row, 0, label, fmt.get(("bold" if key in _BOLD else "text") if label_lines == 1 else
                                            "bold_wrap" if key in _BOLD else "wrap"))
        sheet.write_formula(row, 1, "=" + formula.format(**names, **cells, **_said()), fmt.get(kind), cached[key])
        _text(sheet, row, 2, words, fmt.get("note_wrap"))
        lines = max(label_lines, -(-len(words) // WORDS_PER_LINE))
        if lines > 1:  # Calc keeps a row's height as saved: the lines the label and the words need
            sheet.set_row(row, 15 * lines)

    _text(sheet, net_header - 1, 0, "Per network", fmt.get("title"))
    for j, (_key, title, _kind, _f) in enumerate(_NETWORK_COLS):
        _text(sheet, net_header + j, 0, title, fmt.get("header"))
    for i, (net, net_result) in enumerate(zip(scenario.networks, results.networks)):
        col = 1 + i
        here = {key: xl_rowcol_to_cell(net_header + j, col) for j, (key, *_r) in enumerate(_NETWORK_COLS)}
        inputs_here = {f: refs[f"networks.{net.name}.{f}"] for f in
                       ("connections", "cpm", "cpc", "ctr", "presence", "visibility")}
        inputs_here["reach"] = f"{inputs_here['presence']}*{inputs_here['connections']}"
        if group_refs:
            inputs_here["presence"] = group_refs[f"presence:{net.name}"]
            inputs_here["reach"] = group_refs[f"reach:{net.name}"]
        per_sharer = _per_sharer(net_result, scenario, i)
        cells[f"value_per_sharer:{net.name}"] = xl_rowcol_to_cell(net_header + _column("value_per_sharer"), col,
                                                                  row_abs=True, col_abs=True)
        cells[f"basis_used:{net.name}"] = xl_rowcol_to_cell(net_header + _column("basis_used"), col,
                                                            row_abs=True, col_abs=True)
        for j, (key, _title, kind, formula) in enumerate(_NETWORK_COLS):
            if formula is None:
                _text(sheet, net_header + j, col, network_label(net.name), fmt.get("header"))
                continue
            value = per_sharer[key] if key in per_sharer else getattr(net_result, key)
            sheet.write_formula(net_header + j, col, "=" + formula.format_map(
                {**names, **cells, **inputs_here, **here, **_said(), "sharers": cells["sharers_per_story"]}),
                                fmt.get(kind), value)
    sheet.set_column(0, 0, FIGURE_LABEL_WIDTH)
    sheet.set_column(1, 1, NETWORK_WIDTH)
    # Column C holds the figures' formula in words (wrapped) and the second network.
    sheet.set_column(2, 2, WORDS_WIDTH)
    if n_nets >= 3:
        sheet.set_column(3, n_nets, NETWORK_WIDTH)
    sheet.freeze_panes(first_figure, 0)
    cells.pop("cap"), cells.pop("net_top")
    return {key: "Results!" + ref for key, ref in cells.items()}


def _column(key: str) -> int:
    return [k for k, *_ in _NETWORK_COLS].index(key)


_BOLD = {"value_per_month", "total_value_per_month", "program_cost_per_month", "net_value_per_month", "roi",
         "break_even_share_rate", "net_value_per_year"}


def _per_sharer(net: Any, scenario: Scenario, i: int) -> dict[str, float]:
    """Cached values of the per-sharer helper columns (value and clicks of one sharer's share)."""
    n = scenario.network(net.name)
    reach = n.presence * n.connections
    if any(g.presence or g.connections for g in scenario.groups):
        reach = float(group_reach_per_sharer(scenario, [x.presence for x in scenario.networks],
                                             [x.connections for x in scenario.networks])[i])
    seen = reach * n.visibility
    price = n.ctr * n.cpc if net.basis_used == "cpc" else n.cpm / 1000
    return {"value_per_sharer": seen * price, "clicks_per_sharer": seen * n.ctr}


# --- Groups ------------------------------------------------------------------------------------

_GROUP_FIRST_ROW = 5
_GROUP_FIGURES = (  # key, header, kind: each group's part, formulas over this sheet, Assumptions and Results
    ("participants", "Participants", "count"), ("share_rate", "Share rate", "rate"),
    ("sharers_per_story", "Sharers per story", "count"), ("impressions_per_story", "Impressions per story", "count"),
    ("value_per_month", "Media value per month", "money"), ("seat_cost_per_month", "Cost of its seats per month", "money"),
    ("value_per_participant_per_month", "Media value per seat per month", "money"),
)


def _group_cols(scenario: Scenario) -> dict[str, int]:
    """Column of each block: name, weight, relative rate, seat cost, presence x N, connections x N, figures."""
    n = len(scenario.networks)
    cols = {"name": 0, "weight": 1, "relative": 2, "seat": 3, "presence": 4, "connections": 4 + n}
    cols.update({key: 4 + 2 * n + j for j, (key, *_r) in enumerate(_GROUP_FIGURES)})
    return cols


def _group_rows(scenario: Scenario) -> dict[str, int]:
    g = len(scenario.groups)
    last = _GROUP_FIRST_ROW + g - 1
    return {"first": _GROUP_FIRST_ROW, "last": last, "weighted": last + 2, "reach": last + 3, "cap": last + 4,
            "unit": last + 5}


def _cell(row: int, col: int, sheet: str = "Groups") -> str:
    return f"{sheet}!" + xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)


def _span(col: int, rows: dict[str, int]) -> str:
    return (xl_rowcol_to_cell(rows["first"], col, row_abs=True, col_abs=True) + ":"
            + xl_rowcol_to_cell(rows["last"], col, row_abs=True, col_abs=True))


def _group_layout(scenario: Scenario) -> dict[str, str]:
    """The Groups sheet's cells the Results sheet reads (known before either is written)."""
    cols, rows = _group_cols(scenario), _group_rows(scenario)
    refs = {"seat_cost": _cell(rows["weighted"], cols["seat"]), "cap": _cell(rows["cap"], cols["relative"])}
    for i, net in enumerate(scenario.networks):
        refs[f"presence:{net.name}"] = _cell(rows["weighted"], cols["presence"] + i)
        refs[f"reach:{net.name}"] = _cell(rows["reach"], cols["connections"] + i)
    return refs


def _groups(sheet: Any, scenario: Scenario, refs: dict[str, str], results: dict[str, str], fmt: _Formats) -> None:
    """Each group's inputs, the share-weighted values the Results sheet uses, and each group's part."""
    cols, rows = _group_cols(scenario), _group_rows(scenario)
    nets = scenario.networks
    _text(sheet, 0, 0, "Groups of advocates", fmt.get("title"))
    _text(sheet, 1, 0, "Scenario", fmt.get("bold"))
    _text(sheet, 1, 1, case_name(scenario))
    headers = ["Group", *[header for _f, header, *_rest in GROUP_FIELDS],  # the inputs the PDF and slides print
               *[f"{n.name}: {field}" for field in GROUP_NETWORK_FIELDS for n in nets],
               *[title for _k, title, _kind in _GROUP_FIGURES]]
    # Printed two pages wide (several networks), the note spans only columns that sit on the first page
    # (names to presence, under half the width): merged across all of them, the page break cut it.
    last = len(headers) - 1 if len(nets) <= 1 else cols["connections"] - 1
    _note_across(sheet, 2, last, GROUP_WIDTHS[0] + GROUP_WIDTHS[1] * last,
                 "Yellow cells are the groups' inputs; a white presence or connections cell is the network's "
                 "own (a formula). The levers stay program-wide: participants split by weight, and each group "
                 "shares at its relative rate times the program's share rate (the weighted mean).", fmt)
    for col, title in enumerate(headers):
        _text(sheet, rows["first"] - 1, col, title, fmt.get("header"))
    w, r, seat = (_span(cols[k], rows) for k in ("weight", "relative", "seat"))
    weighted_rate = f"SUMPRODUCT({w},{r})"
    for i, group in enumerate(scenario.groups):
        row = rows["first"] + i
        _text(sheet, row, 0, safe_text(group.name))
        sheet.write_number(row, cols["weight"], group.weight, fmt.get("input_rate"))
        sheet.write_number(row, cols["relative"], group.relative_share_rate, fmt.get("input_number"))
        if group.seat_cost_per_month is None:
            sheet.write_formula(row, cols["seat"], "=" + refs["cost.seat_cost_per_month"], fmt.get("money"),
                                scenario.cost.seat_cost_per_month)
        else:
            sheet.write_number(row, cols["seat"], group.seat_cost_per_month, fmt.get("input_money"))
        for j, net in enumerate(nets):
            for field, kind in (("presence", "rate"), ("connections", "count")):
                own = getattr(group, field).get(net.name)
                col = cols[field] + j
                if own is None:
                    sheet.write_formula(row, col, "=" + refs[f"networks.{net.name}.{field}"], fmt.get(kind),
                                        getattr(net, field))
                else:
                    sheet.write_number(row, col, own, fmt.get(f"input_{kind}"))
    # Share-weighted: what one sharer of the program brings (the model's Σg w·r·x over Σg w·r).
    _row_label(sheet, rows["weighted"], "Share-weighted presence; seat cost weighted by participants", fmt)
    sheet.write_formula(rows["weighted"], cols["weight"], f"=SUM({w})", fmt.get("rate"), 1.0)
    sheet.write_formula(rows["weighted"], cols["seat"], f"=SUMPRODUCT({w},{seat})/SUM({w})", fmt.get("money"),
                        _weighted_seat(scenario))
    _row_label(sheet, rows["reach"], "Share-weighted presence × connections (reach per sharer)", fmt)
    presence = sharers_presence(scenario)
    reach = group_reach_per_sharer(scenario, [n.presence for n in nets], [n.connections for n in nets])
    for j, net in enumerate(nets):
        p, c = _span(cols["presence"] + j, rows), _span(cols["connections"] + j, rows)
        sheet.write_formula(rows["weighted"], cols["presence"] + j, f"=SUMPRODUCT({w},{r},{p})/{weighted_rate}",
                            fmt.get("rate"), float(presence[j]))
        sheet.write_formula(rows["reach"], cols["connections"] + j,
                            f"=SUMPRODUCT({w},{r},{p},{c})/{weighted_rate}", fmt.get("number"), float(reach[j]))
    _row_label(sheet, rows["cap"], "Share rate's cap (the keenest group shares every story)", fmt)
    sheet.write_formula(rows["cap"], cols["relative"], f"=MIN(1,{weighted_rate}/SUM({w})/MAX({r}))", fmt.get("rate"),
                        scenario.share_rate_cap)
    # Media value of one impression seen, per network, on the basis in use (the Results sheet's choice).
    _row_label(sheet, rows["unit"], "Value per connection reached (visibility × price of an impression)", fmt)
    ev = evaluate(scenario)
    for j, net in enumerate(nets):
        a = {f: refs[f"networks.{net.name}.{f}"] for f in ("visibility", "ctr", "cpc", "cpm")}
        basis = results[f"basis_used:{net.name}"]
        price = net.ctr * net.cpc if ev.uses_cpc[j] else net.cpm / 1000
        sheet.write_formula(rows["unit"], cols["presence"] + j,
                            f'={a["visibility"]}*IF({basis}="cpc",{a["ctr"]}*{a["cpc"]},{a["cpm"]}/1000)',
                            fmt.get("number"), net.visibility * price)
    # Each group's part: participants × weight, the mean rate × its relative rate, its own reach and seat.
    parts = {g.name: g for g in group_results(scenario)}
    first, last_net = cols["presence"], cols["presence"] + len(nets) - 1
    unit = (xl_rowcol_to_cell(rows["unit"], first, row_abs=True, col_abs=True) + ":"
            + xl_rowcol_to_cell(rows["unit"], last_net, row_abs=True, col_abs=True)) if nets else None
    participants, share_rate = refs["participants"], refs["share_rate"]
    spm = results["stories_per_month"]
    for i, group in enumerate(scenario.groups):
        row = rows["first"] + i
        here = {k: xl_rowcol_to_cell(row, cols[k]) for k in (*cols,)}
        p_row = f"{xl_rowcol_to_cell(row, cols['presence'])}:{xl_rowcol_to_cell(row, cols['presence'] + len(nets) - 1)}"
        c_row = (f"{xl_rowcol_to_cell(row, cols['connections'])}:"
                 f"{xl_rowcol_to_cell(row, cols['connections'] + len(nets) - 1)}")
        vis = [refs[f"networks.{n.name}.visibility"] for n in nets]
        impressions = ("+".join(f"{xl_rowcol_to_cell(row, cols['presence'] + j)}*"
                                f"{xl_rowcol_to_cell(row, cols['connections'] + j)}*{v}" for j, v in enumerate(vis))
                       or "0")
        formulas = {
            "participants": f"{participants}*{here['weight']}/SUM({w})",
            "share_rate": f"{share_rate}*{here['relative']}*SUM({w})/{weighted_rate}",
            "sharers_per_story": f"{here['participants']}*{here['share_rate']}",
            "impressions_per_story": f"{here['sharers_per_story']}*({impressions})",
            "value_per_month": (f"{here['sharers_per_story']}*SUMPRODUCT({p_row},{c_row},{unit})*{spm}" if nets
                                else "0"),
            "seat_cost_per_month": f"{here['seat']}*{here['participants']}",
            "value_per_participant_per_month":
                f'IF({here["participants"]}>0,{here["value_per_month"]}/{here["participants"]},"none")',
        }
        part = parts[group.name]
        for key, _title, kind in _GROUP_FIGURES:
            value = getattr(part, key)
            sheet.write_formula(row, cols[key], "=" + formulas[key], fmt.get(kind), "none" if value is None else value)
    sheet.set_column(0, 0, GROUP_WIDTHS[0])
    sheet.set_column(1, len(headers) - 1, GROUP_WIDTHS[1])
    sheet.set_row(rows["first"] - 1, 60)  # titles wrap over up to four lines in the narrow columns
    sheet.freeze_panes(rows["first"], 1)


def _row_label(sheet: Any, row: int, text: str, fmt: _Formats) -> None:
    """A label in the names column, wrapped in a row as tall as its lines: run on, the next cell cut it."""
    _text(sheet, row, 0, text, fmt.get("bold_wrap"))
    sheet.set_row(row, 15 * -(-len(text) // int(GROUP_WIDTHS[0] * 1.1)))  # as _note_across counts


def _weighted_seat(scenario: Scenario) -> float:
    return float(seat_cost_per_participant(scenario, scenario.cost.seat_cost_per_month))


# --- Sensitivity ---------------------------------------------------------------------------

def _sensitivity(book: Any, sheet: Any, scenario: Scenario, refs: dict[str, str], results: dict[str, str],
                 fmt: _Formats, group_refs: dict[str, str] | None = None) -> None:
    """The share-rate sweep as formulas (the share rates are the only values) and a line chart."""
    a = {short: refs[path] for short, path in _INPUT_NAMES.items()}
    if group_refs:  # the participant-weighted seat cost of the groups
        a["seat_cost"] = group_refs["seat_cost"]
    r = results
    networks = [n.name for n in scenario.networks]
    # The title stays within the printed table's width (the print area cuts what runs past it)
    top = "100%" if not scenario.groups else f"its cap, {fixed_percent(scenario.share_rate_cap, 1, scenario.locale)}"
    _text(sheet, 0, 0, f"Participation sensitivity: share rate 0 to {top}", fmt.get("title"))
    columns = ["Share rate", "Sharers per story", "Media value per story", "Media value per month",
               "Lead savings per month", "Total value per month", "Program cost per month", "Net value per month",
               *[f"{network_label(name)}: value per month" for name in networks]]
    header = 3
    _note_across(sheet, 1, len(columns) - 1, SENSITIVITY_WIDTHS[0] + SENSITIVITY_WIDTHS[1] * (len(columns) - 1),
                 ("The share rate's cap is where the keenest group shares every story. " if scenario.groups else "")
                 + "Share rates are values; every other column is a formula over the Assumptions and Results sheets. "
                 "Net value is a straight line in the share rate. Printed, the table fills the page's width; the "
                 "chart beside it is on screen (the PDF and the slides print it).", fmt)
    for col, title in enumerate(columns):
        _text(sheet, header, col, title, fmt.get("header"))
    frame = sweep(scenario, "share_rate", SWEEP_STEPS)
    by_network = sweep_by_network(scenario, "share_rate", SWEEP_STEPS)
    net_rows = {name: by_network[by_network["network"] == name]["value_per_month"].to_numpy() for name in networks}
    first = header + 1
    value_col = r["col_value_per_sharer"]
    clicks_col = r["col_clicks_per_sharer"]
    for i, point in frame.iterrows():
        row = first + int(i)
        x = xl_rowcol_to_cell(row, 0)
        sharers = xl_rowcol_to_cell(row, 1)
        c = {name: xl_rowcol_to_cell(row, col) for col, name in enumerate(
            ("x", "sharers", "value_story", "value_month", "leads", "total", "cost", "net"))}
        spm = r["stories_per_month"]
        sheet.write_number(row, 0, round(float(point["share_rate"]), 12), fmt.get("rate"))  # 0.35, not 0.35000000000000003
        formulas = [
            (f"={a['participants']}*{x}", "count", point["sharers_per_story"]),
            (f"={sharers}*SUM({value_col})", "money", point["value_per_story"]),
            (f"={c['value_story']}*{spm}", "money", point["value_per_month"]),
            (f'=IF({a["mode"]}={_SAID["clicks"]},{sharers}*SUM({clicks_col})*{spm}*{a["landing_conversion_rate"]},'
             f'IF({a["mode"]}={_SAID["direct"]},{a["advocacy_leads"]},{a["asset_leads"]}*{a["asset_share"]}))'
             f"*{a['cost_per_lead']}", "money", point["cpl_savings_per_month"]),
            (f"={c['value_month']}+IF({a['include_in_total']},{c['leads']},0)+{r['hiring_savings_per_month']}",
             "money", point["total_value_per_month"]),
            (f"={a['seat_cost']}*{a['participants']}+{a['fixed_cost']}"
             f"+{a['minutes_per_share']}/60*{a['hourly_cost']}*{sharers}*{spm}", "money",
             point["program_cost_per_month"]),
            (f"={c['total']}-{c['cost']}", "money", point["net_value_per_month"]),
        ]
        for name in networks:  # sharers × this network's value per story per sharer × stories per month
            formulas.append((f"={sharers}*{r['value_per_sharer:' + name]}*{spm}", "money", net_rows[name][int(i)]))
        for col, (formula, kind, value) in enumerate(formulas, start=1):
            sheet.write_formula(row, col, formula, fmt.get(kind), float(value))
    last = first + len(frame) - 1
    sheet.set_column(0, 0, SENSITIVITY_WIDTHS[0])
    sheet.set_column(1, len(columns) - 1, SENSITIVITY_WIDTHS[1])
    sheet.set_row(header, 45)
    sheet.print_area(0, 0, last, len(columns) - 1)  # the chart to the right would shrink the printed table
    sheet.freeze_panes(first, 1)
    sheet.repeat_rows(header)  # printed, every page carries the column titles

    chart = book.add_chart({"type": "line"})
    for col, colour, dash in ((5, "#000000", "solid"), (3, "#0072B2", "solid"), (6, "#D55E00", "dash")):
        chart.add_series({
            "name": ["Sensitivity", header, col],
            "categories": ["Sensitivity", first, 0, last, 0],
            "values": ["Sensitivity", first, col, last, col],
            "line": {"color": colour, "width": 2.5, "dash_type": dash},
        })
    chart.set_title({"name": "Value per month across the share rate"})
    chart.set_x_axis({"name": "Share rate (participation)", "num_format": "0%", "interval_unit": 10,
                      "interval_tick": 10})
    chart.set_y_axis({"name": f"Per month ({scenario.currency})", "num_format": "#,##0",
                      "major_gridlines": {"visible": True, "line": {"color": "#E3E3E3"}}})
    chart.set_legend({"position": "top"})
    chart.set_size({"width": 760, "height": 420})
    sheet.insert_chart(header, len(columns) + 1, chart)


# --- Forecast: per year, payback, range, provenance ------------------------------------------

def _forecast(sheet: Any, scenario: Scenario, f: FinanceFigures, results: dict[str, str], fmt: _Formats) -> None:
    """Per month and per year (both kinds), payback with the ramp-up, the P10-P90 range, the ramp-up table."""
    _text(sheet, 0, 0, "Forecast: per year, payback and range", fmt.get("title"))
    _scenario_row(sheet, scenario, fmt, ((1, 3, 3 * FORECAST_COLUMN), (4, 8, 5 * FORECAST_COLUMN)))
    _text(sheet, 2, 0, f.provenance.line, fmt.get("note"))
    _note_across(sheet, 3, 8, FORECAST_WIDTH, "Per month and the run-rate year are formulas over the Results sheet. "
                 "The first 12 months, the payback month and the P10-P90 range are the app's values when the file "
                 "was made: they do not follow edits to the Assumptions sheet.", fmt)
    row = 5
    for col, title in enumerate(YEAR_HEADERS):
        _text(sheet, row, col, title or "Figure", fmt.get("header"))
    money_fmt = fmt.get("money")
    for key, label, first in (("total_value", "Total value", f.first_year_total_value),
                              ("program_cost", "Program cost", f.first_year_cost),
                              ("net_value", "Net value", f.first_year_net_value)):
        row += 1
        _text(sheet, row, 0, label, fmt.get("bold"))
        sheet.write_formula(row, 1, "=" + results[f"{key}_per_month"], money_fmt,
                            getattr(f, f"{key}_per_month"))
        sheet.write_formula(row, 2, "=12*" + results[f"{key}_per_month"], money_fmt, getattr(f, f"{key}_per_year"))
        sheet.write_number(row, 3, first, money_fmt)
    row += 2
    _text(sheet, row, 0, "Payback month (with the ramp-up below)", fmt.get("bold"))
    if f.payback_month is None:
        _text(sheet, row, 1, payback_text(f))
    else:
        sheet.write_number(row, 1, f.payback_month, fmt.get("count"))
    _note_across(sheet, row + 1, 8, FORECAST_WIDTH, ramp_words(f), fmt)
    row += 3
    sim = f.simulation
    _text(sheet, row, 0, "Range per month", fmt.get("header"))
    for col, title in enumerate(("P10", "P50", "P90"), start=1):
        _text(sheet, row, col, title, fmt.get("header"))
    for label, pct in (("Media value per month", sim.value_per_month), ("Total value per month",
                                                                        sim.total_value_per_month),
                       ("Net value per month", sim.net_value_per_month)):
        row += 1
        _text(sheet, row, 0, label)
        for col, value in enumerate((pct.p10, pct.p50, pct.p90), start=1):
            sheet.write_number(row, col, value, money_fmt)
    row += 1
    _text(sheet, row, 0, "Monte Carlo draws", fmt.get("bold"))
    sheet.write_number(row, 1, sim.draws, fmt.get("count"))
    row += 1
    _text(sheet, row, 0, "Seed", fmt.get("bold"))
    sheet.write_number(row, 1, sim.seed, fmt.get("integer"))  # an identifier: 2026, not 2,026
    row += 1
    _note_across(sheet, row, 8, FORECAST_WIDTH, range_words(f), fmt)
    row += 1
    labels = {i.path: i.label for i in inputs(scenario)}
    _note_across(sheet, row, 8, FORECAST_WIDTH, "Ranged inputs: " + "; ".join(labels.get(p, p) for p in effective_inputs(f))
                 + (". Drawn with no effect on this basis: " + "; ".join(labels.get(p, p) for p in f.idle_inputs)
                    if f.idle_inputs else ""), fmt)
    row += 2
    _text(sheet, row, 0, "The ramp-up month by month (payback: the first month cumulative net value is 0 or more)",
          fmt.get("bold"))
    row += 1
    columns = (("month", "Month", "count"), ("calendar_month", "Calendar month", "text"),
               ("share_rate", "Share rate", "rate"), ("total_value_per_month", "Total value", "money"),
               ("program_cost_per_month", "Program cost (launch cost in month 1)", "money"),
               ("net_value_per_month", "Net value", "money"), ("cumulative_value", "Cumulative value", "money"),
               ("cumulative_cost", "Cumulative cost", "money"), ("cumulative_net", "Cumulative net value", "money"))
    for col, (_key, title, _kind) in enumerate(columns):
        _text(sheet, row, col, title, fmt.get("header"))
    sheet.set_row(row, 45)  # three lines of header in 13-wide columns
    for record in f.months.to_dict("records"):
        row += 1
        for col, (key, _title, kind) in enumerate(columns):
            if kind == "text":
                _text(sheet, row, col, str(record[key]))
            else:
                sheet.write_number(row, col, float(record[key]), fmt.get(kind))
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 8, FORECAST_COLUMN)  # FORECAST_WIDTH in all: one landscape page wide at about 8 pt
    sheet.set_row(5, 45)
