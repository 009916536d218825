"""The program's metrics from its exports (docs/model.md §12, issue 6 §2), vectorised, by period and team.

Input: typed exports (parsing.prepare), any of them missing. Output: `Measured`, a summary of
plain numbers (None where the exports cannot say) and sortable tables. Definitions (the Measure
page shows them; `DEFINITIONS` holds the words):

- period: every rate's numerator and denominator come from one date range, the overlap of the
  shares and leads, or a period the user picks; rows outside it are not counted. Web analytics
  rows are totals (a day, week or month each) and its metrics ratios of its own columns, so it
  is cut only to a period the user picks.
- participants: roster rows with a registration date (else every roster row; without a roster,
  everyone who shared, and the page says so). The roster is a snapshot: it says who takes part.
- active: participants who shared at least once in the period. Shares by people who are not
  participants are reported apart and left out of every participant rate.
- exact duplicate share rows are reported and dropped.
- measured share rate: mean over stories of distinct participant sharers ÷ participants.
- shares per active participant per working week: participants' shares ÷ (active × working
  days ÷ 5).
- early adopters: the first participants to register (else to share) among those who shared.
- social spammers: participants who share at least twice as often as the median active participant
  (and at least once a working week) and earn under half the clicks their shares would earn at the
  program's clicks per share on the same networks (so a network with fewer clicks per share flags
  nobody by itself).
- participation change: the measured share rate of the stories of the last quarter of the
  period's weeks against that of the first quarter.
- paid-social comparison: clicks × the scenario's CPC of that network (docs/model.md §12).
- job-page visits: sessions whose landing page path names a job page (`JOB_PAGE`).
- advocacy traffic and leads: source, medium, campaign (or the landing page's utm_ tags)
  contain "advocacy", as every link of the UTM plan does (utm_medium=advocacy).
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..formatting import DEFAULT_LOCALE, fixed_percent, in_locale

ADVOCACY_MARKER = "advocacy"
DAYS_PER_MONTH = 365.25 / 12
STAGES = ["Lead", "MQL", "SQL", "Won"]
MIN_SHARES_FOR_CTR = 3
WORKING_DAYS_PER_WEEK = 5
SPAM_PACE_FACTOR = 2     # share at least twice as often as the median active participant,
SPAM_MIN_PER_WEEK = 1.0  # at least once a working week on average,
SPAM_CLICK_FACTOR = 0.5  # and earn under half the clicks the same shares usually earn
# A job page: a path segment jobs, job, careers, career, vacancies, vacancy, join-us or work-with-us.
JOB_PAGE = r"/(?:jobs?|careers?|vacanc(?:y|ies)|join-us|work-with-us)(?:[/?#.]|$)"
KNOWN_NETWORKS = {"linkedin": "LinkedIn", "x": "X", "twitter": "X", "x (twitter)": "X", "x/twitter": "X",
                  "facebook": "Facebook", "meta": "Facebook", "instagram": "Instagram", "ig": "Instagram"}

def spammers_definition(locale: str = DEFAULT_LOCALE) -> str:
    """Who counts as a social spammer, its figures in the locale (under 50 % of the clicks in de-DE)."""
    return (f"Participants who share at least {SPAM_PACE_FACTOR} times as often as the median active "
            f"participant (and at least {in_locale(f'{SPAM_MIN_PER_WEEK:g}', locale)} a working week) and whose "
            f"shares earn under {fixed_percent(SPAM_CLICK_FACTOR, 0, locale)} of the clicks the program's shares "
            "earn on the same networks.")


DEFINITIONS = {
    "period": "Every rate counts only rows inside one period: where the shares and the leads overlap, or the "
              "period you pick. Rows outside it are left out. Web analytics rows are totals (a day, a week or a "
              "month each) and its ratios use the whole file unless you pick a period.",
    "participants": "Registered members of the roster (every roster member without registration dates; "
                    "everyone who shared when there is no roster).",
    "active": "Participants who shared at least once in the period. Shares by people who are not participants "
              "are counted apart.",
    "share_rate": "Mean over the period's stories of the participants who shared it ÷ participants.",
    "shares_per_week": "Participants' shares ÷ active participants ÷ working weeks (working days ÷ 5).",
    "early_adopters": "The first ten participants to register (without registration dates: to share first), "
                      "among those who have shared.",
    "spammers": spammers_definition(),
    "least_active": "The ten participants with the fewest shares in the period, non-sharers first.",
    "participation_change": "Measured share rate of the stories in the last quarter of the period's weeks against "
                            "that of the first quarter.",
    "paid_social": "Clicks × the scenario's cost per click of the network: what the same clicks would cost as "
                   "paid social.",
    "job_pages": "Sessions landing on a job page: a landing-page path with a segment jobs, careers, vacancies, "
                 "join-us or work-with-us.",
    "duplicates": "Share rows identical in every column count once.",
}
_MOBILE = r"mobile|phone|android|ios|ipad|tablet|\bapp\b"
_DESKTOP = r"desktop|web|browser|\bpc\b|mac|windows|laptop|linux"


@dataclass
class Exports:
    shares: pd.DataFrame | None = None
    roster: pd.DataFrame | None = None
    analytics: pd.DataFrame | None = None
    leads: pd.DataFrame | None = None

    def present(self) -> list[str]:
        return [k for k in ("shares", "roster", "analytics", "leads") if getattr(self, k) is not None]


@dataclass
class Measured:
    """What happened: headline numbers and tables (every frame sortable as shown)."""

    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def to_json(self, max_rows: int | None = None) -> dict[str, Any]:
        """Plain JSON types only: dates as ISO text, NaN as null."""
        out: dict[str, Any] = {"summary": {k: _plain(v) for k, v in self.summary.items()}, "tables": {}}
        for name, frame in self.tables.items():
            part = frame if max_rows is None else frame.head(max_rows)
            rows = part.astype(object).where(part.notna(), None).to_dict(orient="records")
            out["tables"][name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        return out


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(v).date().isoformat()
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


# --- Selecting a period and a team ---------------------------------------------------------

def with_teams(ex: Exports) -> Exports:
    """Shares without a team column take each employee's team from the roster."""
    s, r = ex.shares, ex.roster
    if s is None or r is None or "team" not in r or ("team" in s and s["team"].notna().any()):
        return ex
    teams = r.dropna(subset=["team"]).drop_duplicates("employee").set_index("employee")["team"]
    return Exports(s.assign(team=s["employee"].map(teams)), r, ex.analytics, ex.leads)


