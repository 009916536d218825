"""The scenario: every input of the value model (docs/model.md §1-§5), validated.

A scenario is the one source of truth: session state, URL parameters, JSON files,
the CLI and exports are all views of it. Rates are fractions 0..1 here; the UI
shows them as percents. Defaults reproduce the worked example of docs/model.md.

The model checks its own fields here, its ranges included (which field paths may carry one,
within which bounds). It imports nothing else of the package: what a scenario carries for a
feature (the Measure page's column mapping) is checked by that feature, from `parse`.
"""

import difflib
import math
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from annotated_types import Ge, Le
from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# Absurd-size guards: far above any real program, low enough to catch typos.
MAX_PEOPLE = 10_000_000
MAX_CONNECTIONS = 1_000_000
MAX_PRICE = 1_000_000.0
MAX_NETWORKS = 10
MAX_GROUPS = 8  # the URL carries each group's own values: 8 keeps it far under Streamlit's 1,000 parameters
MAX_RELATIVE_SHARE_RATE = 10_000.0  # one executive in 10,000 people may share 1,000x the mean
GROUP_SUM_TOLERANCE = 1e-6  # weights are written as decimals: 1/3 + 1/3 + 1/3 may miss 1 in the last digit

WORKED_EXAMPLE_CPM = 1000 / 85  # "a little under $1,000" for 85,000 impressions
# Audience overlap from the one public case (Metso, grade V): 7,000 employees on LinkedIn had
# 260,000 unique first-degree connections, against 7,000 x 303 (LinkedIn's average, grade U) gross.
CASE_AUDIENCE_OVERLAP = round(1 - 260_000 / (7_000 * 303), 4)  # 0.8774


