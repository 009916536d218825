"""Pinned scenarios (this session's shortlist), the baseline, and the side-by-side table.

Pins live in session state as {name: Scenario}; the baseline is one pin's name. The overview
reads `baseline_results()` to show its headline figures' change against the baseline.
"""

import math
import unicodedata
from typing import Any, Callable, Literal, get_origin

import pandas as pd
import streamlit as st

from advocacy_calc import Results, Scenario
from advocacy_calc.exports.fields import CHOICE_WORDS, inputs
from advocacy_calc.exports.tables import INPUT_DECIMALS, MONEY_DECIMALS, RATE_DECIMALS
from advocacy_calc.formatting import DEFAULT_LOCALE, count, currency_of, in_locale, money, percent, round_half_up
from advocacy_calc.groups import group_results
from advocacy_calc.scenario import network_label

from . import cached, identity, state
from .inputs import ALL_SPECS, KNOWN_NETWORKS, shown

PINNED = "_pinned"
BASELINE = "_baseline"
MAX_PINNED = 12
MAX_COMPARED = 4
NAME_MAX = 60
HIGHLIGHT = "background-color: #FFE08A; color: #111111"
EMPTY = "—"  # the one mark of a cell with nothing in it (no such network or group, not given, none)


# --- pins and baseline (session state) -------------------------------------------------------

def pinned() -> dict[str, Scenario]:
    return st.session_state.get(PINNED, {})


TABLE_COLUMNS = ("Section", "What")  # the comparison table's own columns, beside one per pinned scenario


def pin(name: str, scenario: Scenario) -> str | None:
    """Pin `scenario` under `name`; returns why not (for a message), or None when pinned."""
    name = " ".join(name.split())
    pins = dict(pinned())
    why = why_not_pinnable(name, pins)
    if why:
        return why
    pins[name] = scenario
    st.session_state[PINNED] = pins
    sync_pins_param()
    return None


def _pin_key(name: str) -> str:
    # Pins are the comparison table's columns: names a reader (or pandas) takes for one another are
    # one name, so "Sales", "sales", "Ｓａｌｅｓ" (full width) and "été" in NFC or NFD collide.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def why_not_pinnable(name: str, pins: dict[str, Scenario]) -> str | None:
    """Why `name` (spaces already collapsed) cannot be pinned beside `pins`, or None."""
    if not name:
        return "Give the scenario a name to pin it."
    if len(name) > NAME_MAX:
        return f"Names are at most {NAME_MAX} characters."
    if not name.isprintable():
        return "Names are one line of text without control characters."
    key = _pin_key(name)
    if key in {_pin_key(other) for other in pins}:
        return "A pinned scenario already has that name: choose another, or unpin that one first."
    if key in {_pin_key(c) for c in TABLE_COLUMNS}:
        return f"{name!r} names a column of the comparison table (Section, What): choose another name."
    if len(pins) >= MAX_PINNED:
        return f"At most {MAX_PINNED} pinned scenarios: unpin one first."
    return None


def sync_pins_param() -> None:
    """The number of pins in the address bar (state.PINS_PARAM), so a new session can say they were lost."""
    n = len(pinned())
    current = st.query_params.get(state.PINS_PARAM)
    if n and current != str(n):
        st.query_params[state.PINS_PARAM] = str(n)
    elif not n and current is not None:
        del st.query_params[state.PINS_PARAM]


def unpin(name: str) -> None:
    pins = dict(pinned())
    pins.pop(name, None)
    st.session_state[PINNED] = pins
    sync_pins_param()
    if st.session_state.get(BASELINE) == name:
        st.session_state[BASELINE] = None


def set_baseline(name: str | None) -> None:
    st.session_state[BASELINE] = name if name in pinned() else None


def baseline_name() -> str | None:
    name = st.session_state.get(BASELINE)
    return name if name in pinned() else None


def baseline_results(scenario: Scenario | None = None) -> tuple[str, Results] | None:
    """(name, results) of the baseline scenario, or None when there is none, or when it is in another
    currency than `scenario` (amounts are never converted: euros minus dollars is no change)."""
    name = baseline_name()
    if name is None or (scenario is not None and pinned()[name].currency != scenario.currency):
        return None
    return name, cached.results(pinned()[name])


def baseline_in_another_currency(scenario: Scenario) -> str | None:
    """The sentence the overview shows instead of changes when the baseline's currency is not the case's."""
    name = baseline_name()
    if name is None or pinned()[name].currency == scenario.currency:
        return None
    return (f"The baseline {shown(name, 60)} is in {pinned()[name].currency}, this case in {scenario.currency}: "
            "no changes are shown (amounts are not converted).")


# --- callbacks of the Scenarios page ------------------------------------------------------------

_MESSAGE = "_compare_message"