def spans_of(ex: Exports) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """First and last day of each dated file (shares, leads, analytics with a date)."""
    spans = {}
    for name in ("shares", "leads", "analytics"):
        frame = getattr(ex, name)
        if frame is not None and "date" in frame and frame["date"].notna().any():
            spans[name] = (frame["date"].min().normalize(), frame["date"].max().normalize())
    return spans


def period_of(ex: Exports) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The overlap of the shares and leads: the one period every rate is measured over (None: no overlap).

    Web analytics rows are totals (a day, a week or a month per row) and its metrics are ratios of its own
    columns, so it neither sets nor is cut to this period unless the user picks one.
    """
    spans = [span for name, span in spans_of(ex).items() if name != "analytics"]
    if not spans:
        return None
    first, last = max(a for a, _ in spans), min(b for _, b in spans)
    return (first, last) if first <= last else None


def period_basis(ex: Exports, period: tuple[pd.Timestamp, pd.Timestamp] | None, chosen: bool = False) -> str:
    """The period in words, with each file's own dates: shown on the page and in the CLI's JSON."""
    spans = spans_of(ex)
    files = "; ".join(f"{k} {a:%Y-%m-%d} to {b:%Y-%m-%d}" for k, (a, b) in spans.items())
    events = [k for k in spans if k != "analytics"]
    if period is None:
        return f"The shares and leads do not overlap ({files}): pick a period." if events else "No dated shares or leads."
    when = f"{period[0]:%Y-%m-%d} to {period[1]:%Y-%m-%d}"
    if chosen:
        return f"{when}, the period you picked (files: {files})."
    if len(events) > 1:
        return f"{when}, where the shares and leads overlap ({files})."
    return f"{when}, the dates of the {files}."


def teams_of(ex: Exports) -> list[str]:
    found: set[str] = set()
    for frame in (ex.shares, ex.roster):
        if frame is not None and "team" in frame:
            found.update(frame["team"].dropna().astype(str))
    return sorted(found)


def select(ex: Exports, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
           team: str | None = None) -> Exports:
    """Rows in [start, end] (whole days) and, for shares and roster, of one team."""
    def cut(frame: pd.DataFrame | None, by_team: bool) -> pd.DataFrame | None:
        if frame is None:
            return None
        keep = pd.Series(True, index=frame.index)
        if "date" in frame and start is not None:
            keep &= frame["date"] >= pd.Timestamp(start)
        if "date" in frame and end is not None:
            keep &= frame["date"] < pd.Timestamp(end) + pd.Timedelta(days=1)
        if by_team and team is not None and "team" in frame:
            keep &= frame["team"] == team
        return _rows(frame, keep.fillna(False).astype(bool))
    ex = with_teams(ex)
    return Exports(cut(ex.shares, True), cut(ex.roster, True), cut(ex.analytics, False), cut(ex.leads, False))


# --- The metrics ----------------------------------------------------------------------------

def measure(ex: Exports, *, workforce: int | None = None, cost_per_lead: float = 0.0,
            period: tuple[pd.Timestamp, pd.Timestamp] | None = None, marker: str = ADVOCACY_MARKER,
            cpc_by_network: dict[str, float] | None = None) -> Measured:
    """Every metric the exports allow, over one period (first, last day): `period`, else the files' overlap.

    cpc_by_network: the scenario's cost per click by network name, for the paid-social comparison.
    """
    ex = with_teams(ex)
    chosen = period is not None
    period = (tuple(pd.Timestamp(p).normalize() for p in period) if period else period_of(ex))  # type: ignore[assignment]
    summary: dict[str, Any] = {"exports": ex.present(), "workforce": workforce,
                               "period_basis": period_basis(ex, period, chosen)}
    tables: dict[str, pd.DataFrame] = {}
    if period is not None:
        first, last = period
        cut = select(ex, first, last)
        ex = Exports(cut.shares, cut.roster, cut.analytics if chosen else ex.analytics, cut.leads)
        days = (last - first).days + 1
        working_days = int(np.busday_count(first.date(), (last + pd.Timedelta(days=1)).date()))
        summary.update(period_start=first, period_end=last, days=days, weeks=days / 7,
                       months=days / DAYS_PER_MONTH, working_days=working_days,
                       working_weeks=working_days / WORKING_DAYS_PER_WEEK)
    if ex.shares is not None:
        shares = ex.shares
        dup = shares.duplicated(keep="first")
        summary["duplicate_shares"] = int(dup.sum())
        ex = Exports(_rows(shares, ~dup), ex.roster, ex.analytics, ex.leads)
    enrolled, basis = _participants(ex)
    summary["participants_basis"] = basis
    if ex.shares is not None:  # who counts: participants' shares; the rest is reported apart
        inside = ex.shares["employee"].isin(enrolled) if enrolled is not None else True
        ex = Exports(ex.shares.assign(_participant=inside), ex.roster, ex.analytics, ex.leads)
    _adoption(ex, summary, tables, workforce, enrolled)
    if ex.shares is not None and period is not None:
        _activity(ex, summary, tables)
        _content(ex.shares, summary, tables)
        _weekly_monthly(ex.shares, summary, tables, first, last)
        _paid_social(ex.shares, summary, tables, cpc_by_network)
    if ex.analytics is not None:
        _website(ex.analytics, summary, tables, marker)
    if ex.leads is not None and period is not None:
        _demand(ex.leads, summary, tables, marker, cost_per_lead)
    return Measured(summary, tables)


def _participants(ex: Exports) -> tuple[pd.Index | None, str]:
    """Who takes part (None: everyone who shared) and how that was decided, in words."""
    r = ex.roster
    if r is None:
        return None, "everyone who shared (no roster)"
    people = r.drop_duplicates("employee")
    if "registered" in people:
        return pd.Index(people.loc[people["registered"].notna(), "employee"]), "registered members of the roster"
    return pd.Index(people["employee"]), "members of the roster (no registration dates)"


def _adoption(ex: Exports, summary: dict, tables: dict, workforce: int | None, enrolled: pd.Index | None) -> None:
    r, s = ex.roster, ex.shares
    invited = registered = None
    if r is not None:
        people = r.drop_duplicates("employee")
        invited = int(people["invited"].notna().sum()) if "invited" in people else len(people)
        if "registered" in people:
            registered = int(people["registered"].notna().sum())
        participants = len(enrolled) if enrolled is not None else None
    else:
        participants = int(s["employee"].nunique()) if s is not None else None
    active = None
    if s is not None:
        mine = _rows(s, s["_participant"])
        active = int(mine["employee"].nunique())
        others = s[~s["_participant"]]
        summary.update(non_participant_sharers=int(others["employee"].nunique()),
                       shares_by_non_participants=int(len(others)))
    summary.update(
        invited=invited, registered=registered, participants=participants, active=active,
        invited_of_workforce=_ratio(invited, workforce), registered_of_invited=_ratio(registered, invited),
        active_of_participants=_ratio(active, participants), participants_of_workforce=_ratio(participants, workforce))
    if s is not None and "device" in s and s["device"].notna().any():
        dev = s["device"].str.casefold()
        kind = np.select([dev.str.contains(_MOBILE, regex=True).fillna(False).astype(bool),
                          dev.str.contains(_DESKTOP, regex=True).fillna(False).astype(bool)],
                         ["mobile", "desktop"], default="other")
        counts = pd.Series(kind).value_counts()
        known = int(counts.get("mobile", 0) + counts.get("desktop", 0))
        summary["mobile_share_of_shares"] = _ratio(int(counts.get("mobile", 0)), known)
        tables["devices"] = (counts.rename_axis("device").reset_index(name="shares")
                             .assign(share_of_shares=lambda d: d["shares"] / d["shares"].sum()))


def _activity(ex: Exports, summary: dict, tables: dict) -> None:
    everyone = ex.shares
    s = _rows(everyone, everyone["_participant"])  # rates are the participants' own
    participants, active = summary["participants"], summary["active"]
    has_clicks = "clicks" in s
    summary["shares"] = len(s)
    summary["clicks"] = float(s["clicks"].sum()) if has_clicks else None
    summary["reactions"] = float(s["reactions"].sum()) if "reactions" in s else None
    summary["clicks_per_share"] = _ratio(summary["clicks"], len(s))
    working_weeks = summary["working_weeks"]
    summary["shares_per_active_per_working_week"] = _ratio(len(s), (active or 0) * working_weeks)
    # Every story the program put out counts, also one that no participant shared (0 sharers).
    all_stories = _story_key(everyone).dropna().unique()
    story = _story_key(s)
    sharers = s.assign(_story=story).groupby("_story", sort=False)["employee"].nunique()
    sharers = sharers.reindex(all_stories, fill_value=0)
    summary["stories"] = int(len(sharers))
    summary["share_rate"] = float(min(1.0, (sharers / participants).mean())) if participants and len(sharers) else None
    # Per employee, participants who never shared too (the least active of all); others marked.
    g = everyone.assign(_story=_story_key(everyone)).groupby("employee", sort=False)
    people = pd.DataFrame({"shares": g.size(), "stories": g["_story"].nunique(),
                           "first_share": g["date"].min(), "last_share": g["date"].max(),
                           "participant": g["_participant"].first().astype(bool)})
    people["clicks"] = g["clicks"].sum() if has_clicks else np.nan
    people["clicks_per_share"] = people["clicks"] / people["shares"]
    if ex.roster is not None:
        roster = ex.roster.drop_duplicates("employee").set_index("employee")
        enrolled = roster.index if "registered" not in roster else roster.index[roster["registered"].notna()]
        people = people.reindex(people.index.union(enrolled))
        people["shares"] = people["shares"].fillna(0).astype(int)
        people["stories"] = people["stories"].fillna(0).astype(int)
        people["participant"] = people.index.isin(enrolled)
        if "registered" in roster:
            people["registered"] = roster["registered"].reindex(people.index)
    teams = everyone.drop_duplicates("employee").set_index("employee")["team"] if "team" in everyone else None
    if teams is not None and ex.roster is not None and "team" in ex.roster:
        teams = teams.combine_first(ex.roster.drop_duplicates("employee").set_index("employee")["team"])
    people.insert(0, "team", teams.reindex(people.index) if teams is not None else pd.NA)
    people["shares_per_working_week"] = people["shares"] / working_weeks if working_weeks else np.nan
    people["spammer"] = False
    if has_clicks and active and "network" in s:
        # Clicks these shares would earn at the program's clicks per share on the same networks.
        per_net = s.groupby("network")["clicks"].sum() / s.groupby("network").size()
        expected = s.assign(_expect=s["network"].map(per_net)).groupby("employee")["_expect"].sum()
        people["clicks_expected"] = expected.reindex(people.index)
    elif has_clicks and active:
        people["clicks_expected"] = people["shares"] * summary["clicks_per_share"]
    if "clicks_expected" in people:
        pace = people.loc[people["participant"] & (people["shares"] > 0), "shares_per_working_week"].median()
        people["spammer"] = (people["participant"]
                             & (people["shares_per_working_week"] >= max(SPAM_PACE_FACTOR * pace, SPAM_MIN_PER_WEEK))
                             & (people["clicks"] < SPAM_CLICK_FACTOR * people["clicks_expected"])).fillna(False)
    people = people.rename_axis("employee").reset_index()
    people = people.sort_values(["shares", "employee"], ascending=[False, True], ignore_index=True)
    tables["employees"] = people
    members = people[people["participant"]]
    sharing = members[members["shares"] > 0]
    by_first = "registered" if "registered" in sharing and sharing["registered"].notna().any() else "first_share"
    tables["early_adopters"] = sharing[sharing[by_first].notna()].sort_values([by_first, "employee"]).head(10)
    tables["least_active"] = members.sort_values(["shares", "employee"]).head(10)
    tables["spammers"] = people[people["spammer"]].sort_values("clicks_per_share")
    tables["non_participants"] = people[~people["participant"]]
    summary["spammers"] = int(people["spammer"].sum())
    _teams(ex, s, summary, tables)
    if "network" in s:
        net = s.groupby("network", sort=False).agg(shares=("employee", "size"))
        net["sharers_stories"] = pd.DataFrame({"employee": s["employee"], "_story": story, "network": s["network"]}) \
            .drop_duplicates().groupby("network").size()
        if has_clicks:
            net["clicks"] = s.groupby("network")["clicks"].sum()
            net["clicks_per_share"] = net["clicks"] / net["shares"]
        # presence: of all (sharer, story) pairs, the fraction that include this network
        pairs = pd.DataFrame({"employee": s["employee"], "_story": story}).drop_duplicates().shape[0]
        net["presence"] = net.pop("sharers_stories") / pairs
        tables["networks"] = net.sort_values("shares", ascending=False).rename_axis("network").reset_index()


def _teams(ex: Exports, s: pd.DataFrame, summary: dict, tables: dict) -> None:
    if "team" not in s or not s["team"].notna().any():
        return
    g = s.groupby("team")
    t = pd.DataFrame({"active": g["employee"].nunique(), "shares": g.size()})
    if ex.roster is not None and "team" in ex.roster:
        r = ex.roster.drop_duplicates("employee")
        if "registered" in r:
            r = r[r["registered"].notna()]
        t = t.reindex(t.index.union(r["team"].dropna().unique()))
        t["participants"] = r.groupby("team")["employee"].nunique()
    else:
        t["participants"] = t["active"]
    t = t.fillna({"active": 0, "shares": 0, "participants": 0})
    if "clicks" in s:
        t["clicks"] = g["clicks"].sum()
        t["clicks"] = t["clicks"].fillna(0)
    t["active_of_participants"] = t["active"] / t["participants"].replace(0, np.nan)
    t["shares_per_active_per_working_week"] = t["shares"] / (t["active"].replace(0, np.nan) * summary["working_weeks"])
    tables["teams"] = t.sort_values("shares", ascending=False).rename_axis("team").reset_index()


def _story_key(s: pd.DataFrame) -> pd.Series:
    if "story" in s and "url" in s:
        return s["story"].fillna(s["url"])
    return s["story"] if "story" in s else s["url"]


def _content(s: pd.DataFrame, summary: dict, tables: dict) -> None:
    key = _story_key(s)
    frame = s.assign(story=key)
    g = frame.groupby("story", sort=False)
    stories = pd.DataFrame({"shares": g.size(), "sharers": g["employee"].nunique()})
    if summary.get("participants"):  # the measured share rate of each story (its mean is the summary's)
        mine = _rows(frame, frame["_participant"]).groupby("story", sort=False)["employee"].nunique()
        stories["share_rate"] = (mine.reindex(stories.index, fill_value=0) / summary["participants"]).clip(upper=1.0)
    for col in ("category", "url", "curator"):
        if col in frame:
            stories[col] = g[col].first()
    for col in ("clicks", "reactions"):
        if col in frame:
            stories[col] = g[col].sum()
    if "clicks" in frame:
        stories["clicks_per_share"] = stories["clicks"] / stories["shares"]
    stories = stories.rename_axis("story").reset_index()
    tables["stories"] = stories.sort_values(["shares", "story"], ascending=[False, True], ignore_index=True)
    if "clicks" in frame:
        tables["most_clicked"] = stories.sort_values(["clicks", "story"], ascending=[False, True]).head(10)
        enough = stories[stories["shares"] >= MIN_SHARES_FOR_CTR]
        tables["best_click_through"] = enough.sort_values(["clicks_per_share", "story"],
                                                          ascending=[False, True]).head(10)
    if "category" in frame:
        c = frame.groupby("category")
        cats = pd.DataFrame({"stories": c["story"].nunique(), "shares": c.size()})
        if "clicks" in frame:
            cats["clicks"] = c["clicks"].sum()
            cats["clicks_per_share"] = cats["clicks"] / cats["shares"]
        tables["categories"] = cats.sort_values("shares", ascending=False).rename_axis("category").reset_index()
    if "branded" in frame and frame["branded"].notna().any():
        b = frame["branded"].dropna().astype(bool)
        branded, other = int(b.sum()), int((~b).sum())
        summary.update(branded_shares=branded, non_branded_shares=other,
                       branded_share_of_shares=_ratio(branded, branded + other),
                       branded_to_non_branded=_ratio(branded, other))
    if "curator" in frame and frame["curator"].notna().any():
        c = frame.groupby("curator")
        cur = pd.DataFrame({"stories": c["story"].nunique(), "shares": c.size()})
        for col in ("clicks", "reactions"):
            if col in frame:
                cur[col] = c[col].sum()
        if "clicks" in frame:
            cur["clicks_per_share"] = cur["clicks"] / cur["shares"]
        tables["curators"] = cur.sort_values("shares", ascending=False).rename_axis("curator").reset_index()


def _weekly_monthly(s: pd.DataFrame, summary: dict, tables: dict, first: pd.Timestamp, last: pd.Timestamp) -> None:
    participants = summary["participants"]
    story = _story_key(s)
    frame = s.assign(_story=story, week=s["date"].dt.to_period("W-SUN").dt.start_time,
                     month=s["date"].dt.to_period("M").dt.start_time)
    weeks = pd.date_range(first.to_period("W-SUN").start_time, last.to_period("W-SUN").start_time, freq="7D")
    g = frame.groupby("week")
    mine = _rows(frame, frame["_participant"])
    weekly = pd.DataFrame({"shares": g.size(), "active": mine.groupby("week")["employee"].nunique(),
                           "stories": g["_story"].nunique()})
    if "clicks" in frame:
        weekly["clicks"] = g["clicks"].sum()
    weekly = weekly.reindex(weeks, fill_value=0).fillna({"active": 0}).rename_axis("week")
    weekly["active_of_participants"] = weekly["active"] / participants if participants else np.nan
    # The week's share rate: mean over that week's stories of participant sharers ÷ participants (NaN: no story).
    per_story = mine.groupby(["week", "_story"])["employee"].nunique()
    week_stories = pd.MultiIndex.from_frame(frame[["week", "_story"]].drop_duplicates())
    per_story = per_story.reindex(week_stories, fill_value=0)
    weekly["share_rate"] = (per_story.groupby(level="week").mean() / participants).reindex(weeks) \
        if participants else np.nan
    tables["weekly"] = weekly.reset_index()
    if len(weekly) >= 4 and participants:
        q = max(1, len(weekly) // 4)
        first_q = per_story[per_story.index.get_level_values("week").isin(weeks[:q])]
        last_q = per_story[per_story.index.get_level_values("week").isin(weeks[-q:])]
        if len(first_q) and len(last_q):
            start_rate, end_rate = first_q.mean() / participants, last_q.mean() / participants
            summary.update(share_rate_first_quarter=float(start_rate), share_rate_last_quarter=float(end_rate),
                           participation_change=_ratio(end_rate - start_rate, start_rate))
    g = frame.groupby("month")
    monthly = pd.DataFrame({"shares": g.size(), "active": mine.groupby("month")["employee"].nunique(),
                            "stories": g["_story"].nunique()})
    monthly["active"] = monthly["active"].fillna(0).astype(int)
    # The model's shares: one per sharer and story, however many networks it went to.
    monthly["sharer_stories"] = mine[["employee", "_story", "month"]].drop_duplicates(["employee", "_story"]) \
        .groupby("month").size()
    monthly["sharer_stories"] = monthly["sharer_stories"].fillna(0).astype(int)
    if "clicks" in frame:
        monthly["clicks"] = mine.groupby("month")["clicks"].sum()
        monthly["clicks"] = monthly["clicks"].fillna(0)
    tables["monthly"] = monthly.rename_axis("month").reset_index()


def network_name(raw: Any) -> str | None:
    """The model's name of a network as exports spell it ('twitter' -> 'X'), None if the model has none."""
    return KNOWN_NETWORKS.get(str(raw).strip().casefold())


