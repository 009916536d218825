"""The Measure page's pieces: uploads, the column-mapping step, metric sections, calibration, UTM plan.

Nothing here runs on other pages: advocacy_calc.measure is imported only by the Measure page.
Parsed files are cached by content (st.cache_data hashes the bytes), metrics by file digest,
mapping and filters, so a rerun of the page does no measuring work twice.
"""

import hashlib
import json
import logging
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from advocacy_calc import Scenario, ScenarioError
from advocacy_calc.formatting import DEFAULT_LOCALE, count, currency_of, in_locale, money, percent
from advocacy_calc.measure import (KINDS, MAX_EXPORT_MB, Exports, Measured, calibrate, forecast_vs_actual,
                                   guess_mapping, mappings_from_json, mappings_to_json, measure, period_of,
                                   select, teams_of)
from advocacy_calc.measure import charts as mcharts
from advocacy_calc.groups import starting_group, templates
from advocacy_calc.measure.calibrate import calibrate_by_group
from advocacy_calc.measure.metrics import DEFINITIONS, spammers_definition, spans_of
from advocacy_calc.measure import utm
from advocacy_calc.measure.loading import Loaded, load_raw
from advocacy_calc.measure.mapping import Mapping
from advocacy_calc.measure.reading import MAX_CELLS, MAX_COLUMNS, SHEET_EXTENSIONS, TEXT_EXTENSIONS, RawTable
from advocacy_calc.measure.synthetic import synthetic_files

from . import cached, downloads, present, state, upload_reader
from .local_tables import in_scenario_locale
from .forecast_state import label as input_label
from .inputs import shown

log = logging.getLogger(__name__)
UPLOAD_TYPES = [e.lstrip(".") for e in TEXT_EXTENSIONS + SHEET_EXTENSIONS]
NONE = "(not in this file)"
SYNTHETIC = "measure_synthetic"
MAPPINGS = state.IMPORT_MAPPING  # {kind: mapping}: JSON, downloadable, loadable, saved with the scenario
_MAPPING_LOADED = "_measure_mapping_loaded"  # the outcome of loading a mapping file, for the popover
CALIBRATED = "measure_calibrated"
ALL_TEAMS = "All teams"


# --- Cached pure work ----------------------------------------------------------------------

@st.cache_data(max_entries=1, show_spinner=False)
def synthetic_exports() -> dict[str, tuple[str, bytes]]:
    return synthetic_files()


def read_raw(data: bytes, filename: str) -> tuple[RawTable | None, list[str]]:
    # Parsed in the reader worker (memory and time limits), cached by content within a byte bound. The
    # spinner shows only after half a second: a cached file never shows it.
    with st.spinner(f"Reading {shown(filename, 60)}…"):
        return upload_reader.read_upload(data, filename)


def load_mapped(data: bytes, filename: str, kind: str, mapping_json: str) -> tuple[Loaded | None, list[str]]:
    raw, problems = read_raw(data, filename)
    if raw is None:
        return None, problems

    def compute() -> tuple[tuple[Loaded | None, list[str]], int]:
        try:
            item = load_raw(raw, kind, json.loads(mapping_json))
            return (item, []), int(item.frame.memory_usage(deep=True, index=True).sum())
        except ScenarioError as exc:
            return (None, exc.problems), 1024
        except Exception:  # one bad file must never take the page with it
            log.exception("reading %s as %s failed", raw.label, kind)
            return (None, [f"{raw.label}: could not be read as {KINDS[kind].label.lower()} (the details are in "
                           "the server log); check the column mapping, or export it again"]), 1024
    return upload_reader.cached(("mapped", upload_reader.digest(data), filename, kind, mapping_json), compute)