class ProblemList(ValueError):
    """Several problems found by one validator, each a complete line naming its field path."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _number_only(value: object) -> object:
    # Lax parsing would take true as 1 and "1000" as 1000: a scenario file says numbers as numbers.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(value, str):
        raise ValueError(f"must be a number, not text ({value[:30]!r})")
    return value


# Number types: never negative, never NaN/inf (see model_config), never true/false.
Count = Annotated[int, BeforeValidator(_number_only), Field(ge=0)]
Amount = Annotated[float, BeforeValidator(_number_only), Field(ge=0)]
Rate = Annotated[float, BeforeValidator(_number_only), Field(ge=0, le=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, validate_default=True)


ValuationBasis = Literal["cpm", "cpc", "conservative"]
DemandMode = Literal["direct", "asset", "clicks"]
# The ISO 4217 codes CLDR knows, less those that are no money: XXX (no currency), XTS (testing).
CURRENCIES = frozenset(list_currencies()) - {"XXX", "XTS"}


def _currency_code(value: str) -> str:
    if value not in CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (three capital letters, e.g. USD, EUR, JPY)")
    return value


def _locale_tag(value: str) -> str:
    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"{value!r} is not a locale known to CLDR (a language and region such as en-US, de-DE, "
                         "ja-JP)") from None
    return value


# Any ISO 4217 code (CLDR's list), printed for the scenario's locale; figures are never converted.
Currency = Annotated[str, Field(min_length=3, max_length=3), AfterValidator(_currency_code)]
LocaleTag = Annotated[str, Field(min_length=2, max_length=20), AfterValidator(_locale_tag)]


# How a person reads a network's name (app, PDF, slides, workbook, charts); the scenario, the URL and
# the CLI's CSVs keep the name itself ("X"), which scripts and links rely on.
NETWORK_LABELS = {"X": "X (Twitter)"}


def network_label(name: str) -> str:
    """'X (Twitter)' for X; any other network by its own name."""
    return NETWORK_LABELS.get(name, name)


class Network(_Frozen):
    """One social network the program shares on (docs/model.md §1-§3)."""

    name: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ()/._-]*$",
                               description="network name, for example LinkedIn")]
    connections: Amount = Field(850, le=MAX_CONNECTIONS, description="average first-degree connections per sharer")
    cpm: Amount = Field(WORKED_EXAMPLE_CPM, le=MAX_PRICE, description="paid-social cost per 1,000 impressions")
    cpc: Amount = Field(0.0, le=MAX_PRICE, description="paid-social cost per click (0 = unknown)")
    ctr: Rate = Field(0.0, description="clicks per impression (0 = unknown)")
    presence: Rate = Field(1.0, description="fraction of sharers who share on this network")
    visibility: Rate = Field(1.0, description="fraction of connections who see a share in their feed")


class Demand(_Frozen):
    """Leads attributed to advocacy and what they save (docs/model.md §4)."""

    mode: DemandMode = "direct"
    advocacy_leads_per_month: Amount = Field(50, le=MAX_PEOPLE, description="leads per month from advocacy, as read from analytics")
    asset_leads_per_month: Amount = Field(0, le=MAX_PEOPLE, description="leads per month from one asset (asset mode)")
    advocacy_share_of_asset_traffic: Rate = Field(0, description="fraction of the asset's traffic that advocacy brings")
    landing_conversion_rate: Rate = Field(0, description="leads per advocacy click (clicks mode)")
    cost_per_lead: Amount = Field(20, le=MAX_PRICE, description="what a lead costs through other channels")
    include_in_total: bool = Field(True, description="add cost-per-lead savings to the total value")
    # Optional funnel: 0 means "not given".
    lead_to_mql: Rate = Field(0, description="fraction of leads that become marketing-qualified")
    mql_to_sql: Rate = Field(0, description="fraction of MQLs that become sales-qualified")
    sql_to_won: Rate = Field(0, description="fraction of SQLs that are won")
    advocacy_conversion_factor: Annotated[float, BeforeValidator(_number_only), Field(
        ge=0, le=20, description="how advocacy leads convert relative to other leads (1 = the same)")] = 1.0
    average_deal_size: Amount = Field(0, le=1e9, description="average value of a won deal")


class Cost(_Frozen):
    """What the program costs per month (docs/model.md §5). Empty by default: no public benchmark."""

    seat_cost_per_month: Amount = Field(0, le=MAX_PRICE, description="platform cost per participant per month")
    fixed_cost_per_month: Amount = Field(0, le=1e9, description="fixed monthly cost (licence, people, content)")
    minutes_per_share: Amount = Field(0, le=600, description="employee minutes spent per share")
    hourly_cost: Amount = Field(0, le=MAX_PRICE, description="loaded hourly cost of an employee")


class Hiring(_Frozen):
    """Referral hiring savings (docs/model.md §5)."""

    referral_hires_per_month: Amount = Field(0, le=MAX_PEOPLE, description="hires per month through employee referrals")
    cost_per_hire: Amount = Field(4129, le=MAX_PRICE, description="cost per hire through other channels")
    referral_cost_per_hire: Amount = Field(1129, le=MAX_PRICE, description="cost per referral hire")

    @model_validator(mode="after")
    def _referral_not_dearer(self) -> "Hiring":
        if self.referral_cost_per_hire > self.cost_per_hire:
            raise ValueError(
                "referral_cost_per_hire must not exceed cost_per_hire "
                f"({self.referral_cost_per_hire:g} > {self.cost_per_hire:g})")
        return self


class Range(_Frozen):
    """An uncertain input's low and high (docs/model.md §7); its base is the scenario's own value."""

    low: Annotated[float, BeforeValidator(_number_only)] = Field(description="lowest plausible value")
    high: Annotated[float, BeforeValidator(_number_only)] = Field(description="highest plausible value")


def _no_control_characters(value: object) -> object:
    # Names and notes are printed in files and terminals: no line breaks, no escape sequences.
    if isinstance(value, str) and any(not c.isprintable() for c in value):
        raise ValueError("must be one line of text without control characters")
    return value


Label = Annotated[str, BeforeValidator(_no_control_characters), Field(max_length=120)]
ProvenanceKind = Literal["measured", "user"]


# Every input of the largest scenario can say where its number comes from: 4 levers and working days,
# 10 networks x 6, 12 demand/cost/hiring, 11 others, and per group (8) its share rate, weight, relative
# share rate, seat cost and 10 networks x (connections, presence): 4 + 60 + 12 + 11 + 8 x 24 = 279.
MAX_PROVENANCE = 279


class Provenance(_Frozen):
    """Where an input's value comes from when it is not the default's benchmark (or the model's own
    default): measured from the program's exports (the note says the period and how), or the
    user's own number (the note, optional, says where it comes from)."""

    kind: ProvenanceKind = Field(description="measured (from the Measure page) or user (your input)")
    note: Annotated[str, BeforeValidator(_no_control_characters), Field(max_length=200)] = Field(
        "", description="measured: the period and how; user: where the number comes from (optional)")