def _paid_social(s: pd.DataFrame, summary: dict, tables: dict, cpc_by_network: dict[str, float] | None) -> None:
    """docs/model.md §12's paid-social comparison: the participants' clicks × the paid CPC of their network."""
    if "clicks" not in s or not cpc_by_network:
        return
    mine = _rows(s, s["_participant"])
    if "network" in mine:
        net = mine.groupby("network", sort=False)["clicks"].sum().rename_axis("network").reset_index()
        net["model_network"] = net["network"].map(network_name)
        net.loc[net["model_network"].isna(), "model_network"] = net["network"].where(
            net["network"].isin(list(cpc_by_network)))
    elif len(cpc_by_network) == 1:  # no network column: only a one-network scenario says which CPC
        only = next(iter(cpc_by_network))
        net = pd.DataFrame({"network": [only], "clicks": [float(mine["clicks"].sum())], "model_network": [only]})
    else:
        return
    net["cpc"] = net["model_network"].map(cpc_by_network)
    net["paid_equivalent"] = net["clicks"] * net["cpc"]
    priced = net["cpc"].notna()
    tables["paid_social"] = net.drop(columns="model_network")
    summary.update(paid_click_equivalent=float(net.loc[priced, "paid_equivalent"].sum()),
                   paid_click_equivalent_per_month=_ratio(float(net.loc[priced, "paid_equivalent"].sum()),
                                                          summary.get("months")),
                   clicks_without_cpc=float(net.loc[~priced, "clicks"].sum()))