@st.cache_data(max_entries=32, show_spinner="Measuring…")
def measured(key: str, _exports: Exports, start: date | None, end: date | None, team: str | None,
             workforce: int | None, cost_per_lead: float, cpc_by_network: tuple[tuple[str, float], ...] = ()
             ) -> Measured:
    # `key` names the exports (file digests and mappings); _exports is not hashed (it is large).
    # start/end: a period the user picked; None: the overlap of the shares and leads (metrics.period_of).
    period = (pd.Timestamp(start), pd.Timestamp(end)) if start and end else None
    chosen = select(_exports, *(period or (None, None)), team=team)
    return measure(chosen, workforce=workforce, cost_per_lead=cost_per_lead, period=period,
                   cpc_by_network=dict(cpc_by_network))


# --- Files and mapping ----------------------------------------------------------------------

def gather_files(demo: bool, locale: str = DEFAULT_LOCALE) -> dict[str, tuple[str, bytes]]:
    """The uploads (four optional kinds), or the synthetic exports when asked for and nothing is uploaded."""
    st.markdown("**1. Your exports** (each optional; CSV or XLSX, up to "
                f"{MAX_EXPORT_MB} MB, {count(MAX_COLUMNS, locale)} columns and {count(MAX_CELLS, locale)} cells each)")
    files: dict[str, tuple[str, bytes]] = {}
    cols = st.columns(4)
    for col, (kind, spec) in zip(cols, KINDS.items()):
        up = col.file_uploader(spec.label, type=UPLOAD_TYPES, key=f"upload-{kind}", help=spec.meaning,
                               max_upload_size=MAX_EXPORT_MB)
        if up is not None:
            files[kind] = (up.name, up.getvalue())
    row = st.container(horizontal=True, vertical_alignment="center")
    using_demo = not files and (demo or st.session_state.get(SYNTHETIC, False))
    if using_demo:
        row.button("Stop using synthetic data", key="measure-demo-off", icon=":material/close:",
                   on_click=_set_demo, args=(False,))
        row.caption("Showing **synthetic** exports (made-up people and numbers, fixed seed): "
                    "upload your own to replace them.")
        return dict(synthetic_exports())
    row.button("Try with synthetic data", key="measure-demo", icon=":material/science:", on_click=_set_demo,
               args=(True,), help="Four made-up exports, clearly labelled synthetic, to see what the page does.")
    return files


def _set_demo(on: bool) -> None:
    st.session_state[SYNTHETIC] = on
    if not on and st.query_params.get("demo") == "true":
        del st.query_params["demo"]


def mapping_step(files: dict[str, tuple[str, bytes]], locale: str = DEFAULT_LOCALE
                 ) -> tuple[Exports, dict[str, Loaded], str]:
    """Per file: the guessed mapping in an editable table, then the typed data (or its problems)."""
    st.markdown("**2. Which column is which** (guessed from the column names; correct any row)")
    saved: dict[str, Mapping] = st.session_state.setdefault(MAPPINGS, {})
    loaded: dict[str, Loaded] = {}
    key_parts = []
    for kind, (name, data) in files.items():
        spec = KINDS[kind]
        raw, problems = read_raw(data, name)
        if raw is None:
            _problems(spec.label, name, problems)
            continue
        digest = hashlib.sha1(data).hexdigest()[:12]
        version = f"{digest}-{st.session_state.get(state.IMPORT_MAPPING_VERSION, 0)}"  # a new mapping: new editor
        mapping = _usable(saved.get(kind), raw.columns) or guess_mapping(raw.columns, kind)
        missing = [f.name for f in spec.fields if f.required and not mapping.get(f.name)]
        rows = count(len(raw.frame), locale)
        with st.expander(f"{spec.label}: {shown(name, 80)} · {rows} rows", expanded=bool(missing),
                         icon=":material/table_view:"):
            mapping = _mapping_editor(kind, raw, mapping, version)
        saved[kind] = mapping
        mapping_json = json.dumps(mapping, sort_keys=True)
        item, problems = load_mapped(data, name, kind, mapping_json)
        if item is None:
            _problems(spec.label, name, problems)
            continue
        loaded[kind] = item
        key_parts.append(f"{kind}:{digest}:{mapping_json}")
    _mapping_files(saved)
    exports = Exports(**{k: v.frame for k, v in loaded.items()})
    return exports, loaded, hashlib.sha1("|".join(key_parts).encode()).hexdigest()