def pin_current() -> None:
    """Pin the sliders' scenario under the typed name, or with the box empty under the scenario's own name
    (a second pin of it numbered: "Q3 case (2)"); a callback: the name field is then cleared."""
    typed = " ".join(st.session_state.get("pin-name", "").split())
    name = typed or default_pin_name()
    why = pin(name, state.current_scenario())
    if why:
        st.session_state[_MESSAGE] = ("warning", why)
    else:
        st.session_state[_MESSAGE] = ("success", f"Pinned {shown(name, NAME_MAX)}.")
        st.session_state["pin-name"] = ""


def default_pin_name() -> str:
    """The name an empty name box pins under: the scenario's own, numbered if a pin has it."""
    return free_name(identity.label(state.current_scenario()), pinned())


def free_name(name: str, pins: dict[str, Scenario]) -> str:
    """`name` (cut to NAME_MAX), or the first of "name (2)", "name (3)", ... no pin has yet."""
    taken = {_pin_key(other) for other in pins}
    name = " ".join(name.split())
    candidate, n = name[:NAME_MAX].rstrip(), 1
    while _pin_key(candidate) in taken and n <= MAX_PINNED:
        n += 1
        suffix = f" ({n})"
        candidate = name[:NAME_MAX - len(suffix)].rstrip() + suffix
    return candidate


def load(name: str) -> None:
    """Put a pinned scenario back into the sliders (a callback: applied on the next run)."""
    if name in pinned():
        state.load_scenario(pinned()[name])
        st.session_state[_MESSAGE] = ("success", f"Loaded {shown(name, NAME_MAX)} into the sliders.")


