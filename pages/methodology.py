"""Methodology & sources: every formula, every default with its source, date and grade, and the caveats."""

import pandas as pd
import streamlit as st

from advocacy_calc.benchmarks import GRADE_MEANING, benchmarks, unverified_claims
from advocacy_calc.exports.text import CAVEAT_PARTS
from advocacy_ui import router

router.require_router()

st.title("Methodology & sources")
st.markdown("Every figure in this app comes from the formulas below, applied to the inputs in the sidebar. "
            "They follow two practitioner articles on measuring employee advocacy.")

st.header("1. Reach")
st.latex(r"\text{sharers per story} = \text{participants} \times \text{share rate}")
st.latex(r"\text{impressions per story}_n = \text{sharers} \times \text{presence}_n \times "
         r"\text{connections}_n \times \text{visibility}_n")
st.markdown("Potential reach is the same without the visibility factor. The worked example assumes every "
            "connection sees the share (visibility 100%); organic feeds show a post to far fewer.")

st.header("2. Media value (CPM equivalent)")
st.latex(r"\text{value per story}_n = \frac{\text{impressions}_n}{1000} \times \text{CPM}_n")
st.latex(r"\text{value per month} = \sum_n \text{value per story}_n \times \text{stories per day} "
         r"\times \text{working days}")
st.markdown("Worked example: 1,000 participants, 10% share, 850 connections: **85,000 impressions**; at "
            "CPM 1000/85 that is **$1,000 per story**; 1.5 stories a day over 21 days: **$31,500 a month**.")

st.header("3. Click value (CPC equivalent)")
st.latex(r"\text{clicks}_n = \text{impressions}_n \times \text{CTR}_n \qquad "
         r"\text{click value}_n = \text{clicks}_n \times \text{CPC}_n")
st.markdown("CPM value and CPC value price the same exposure twice, so they are **never added**. The valuation "
            "basis picks one: CPM (default, as in the source), CPC, or the lower of the two per network where "
            "both are known.")

st.header("4. Demand: cost-per-lead savings")
st.latex(r"\text{lead savings per month} = \text{advocacy leads per month} \times \text{cost per lead}")
st.markdown("Leads are known one of three ways: read from analytics (UTM links); an asset's leads × advocacy's "
            "share of its traffic; or advocacy clicks × the landing page's conversion rate. In the last case "
            "with the CPC basis, the same clicks would count twice: the app says so and lets you leave lead "
            "savings out of the total. The optional funnel (lead → MQL → SQL → won × deal size) shows influenced "
            "pipeline and revenue beside the value, never added to it.")

st.header("5. Totals, cost and break-even")
st.latex(r"\text{total value} = \text{media value} + \text{lead savings} + \text{referral hires} \times "
         r"(\text{cost per hire} - \text{referral cost})")
st.latex(r"\text{program cost} = \text{seat cost} \times \text{participants} + \text{fixed} + "
         r"\tfrac{\text{minutes per share}}{60} \times \text{hourly cost} \times \text{shares per month}")
st.latex(r"\text{net value} = \text{total value} - \text{program cost} \qquad "
         r"\text{ROI} = \frac{\text{net value}}{\text{program cost}}")
st.markdown("The **break-even share rate** is the lowest share rate from 0 to 100% at which net value is zero "
            "or more. Net value is a straight line in the share rate, so it is solved exactly. ROI is *none* "
            "when no cost is entered. Currency only relabels figures; benchmark defaults are US dollars.")

st.header("6. Unique reach")
st.latex(r"\text{unique reach per story} = \text{impressions per story} \times (1 - \text{audience overlap})")
st.latex(r"\text{unique reach per month} = \text{unique reach per story} \times \text{stories per month}")
st.markdown("Impressions count a person once per share they see, so people who follow several sharers are counted "
            "several times. The audience overlap is the fraction of a story's gross impressions that reach someone "
            "another sharer already reached. Its default, **87.7%**, comes from the one public case: 7,000 employees "
            "on LinkedIn had 260,000 unique first-degree connections (Metso, grade V), against 7,000 × 303 average "
            "connections (grade U) = 2,121,000 gross: 1 − 260,000 / 2,121,000. Unique reach per month adds the "
            "people each story reaches. **Media value stays on impressions**: paid media sells impressions, not people.")

st.header("7. Forecasts: ranges, Monte Carlo, payback")
st.markdown("Every uncertain input can carry a range (low, your value, high), prefilled from the benchmarks below. "
            "The Monte Carlo draws each ranged input independently from a PERT distribution (a beta with its mode at "
            "your value, mean (low + 4 × value + high) / 6) or a triangular one, and runs every draw through the "
            "same formulas: P10, P50 and P90 are the values 10%, 50% and 90% of draws fall below. The tornado moves "
            "one input at a time to its low and its high. The ramp-up timeline moves the share rate month by month "
            "(straight line or S-curve 3p² − 2p³ from a starting rate; optional decay after the peak towards a floor; "
            "optional July-August dip) and pays back in the first month in which cumulative value reaches "
            "cumulative cost, one-off launch cost included; the Forecast page shows that payback month with the "
            "settings of the Ramp-up & payback page. A draw never makes a referral hire dearer than a normal hire: "
            "the referral cost is capped at the same draw's cost per hire, as a scenario itself requires. "
            "Goal seek solves the straight lines exactly.")

st.header("Defaults and their sources")
st.markdown("Grades: " + "; ".join(f"**{g}** {m}" for g, m in GRADE_MEANING.items()) +
            ". Replace any benchmark with your own paid-media costs: that is what finance trusts most.")
table = pd.DataFrame([{
    "Figure": b.label, "Low": b.low, "Base": b.base, "High": b.high, "Unit": b.unit,
    "Grade": b.grade, "Date": b.date, "Source": b.source, "Where": b.url, "Note": b.note,
} for b in benchmarks().values()])
st.dataframe(table, hide_index=True, key="benchmarks-table", alt="Every default with its source, date and grade",
             column_config={"Low": st.column_config.NumberColumn(format="%g"),
                            "Base": st.column_config.NumberColumn(format="%g"),
                            "High": st.column_config.NumberColumn(format="%g")})

st.header("Caveats")
# The same words as the one-pager and the slides (advocacy_calc.exports.text); $ escaped, not maths.
st.markdown("\n".join(f"- **{lead}** {detail}".replace("$", "\\$") for lead, detail in CAVEAT_PARTS))
claims = ", ".join(f'"{c.claim}" ({c.attributed_to})' for c in unverified_claims())
st.markdown(f"Never used as multipliers, because no original source was found (grade U): {claims}.")