def _usable(mapping: Mapping | None, columns: list[str]) -> Mapping | None:
    """A saved mapping applies to a file that has every column it names."""
    if not mapping or any(c is not None and c not in columns for c in mapping.values()):
        return None
    return mapping


def _mapping_editor(kind: str, raw: RawTable, mapping: Mapping, version: str) -> Mapping:
    spec = KINDS[kind]
    table = pd.DataFrame({
        "field": [f.name for f in spec.fields],
        "meaning": [f.meaning + (" (required)" if f.required else "") for f in spec.fields],
        "column": [mapping.get(f.name) or NONE for f in spec.fields],
    })
    edited = st.data_editor(
        table, key=f"mapping-{kind}-{version}", hide_index=True, disabled=["field", "meaning"],
        column_config={
            "field": st.column_config.TextColumn("Field", width="small"),
            "meaning": st.column_config.TextColumn("What it is", width="medium"),
            "column": st.column_config.SelectboxColumn("Column in your file", options=[NONE, *raw.columns],
                                                       required=True, width="medium"),
        })
    # Long cells cut for the preview: one 400 MB cell would exceed the browser message limit.
    sample = raw.frame.head(3).map(lambda v: v[:200] + "…" if isinstance(v, str) and len(v) > 200 else v)
    st.caption("First rows of the file, as read:")
    st.dataframe(sample, hide_index=True, width="stretch")
    return {f: (None if c in (NONE, None) else str(c)) for f, c in zip(edited["field"], edited["column"])}


def _problems(label: str, name: str, problems: list[str]) -> None:
    # The lines quote the file's own names and cells: plain text, never Markdown.
    st.error(f"{label} ({shown(name, 80)}) not used: nothing from it is counted", icon=":material/error:")
    st.code("\n".join(problems[:12]) + (f"\n… and {len(problems) - 12} more" if len(problems) > 12 else ""),
            language=None, wrap_lines=True)


def _mapping_files(saved: dict[str, Mapping]) -> None:
    with st.popover("Save or load the column mapping", icon=":material/save:"):
        st.caption("The mapping is kept for this session and saved with the scenario (Team library, its JSON "
                   "export); opening that scenario brings it back. Download it to reuse with next month's exports "
                   "(here or with `advocacy-calc measure --mapping`).")
        st.download_button("Download mapping (JSON)", data=mappings_to_json(saved), file_name="column_mapping.json",
                           mime="application/json", on_click="ignore", key="mapping-download",
                           icon=":material/download:")
        st.file_uploader("Load a saved mapping", type=["json"], key="mapping-upload", on_change=_load_mapping_file)
        loaded = st.session_state.get(_MAPPING_LOADED)
        if loaded == []:
            st.success("Mapping loaded: it applies to files that have its columns.")
        elif loaded:
            st.error("Mapping not loaded:")
            st.code("\n".join(loaded), language=None, wrap_lines=True)


def _load_mapping_file() -> None:
    """Once, when a file is chosen (not on every rerun, which would undo later edits in the tables)."""
    up = st.session_state.get("mapping-upload")
    if up is None:
        st.session_state.pop(_MAPPING_LOADED, None)
        return
    try:
        state.set_import_mapping(mappings_from_json(up.getvalue()))
        st.session_state[_MAPPING_LOADED] = []
    except ScenarioError as exc:
        st.session_state[_MAPPING_LOADED] = exc.problems


# --- Filters, calibration ---------------------------------------------------------------------