def show_message() -> None:
    kind, text = st.session_state.pop(_MESSAGE, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind:
        st.warning(text, icon=":material/warning:")


# --- the comparison table ---------------------------------------------------------------------

Row = tuple[str, str, Callable[[Scenario, Results], Any], Callable[[Any, str], str]]


def _plain(value: Any, currency: str = "") -> str:
    """Text as it is, numbers in the scenario's locale (its currency carries it)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "n/a"
        return in_locale(f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.4g}",
                         _locale(currency))
    if isinstance(value, int):
        return in_locale(f"{value:,}", _locale(currency))
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _money(value: Any, currency: str) -> str:
    return EMPTY if value is None else money(value, currency)


def _locale(currency: str) -> str:
    return getattr(currency, "locale", DEFAULT_LOCALE)


def _percent(value: Any, currency: str = "") -> str:
    return EMPTY if value is None else percent(value, locale=_locale(currency))


def _count(value: Any, currency: str = "") -> str:
    return EMPTY if value is None else count(value, _locale(currency))


def _label(path: str) -> str:
    spec = ALL_SPECS.get(path)
    words = spec.label if spec else path.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    group = path.split(".", 1)[0] if "." in path and not path.startswith("networks.") else ""
    return f"{group.capitalize()}: {words}" if group else words


def _input_formatter(path: str) -> Callable[[Any, str], str]:
    spec = ALL_SPECS.get(path)
    if spec is not None and spec.fmt == "percent":
        return _percent
    return _plain


def _getter(path: list[str], annotation: Any = None) -> Callable[[Scenario, Results], Any]:
    """The field's value; a coded choice (a Literal field: "cpm", "direct") in the words the sidebar and
    the PDF use (CHOICE_WORDS: "CPM", "analytics")."""
    choice = get_origin(annotation) is Literal

    def get(scenario: Scenario, _: Results) -> Any:
        value: Any = scenario
        for part in path:
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if choice and isinstance(value, str):
            return CHOICE_WORDS.get(value, value)
        return value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return get


def _network_getter(name: str, field: str) -> Callable[[Scenario, Results], Any]:
    def get(scenario: Scenario, _: Results) -> Any:
        net = scenario.network(name)
        return None if net is None else getattr(net, field)
    return get


def _group_getter(name: str, field: str) -> Callable[[Scenario, Results], Any]:
    """A group's own figure (None where the scenario has no such group): sizes as whole people, as shown. A
    group without own values is None too, as no group is: the same nothing, so they compare equal."""
    def get(scenario: Scenario, _: Results) -> Any:
        if field in ("seat_cost_per_month_own", "connections", "presence"):
            group = next((g for g in scenario.groups if g.name == name), None)
            if group is None:
                return None
            return group.seat_cost_per_month if field == "seat_cost_per_month_own" else getattr(group, field) or None
        part = next((g for g in group_results(scenario) if g.name == name and scenario.groups), None)
        if part is None:
            return None
        return round(part.participants) if field == "participants" else getattr(part, field)
    return get


def _by_network(fmt: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    return lambda value, currency="": ", ".join(f"{k} {fmt(v, currency)}" for k, v in value.items()) if value \
        else EMPTY


def _group_rows(scenarios: list[Scenario], section: str) -> list[Row]:
    """Each group by name: its own inputs (Inputs) or its part of the figures (Results)."""
    names = list(dict.fromkeys(g.name for s in scenarios for g in s.groups))
    fields = ((("participants", "participants", _count), ("share_rate", "share rate", _percent),
               ("seat_cost_per_month_own", "own seat cost per month", _plain),
               ("connections", "own connections", _by_network(_count)),
               ("presence", "own presence", _by_network(_percent)))
              if section == "Inputs" else
              (("impressions_per_story", "impressions per story", _count),
               ("value_per_month", "value per month", _money),
               ("value_per_participant_per_month", "value per seat per month", _money)))
    return [(section, f"Group {name}: {words}", _group_getter(name, field), fmt)
            for name in names for field, words, fmt in fields]


def _source_rows(scenarios: list[Scenario]) -> list[Row]:
    """Where each input not at its default comes from, a row each: "your input: our Q3 CPM", "measured: ..."."""
    labels = {i.path: i.label for s in scenarios for i in inputs(s)}
    paths = list(dict.fromkeys(p for s in scenarios for p in s.provenance))

    def source(path: str) -> Callable[[Scenario, Results], Any]:
        def get(scenario: Scenario, _: Results) -> str:
            given = scenario.provenance.get(path)
            if given is None:
                return "default"
            words = "measured" if given.kind == "measured" else "your input"
            return f"{words}: {given.note.strip()}" if given.note.strip() else words
        return get
    return [("Inputs", f"Source: {labels.get(p, _label(p))}", source(p), _plain) for p in paths]


def _input_rows(scenarios: list[Scenario]) -> list[Row]:
    """Every field of the model, walked from its schema (so fields added later appear too)."""
    rows: list[Row] = []
    names = [n for n in KNOWN_NETWORKS if any(s.network(n) for s in scenarios)]
    names += sorted({n.name for s in scenarios for n in s.networks} - set(names))
    for field, info in Scenario.model_fields.items():
        # Not inputs: the Measure page's column mapping, and the forecast ranges around the inputs.
        if field in ("version", "name", "import_mapping", "ranges"):
            continue
        # Lists as a count, each item on rows of its own below (a list in one cell was cut at 1280 px:
        # "Executives, Sales, Ev…"): the names are in the What column.
        if field == "groups":
            rows.append(("Inputs", "Groups of advocates", lambda s, _: len(s.groups) or None, _plain))
            rows += _group_rows(scenarios, "Inputs")
            continue
        if field == "provenance":
            rows += _source_rows(scenarios)
            continue
        if field == "networks":
            rows.append(("Inputs", "Networks", lambda s, _: len(s.networks) or None, _plain))
            for net in names:
                for nf in ("connections", "visibility", "presence", "cpm", "cpc", "ctr"):
                    path = f"networks.{net}.{nf}"
                    label = ALL_SPECS[path].label if path in ALL_SPECS else nf
                    fmt = _percent if nf in ("visibility", "presence", "ctr") else _plain
                    rows.append(("Inputs", f"{network_label(net)}: {label}", _network_getter(net, nf), fmt))
            continue
        sub = getattr(info.annotation, "model_fields", None)
        if sub:
            for child, child_info in sub.items():
                path = f"{field}.{child}"
                rows.append(("Inputs", _label(path), _getter([field, child], child_info.annotation),
                             _input_formatter(path)))
        else:
            rows.append(("Inputs", _label(field), _getter([field], info.annotation), _input_formatter(field)))
    return rows


def _result_formatter(field: str) -> Callable[[Any, str], str]:
    if field in ("roi", "break_even_share_rate", "adoption"):
        return _percent
    if any(w in field for w in ("value", "savings", "cost", "pipeline", "revenue")):
        return _money
    if isinstance(field, str) and field in ("valuation_basis",):
        return _plain
    return _count


def _result_rows(scenarios: list[Scenario]) -> list[Row]:
    rows: list[Row] = []
    for field, info in Results.model_fields.items():
        if field in ("networks", "funnel", "valuation_basis"):
            continue
        label = field.replace("_", " ").capitalize().replace("Roi", "ROI").replace("Cpm", "CPM").replace("Cpl", "CPL")
        fmt = _plain if info.annotation is bool else _result_formatter(field)
        rows.append(("Results", label, (lambda f: lambda _, r: getattr(r, f))(field), fmt))
    for field in ("mqls_per_month", "sqls_per_month", "deals_won_per_month", "pipeline_per_month", "revenue_per_month"):
        label = "Funnel: " + field.replace("_", " ").replace("mqls", "MQLs").replace("sqls", "SQLs")
        rows.append(("Results", label, (lambda f: lambda _, r: getattr(r.funnel, f) if r.funnel else None)(field),
                     _result_formatter(field)))
    nets = list(dict.fromkeys(n.name for s in scenarios for n in s.networks))
    for net in nets:
        for field, words in (("impressions_per_story", "impressions per story"),
                             ("value_per_month", "value per month")):
            rows.append(("Results", f"{network_label(net)}: {words}",
                         (lambda n, f: lambda _, r: next((getattr(x, f) for x in r.networks if x.name == n), None))(
                             net, field), _result_formatter(field)))
    rows += _group_rows(scenarios, "Results")
    return rows


def comparison(scenarios: dict[str, Scenario], reference: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, differs): every input and result as text, one column per scenario, and which cells
    differ from the reference column (the first one unless given). Differences are on the raw values."""
    names = list(scenarios)
    reference = reference if reference in scenarios else (names[0] if names else None)
    results = {n: cached.results(s) for n, s in scenarios.items()}
    rows = _input_rows(list(scenarios.values())) + _result_rows(list(scenarios.values()))
    index, shown, differs = [], [], []
    for section, label, get, fmt in rows:
        raw = {n: get(scenarios[n], results[n]) for n in names}
        index.append((section, label))
        shown.append([fmt(raw[n], currency_of(scenarios[n])) for n in names])
        ref = raw[reference] if reference else None
        differs.append([n != reference and not _same(raw[n], ref) for n in names])
    idx = pd.MultiIndex.from_tuples(index, names=["", "What"])
    return pd.DataFrame(shown, index=idx, columns=names), pd.DataFrame(differs, index=idx, columns=names)


def values(scenarios: dict[str, Scenario]) -> pd.DataFrame:
    """The comparison as data, for its CSV: Section, What, then each scenario's value as the model
    holds it (numbers stay numbers, rates are fractions, empty where there is none), each number
    rounded by what its row is (_decimals). The frame is mixed text and numbers, so the CSV's own
    rounding (by column) leaves it: it is done here."""
    results = {n: cached.results(s) for n, s in scenarios.items()}
    rows = _input_rows(list(scenarios.values())) + _result_rows(list(scenarios.values()))
    data = [[section, label, *(_csv_value(get(s, results[n]), _decimals(section, fmt))
                               for n, s in scenarios.items())]
            for section, label, get, fmt in rows]
    return pd.DataFrame(data, columns=["Section", "What", *scenarios])


def _decimals(section: str, fmt: Callable[[Any, str], str]) -> int:
    """A row's decimals in the CSV, as the exports' tables: inputs as given (INPUT_DECIMALS, a CPM of
    1000/85 is 11.764706), rates (shown as percents) to 6 decimals, money and counts to the cent."""
    if section == "Inputs":
        return INPUT_DECIMALS
    return RATE_DECIMALS if fmt is _percent else MONEY_DECIMALS


def _csv_value(value: Any, decimals: int) -> Any:
    """One cell of the CSV: a number rounded half up (as every printed figure), lists and a group's
    per-network figures as one line of text, None for nothing (an empty cell)."""
    if isinstance(value, float):
        return float(round_half_up(value, decimals)) + 0.0 if math.isfinite(value) else None  # + 0.0: no "-0.0"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or None
    if isinstance(value, dict):
        return ", ".join(f"{k} {_csv_value(v, decimals)}" for k, v in value.items()) or None
    return None if value == "" else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


TABLE_PX = 780  # the table's width at 1280 px with the sidebar open: every compared column shows whole there
_WHAT_PX = {2: 360, 3: 300, 4: 260}  # the labels' column gives way as scenarios are added


def column_widths(names: list[str]) -> dict[str, Any]:
    """Column sizes that keep 2-4 scenarios on screen at 1280 px (wider screens stretch them): the fourth was
    off to the right, behind a scroll bar. A scenario's full name is its header's tooltip."""
    what = _WHAT_PX.get(len(names), 260)
    each = max(100, (TABLE_PX - 75 - what) // max(len(names), 1))
    return {"Section": st.column_config.TextColumn(width=75), "What": st.column_config.TextColumn(width=what),
            **{name: st.column_config.TextColumn(width=each, help=name) for name in names}}


def styled(shown: pd.DataFrame, differs: pd.DataFrame, only_differences: bool = False) -> Any:
    """The table with differing cells highlighted (optionally only the rows with a difference);
    the section and label become ordinary columns so the page can size them."""
    if only_differences:
        keep = differs.any(axis=1)
        shown, differs = shown[keep], differs[keep]
    table = shown.reset_index().rename(columns={"": "Section"})
    mask = differs.reset_index(drop=True).map(lambda d: HIGHLIGHT if d else "")
    mask.insert(0, "What", "")
    mask.insert(0, "Section", "")
    mask.columns = table.columns
    return table.style.apply(lambda _: mask, axis=None)
