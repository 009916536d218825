"""Measure: the program's own exports in, its metrics out, and the what-if started from them."""

import streamlit as st

from advocacy_ui import display, router, state

router.require_router()

from advocacy_ui import measure_ui as ui  # noqa: E402  (measuring code loads on this page only)

scenario = state.current_scenario()
st.title("Measure what happened")
st.markdown("Drop in the exports you already have: shares from the advocacy platform, the roster, web analytics "
            "and CRM leads. See the program's metrics, then start the what-if from them.")

metrics_tab, utm_tab = st.tabs(["Metrics", "UTM plan"], key="measure-tab")
with metrics_tab:
    files = ui.gather_files(demo=st.query_params.get("demo") == "true", locale=scenario.locale)
    exports, loaded, key = ui.mapping_step(files, scenario.locale) if files else (None, {}, "")
    if not loaded:
        st.info("Upload at least one export (or try the synthetic data) to see the metrics.",
                icon=":material/upload_file:")
    else:
        st.markdown("**3. The metrics**")
        with display.guard("the metrics"):  # the uploads and mapping above stay on the page
            start, end, team = ui.filters(exports)
            cpc = tuple((n.name, n.cpc) for n in scenario.networks if n.cpc > 0)
            m = ui.measured(key, exports, start, end, team, scenario.workforce, scenario.demand.cost_per_lead, cpc)
            ui.period_note(m, scenario.locale)
            groups = ui.team_groups_editor(exports, scenario) if team is None else {}  # all teams: map them
            ui.calibrate_button(m, scenario, exports, groups)
            ui.sections(m, scenario)
            ui.forecast_section(m, scenario)
with utm_tab:
    ui.utm_plan(scenario, loaded["shares"].frame if "shares" in loaded else None)