def filters(exports: Exports) -> tuple[date | None, date | None, str | None]:
    """The period (None, None: the overlap of the shares and leads, as metrics.period_of) and the team."""
    period = period_of(exports)
    spans = spans_of(exports)
    teams = teams_of(exports)
    cols = st.columns([2, 1])
    start = end = None
    if spans:
        lo, hi = min(a for a, _ in spans.values()).date(), max(b for _, b in spans.values()).date()
        default = (period[0].date(), period[1].date()) if period else (lo, hi)
        chosen = cols[0].date_input("Period", value=default, min_value=lo, max_value=hi, key="measure-period",
                                    format="YYYY-MM-DD",
                                    help="Every rate counts only rows in this period. It starts as the overlap "
                                         "of the shares and leads; each file's own dates are listed below.")
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2 and tuple(chosen) != default:
            start, end = chosen
        elif period is None:  # no overlap: the user's (or the whole) range, said on the page
            start, end = default
    team = cols[1].selectbox("Team", [ALL_TEAMS, *teams], key="measure-team",
                             help="Shares and roster of one team; analytics and leads are never per team.")
    return start, end, (None if team == ALL_TEAMS else team)


TEAM_GROUPS = "measure_team_groups"  # {team: group of advocates}, plain data


def team_groups_editor(exports: Exports, scenario: Scenario) -> dict[str, str]:
    """The roster's teams mapped to groups of advocates (an editable table; every team starts in Everyone else)."""
    teams = teams_of(exports)
    if not teams:
        return {}
    current = st.session_state.get(TEAM_GROUPS) or {}
    options = list(dict.fromkeys([*templates(), *(g.name for g in scenario.groups), *teams]))
    with st.expander("Teams to groups of advocates", icon=":material/groups:"):
        st.caption("Map each team to a group: *Start the what-if* then fills each group's participants and its "
                   "measured share rate (over all the program's stories). A team starts in the scenario's group of "
                   "its name, else in Everyone else. A scenario's group no team maps to is kept as it was (its "
                   "people and share rate). Every team in one group, and no other: one group.")
        rows = st.data_editor([{"Team": t, "Group": current.get(t, starting_group(t, scenario))} for t in teams],
                              key="measure-team-groups", hide_index=True, disabled=["Team"], width="stretch",
                              column_config={"Group": st.column_config.SelectboxColumn(options=options,
                                                                                       required=True)})
    mapping = {r["Team"]: r["Group"] for r in rows}
    st.session_state[TEAM_GROUPS] = mapping
    return mapping


def calibrate_button(m: Measured, scenario: Scenario, exports: Exports | None = None,
                     team_groups: dict[str, str] | None = None) -> None:
    # by group with two or more mapped groups, or with groups in the scenario (one no team maps to is kept)
    by_group = exports is not None and bool(team_groups) and (len(set(team_groups.values())) >= 2
                                                              or bool(scenario.groups))
    st.button("Start the what-if from these numbers", key="measure-calibrate", type="primary",
              icon=":material/play_arrow:", on_click=_calibrate,
              args=(m, scenario, exports if by_group else None, team_groups if by_group else None),
              help="Participants, share rate, stories per day, per-network presence and CTR, and leads per month "
                   "go into the scenario (and the link); everything else stays as it is.")
    note = st.session_state.get(CALIBRATED)
    if note:
        with st.container(border=True, key="calibration-note"):
            st.markdown("**The what-if now starts from your data.** From the exports:")
            st.markdown("\n".join(f"- **{input_label(k)}**: {v}" for k, v in note["from_data"].items()))
            st.markdown("Still benchmarks or your own figures"
                        + present.sidebar_hint(" (check them in the sidebar)") + ": "
                        + ", ".join(input_label(k) for k in note["still"]) + ".")
            for line in note["notes"]:  # they quote the exports (a network's name): plain text
                st.text(line)