def advocacy_mask(frame: pd.DataFrame, marker: str = ADVOCACY_MARKER) -> pd.Series:
    mask = pd.Series(False, index=frame.index)
    for col in ("source", "medium", "campaign", "landing_page"):
        if col in frame:
            mask |= frame[col].str.casefold().str.contains(marker.casefold(), regex=False).fillna(False).astype(bool)
    return mask


def _website(a: pd.DataFrame, summary: dict, tables: dict, marker: str) -> None:
    adv = advocacy_mask(a, marker)
    total = float(a["sessions"].sum())
    rows = []
    for name, part in (("advocacy", a[adv]), ("other", a[~adv])):
        sessions = float(part["sessions"].sum())
        row = {"traffic": name, "sessions": sessions}
        for col in ("bounces", "conversions"):
            if col in part:
                row[col] = float(part[col].sum())
                row[col.removesuffix("s") + "_rate"] = _ratio(row[col], sessions)
        rows.append(row)
    table = pd.DataFrame(rows)
    tables["traffic"] = table
    adv_row, other_row = rows
    summary.update(sessions=total, advocacy_sessions=adv_row["sessions"],
                   advocacy_share_of_traffic=_ratio(adv_row["sessions"], total),
                   advocacy_bounce_rate=adv_row.get("bounce_rate"), other_bounce_rate=other_row.get("bounce_rate"),
                   advocacy_conversion_rate=adv_row.get("conversion_rate"),
                   other_conversion_rate=other_row.get("conversion_rate"))
    if "landing_page" in a:
        job = a["landing_page"].str.casefold().str.contains(JOB_PAGE, regex=True).fillna(False).astype(bool)
        job_sessions = float(a.loc[job, "sessions"].sum())
        summary.update(job_page_sessions=job_sessions, advocacy_job_page_sessions=float(a.loc[job & adv, "sessions"].sum()),
                       advocacy_share_of_job_page_sessions=_ratio(float(a.loc[job & adv, "sessions"].sum()),
                                                                  job_sessions))
    keys = [c for c in ("source", "medium") if c in a] or [c for c in ("campaign", "landing_page") if c in a]
    by = a.assign(advocacy=adv).groupby(keys + ["advocacy"], dropna=False)
    src = by[["sessions"] + [c for c in ("bounces", "conversions") if c in a]].sum()
    tables["traffic_sources"] = src.sort_values("sessions", ascending=False).reset_index()