class PageSettings(_Frozen):
    """How the pages look at the scenario (not inputs of the value model): the ramp-up and payback,
    the goal seek, the forecast's draws and seed, the heat map's axes. None: the page's default."""

    timeline_months: Annotated[int, Field(ge=12, le=36)] | None = None
    timeline_start_share_rate: Rate | None = None
    timeline_ramp_months: Annotated[int, Field(ge=1, le=24)] | None = None
    timeline_shape: Literal["s-curve", "linear"] | None = None
    timeline_launch_cost: Annotated[float, Field(ge=0, le=1e9)] | None = None
    timeline_launch_month: Annotated[int, Field(ge=1, le=12)] | None = None
    timeline_decay_per_month: Annotated[float, Field(ge=0, le=0.3)] | None = None
    timeline_decay_floor: Rate | None = None
    timeline_summer_dip: Annotated[float, Field(ge=0, le=0.9)] | None = None
    goal_target: Literal["value_per_month", "total_value_per_month", "net_value_per_month", "roi"] | None = None
    goal_value: Annotated[float, Field(ge=-1e12, le=1e12)] | None = None
    goal_lever: Literal["share_rate", "participants"] | None = None
    forecast_distribution: Literal["pert", "triangular"] | None = None
    forecast_draws: Literal[10_000, 100_000] | None = None
    forecast_seed: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    grid_x: Annotated[str, Field(max_length=80)] | None = None
    grid_y: Annotated[str, Field(max_length=80)] | None = None