def _calibrate(m: Measured, scenario: Scenario, exports: Exports | None = None,
               team_groups: dict[str, str] | None = None) -> None:
    try:
        cal = calibrate_by_group(m, exports, team_groups, scenario) if exports is not None else calibrate(m, scenario)
    except ScenarioError as exc:
        st.session_state[CALIBRATED] = {"from_data": {}, "still": [], "notes": exc.problems}
        return
    except ValueError as exc:  # groups that cannot be (a name with a dot, more than 8): said, nothing changed
        st.session_state[CALIBRATED] = {"from_data": {}, "still": [], "notes": str(exc).splitlines()[:3]}
        return
    state.load_scenario(cal.scenario)
    st.session_state[CALIBRATED] = {"from_data": cal.from_data, "still": cal.still_benchmarks, "notes": cal.notes}


# --- Metric sections -------------------------------------------------------------------------

def _metric(label: str, value: str, help: str | None = None) -> None:
    st.metric(label, value, help=help, border=True)


def _pct(x: Any, locale: str) -> str:
    return "n/a" if x is None else percent(x, locale=locale)


def _num(x: Any, locale: str) -> str:
    return "n/a" if x is None else count(x, locale)


def _signed_pct(x: float, locale: str) -> str:
    shown = percent(x, 0, locale)
    return ("+" if x > 0 and shown != percent(0.0, 0, locale) else "") + shown


def period_note(m: Measured, locale: str = DEFAULT_LOCALE) -> None:
    """The one period every rate is measured over, who counts as a participant, and what was left out."""
    s = m.summary
    lines = [f"**Period:** {s['period_basis']} {DEFINITIONS['period']}",
             f"**Participants:** {s['participants_basis']}."]
    if s.get("non_participant_sharers"):
        lines.append(f"**Not participants:** {count(s['non_participant_sharers'], locale)} people shared "
                     f"{count(s['shares_by_non_participants'], locale)} times without being participants; their "
                     "shares are listed (Everyone tab) and left out of every rate.")
    if s.get("duplicate_shares"):
        lines.append(f"**Duplicates:** {count(s['duplicate_shares'], locale)} share rows repeated another row "
                     "exactly and were counted once.")
    box = st.warning if s.get("period_start") is None and s.get("exports") != ["analytics"] else st.caption
    box("  \n".join(lines))


PCT = st.column_config.NumberColumn(format="percent")
NUM = st.column_config.NumberColumn(format="localized")
DEC = st.column_config.NumberColumn(format="%.2f")
DAY = st.column_config.DateColumn(format="YYYY-MM-DD")


def table(scenario: Scenario, frame: pd.DataFrame | None, key: str, columns: dict[str, str] | None = None) -> None:
    """A sortable table with readable headers and formats (click a header to sort), and its CSV through the
    one formula-injection rule: the grid's own CSV export is off app-wide (it writes uploaded text raw)."""
    if frame is None or frame.empty:
        st.caption("Nothing to show for this selection.")
        return
    config: dict[str, Any] = {}
    for col in frame.columns:
        label = (columns or {}).get(col, col.replace("_", " ").capitalize())
        if col.endswith(("_rate", "of_participants", "share_of_shares", "presence", "_to_mql", "_to_sql", "_to_won")):
            config[col] = st.column_config.NumberColumn(label, format="percent")
        elif col.endswith("per_share") or col.endswith("per_week") or col.endswith("per_month"):
            config[col] = st.column_config.NumberColumn(label, format="%.2f")
        elif pd.api.types.is_datetime64_any_dtype(frame[col]):
            config[col] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]):
            config[col] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[col] = st.column_config.Column(label)
    data, config = in_scenario_locale(frame, config, scenario.locale)
    st.dataframe(data, hide_index=True, width="stretch", column_config=config, key=key,
                 height=min(38 + 35 * len(frame), 400))
    downloads.frame_button(frame, scenario, key.removeprefix("tbl-"), "Table (CSV)")


