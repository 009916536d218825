"""Compare scenarios: pin the sliders' scenario under a name, compare 2-4 side by side, pick a baseline."""

import streamlit as st

from advocacy_calc.charts.compare import MEASURE_TITLES, overlay_chart
from advocacy_calc.formatting import currency_of, money, percent
from advocacy_ui import cached, compare, downloads, router
from advocacy_ui.inputs import shown

router.require_router()

st.title("Compare scenarios")
st.markdown("Pin the scenario in the sliders under a name (left empty: the scenario's own), change the sliders "
            "and pin again; then compare "
            "up to four side by side. Make one the **baseline** and the overview shows every headline "
            "figure's change against it: what does this change buy us?")
compare.show_message()

with st.container(horizontal=True, vertical_alignment="bottom", key="pin-row"):
    st.text_input("Name for the current scenario", key="pin-name", max_chars=compare.NAME_MAX,
                  placeholder=compare.default_pin_name())
    st.button("Pin current scenario", key="pin", icon=":material/push_pin:", type="primary", on_click=compare.pin_current)

pins = compare.pinned()
base = compare.baseline_name()
if not pins:
    st.info("Nothing pinned yet. Pins stay in this browser tab, a reload included; save scenarios in the Team "
            "library to keep them for good and share them.",
            icon=":material/info:")
for i, (name, scenario) in enumerate(pins.items()):
    with st.container(horizontal=True, vertical_alignment="center", border=True, key=f"pinned-{i}"):
        st.text(("★ " if name == base else "") + name)  # typed text: shown as text, never markdown
        st.caption(f"{money(cached.results(scenario).total_value_per_month, currency_of(scenario))} total value a month")
        st.button("Load into the sliders", key=f"load-{i}", icon=":material/upload:", on_click=compare.load, args=(name,))
        if name == base:
            st.button("Clear baseline", key=f"baseline-{i}", icon=":material/flag:", on_click=compare.set_baseline,
                      args=(None,))
        else:
            st.button("Make baseline", key=f"baseline-{i}", icon=":material/outlined_flag:",
                      on_click=compare.set_baseline, args=(name,))
        st.button("Unpin", key=f"unpin-{i}", icon=":material/close:", on_click=compare.unpin, args=(name,))

if len(pins) >= 2:
    st.header("Side by side")
    chosen = st.multiselect("Scenarios to compare (2 to 4)", list(pins), default=list(pins)[:compare.MAX_COMPARED],
                            max_selections=compare.MAX_COMPARED, key="compare-pick")
    if len(chosen) < 2:
        st.info("Choose at least two scenarios to compare.", icon=":material/info:")
    else:
        reference = base if base in chosen else chosen[0]
        ordered = {n: pins[n] for n in [reference, *[c for c in chosen if c != reference]]}
        table, differs = compare.comparison(ordered, reference)
        only = st.toggle("Only the rows that differ", key="compare-only-differences")
        st.caption(f"Highlighted: differs from {shown(reference, 60)}"
                   f"{' (the baseline)' if reference == base else ' (the first chosen)'}. "
                   f"{int(differs.any(axis=1).sum())} of {len(table)} rows differ.")
        shown_rows = int(differs.any(axis=1).sum()) if only else len(table)
        st.dataframe(compare.styled(table, differs, only), key="compare-table", width="stretch", hide_index=True,
                     height=min(38 + 35 * max(shown_rows, 1), 3000), row_height=35,
                     column_config=compare.column_widths(list(ordered)))
        downloads.frame_button(lambda: compare.values(ordered), ordered[reference], "comparison",
                               "Comparison table (CSV)")
        if len({s.currency for s in ordered.values()}) > 1:
            st.warning("These scenarios use different currencies; figures are not converted.", icon=":material/warning:")
        measure = st.segmented_control("Value shown", list(MEASURE_TITLES), format_func=MEASURE_TITLES.get,
                                       default="total_value_per_month", required=True, key="overlay-measure")
        st.subheader(f"{MEASURE_TITLES[measure]} across the share rate")
        spec = overlay_chart(ordered, measure)
        downloads.chart(spec, ordered[reference], "overlay", key="overlay-chart",
                        alt="Line chart: each compared scenario's value as the share rate runs from 0 to 100%, "
                               "its own share rate marked with a dot")
        capped = [f"{shown(n, 60)} at {percent(s.share_rate_cap, locale=s.locale)}"
                  for n, s in ordered.items() if s.groups]
        if capped:  # a line that stops short is not missing data: say where and why
            st.caption(f"A scenario with groups of advocates ends where its keenest group shares every story: "
                       f"{', '.join(capped)}.")
elif pins:
    st.info("Pin one more scenario to compare them side by side.", icon=":material/info:")
