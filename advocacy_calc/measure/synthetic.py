"""Realistic synthetic exports (clearly labelled: every file is named synthetic_*, every row says
"SYNTHETIC", every person is "Synthetic ..."), from a fixed seed, so the Measure page can
demonstrate itself and the tests have data.

The program it describes: a launch on a Monday, invitations in the first fortnight, most
invitees registering within a month, about 1.5 stories a working day, participation that
starts high and drops off over the months (the pattern programs report), a few "spammers"
whose many shares earn few clicks, web analytics whose advocacy sessions follow the clicks
(utm_medium=advocacy) and CRM leads from those sessions' conversions. Column names are the
ones platforms use, not our field names, so the mapping guesser is exercised too.
"""

import numpy as np
import pandas as pd

SEED = 20260105
START = "2026-01-05"  # a Monday
WORKFORCE = 2000
LABEL = "SYNTHETIC"
FILE_NAMES = {"shares": "synthetic_shares.csv", "roster": "synthetic_roster.csv",
              "analytics": "synthetic_web_analytics.csv", "leads": "synthetic_crm_leads.csv"}
TEAMS = ["Sales", "Marketing", "Engineering", "Customer Success", "HR", "Finance"]
TEAM_WEIGHTS = [0.3, 0.15, 0.25, 0.15, 0.08, 0.07]
CATEGORIES = ["Company news", "Product", "Industry insight", "Careers", "Events"]
BRANDED = {"Company news": "yes", "Product": "yes", "Industry insight": "no", "Careers": "yes", "Events": "no"}
NETWORKS = ["LinkedIn", "X", "Facebook"]
NETWORK_WEIGHTS = [0.72, 0.18, 0.10]
NETWORK_CLICKS = [1.0, 0.6, 0.8]
CAMPAIGN = "synthetic-advocacy-2026"