def name_key(name: str) -> str:
    """The form two names are compared in (the library's rule): canonical caseless matching, stored as NFC."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


def _no_dot(value: object) -> object:
    # A group's inputs are named by field path ("groups.Sales.weight") and its ranges travel in the link
    # as path:low:high,...: a dot, a colon or a comma would split the name.
    if isinstance(value, str) and any(c in value for c in ".:,"):
        raise ValueError("must not contain a dot, a colon or a comma (inputs are named groups.<name>.<field>)")
    return value


def _one_spaced(value: object) -> object:
    # "Sales " and "Sales" would print alike in every table and file: spaces are collapsed, a blank name refused.
    if isinstance(value, str):
        value = " ".join(value.split())
        if not value:
            raise ValueError("must not be blank")
    return value


# Before-validators run last listed first: control characters are refused before spaces are collapsed.
GroupName = Annotated[str, BeforeValidator(_one_spaced), BeforeValidator(_no_dot),
                      BeforeValidator(_no_control_characters),
                      Field(min_length=1, max_length=40, description="the group's name, for example Sales")]


class AdvocateGroup(_Frozen):
    """One group of advocates (docs/model.md, "Groups of advocates").

    The program's levers stay program-wide: a group is its WEIGHT (its share of the participants)
    and its share rate RELATIVE to the participant-weighted mean, so moving a lever scales every
    group in proportion and the figures stay multilinear in the levers. A group's own network
    presence and connections replace the network's; prices, CTR and visibility stay per network.
    """

    name: GroupName
    weight: Annotated[float, BeforeValidator(_number_only), Field(
        gt=0, le=1, description="the group's share of the participants (all groups add up to 1)")]
    relative_share_rate: Annotated[float, BeforeValidator(_number_only), Field(
        ge=0, le=MAX_RELATIVE_SHARE_RATE, description=(
            "the group's share rate over the program's mean share rate (1 = the mean; "
            "the participant-weighted mean of all groups is 1)"))] = 1.0
    seat_cost_per_month: Annotated[float, BeforeValidator(_number_only), Field(ge=0, le=MAX_PRICE)] | None = Field(
        None, description="the group's own platform cost per participant per month (none: the program's)")
    connections: dict[str, Amount] = Field(default_factory=dict, max_length=MAX_NETWORKS, description=(
        "the group's own average first-degree connections by network name (others: the network's)"))
    presence: dict[str, Rate] = Field(default_factory=dict, max_length=MAX_NETWORKS, description=(
        "the group's own fraction of sharers on each network by network name (others: the network's)"))

    @model_validator(mode="after")
    def _counts_bounded(self) -> "AdvocateGroup":
        too_many = [n for n, v in self.connections.items() if v > MAX_CONNECTIONS]
        if too_many:
            raise ValueError(f"connections: at most {MAX_CONNECTIONS:,} per sharer (on {', '.join(too_many)})")
        return self


GROUP_INPUTS = ("weight", "relative_share_rate", "seat_cost_per_month")
GROUP_NETWORK_INPUTS = ("connections", "presence")


class Scenario(_Frozen):
    """A complete what-if: the program, its networks, demand, cost and valuation basis."""

    version: Literal[2] = 2
    name: Label = Field("", description="the scenario's own name (the team library entry's name); never interpreted")
    prepared_by: Label = Field("", description="who prepared the case (printed in the files)")
    based_on: Label = Field("", description="the preset or library entry the scenario started from")
    participants: Count = Field(1000, le=MAX_PEOPLE, description="employees enrolled in the program")
    workforce: Annotated[int, BeforeValidator(_number_only), Field(ge=1, le=MAX_PEOPLE)] | None = Field(
        None, description="all employees, for adoption % (optional)")
    share_rate: Rate = Field(0.10, description="fraction of participants who share a given story (the participation rate)")
    stories_per_day: Amount = Field(1.5, le=50, description="distinct stories the program puts out per working day")
    working_days_per_month: Amount = Field(21, le=31, description="working days in a month")
    currency: Currency = Field("USD", description="ISO 4217 code; relabels figures (benchmarks are US dollars)")
    locale: LocaleTag = Field("en-US", description="how amounts are printed (BCP 47: en-US, de-DE, ja-JP)")
    valuation_basis: ValuationBasis = "cpm"
    networks: Annotated[list[Network], Field(max_length=MAX_NETWORKS)] = Field(
        default_factory=lambda: [Network(name="X")])
    demand: Demand = Field(default_factory=Demand)
    cost: Cost = Field(default_factory=Cost)
    hiring: Hiring = Field(default_factory=Hiring)
    audience_overlap: Rate = Field(CASE_AUDIENCE_OVERLAP, description=(
        "fraction of gross impressions of a story that reach someone another sharer already reached "
        "(unique reach only; media value stays on impressions)"))
    ranges: dict[str, Range] = Field(default_factory=dict, max_length=64, description=(
        "uncertain inputs by field path, e.g. {\"share_rate\": {\"low\": 0.05, \"high\": 0.2}}"))
    provenance: dict[str, Provenance] = Field(default_factory=dict, max_length=MAX_PROVENANCE, description=(
        "inputs whose value is measured or the user's own, by field path, e.g. {\"participants\": "
        "{\"kind\": \"user\", \"note\": \"our roster\"}}; every other input is its default"))
    settings: PageSettings = Field(default_factory=PageSettings, description=(
        "the pages' settings (ramp-up, goal seek, forecast draws and seed, heat-map axes); not model inputs"))
    groups: Annotated[list[AdvocateGroup], Field(max_length=MAX_GROUPS)] = Field(default_factory=list, description=(
        "groups of advocates (at most 8), each with its share of the participants and its share rate "
        "relative to the mean; none: one group, everyone alike"))
    import_mapping: dict[str, dict[str, Annotated[str, Field(max_length=500)] | None]] = Field(
        default_factory=dict, max_length=8, description=(
            "which column of each measured export holds which field (the Measure page's mapping), "
            "e.g. {\"shares\": {\"employee\": \"User\", \"date\": \"Shared at\"}}; not a model input"))

    @model_validator(mode="after")
    def _ranges_fit(self) -> "Scenario":
        problems = range_problems(self) + provenance_problems(self)
        if problems:
            raise ProblemList(problems)  # describe_errors gives each its own line
        return self

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        names = [n.name.casefold() for n in self.networks]
        dupes = sorted({n.name for n in self.networks if names.count(n.name.casefold()) > 1})
        if dupes:
            raise ValueError(f"networks: each name must appear once (repeated: {', '.join(dupes)})")
        if self.workforce is not None and self.participants > self.workforce:
            raise ValueError(
                f"participants ({self.participants:,}) cannot exceed workforce ({self.workforce:,})")
        problems = group_problems(self)
        if problems:
            raise ProblemList(problems)
        return self

    @property
    def share_rate_cap(self) -> float:
        """The share-rate lever's top: where the keenest group shares every story (1 without groups)."""
        if not self.groups:
            return 1.0
        keenest = max(normalised_groups(self)[1])
        return min(1.0, 1.0 / keenest)

    @property
    def keenest_group(self) -> str | None:
        """The name of the group that reaches 100 % first (the one that sets share_rate_cap), None without groups."""
        return max(self.groups, key=lambda g: g.relative_share_rate).name if self.groups else None

    @property
    def stories_per_month(self) -> float:
        return self.stories_per_day * self.working_days_per_month

    def network(self, name: str) -> Network | None:
        return next((n for n in self.networks if n.name == name), None)