def stage_level(stage: pd.Series) -> pd.Series:
    """0 lead, 1 MQL, 2 SQL (or opportunity), 3 won; anything else (new, open, lost) counts as a lead."""
    text = stage.astype("string").str.casefold().fillna("")
    return pd.Series(np.select(
        [text.str.contains(r"\bwon\b|closed.?won|customer", regex=True).astype(bool),
         text.str.contains(r"\bsql\b|sales.?qualified|opportunit", regex=True).astype(bool),
         text.str.contains(r"\bmql\b|marketing.?qualified", regex=True).astype(bool)],
        [3, 2, 1], default=0), index=stage.index)


def _demand(leads: pd.DataFrame, summary: dict, tables: dict, marker: str, cost_per_lead: float) -> None:
    adv = advocacy_mask(leads, marker)
    level = stage_level(leads["stage"]) if "stage" in leads else pd.Series(0, index=leads.index)
    amount = leads["amount"].fillna(0) if "amount" in leads else pd.Series(0.0, index=leads.index)
    months = summary["months"]
    rows = []
    for name, m in (("advocacy", adv), ("other", ~adv)):
        lv = level[m]
        n = [int(len(lv)), int((lv >= 1).sum()), int((lv >= 2).sum()), int((lv >= 3).sum())]
        rows.append({"leads_from": name, "leads": n[0], "mqls": n[1], "sqls": n[2], "won": n[3],
                     "lead_to_mql": _ratio(n[1], n[0]) if "stage" in leads else None,
                     "mql_to_sql": _ratio(n[2], n[1]) if "stage" in leads else None,
                     "sql_to_won": _ratio(n[3], n[2]) if "stage" in leads else None,
                     "pipeline": float(amount[m & (level >= 2)].sum()),
                     "revenue": float(amount[m & (level >= 3)].sum()),
                     "leads_per_month": n[0] / months if months else None})
    tables["funnel"] = pd.DataFrame(rows)
    a = rows[0]
    summary.update(leads=int(len(leads)), advocacy_leads=a["leads"], advocacy_leads_per_month=a["leads_per_month"],
                   advocacy_share_of_leads=_ratio(a["leads"], len(leads)),
                   advocacy_lead_to_mql=a["lead_to_mql"], other_lead_to_mql=rows[1]["lead_to_mql"],
                   advocacy_pipeline=a["pipeline"], advocacy_revenue=a["revenue"],
                   cost_per_lead=cost_per_lead,
                   cpl_savings_per_month=(a["leads_per_month"] or 0) * cost_per_lead)
    month = leads["date"].dt.to_period("M").dt.start_time
    g = pd.DataFrame({"month": month, "advocacy": adv}).groupby("month")
    tables["leads_monthly"] = pd.DataFrame({"advocacy_leads": g["advocacy"].sum().astype(int),
                                            "all_leads": g.size()}).reset_index()


def _rows(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """The rows where `keep` holds; the frame itself when that is every row (a copy of 100,000 rows costs)."""
    return frame if bool(keep.all()) else frame[keep]


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b or (isinstance(b, float) and not np.isfinite(b)):
        return None
    return float(a) / float(b)