def sections(m: Measured, scenario: Scenario) -> None:
    s, t, cur = m.summary, m.tables, currency_of(scenario)
    loc = scenario.locale
    st.subheader("Adoption")
    with st.container(horizontal=True, key="measure-adoption"):
        _metric("Participants", _num(s.get("participants"), loc), DEFINITIONS["participants"])
        _metric("Active", _pct(s.get("active_of_participants"), loc), DEFINITIONS["active"])
        _metric("Invited of workforce", _pct(s.get("invited_of_workforce"), loc),
                present.sidebar_hint("needs the workforce in the sidebar", "needs the workforce"))
        _metric("Registered of invited", _pct(s.get("registered_of_invited"), loc))
        _metric("Shares from mobile", _pct(s.get("mobile_share_of_shares"), loc),
                "mobile vs desktop, by the device column")

    if "shares" in s:
        st.subheader("Activity")
        with st.container(horizontal=True, key="measure-activity"):
            _metric("Measured share rate", _pct(s.get("share_rate"), loc), DEFINITIONS["share_rate"])
            _metric("Shares per active participant per working week",
                    _num(s.get("shares_per_active_per_working_week"), loc), DEFINITIONS["shares_per_week"])
            _metric("Stories per working day", _num((s.get("stories") or 0) / max(1, s.get("working_days") or 1), loc))
            _metric("Clicks per share", _num(s.get("clicks_per_share"), loc) if s.get("clicks") is not None else "n/a",
                    "shown for reference: the model's CTR is clicks ÷ impressions")
            if s.get("paid_click_equivalent") is not None:
                unpriced = s.get("clicks_without_cpc") or 0
                _metric("Same clicks as paid social, per month", money(s["paid_click_equivalent_per_month"], cur),
                        DEFINITIONS["paid_social"] + f" {money(s['paid_click_equivalent'], cur)} over the period."
                        + (f" {count(unpriced, loc)} clicks on networks without a CPC in the scenario are left out."
                           if unpriced else ""))
            elif s.get("clicks") is not None:
                _metric("Same clicks as paid social, per month", "n/a",
                        DEFINITIONS["paid_social"] + present.sidebar_hint(" Enter each network's CPC in the sidebar to see it."))
        weekly = t.get("weekly")
        if weekly is not None and len(weekly):
            left, right = present.chart_columns(2)
            with left:
                st.markdown("**Share rate each week** (mean over the week's stories of sharers ÷ participants)")
                spec = mcharts.weekly_chart(weekly, {"share_rate": "Share rate"}, "Share of participants", ".0%",
                                            loc)
                downloads.chart(spec, scenario, "weekly-participation", key="measure-weekly-participation",
                                alt="Line chart of the share of participants active each week")
                change = s.get("participation_change")
                if change is not None:
                    st.caption(f"Share rate in the first quarter of the period's weeks: "
                               f"{_pct(s['share_rate_first_quarter'], loc)}; in the last quarter: "
                               f"{_pct(s['share_rate_last_quarter'], loc)} (change {_signed_pct(change, loc)}).")
            with right:
                st.markdown("**Shares and clicks each week**")
                spec = mcharts.weekly_chart(weekly, {"shares": "Shares", "clicks": "Clicks"}, "Per week",
                                            locale=loc)
                downloads.chart(spec, scenario, "weekly-activity", key="measure-weekly-activity",
                                alt="Line chart of shares and clicks each week")
        tabs = st.tabs(["Everyone", "Early adopters", "Least active", "Spammers", "Teams"])
        people_cols = {"employee": "Employee", "team": "Team", "shares": "Shares", "stories": "Stories",
                       "first_share": "First share", "last_share": "Last share", "clicks": "Clicks",
                       "clicks_per_share": "Clicks per share", "registered": "Registered", "spammer": "Spammer?",
                       "participant": "Participant?", "shares_per_working_week": "Shares per working week",
                       "clicks_expected": "Clicks at the networks' usual rate"}
        with tabs[0]:
            st.caption("Everyone who shared and every participant; people who are not participants are marked "
                       "and left out of every rate.")
            table(scenario, t.get("employees"), "tbl-employees", people_cols)
        with tabs[1]:
            st.caption(DEFINITIONS["early_adopters"])
            table(scenario, t.get("early_adopters"), "tbl-early", people_cols)
        with tabs[2]:
            st.caption(DEFINITIONS["least_active"])
            table(scenario, t.get("least_active"), "tbl-least", people_cols)
        with tabs[3]:
            st.caption(spammers_definition(loc))
            table(scenario, t.get("spammers"), "tbl-spammers", people_cols)
        with tabs[4]:
            table(scenario, t.get("teams"), "tbl-teams")

        st.subheader("Content and curators")
        with st.container(horizontal=True, key="measure-content"):
            _metric("Stories shared", _num(s.get("stories"), loc))
            _metric("Branded share of shares", _pct(s.get("branded_share_of_shares"), loc),
                    "company content ÷ all shares (needs a branded column)")
            ratio = s.get("branded_to_non_branded")
            _metric("Branded : non-branded", "n/a" if ratio is None else f"{in_locale(f'{ratio:.1f}', loc)} : 1")
        tabs = st.tabs(["Most shared", "Most clicked", "Best click-through", "Categories", "Curators"])
        story_cols = ["story", "category", "shares", "sharers", "share_rate", "clicks", "clicks_per_share", "curator"]
        for tab, name in zip(tabs[:3], ("stories", "most_clicked", "best_click_through")):
            with tab:
                frame = t.get(name)
                table(scenario, None if frame is None else frame[[c for c in story_cols if c in frame]].head(25),
                      f"tbl-{name}", {"share_rate": "Share rate (sharers ÷ participants)"})
        with tabs[3]:
            table(scenario, t.get("categories"), "tbl-categories")
        with tabs[4]:
            st.caption("Who submits the content that is shared and clicked most.")
            table(scenario, t.get("curators"), "tbl-curators")

    if "advocacy_share_of_traffic" in s:
        st.subheader("Website")
        with st.container(horizontal=True, key="measure-website"):
            _metric("Advocacy share of traffic", _pct(s.get("advocacy_share_of_traffic"), loc),
                    "sessions tagged utm_medium=advocacy (or source / campaign naming advocacy) ÷ all sessions")
            _metric("Bounce: advocacy vs other", f"{_pct(s.get('advocacy_bounce_rate'), loc)} vs "
                                                 f"{_pct(s.get('other_bounce_rate'), loc)}")
            _metric("Conversion: advocacy vs other", f"{_pct(s.get('advocacy_conversion_rate'), loc)} vs "
                                                     f"{_pct(s.get('other_conversion_rate'), loc)}")
            if "job_page_sessions" in s:
                _metric("Job-page visits from advocacy", _num(s.get("advocacy_job_page_sessions"), loc),
                        DEFINITIONS["job_pages"] + f" Of all {_num(s.get('job_page_sessions'), loc)} job-page visits.")
        table(scenario, t.get("traffic_sources"), "tbl-traffic")

    if "advocacy_leads" in s:
        st.subheader("Demand")
        with st.container(horizontal=True, key="measure-demand"):
            _metric("Advocacy leads per month", _num(s.get("advocacy_leads_per_month"), loc))
            _metric("Lead → MQL: advocacy vs other", f"{_pct(s.get('advocacy_lead_to_mql'), loc)} vs "
                                                      f"{_pct(s.get('other_lead_to_mql'), loc)}")
            _metric("Pipeline influenced", money(s.get("advocacy_pipeline") or 0, cur), "amounts of SQLs and won deals")
            _metric("Revenue influenced", money(s.get("advocacy_revenue") or 0, cur), "amounts of won deals")
            _metric("Cost-per-lead savings per month", money(s.get("cpl_savings_per_month") or 0, cur),
                    f"advocacy leads per month × the scenario's cost per lead ({money(scenario.demand.cost_per_lead, cur)})")
        table(scenario, t.get("funnel"), "tbl-funnel", {"leads_from": "Leads from", "mqls": "MQLs", "sqls": "SQLs",
                                              "lead_to_mql": "Lead → MQL", "mql_to_sql": "MQL → SQL",
                                              "sql_to_won": "SQL → won"})


