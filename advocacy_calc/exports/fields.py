"""Every input of a scenario as a row: field path, label, unit, value, and where the value comes from:
the benchmark behind its default, the model's own default, measured, or the user's own number (the
scenario's `provenance`; a grade is never attached to a user's or a measured number).

The one list the exports share (the workbook's Assumptions sheet, the CSV, the PDF and the
slides), so each names an input the same way. Pure: labels and units only, no formatting.
"""

from dataclasses import dataclass, replace
from typing import Literal

from ..benchmarks import Benchmark, benchmark_for
from ..scenario import Provenance, Scenario, network_label, normalised_groups

# How a value is shown: kind decides the Excel number format and the text in PDF/slides.
Kind = Literal["count", "number", "rate", "money", "text", "flag"]

_PROGRAM = (
    ("participants", "Participants", "people", "count"),
    ("workforce", "Workforce (0 = not given)", "people", "count"),
    ("share_rate", "Share rate per story", "fraction of participants", "rate"),
    ("stories_per_day", "Stories per working day", "stories", "number"),
    ("working_days_per_month", "Working days per month", "days", "number"),
    ("currency", "Currency (relabels only)", "ISO 4217 code", "text"),
    ("valuation_basis", "Valuation basis", "cpm, cpc or conservative", "text"),
    ("audience_overlap", "Audience overlap (unique reach only)", "fraction of impressions", "rate"),
)
_NETWORK = (
    ("connections", "connections per sharer", "people", "number"),
    ("presence", "sharers active here", "fraction of sharers", "rate"),
    ("visibility", "connections who see a share", "fraction of connections", "rate"),
    ("cpm", "paid CPM", "money per 1,000 impressions", "money"),
    ("cpc", "paid CPC (0 = unknown)", "money per click", "money"),
    ("ctr", "click-through rate (0 = unknown)", "clicks per impression", "rate"),
)
_GROUPS = (
    ("demand.mode", "How the leads are known", "direct, asset or clicks", "text"),
    ("demand.advocacy_leads_per_month", "Advocacy leads per month (direct)", "leads per month", "number"),
    ("demand.asset_leads_per_month", "Asset leads per month (asset)", "leads per month", "number"),
    ("demand.advocacy_share_of_asset_traffic", "Advocacy share of the asset's traffic (asset)", "fraction", "rate"),
    ("demand.landing_conversion_rate", "Leads per click (clicks)", "fraction of clicks", "rate"),
    ("demand.cost_per_lead", "Cost per lead", "money per lead", "money"),
    ("demand.include_in_total", "Add lead savings to the total", "TRUE or FALSE", "flag"),
    ("demand.lead_to_mql", "Lead to MQL (0 = no funnel)", "fraction", "rate"),
    ("demand.mql_to_sql", "MQL to SQL", "fraction", "rate"),
    ("demand.sql_to_won", "SQL to won", "fraction", "rate"),
    ("demand.advocacy_conversion_factor", "Advocacy leads convert at (x other leads)", "times", "number"),
    ("demand.average_deal_size", "Average deal size", "money per deal", "money"),
    ("cost.seat_cost_per_month", "Platform cost per seat per month", "money per participant", "money"),
    ("cost.fixed_cost_per_month", "Fixed cost per month", "money per month", "money"),
    ("cost.minutes_per_share", "Employee minutes per share", "minutes", "number"),
    ("cost.hourly_cost", "Employee hourly cost", "money per hour", "money"),
    ("hiring.referral_hires_per_month", "Referral hires per month", "hires per month", "number"),
    ("hiring.cost_per_hire", "Cost per hire (other channels)", "money per hire", "money"),
    ("hiring.referral_cost_per_hire", "Cost per referral hire", "money per hire", "money"),
)
NETWORK_FIELDS = tuple(f for f, *_ in _NETWORK)
# A group's own inputs (docs/model.md 6a): field, the workbook's Groups sheet header (the stored input, a yellow
# cell there), the printed label, unit and kind. Printed as a person reads them: its weight as its participants
# (the weight x the total) and its relative rate as its own share rate (x the program's mean); its seat cost,
# presence and connections only where it has its own (else the program's or the network's row holds).
GROUP_FIELDS = (
    ("weight", "Weight (share of participants)", "participants", "people (its weight × the total)", "count"),
    ("relative_share_rate", "Share rate relative to the mean", "share rate",
     "fraction of its participants (its relative rate × the mean)", "rate"),
    ("seat_cost_per_month", "Seat cost per month", "platform cost per seat per month", "money per participant", "money"),
)
GROUP_NETWORK_FIELDS = ("presence", "connections")  # the Groups sheet's order; labels as the network's (_NETWORK)
# A coded choice as a person reads it (PDF, slides, the app's CSVs); the CLI's CSVs keep the codes.
# Short: a value column of the one-page PDF is narrow (its label says what the choice is about).
CHOICE_WORDS = {"cpm": "CPM", "cpc": "CPC", "conservative": "lower of the two",
                "direct": "analytics", "asset": "an asset", "clicks": "clicks"}


