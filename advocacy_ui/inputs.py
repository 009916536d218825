"""Every scenario input the app shows, as data: its key, widget, bounds and help.

A key is the scenario field path (``share_rate``, ``demand.cost_per_lead``,
``networks.LinkedIn.cpm``); it is at once the widget key, the session-state key and the
URL parameter. This module is plain Python (no streamlit) so it can be tested alone:
it turns a Scenario into widget values and back, and checks raw URL values.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from advocacy_calc.benchmarks import benchmark_for
from advocacy_calc.formatting import ALL_LOCALE_TAGS, CURRENCY_CODES
from advocacy_calc.link import DEFAULT_INPUTS, KNOWN_NETWORKS, NETWORK_FIELDS as _NETWORK_FIELDS
from advocacy_calc.link import input_values as scenario_to_values
from advocacy_calc.link import inputs_query as query_string
from advocacy_calc.link import url_text
from advocacy_calc.parse import parse_scenario
from advocacy_calc.scenario import CASE_AUDIENCE_OVERLAP as DEFAULT_OVERLAP
from advocacy_calc.scenario import MAX_CONNECTIONS, MAX_PEOPLE, Scenario, network_label

Widget = Literal["slider", "int", "float", "select", "segmented", "toggle", "pills"]

NETWORK_LABELS = {name: network_label(name) for name in KNOWN_NETWORKS}  # the package's rule, for the choices
# Choices show these words; the scenario's own values (cpm, direct ...) are what the URL carries.
BASIS_LABELS = {"cpm": "CPM (impressions)", "cpc": "CPC (clicks)", "conservative": "Lower of the two"}
BASIS_IN_USE = {"cpm": "valued at the paid CPM (price of 1,000 impressions)",
                "cpc": "valued at the paid CPC (price of the clicks)",
                "conservative": "valued at the lower of CPM and CPC on each network"}
MODE_CHOICES = {"direct": "Analytics", "asset": "Asset", "clicks": "Clicks"}  # on the buttons


@dataclass(frozen=True)
class InputSpec:
    key: str
    label: str
    widget: Widget
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    fmt: str | None = None
    options: tuple[str, ...] = ()
    meaning: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def help(self) -> str:
        """Tooltip: what the input means, and where its default comes from."""
        source = benchmark_for(self.key)
        if source is None:
            return f"{self.meaning}\n\nDefault: the value model's own starting value (no published benchmark)."
        note = f" {source.note}" if source.note else ""
        return f"{self.meaning}\n\nDefault's source: {source.citation}.{note}"


def _rate(key: str, label: str, meaning: str, hi: float = 1.0, step: float = 0.01) -> InputSpec:
    return InputSpec(key, label, "slider", 0.0, hi, step, "percent", meaning=meaning)


def _network_specs(name: str) -> list[InputSpec]:
    p = f"networks.{name}."
    return [
        InputSpec(p + "connections", "Connections per sharer", "int", 0, MAX_CONNECTIONS, 10, "%d",
                  meaning=f"Average first-degree connections (followers, friends) of a sharer on {name}."),
        _rate(p + "visibility", "Share of connections who see it",
              "Organic reach: the fraction of a sharer's connections who actually see the post. "
              "100% is the worked example's assumption; real feeds show a post to far fewer."),
        _rate(p + "presence", "Sharers active here", f"Fraction of sharers who share on {name}."),
        InputSpec(p + "cpm", "Paid CPM", "float", 0.0, 1000.0, 0.5, "%.2f",
                  meaning=f"What {name} ads cost per 1,000 impressions. Use your own paid-media costs if you have them."),
        InputSpec(p + "cpc", "Paid CPC", "float", 0.0, 1000.0, 0.1, "%.2f",
                  meaning=f"What a click on a {name} ad costs. 0 = unknown (then the CPC basis values this network at 0)."),
        _rate(p + "ctr", "Click-through rate", "Clicks per impression. 0 = unknown.", hi=0.1, step=0.0005),
    ]


PROGRAM = [
    InputSpec("participants", "Participants", "int", 0, MAX_PEOPLE, 50, "%d",
              meaning="Employees enrolled in the advocacy program."),
    _rate("share_rate", "Share rate per story",
          "Participation rate: the fraction of participants who share a given story."),
    InputSpec("stories_per_day", "Stories per day", "slider", 0.0, 10.0, 0.5,
              meaning="Distinct stories the program puts out per working day, each shared by the share rate of participants."),
    InputSpec("working_days_per_month", "Working days per month", "int", 0, 31, 1, "%d",
              meaning="Working days in a month."),
    InputSpec("workforce", "Workforce (optional)", "int", 0, MAX_PEOPLE, 100, "%d",
              meaning="All employees, to show adoption (participants / workforce). 0 = not given."),
]
VALUATION = [
    InputSpec("valuation_basis", "Valuation basis", "segmented", options=tuple(BASIS_LABELS), labels=BASIS_LABELS,
              meaning="How media value is priced: CPM values impressions (the source's method), CPC values clicks, "
                      "Lower of the two takes the cheaper of the two per network. They price the same exposure, "
                      "so never both."),
    InputSpec("currency", "Currency", "select", options=CURRENCY_CODES,
              meaning="Any ISO 4217 code. Relabels every figure. No conversion: benchmark defaults are US dollars."),
    InputSpec("locale", "Number format (locale)", "select", options=ALL_LOCALE_TAGS,
              meaning="How amounts are written: symbol and its place, separators, grouping (de-DE: 31.500 €; "
                      "en-IN: ₹12,34,567). Starts as your browser's language where the app knows it."),
]
NETWORKS = InputSpec("networks", "Networks", "pills", options=KNOWN_NETWORKS, labels=NETWORK_LABELS,
                     meaning="The social networks your advocates share on (X is Twitter).")
DEMAND = [
    InputSpec("demand.mode", "How you know the leads", "segmented", options=tuple(MODE_CHOICES), labels=MODE_CHOICES,
              meaning="Analytics: leads read from web analytics (UTM links). Asset: an asset's leads times "
                      "advocacy's share of its traffic. Clicks: advocacy clicks times the landing page's conversion rate."),
    InputSpec("demand.advocacy_leads_per_month", "Advocacy leads per month", "float", 0.0, float(MAX_PEOPLE), 1.0, "%g",
              meaning="Leads per month that analytics attributes to advocacy (used with Analytics)."),
    InputSpec("demand.asset_leads_per_month", "Asset leads per month", "float", 0.0, float(MAX_PEOPLE), 1.0, "%g",
              meaning="All leads per month from one asset, such as a white paper (used with Asset)."),
    _rate("demand.advocacy_share_of_asset_traffic", "Advocacy share of the asset's traffic",
          "Fraction of the asset's visits that came through advocacy links (used with Asset)."),
    _rate("demand.landing_conversion_rate", "Leads per click", "Fraction of advocacy clicks that become leads (used with Clicks).",
          hi=0.5, step=0.005),
    InputSpec("demand.cost_per_lead", "Cost per lead", "float", 0.0, 100_000.0, 1.0, "%.2f",
              meaning="What a lead costs you through other channels: each advocacy lead saves this."),
    InputSpec("demand.include_in_total", "Add lead savings to the total", "toggle",
              meaning="Media value and lead savings measure different effects and may be added. Switch off when "
                      "leads come from clicks already valued at CPC (the same clicks would count twice)."),
]
FUNNEL = [
    _rate("demand.lead_to_mql", "Lead to MQL", "Fraction of leads that become marketing-qualified. 0 = no funnel."),
    _rate("demand.mql_to_sql", "MQL to SQL", "Fraction of MQLs that become sales-qualified."),
    _rate("demand.sql_to_won", "SQL to won", "Fraction of sales-qualified leads that are won."),
    InputSpec("demand.advocacy_conversion_factor", "Advocacy leads convert at (x other leads)", "float", 0.0, 20.0, 0.1,
              "%.1f", meaning="1 = advocacy leads convert like other leads. Say so if yours convert better or worse."),
    InputSpec("demand.average_deal_size", "Average deal size", "float", 0.0, 1e9, 100.0, "%.0f",
              meaning="Value of a won deal, for influenced pipeline and revenue (not added to value)."),
]
COST = [
    InputSpec("cost.seat_cost_per_month", "Platform cost per seat per month", "float", 0.0, 1_000_000.0, 1.0, "%.2f",
              meaning="What the advocacy platform charges per participant per month. Ask your vendor."),
    InputSpec("cost.fixed_cost_per_month", "Fixed cost per month", "float", 0.0, 1e9, 100.0, "%.0f",
              meaning="Licence, content and people costs that do not depend on participants."),
    InputSpec("cost.minutes_per_share", "Employee minutes per share", "float", 0.0, 600.0, 0.5, "%.1f",
              meaning="Time an employee spends on one share (optional)."),
    InputSpec("cost.hourly_cost", "Employee hourly cost", "float", 0.0, 1_000_000.0, 1.0, "%.2f",
              meaning="Loaded hourly cost of that time (optional)."),
]
HIRING = [
    InputSpec("hiring.referral_hires_per_month", "Referral hires per month", "float", 0.0, float(MAX_PEOPLE), 1.0, "%g",
              meaning="Hires per month through employee referrals attributed to the program."),
    InputSpec("hiring.cost_per_hire", "Cost per hire (other channels)", "float", 0.0, 1_000_000.0, 10.0, "%.0f",
              meaning="Average cost of a hire through other channels."),
    InputSpec("hiring.referral_cost_per_hire", "Cost per referral hire", "float", 0.0, 1_000_000.0, 10.0, "%.0f",
              meaning="Average cost of a referral hire (bonus, handling)."),
]


AUDIENCE_OVERLAP = _rate(
    "audience_overlap", "Audience overlap between sharers",
    "Fraction of a story's gross impressions that reach someone another sharer already reached: for unique "
    "reach only (media value stays on impressions, which is what paid media sells).")


def network_specs() -> list[InputSpec]:
    return [s for name in KNOWN_NETWORKS for s in _network_specs(name)]


def specs_for_network(name: str) -> list[InputSpec]:
    return _network_specs(name)


ALL_SPECS: dict[str, InputSpec] = {
    s.key: s for s in [*PROGRAM, *VALUATION, NETWORKS, *network_specs(), AUDIENCE_OVERLAP, *DEMAND, *FUNNEL, *COST,
                       *HIRING]
}
def values_to_scenario(values: dict[str, Any], name: str = "", import_mapping: dict | None = None) -> Scenario:
    """Build (and validate) a Scenario from widget values (and the Measure page's column mapping,
    which has no widget); raises ScenarioError."""
    networks = [n for n in KNOWN_NETWORKS if n in (values.get("networks") or [])]
    data: dict[str, Any] = {
        "name": name,
        "participants": values["participants"],
        "workforce": values["workforce"] or None,
        "share_rate": values["share_rate"],
        "stories_per_day": values["stories_per_day"],
        "working_days_per_month": values["working_days_per_month"],
        "valuation_basis": values["valuation_basis"],
        "currency": values["currency"],
        "locale": values.get("locale", "en-US"),
        "networks": [{"name": n, **{f: values[f"networks.{n}.{f}"] for f in _NETWORK_FIELDS}} for n in networks],
        "audience_overlap": values.get("audience_overlap", DEFAULT_OVERLAP),
    }
    for group in ("demand", "cost", "hiring"):
        prefix = group + "."
        data[group] = {k[len(prefix):]: v for k, v in values.items() if k.startswith(prefix)}
    if import_mapping:
        data["import_mapping"] = import_mapping
    return parse_scenario(data)


DEFAULT_VALUES = DEFAULT_INPUTS  # the worked example's inputs: a value equal to one is left out of the link


MAX_LISTED_CHOICES = 20  # a note lists every choice up to this many


def parse_url_value(spec: InputSpec, raw: str | list[str]) -> tuple[Any, str | None]:
    """Check one raw URL value against its input. Returns (value, None) or (None, why not)."""
    if spec.widget == "pills":
        items = [raw] if isinstance(raw, str) else list(raw)
        if items == [""]:  # the app's own link after every choice was cleared: none chosen
            return [], None
        unknown = [i for i in items if i not in spec.options]
        if unknown:
            return None, f"unknown {spec.label.lower()} {', '.join(shown(u) for u in unknown)} (use {', '.join(spec.options)})"
        return [o for o in spec.options if o in items], None
    if isinstance(raw, list):
        if len(raw) != 1:
            return None, "given more than once"
        raw = raw[0]
    # Choices as given, unstripped: Streamlit matches them exactly and drops " EUR " without a word.
    if spec.widget in ("select", "segmented"):
        if raw not in spec.options:
            if len(spec.options) > MAX_LISTED_CHOICES:  # hundreds of locales or currencies: a few examples
                return None, (f"{shown(raw)} is not one of the {len(spec.options):,} choices "
                              f"(for example {', '.join(spec.options[:3])})")
            return None, f"{shown(raw)} is not one of {', '.join(spec.options)}"
        return raw, None
    if spec.widget == "toggle":
        if raw.lower() not in ("true", "false"):
            return None, f"{shown(raw)} is not true or false"
        return raw.lower() == "true", None
    text = raw.strip()
    try:
        number = float(text)
    except ValueError:
        return None, f"{shown(text)} is not a number"
    if not math.isfinite(number):
        return None, f"{shown(text)} is not a finite number"
    if spec.widget == "int" and not number.is_integer():
        return None, f"{shown(text)} is not a whole number"
    if not (spec.lo <= number <= spec.hi):
        return None, f"{text[:30]} is outside {_bound(spec, spec.lo)} to {_bound(spec, spec.hi)}"
    return (int(number) if spec.widget == "int" else number), None


def shown(text: str, limit: int = 30) -> str:
    """Raw text from a URL, for a note: cut to `limit`, control characters written as escapes,
    and set as a Markdown code span, so it reads as typed, never as a link, emphasis, HTML or maths."""
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text[:limit])
    if not text.strip():
        return repr(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _bound(spec: InputSpec, x: float) -> str:
    if spec.fmt == "percent":
        return f"{x * 100:g}%"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"
