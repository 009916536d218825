"""Methodology & sources: a view of the project's model documentation (docs/model.md), with the
defaults table and the caveats drawn live from the data the exported files print."""

import pandas as pd
import streamlit as st

from advocacy_calc.benchmarks import benchmarks
from advocacy_ui import docs_view, router

router.require_router()

st.title("Methodology & sources")


def _intro() -> None:
    st.markdown("Every figure in this app comes from the formulas below, applied to the scenario's inputs; "
                "the exported files use the same ones. Where each default comes from is at the end.")


def _benchmarks() -> None:
    table = pd.DataFrame([{
        "Figure": b.label, "Low": b.low, "Base": b.base, "High": b.high, "Unit": b.unit,
        "Grade": b.grade, "Date": b.date, "Source": b.source, "Where": b.url, "Note": b.note,
    } for b in benchmarks().values()])
    st.dataframe(table, hide_index=True, key="benchmarks-table", alt="Every default with its source, date and grade",
                 column_config={"Low": st.column_config.NumberColumn(format="%g"),
                                "Base": st.column_config.NumberColumn(format="%g"),
                                "High": st.column_config.NumberColumn(format="%g")})


docs_view.draw({"intro": _intro, "benchmarks": _benchmarks,
                "caveats": lambda: st.markdown(docs_view.caveats_markdown()),
                "number-rule": lambda: st.markdown(docs_view.number_rule_markdown()),
                "measure-definitions": lambda: st.markdown(docs_view.measure_markdown())})