def generate(seed: int = SEED, employees: int = 240, weeks: int = 26, start: str = START,
             stories_per_day: float = 1.5) -> dict[str, pd.DataFrame]:
    """The four exports as DataFrames with platform-style column names."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    end = t0 + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)

    # Roster: invited in the first two weeks; about 80% register within a month.
    names = np.array([f"Synthetic Advocate {i:04d}" for i in range(1, employees + 1)])
    teams = rng.choice(TEAMS, size=employees, p=TEAM_WEIGHTS)
    invited = t0 + pd.to_timedelta(rng.integers(0, 10, employees), unit="D")
    registers = rng.random(employees) < 0.8
    registered = invited + pd.to_timedelta(rng.exponential(6, employees).astype(int), unit="D")
    registered = pd.DatetimeIndex(np.where(registers, registered, pd.NaT))
    roster = pd.DataFrame({"Data": LABEL, "Name": names, "Department": teams,
                           "Invited on": invited.strftime("%Y-%m-%d"),
                           "Registered on": registered.strftime("%Y-%m-%d").fillna("")})

    # Stories: distinct stories on working days, each with a category, curator and appeal.
    days = pd.bdate_range(t0, end)
    # About stories_per_day a day, evenly: whole stories, the fraction spread over the days.
    per_day = np.floor(stories_per_day + rng.random(len(days))).astype(int)
    story_day = np.repeat(days.to_numpy(), per_day)
    n_stories = len(story_day)
    ids = np.arange(1, n_stories + 1)
    category = rng.choice(CATEGORIES, size=n_stories, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    curators = np.array([f"Synthetic Curator {c}" for c in "ABCDEF"])
    curator = rng.choice(curators, size=n_stories, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    appeal = rng.lognormal(0, 0.6, n_stories) * np.where(category == "Careers", 1.4, 1.0)
    titles = np.char.add(np.char.add(np.char.add("Synthetic story ", np.char.zfill(ids.astype(str), 4)), ": "),
                         category.astype(str))
    urls = np.char.add("https://www.example.com/news/synthetic-story-", np.char.zfill(ids.astype(str), 4))

    # Who shares what: propensity per person × a drop-off over the weeks; spammers share a lot, earn few clicks.
    propensity = rng.beta(1.2, 4.0, employees)
    spammer = rng.random(employees) < 0.04
    propensity = np.where(spammer, 0.75, propensity)
    click_factor = np.where(spammer, 0.15, rng.lognormal(0, 0.4, employees))
    week_of_story = ((story_day - t0.to_datetime64()) // np.timedelta64(7, "D")).astype(int)
    drop_off = 0.25 + 0.75 * np.exp(-week_of_story / 6.0)
    enrolled = registers[:, None] & (registered.to_numpy()[:, None] <= story_day[None, :])
    chance = propensity[:, None] * drop_off[None, :] * np.minimum(appeal, 2.0)[None, :] / 1.3
    shares_mask = enrolled & (rng.random((employees, n_stories)) < chance)
    who, what = np.nonzero(shares_mask)
    n = len(who)
    net = rng.choice(len(NETWORKS), size=n, p=NETWORK_WEIGHTS)
    delay = pd.to_timedelta(rng.integers(8 * 60, 8 * 60 + 36 * 60, n), unit="min")
    shared_at = pd.DatetimeIndex(story_day[what]) + delay
    clicks = rng.poisson(0.5 * appeal[what] * click_factor[who] * np.array(NETWORK_CLICKS)[net])
    reactions = rng.poisson(0.8 + 1.5 * clicks)
    device = np.where(rng.random(n) < 0.58, "Mobile app", "Desktop web")
    shares = pd.DataFrame({
        "Data": LABEL, "Employee": names[who], "Team": teams[who], "Shared at": shared_at.strftime("%Y-%m-%d %H:%M"),
        "Story": titles[what], "URL": urls[what], "Category": category[what],
        "Branded": np.vectorize(BRANDED.get)(category[what]) if n else [], "Social network": np.array(NETWORKS)[net],
        "Clicks": clicks, "Reactions": reactions, "Device": device, "Submitted by": curator[what],
    }).sort_values("Shared at", kind="stable", ignore_index=True)

    # Web analytics per day: advocacy sessions follow the clicks (utm_medium=advocacy); other channels steady.
    all_days = pd.date_range(t0, end, freq="D")
    day_of_share = shared_at.normalize()
    rows = []
    for i, name in enumerate(NETWORKS):
        per = pd.Series(clicks[net == i], index=day_of_share[net == i]).groupby(level=0).sum()
        sessions = np.round(per.reindex(all_days, fill_value=0).to_numpy() * 0.85).astype(int)
        rows.append(_traffic(rng, all_days, name.lower(), "advocacy", CAMPAIGN, sessions, 0.42, 0.035))
    weekday = all_days.day_of_week < 5
    for source, medium, base, bounce, conv in (("google", "organic", 700, 0.55, 0.015),
                                               ("(direct)", "(none)", 380, 0.6, 0.012),
                                               ("newsletter", "email", 90, 0.35, 0.03)):
        sessions = rng.poisson(np.where(weekday, base, base * 0.45))
        rows.append(_traffic(rng, all_days, source, medium, "(not set)", sessions, bounce, conv))
    analytics = pd.concat(rows, ignore_index=True)
    analytics = analytics[analytics["Sessions"] > 0].sort_values(["Date", "Source"], ignore_index=True)

    # CRM leads: one per conversion; advocacy leads convert a little better down the funnel.
    adv = analytics["Medium"] == "advocacy"
    conversions = analytics["Conversions"].to_numpy()
    lead_day = np.repeat(pd.to_datetime(analytics["Date"]).to_numpy(), conversions)
    lead_adv = np.repeat(adv.to_numpy(), conversions)
    lead_src = np.repeat(analytics["Source"].to_numpy(), conversions)
    m = len(lead_day)
    rates = np.where(lead_adv[:, None], [[0.5, 0.45, 0.3]], [[0.4, 0.35, 0.25]])
    level = (rng.random((m, 3)) < rates).cumprod(axis=1).sum(axis=1)
    stage = np.array(["Lead", "MQL", "SQL", "Closed won"])[level]
    amount = np.where(level >= 2, np.round(rng.lognormal(9.4, 0.5, m), -2), np.nan)
    leads = pd.DataFrame({
        "Data": LABEL, "Lead ID": [f"SYN-{i:05d}" for i in range(1, m + 1)],
        "Created": pd.DatetimeIndex(lead_day).strftime("%d/%m/%Y"),
        "Lead source": np.where(lead_adv, "Employee advocacy", np.where(lead_src == "google", "Organic search",
                                                                        "Other")),
        "UTM medium": np.where(lead_adv, "advocacy", ""), "Lifecycle stage": stage,
        "Deal amount": amount,
    })
    return {"shares": shares, "roster": roster, "analytics": analytics, "leads": leads}


def _traffic(rng, days, source, medium, campaign, sessions, bounce, conv) -> pd.DataFrame:
    return pd.DataFrame({"Data": LABEL, "Date": days.strftime("%Y-%m-%d"), "Source": source, "Medium": medium,
                         "Campaign": campaign, "Sessions": sessions, "Bounces": rng.binomial(sessions, bounce),
                         "Conversions": rng.binomial(sessions, conv)})


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def synthetic_files(seed: int = SEED, **kwargs) -> dict[str, tuple[str, bytes]]:
    """{kind: (file name, CSV bytes)}: what a program owner would upload."""
    return {kind: (FILE_NAMES[kind], to_csv_bytes(frame)) for kind, frame in generate(seed, **kwargs).items()}


def synthetic_shares(rows: int = 100_000, seed: int = SEED) -> pd.DataFrame:
    """Exactly `rows` synthetic share rows (a large program's first ones), for timing and size tests."""
    employees = max(20, int(rows / 11.5) + 1)  # about 13 shares per employee over 26 weeks
    frame = generate(seed, employees=employees)["shares"]
    while len(frame) < rows:
        employees = int(employees * 1.2) + 1
        frame = generate(seed, employees=employees)["shares"]
    return frame.head(rows)