def normalised_groups(scenario: Scenario) -> tuple[list[float], list[float]]:
    """Weights that add up to exactly 1 and relative rates whose weighted mean is exactly 1, as far as
    floating point goes: the stored decimals may be off in the last digit (GROUP_SUM_TOLERANCE)."""
    total = sum(g.weight for g in scenario.groups)
    weights = [g.weight / total for g in scenario.groups]
    mean = sum(w * g.relative_share_rate for w, g in zip(weights, scenario.groups))
    return weights, [g.relative_share_rate / mean for g in scenario.groups]


def group_problems(scenario: Scenario) -> list[str]:
    """One line per broken rule of the groups: names, networks, the sums, the share rate's cap."""
    groups = scenario.groups
    if not groups:
        return []
    problems = []
    keys = [name_key(g.name) for g in groups]
    dupes = sorted({g.name for g, k in zip(groups, keys) if keys.count(k) > 1})
    if dupes:
        problems.append(f"groups: each name must appear once, ignoring case (repeated: {', '.join(dupes)})")
    networks = {n.name for n in scenario.networks}
    for i, g in enumerate(groups):
        for field in GROUP_NETWORK_INPUTS:
            for name in getattr(g, field):
                if name not in networks:
                    problems.append(f"groups.{i}.{field}: network {name!r} is not in this scenario "
                                    f"(its networks: {', '.join(sorted(networks)) or 'none'})")
    total = sum(g.weight for g in groups)
    if abs(total - 1) > GROUP_SUM_TOLERANCE:
        problems.append(f"groups: the weights (each group's share of the participants) must add up to 1, "
                        f"they add up to {total:.6g}")
        return problems
    mean = sum(g.weight * g.relative_share_rate for g in groups)
    if abs(mean - 1) > GROUP_SUM_TOLERANCE:
        problems.append(f"groups: the weighted mean of relative_share_rate must be 1 (the program's share rate "
                        f"is the mean of the groups'), it is {mean:.6g}")
        return problems
    weights, relative = normalised_groups(scenario)
    keenest = max(range(len(groups)), key=lambda i: relative[i])
    if scenario.share_rate * relative[keenest] > 1 + 1e-12:
        problems.append(f"share_rate: {scenario.share_rate:.4g} would have group {groups[keenest].name!r} share "
                        f"{scenario.share_rate * relative[keenest]:.1%} of stories; with these groups the share "
                        f"rate can go up to {1 / relative[keenest]:.4g}")
    rng = scenario.ranges.get("share_rate")
    if rng is not None and rng.high * relative[keenest] > 1 + 1e-12:
        problems.append(f"ranges.share_rate: high {rng.high:g} would have group {groups[keenest].name!r} share "
                        f"more than every story; with these groups it can go up to {1 / relative[keenest]:.4g}")
    return problems


