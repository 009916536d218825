"""Words shared by the one-pager and the slides: headline figures, formulas, caveats, assumptions."""

import re
from dataclasses import replace

from ..benchmarks import GRADE_MEANING
from ..formatting import break_even, count, currency_of, in_locale, money, money_shown, percent
from ..groups import group_results
from ..presets import display_name
from ..results import Results
from ..scenario import Scenario, normalised_groups
from .fields import CHOICE_WORDS, Input, group_inputs, inputs, over_groups, unused_inputs

TITLE = "Employee advocacy business case"

FORMULAS = (
    "Sharers per story = participants × share rate",
    "Impressions per story = Σ networks: sharers × presence × connections × visibility",
    "Media value per story = impressions ÷ 1,000 × CPM (CPC basis: impressions × CTR × CPC; never both)",
    "Media value per month = value per story × stories per day × working days",
    "Lead savings per month = advocacy leads × cost per lead",
    "Total value = media value + lead savings + referral hires × (cost per hire − referral cost)",
    "Program cost = seat cost × participants + fixed cost + employee time",
    "Net value = total value − program cost;  ROI = net value ÷ program cost",
    "Break-even share rate: where net value, a straight line in the share rate, reaches 0",
)
# With groups (docs/model.md 6a): the sums run over groups too; the rest reads as above.
GROUP_FORMULAS = {
    "Sharers per story": "Sharers per story = Σ groups: participants × weight × share rate × its relative rate "
                         "(= participants × share rate)",
    "Impressions per story": "Impressions per story = Σ groups Σ networks: the group's sharers × its presence × its "
                             "connections × visibility (a group's own presence and connections, else the network's)",
    "Program cost": "Program cost = Σ groups: seat cost × its participants (a group's own seat cost, else the "
                    "program's) + fixed cost + employee time",
    "Break-even share rate": "Break-even share rate: where net value, a straight line in the share rate, reaches 0, "
                             "up to the cap where the keenest group shares every story",
}


def formulas(scenario: Scenario) -> tuple[str, ...]:
    """How each figure is computed, in words: with groups, the sums over groups and networks."""
    if not scenario.groups:
        return FORMULAS
    return tuple(next((g for lead, g in GROUP_FORMULAS.items() if f.startswith(lead)), f) for f in FORMULAS)


# Each caveat as (lead, detail): the methodology page shows the lead in bold, the one-pager and the
# slides print both as one line of text. One wording everywhere, so the page and the files cannot drift.
CAVEAT_PARTS = (
    ("Media value is one lens.",
     "Advertising-value equivalents are rejected by PR measurement standards (AMEC Barcelona Principles) and by "
     "finance as rate-card prices nobody pays: read it beside leads, pipeline and hires."),
    ("Potential reach is not unique reach.",
     "Impressions are summed over sharers, so people who follow several sharers count once per share; in one "
     "public case 7,000 employees on LinkedIn had 260,000 unique first-degree connections, about 37 each."),
    ("Benchmarks disagree,",
     "by up to 10x (LinkedIn CPM is quoted from $6 to $73). Every default shows its grade; use your own "
     "paid-media costs where you have them."),
    ("Program cost has no public benchmark.",
     "Vendors quote privately: enter your vendor's quote (presets that fill it say the figure is illustrative). "
     "Currency only relabels figures."),
)
CAVEATS = tuple(f"{lead} {detail}" for lead, detail in CAVEAT_PARTS)
GRADES = "Grades: " + "; ".join(f"{grade} {meaning}" for grade, meaning in GRADE_MEANING.items()) + "."


LEFT_OUT = " (not in total)"


def case_name(scenario: Scenario) -> str:
    """What the files call the case: its own name, else "Typical B2B, modified" (see display_name)."""
    return display_name(scenario)


def prepared_by(scenario: Scenario) -> str:
    """'Prepared by Ana Souza', or "" when nobody is named."""
    who = scenario.prepared_by.strip()
    return f"Prepared by {who}" if who else ""


def scenario_line(scenario: Scenario) -> str:
    """'Scenario: Q3 LinkedIn case · Prepared by Ana Souza' for a page's second line."""
    return " · ".join(p for p in (f"Scenario: {case_name(scenario)}", prepared_by(scenario)) if p)


def headline(scenario: Scenario, r: Results) -> list[tuple[str, str]]:
    """The headline figures of the overview, formatted as on the page: every part of the total is here
    (referral hiring savings when there are any), and a part left out of the total says so."""
    cur = currency_of(scenario)
    figures = [
        ("Impressions per story", count(r.impressions_per_story, cur)),
        ("Value per story", money(r.value_per_story, cur)),
        ("Value per month", money(r.value_per_month, cur)),
        ("Lead savings per month" + ("" if r.lead_savings_in_total else LEFT_OUT), money(r.cpl_savings_per_month, cur)),
    ]
    if r.hiring_savings_per_month:
        figures.append(("Hiring savings per month", money(r.hiring_savings_per_month, cur)))
    return figures


def bottom_line(scenario: Scenario, r: Results) -> list[tuple[str, str]]:
    """Total, cost, net, ROI and break-even, formatted as on the page."""
    cur = currency_of(scenario)
    return [
        ("Total value per month", money(r.total_value_per_month, cur)),
        ("Program cost per month", money(r.program_cost_per_month, cur)),
        ("Net value per month", money(r.net_value_per_month, cur)),
        ("ROI", "none (no cost)" if r.roi is None else percent(r.roi, 0, cur)),
        ("Break-even share rate", break_even(r.break_even_share_rate, cur)),
    ]


def total_note(scenario: Scenario, r: Results) -> str | None:
    """What the total is made of, in one line, where it matters: a part left out of the total, or rounded
    parts that do not add up to the rounded total (the total comes from the unrounded parts). None when
    the parts shown add up to the total shown."""
    cur = currency_of(scenario)
    parts = [("media value", r.value_per_month)]
    if r.lead_savings_in_total:
        parts.append(("lead savings", r.cpl_savings_per_month))
    if r.hiring_savings_per_month:
        parts.append(("hiring savings", r.hiring_savings_per_month))
    words = " + ".join(f"{name} {money(value, cur)}" for name, value in parts)
    note = f"Total value per month = {words} = {money(r.total_value_per_month, cur)}"
    if not r.lead_savings_in_total:
        note += f"; lead savings ({money(r.cpl_savings_per_month, cur)}) are left out of the total"
    shown = sum(money_shown(value) for _, value in parts)
    adds_up = money_shown(float(shown)) == money_shown(r.total_value_per_month)
    if not adds_up:
        note += (f"; the total is added before rounding (the rounded parts shown add up to "
                 f"{money(float(shown), cur)})")
    return None if adds_up and r.lead_savings_in_total else note + "."


def shown_value(item: Input, currency: str) -> str:
    """An input's value as a person reads it: 10%, $35.00, 1,000, CPM."""
    if item.kind == "rate":
        return percent(float(item.value), 2, currency)  # the currency carries the locale
    if item.kind == "money":
        return money(float(item.value), currency)
    if item.kind == "flag":
        return "yes" if item.value else "no"
    if item.kind == "text":
        return CHOICE_WORDS.get(str(item.value), str(item.value))
    return count(float(item.value), currency)


def relevant_inputs(scenario: Scenario) -> list[Input]:
    """The inputs that move this scenario's figures (the workbook has every one), each group's own after
    the program's (the workbook's Groups sheet)."""
    skip = {"audience_overlap", "currency", *unused_inputs(scenario)}
    if scenario.cost.fixed_cost_per_month == 0:
        skip.add("cost.fixed_cost_per_month")
    rows = [over_groups(scenario, i) for i in inputs(scenario) if i.path not in skip]
    program = sum(1 for i in rows if "." not in i.path)  # participants ... valuation basis come first
    return rows[:program] + _relative_said(scenario, group_inputs(scenario)) + rows[program:]


def _relative_said(scenario: Scenario, items: list[Input]) -> list[Input]:
    """A group's share rate says its stored input too, its rate relative to the program's mean ("share rate
    (3 × the mean)"): what a lever move keeps."""
    if not scenario.groups:
        return items
    cur = currency_of(scenario)
    relative = dict(zip((g.name for g in scenario.groups), normalised_groups(scenario)[1]))

    def times(r: float) -> str:  # up to 2 decimals, as stored: 3, 0.6, 0.75 (0,75 de-DE)
        return in_locale(f"{r:.2f}".rstrip("0").rstrip("."), cur)
    return [replace(i, label=f"{i.label} ({times(relative[i.path.split('.')[1]])} × the mean)")
            if i.path.endswith(".relative_share_rate") else i for i in items]


def source_line(item: Input) -> str:
    """'Source (date, grade)' in a few words for a printed page (the workbook has the full source);
    a user's or a measured number says so, with its note, and never carries a grade."""
    if item.benchmark is None and item.provenance is None:
        return "Model's own default"
    if not item.from_benchmark:
        return item.source
    b = item.benchmark
    short = re.split(r" \(|; |: ", b.source, maxsplit=1)[0]
    when = "" if b.date == "n.d." else f"{b.date}, "
    return f"{short} ({when}{b.grade})"


GROUP_HEADERS = ("Group", "Participants", "Share rate", "Impressions/story", "Value/month", "Seats+time/month",
                 "Value/seat/month")


def group_rows(scenario: Scenario) -> list[tuple[str, ...]]:
    """Each group's part as printed (CLI table, PDF, slides): sizes rounded only here, for display."""
    cur = currency_of(scenario)
    return [(g.name, count(g.participants, cur), percent(g.share_rate, locale=cur), count(g.impressions_per_story, cur),
             money(g.value_per_month, cur), money(g.seat_cost_per_month + g.time_cost_per_month, cur),
             "none" if g.value_per_participant_per_month is None else money(g.value_per_participant_per_month, cur))
            for g in group_results(scenario)]