def forecast_section(m: Measured, scenario: Scenario) -> None:
    st.subheader("Forecast vs actual")
    frame = forecast_vs_actual(m, cached.results(scenario), scenario.working_days_per_month)
    if frame.empty:
        st.caption("Needs shares or leads with dates.")
        return
    measures = list(dict.fromkeys(frame["measure"]))
    chosen = st.segmented_control("Measure", measures, default=measures[0], key="measure-forecast-measure",
                                  required=True) or measures[0]
    spec = mcharts.forecast_actual_chart(frame, chosen, scenario.locale)
    downloads.chart(spec, scenario, "forecast-vs-actual", key="measure-forecast-chart",
                    alt="Bars of measured months beside the scenario's forecast for the same months")
    st.caption("Bars: measured months. Black ticks: the scenario's forecast for the same month (months "
               "the data covers only in part get the forecast for their covered working days). Shares count one "
               "per sharer and story, as the model does.")


# --- UTM plan --------------------------------------------------------------------------------

def utm_plan(scenario: Scenario, shares: pd.DataFrame | None) -> None:
    st.subheader("UTM plan: tagged links for every story and network")
    st.markdown(
        "So that advocacy visits and leads can be found later in the web analytics and the CRM, every link an "
        "employee shares carries the same four tags:\n\n"
        "| parameter | value |\n|---|---|\n"
        "| `utm_source` | the network, lower case (`linkedin`, `x`, `facebook`, `instagram`) |\n"
        f"| `utm_medium` | always `{utm.MEDIUM}`: how this page recognises advocacy traffic and leads |\n"
        "| `utm_campaign` | your campaign name as a slug (`Q3 launch` → `q3-launch`) |\n"
        "| `utm_content` | the story: the last part of its URL path as a slug |\n\n"
        "A link's own query string and #fragment are kept; utm_ tags already in it are replaced.")
    from_shares = ""
    if shares is not None and "url" in shares:
        from_shares = "\n".join(shares["url"].dropna().drop_duplicates().head(200))
    text = st.text_area("Story URLs, one per line", value=from_shares, height=160, key="utm-urls",
                        placeholder="https://www.example.com/news/our-story")
    cols = st.columns([1, 2])
    campaign = cols[0].text_input("Campaign name", value="advocacy", key="utm-campaign", max_chars=80)
    networks = [n.name for n in scenario.networks]
    cols[1].markdown(f"Networks from the scenario: **{', '.join(networks) or 'none'}**"
                     + present.sidebar_hint(" (change them in the sidebar)") + ".")
    urls = utm.parse_url_list(text)
    if not urls:
        st.caption("Paste story URLs above (or upload a shares export with a URL column).")
        return
    try:
        plan, problems = utm.plan(urls, networks, campaign)
    except ScenarioError as exc:
        st.warning("\n".join(exc.problems))  # the package's own words: no pasted text in them
        return
    if problems:  # each quotes a pasted URL: plain text, never a Markdown link
        st.warning("Some URLs could not be tagged:", icon=":material/link_off:")
        st.code("\n".join(problems[:20]) + (f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""),
                language=None, wrap_lines=True)
    if not plan.empty:
        st.download_button("Download the plan (CSV)", data=utm.safe_csv(plan), file_name="utm_plan.csv",
                           mime="text/csv", on_click="ignore", key="utm-download", icon=":material/download:")
        st.dataframe(plan[["network", "utm_content", "tagged_url"]], hide_index=True, width="stretch", key="utm-table",
                     column_config={"tagged_url": st.column_config.TextColumn("Tagged link", width="large")})