# --- Field paths: which inputs may carry a range, and the checks of a range (docs/model.md §7) -----
# A range is a field of the scenario, so the scenario checks it; defaults and the link's
# compact form live in ranges.py.

# Inputs that move a figure and are uncertain, by group (the model's own numeric inputs).
TOP_FIELDS = ("participants", "share_rate", "stories_per_day", "working_days_per_month")
NETWORK_FIELDS = ("connections", "visibility", "presence", "cpm", "cpc", "ctr")
GROUP_FIELDS = {
    "demand": ("advocacy_leads_per_month", "asset_leads_per_month", "advocacy_share_of_asset_traffic",
               "landing_conversion_rate", "cost_per_lead"),
    "cost": ("seat_cost_per_month", "fixed_cost_per_month", "minutes_per_share", "hourly_cost"),
    "hiring": ("referral_hires_per_month", "cost_per_hire", "referral_cost_per_hire"),
}
NETWORK_PATH = re.compile(r"^networks\.(?P<name>.+)\.(?P<field>[a-z_]+)$")


# A group's uncertain inputs: its own share rate, and per network its connections (Forecast ranges per group).
GROUP_RANGE_FIELDS = ("share_rate",)
GROUP_NETWORK_RANGE_FIELDS = ("connections",)
GROUP_PATH = re.compile(r"^groups\.(?P<group>[^.]+)\.(?:networks\.(?P<network>.+)\.)?(?P<field>[a-z_]+)$")


def rangeable_paths(scenario: Scenario) -> list[str]:
    """Every field path of this scenario that may carry a range, in the sidebar's order."""
    paths = list(TOP_FIELDS)
    paths += [f"networks.{n.name}.{f}" for n in scenario.networks for f in NETWORK_FIELDS]
    paths += [f"{group}.{f}" for group, fields in GROUP_FIELDS.items() for f in fields]
    for g in scenario.groups:
        paths += [f"groups.{g.name}.{f}" for f in GROUP_RANGE_FIELDS]
        paths += [f"groups.{g.name}.networks.{n.name}.{f}" for n in scenario.networks for f in GROUP_NETWORK_RANGE_FIELDS]
    return paths


def group_base_value(scenario: Scenario, path: str) -> float:
    """A group's own value at groups.<name>.share_rate or groups.<name>.networks.<network>.connections."""
    match = GROUP_PATH.match(path)
    index = next((i for i, g in enumerate(scenario.groups) if match and g.name == match["group"]), None)
    if index is None:
        raise KeyError(path)
    group = scenario.groups[index]
    if match["network"] is None and match["field"] in GROUP_RANGE_FIELDS:
        return scenario.share_rate * normalised_groups(scenario)[1][index]
    network = scenario.network(match["network"] or "")
    if network is None or match["field"] not in GROUP_NETWORK_RANGE_FIELDS:
        raise KeyError(path)
    return float(getattr(group, match["field"]).get(network.name, getattr(network, match["field"])))


def base_value(scenario: Scenario, path: str) -> float:
    """The scenario's own value at a field path (KeyError for a path it does not have)."""
    if path.startswith("groups."):
        return group_base_value(scenario, path)  # KeyError for a group or network the scenario lacks
    match = NETWORK_PATH.match(path)
    if match:
        network = scenario.network(match["name"])
        if network is None or match["field"] not in NETWORK_FIELDS:
            raise KeyError(path)
        return float(getattr(network, match["field"]))
    head, _, tail = path.partition(".")
    if tail:
        if tail not in GROUP_FIELDS.get(head, ()):
            raise KeyError(path)
        return float(getattr(getattr(scenario, head), tail))
    if path not in TOP_FIELDS:
        raise KeyError(path)
    return float(getattr(scenario, path))


def bounds(path: str) -> tuple[float, float]:
    """The (lowest, highest) value the scenario model allows at a field path."""
    group = GROUP_PATH.match(path)
    if group:  # a group's own share rate is a rate; its connections are a network's connections
        return (0.0, 1.0) if group["field"] == "share_rate" else (0.0, float(MAX_CONNECTIONS))
    match = NETWORK_PATH.match(path)
    loc = ("networks", 0, match["field"]) if match else tuple(path.split("."))
    lo, hi = field_bounds(Scenario, loc)
    return float(0 if lo is None else lo), float(math.inf if hi is None else hi)