@dataclass(frozen=True)
class Input:
    path: str          # the scenario field path, as in URLs: networks.LinkedIn.cpm
    label: str
    unit: str
    kind: Kind
    value: float | str | bool
    benchmark: Benchmark | None  # behind the default; not the value's source once provenance says otherwise
    provenance: Provenance | None = None  # None: the value is the default
    unused: str = ""  # why this scenario's figures do not use the input ("funnel off"), "" when they do

    @property
    def from_benchmark(self) -> bool:
        """Whether the benchmark is this value's source: a default, and not a zero (switched off, not
        given) where the benchmark gives another figure, such as leads per click 0 against HubSpot's 5%."""
        b = self.benchmark
        if b is None or self.provenance is not None or self.gives_no_figure:
            return False
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            return not (self.value is False and b.low > 0)
        # A default outside the benchmark's own range is not its figure (the worked example's 100 % visible
        # against 5-7 % seen): never credited to it nor graded by it.
        return b.low - 1e-9 * abs(b.low) <= self.value <= b.high + 1e-9 * abs(b.high)

    @property
    def gives_no_figure(self) -> bool:
        """A benchmark entry that says no public figure exists (platform prices): its words, never a grade."""
        return self.benchmark is not None and self.benchmark.low == self.benchmark.high == 0

    @property
    def origin(self) -> str:
        """One of: benchmark default, model default, not used, measured, your input."""
        if self.provenance is not None:
            return "measured" if self.provenance.kind == "measured" else "your input"
        if self.from_benchmark:
            return "benchmark default"
        return "not used" if self.unused else "model default"

    @property
    def source(self) -> str:
        if self.provenance is not None:
            note = self.provenance.note.strip()
            if self.provenance.kind == "measured":
                return "Measured from the program's own exports" + (f": {note}" if note else "")
            return "Your input" + (f": {note}" if note else "")
        if self.benchmark is None:
            return "The value model's own default (no published benchmark)"
        if not self.from_benchmark:
            if self.unused:
                return f"Not used ({self.unused})"
            if self.gives_no_figure:
                return self.benchmark.source
            return "Not given (0)" if self.value in (0, False) else "The model's own default (outside the benchmark's range)"
        return self.benchmark.source + (f" ({self.benchmark.url})" if self.benchmark.url else "")

    @property
    def grade(self) -> str:
        return self.benchmark.grade if self.benchmark and self.from_benchmark else ""

    @property
    def date(self) -> str:
        return self.benchmark.date if self.benchmark and self.from_benchmark else ""


def over_groups(scenario: Scenario, item: "Input") -> "Input":
    """With groups, a program-wide input as the printed files label it: what it is over the groups (the seat
    cost: for whom it holds). The workbook and the app's other tables keep the plain label."""
    words = {"participants": "Participants (all groups)", "share_rate": "Share rate per story (mean over the groups)",
             "cost.seat_cost_per_month": f"{item.label} (groups without their own)"}
    return replace(item, label=words[item.path]) if scenario.groups and item.path in words else item


def _value(scenario: Scenario, path: str) -> float | str | bool:
    obj: object = scenario
    for part in path.split("."):
        obj = getattr(obj, part)
    if path == "workforce" and obj is None:
        return 0
    return obj  # type: ignore[return-value]


def unused_inputs(scenario: Scenario) -> dict[str, str]:
    """The inputs this scenario's figures do not use, each with why, in a few words."""
    d, c, h = scenario.demand, scenario.cost, scenario.hiring
    unused = {} if scenario.workforce else {"workforce": "no workforce given"}
    mode = {"direct": "leads known from analytics", "asset": "leads known from an asset",
            "clicks": "leads known from clicks"}[d.mode]
    unused |= dict.fromkeys({
        "direct": ("demand.asset_leads_per_month", "demand.advocacy_share_of_asset_traffic",
                   "demand.landing_conversion_rate"),
        "asset": ("demand.advocacy_leads_per_month", "demand.landing_conversion_rate"),
        "clicks": ("demand.advocacy_leads_per_month", "demand.asset_leads_per_month",
                   "demand.advocacy_share_of_asset_traffic"),
    }[d.mode], mode)
    if d.lead_to_mql == 0:
        unused |= dict.fromkeys(("demand.lead_to_mql", "demand.mql_to_sql", "demand.sql_to_won",
                                 "demand.advocacy_conversion_factor", "demand.average_deal_size"), "funnel off")
    if c.minutes_per_share == 0:
        unused |= dict.fromkeys(("cost.minutes_per_share", "cost.hourly_cost"), "no employee time")
    if scenario.groups and all(g.seat_cost_per_month is not None for g in scenario.groups):
        unused["cost.seat_cost_per_month"] = "every group has its own seat cost"
    if h.referral_hires_per_month == 0:
        unused |= dict.fromkeys(("hiring.referral_hires_per_month", "hiring.cost_per_hire",
                                 "hiring.referral_cost_per_hire"), "no referral hires")
    return unused


def inputs(scenario: Scenario) -> list[Input]:
    """Every input of the scenario in reading order: program, each network, demand, cost, hiring."""
    given = scenario.provenance.get
    unused = unused_inputs(scenario)
    rows = [Input(p, label, unit, kind, _value(scenario, p), benchmark_for(p), given(p), unused.get(p, ""))
            for p, label, unit, kind in _PROGRAM]
    for net in scenario.networks:
        for f, label, unit, kind in _NETWORK:
            path = f"networks.{net.name}.{f}"
            rows.append(Input(path, f"{network_label(net.name)}: {label}", unit, kind, getattr(net, f), benchmark_for(path),
                              given(path)))
    rows += [Input(p, label, unit, kind, _value(scenario, p), benchmark_for(p), given(p), unused.get(p, ""))
             for p, label, unit, kind in _GROUPS]
    return rows


_YOURS = Provenance(kind="user")  # a group's size and rate have no default: the user set the group up


def group_inputs(scenario: Scenario) -> list[Input]:
    """Each group's own inputs as printed (GROUP_FIELDS), labelled "<group>: <input>", in the scenario's order;
    [] without groups. A value with no benchmark and no kept provenance is the user's: no group has a model
    default (a template's graded connections keep their benchmark)."""
    given = scenario.provenance.get
    weights, relative = normalised_groups(scenario) if scenario.groups else ([], [])
    fields = {f: (label, unit, kind) for f, _header, label, unit, kind in GROUP_FIELDS}
    network_fields = {f: (label, unit, kind) for f, label, unit, kind in _NETWORK}
    rows = []
    for group, w, r in zip(scenario.groups, weights, relative):
        own: list[tuple[str, str, str, str, float]] = [
            ("weight", *fields["weight"], scenario.participants * w),
            ("relative_share_rate", *fields["relative_share_rate"], scenario.share_rate * r)]
        if group.seat_cost_per_month is not None:
            own.append(("seat_cost_per_month", *fields["seat_cost_per_month"], group.seat_cost_per_month))
        for field, label, unit, kind, value in own:
            path = f"groups.{group.name}.{field}"
            rows.append(Input(path, f"{group.name}: {label}", unit, kind, value, None, given(path) or _YOURS))
        for net in scenario.networks:
            for field in GROUP_NETWORK_FIELDS[::-1]:  # connections first, as the network's own rows
                value = getattr(group, field).get(net.name)
                if value is None:
                    continue
                path = f"groups.{group.name}.networks.{net.name}.{field}"
                label, unit, kind = network_fields[field]
                benchmark = benchmark_for(path)
                rows.append(Input(path, f"{group.name}: {network_label(net.name)} {label}", unit, kind, value, benchmark,
                                  given(path) or (None if benchmark else _YOURS)))
    return rows
