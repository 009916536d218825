"""The floor: the least a Streamlit page can do for a slider move.

One keyboard-movable slider (key "x") and one metric derived from it. No pandas, no altair,
no project code: whatever our app costs beyond this is ours. Run by benchmarks/run.py.
"""

import streamlit as st

x = st.slider("Floor input", min_value=0.0, max_value=1.0, value=0.10, step=0.01, key="x")
st.metric("Floor figure", f"${31_500 * x / 0.10:,.0f}")