def range_problems(scenario: Scenario) -> list[str]:
    """One line per unusable range, naming its field path and why (empty when all fit)."""
    known = rangeable_paths(scenario)
    problems = []
    for path, rng in scenario.ranges.items():
        where = f"ranges.{path}"
        if path not in known:
            problems.append(f"{where}: {_unknown_path(path, scenario, known)}")
            continue
        base = base_value(scenario, path)
        lo, hi = bounds(path)
        if not (lo <= rng.low <= hi and lo <= rng.high <= hi):
            problems.append(f"{where}: low {rng.low:g} and high {rng.high:g} must lie within "
                            f"{lo:g} to {hi:g}")
        elif not rng.low <= base <= rng.high:
            problems.append(f"{where}: low {rng.low:g} <= value {base:g} <= high {rng.high:g} does not hold "
                            f"(the range must contain the scenario's own value)")
    return problems


# Inputs without a range that may still be the user's own (text and switches, optional inputs).
OTHER_INPUTS = ("workforce", "currency", "valuation_basis", "audience_overlap", "demand.mode",
                "demand.include_in_total", "demand.lead_to_mql", "demand.mql_to_sql", "demand.sql_to_won",
                "demand.advocacy_conversion_factor", "demand.average_deal_size")


def group_paths(scenario: Scenario) -> list[str]:
    """Every group input's field path: groups.<name>.<field>, groups.<name>.networks.<network>.<field>."""
    paths = [f"groups.{g.name}.{f}" for g in scenario.groups for f in GROUP_INPUTS]
    paths += [f"groups.{g.name}.networks.{n.name}.{f}" for g in scenario.groups for n in scenario.networks
              for f in GROUP_NETWORK_INPUTS]
    return paths


def input_paths(scenario: Scenario) -> list[str]:
    """Every input's field path (what a provenance may be kept for), each once: a group's connections are
    both rangeable and a group input."""
    return list(dict.fromkeys(rangeable_paths(scenario) + list(OTHER_INPUTS) + group_paths(scenario)))


def provenance_problems(scenario: Scenario) -> list[str]:
    """One line per provenance kept for something that is not an input of this scenario."""
    known = input_paths(scenario)
    problems = [f"provenance.{path}: {_unknown_path(path, scenario, known, 'an input')}"
                for path in scenario.provenance if path not in known]
    axes = rangeable_paths(scenario)
    for axis in ("grid_x", "grid_y"):
        path = getattr(scenario.settings, axis)
        if path is not None and path not in axes:
            problems.append(f"settings.{axis}: {_unknown_path(path, scenario, axes)}")
    return problems


def _unknown_path(path: str, scenario: Scenario, known: list[str], what: str = "an uncertain numeric input") -> str:
    match = NETWORK_PATH.match(path)
    if match and scenario.network(match["name"]) is None:
        names = ", ".join(n.name for n in scenario.networks) or "none"
        return f"network {match['name']!r} is not in this scenario (its networks: {names})"
    close = difflib.get_close_matches(path, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"is not {what}{hint}"


def field_bounds(model: type[BaseModel], loc: tuple) -> tuple[float | None, float | None]:
    """The (ge, le) bounds declared for a field path, or (None, None)."""
    field = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None, None
        field = model.model_fields[part]
        model = inner_model(field.annotation)
    if field is None:
        return None, None
    metadata = list(field.metadata)
    for arg in get_args(field.annotation):  # Optional[Annotated[int, Field(ge, le)]]: bounds sit inside
        for item in getattr(arg, "__metadata__", ()):
            metadata += getattr(item, "metadata", [item])
    lo = next((m.ge for m in metadata if isinstance(m, Ge)), None)
    hi = next((m.le for m in metadata if isinstance(m, Le)), None)
    return lo, hi


def inner_model(annotation: Any) -> Any:
    """list[Network] -> Network; Demand -> Demand; anything else -> itself."""
    for arg in get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation
