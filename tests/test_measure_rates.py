"""Every measured rate means what its label says: the audit's cases (issue 10 §2-3), rebuilt with exports
written in the test and answers worked out by hand."""

import pandas as pd
import pytest

from advocacy_calc.measure import load_all, measure
from advocacy_calc.measure.metrics import DEFINITIONS, period_of

DAYS_PER_MONTH = 365.25 / 12


def approx(x):
    return pytest.approx(x, rel=1e-9)


def exports(shares: list[str] | None = None, roster: list[str] | None = None, leads: list[str] | None = None,
            analytics: list[str] | None = None):
    files = {}
    if shares is not None:
        files["shares"] = ("shares.csv", ("User,Network,Shared at,Story,Clicks\n" + "\n".join(shares)).encode())
    if roster is not None:
        files["roster"] = ("roster.csv", ("Name,Registered on\n" + "\n".join(roster)).encode())
    if leads is not None:
        files["leads"] = ("leads.csv", ("Lead ID,Created,Lead source\n" + "\n".join(leads)).encode())
    if analytics is not None:
        files["analytics"] = ("analytics.csv",
                              ("Landing page,Source,Medium,Sessions\n" + "\n".join(analytics)).encode())
    ex, _, problems = load_all(files)
    assert problems == {}
    return ex


def test_leads_per_month_count_only_the_period_the_shares_cover():
    # Shares cover Mon 2 to Thu 12 March 2026; 20 advocacy leads fall on 1-20 March, one a day.
    shares = [f"Ann,LinkedIn,2026-03-{d:02d},S{d},1" for d in (2, 5, 12)]
    leads = [f"{d},2026-03-{d:02d},advocacy" for d in range(1, 21)]
    m = measure(exports(shares, leads=leads), cost_per_lead=20)
    s = m.summary
    assert (s["period_start"], s["period_end"]) == (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-12"))
    assert s["advocacy_leads"] == 11  # 2..12 March; the old figure divided all 20 by 11 days (55.3 a month)
    assert s["advocacy_leads_per_month"] == approx(11 / (11 / DAYS_PER_MONTH))
    assert s["cpl_savings_per_month"] == approx(20 * 11 / (11 / DAYS_PER_MONTH))
    assert "2026-03-02 to 2026-03-12" in s["period_basis"] and "overlap" in s["period_basis"]


def test_files_that_do_not_overlap_give_no_rate_and_say_so():
    ex = exports(["Ann,LinkedIn,2026-03-02,S1,1"], leads=["1,2026-04-01,advocacy"])
    assert period_of(ex) is None
    s = measure(ex).summary
    assert s.get("advocacy_leads_per_month") is None and s.get("share_rate") is None
    assert s["period_basis"].startswith("The shares and leads do not overlap")


def test_a_period_the_user_picks_cuts_every_file():
    leads = [f"{d},2026-03-{d:02d},advocacy" for d in range(1, 21)]
    m = measure(exports(["Ann,LinkedIn,2026-03-02,S1,1"], leads=leads),
                period=(pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-10")))
    assert m.summary["advocacy_leads"] == 10
    assert m.summary["advocacy_leads_per_month"] == approx(10 / (10 / DAYS_PER_MONTH))
    assert "the period you picked" in m.summary["period_basis"]


def test_shares_per_active_participant_per_working_week():
    # Mon 2 to Fri 27 March 2026: 26 calendar days, 20 working days = 4 working weeks; 18 shares.
    days = list(pd.date_range("2026-03-02", "2026-03-26", freq="B")[:17]) + [pd.Timestamp("2026-03-27")]
    shares = [f"Ann,LinkedIn,{d:%Y-%m-%d},S{i},1" for i, d in enumerate(days)]
    s = measure(exports(shares, roster=["Ann,2026-01-01"])).summary
    assert (s["days"], s["working_days"], s["shares"]) == (26, 20, 18)
    assert s["shares_per_active_per_working_week"] == approx(18 / 4)  # not 18 / (26 / 7)
    assert "working weeks" in DEFINITIONS["shares_per_week"]


def test_only_registered_participants_are_active_and_the_rest_is_reported_apart():
    shares = ["Ann,LinkedIn,2026-03-02,A,1", "Bob,LinkedIn,2026-03-02,A,1", "Zed,LinkedIn,2026-03-03,A,1",
              "Zed,LinkedIn,2026-03-04,B,1"]
    m = measure(exports(shares, roster=["Ann,2026-01-01", "Bob,", "Cy,2026-01-02"]))
    s = m.summary
    assert (s["participants"], s["active"], s["shares"]) == (2, 1, 1)  # Ann and Cy registered; Ann shared
    assert (s["non_participant_sharers"], s["shares_by_non_participants"]) == (2, 3)  # Bob (not registered), Zed
    assert s["active_of_participants"] == approx(1 / 2)
    assert s["share_rate"] == approx((1 / 2 + 0 / 2) / 2)  # story A: Ann of 2; story B: no participant
    assert s["participants_basis"] == "registered members of the roster"
    assert set(m.tables["non_participants"]["employee"]) == {"Bob", "Zed"}


def test_without_a_roster_everyone_who_shared_is_a_participant_and_that_is_said():
    s = measure(exports(["Ann,LinkedIn,2026-03-02,A,1", "Bob,X,2026-03-02,A,1"])).summary
    assert (s["participants"], s["active"], s["share_rate"]) == (2, 2, 1.0)
    assert s["participants_basis"] == "everyone who shared (no roster)"


def test_exact_duplicate_share_rows_are_reported_and_counted_once():
    row = "Ann,LinkedIn,2026-03-02 09:00,A,4"
    s = measure(exports([row, row, row, "Ann,X,2026-03-02 09:00,A,4"])).summary
    assert (s["duplicate_shares"], s["shares"], s["clicks"]) == (2, 2, 8)


def test_early_adopters_have_shared():
    shares = ["Bob,LinkedIn,2026-03-02,A,1", "Cy,LinkedIn,2026-03-03,A,1"]
    m = measure(exports(shares, roster=["Dee,2026-01-01", "Cy,2026-01-05", "Bob,2026-01-09"]))
    assert m.tables["early_adopters"]["employee"].tolist() == ["Cy", "Bob"]  # Dee registered first, never shared
    assert m.tables["least_active"]["employee"].tolist()[0] == "Dee"


def test_spammers_share_much_more_and_earn_far_fewer_clicks_than_their_networks_give():
    # Four weeks (Mon 2 - Fri 27 March). Ann, Bob, Cy, Dee share 6 times each: Ann on X, where every share
    # earns 1 click, the others on LinkedIn with 10. Eve shares 30 times on LinkedIn with 1 click each.
    days = [f"2026-03-{d:02d}" for d in (2, 6, 10, 16, 20, 27)]
    shares = [f"Ann,X,{d},S{i},1" for i, d in enumerate(days)]
    shares += [f"{p},LinkedIn,{d},S{i},10" for p in ("Bob", "Cy", "Dee") for i, d in enumerate(days)]
    workdays = [d for d in pd.date_range("2026-03-02", "2026-03-27", freq="B")]
    shares += [f"Eve,LinkedIn,{d:%Y-%m-%d},E{i},1" for i, d in enumerate(workdays + workdays[:10])]
    m = measure(exports(shares, roster=[f"{p},2026-01-01" for p in ("Ann", "Bob", "Cy", "Dee", "Eve")]))
    # Ann: 1.5 a week, the median pace; her X clicks are X's own rate (1 a share): not a spammer.
    # Eve: 30 shares in 4 working weeks = 7.5 a week >= 2 x 1.5; LinkedIn earns (3*6*10 + 30) / 48 = 4.375 a
    # share, 131.25 expected for her 30 shares, she has 30 < half of that.
    assert m.tables["spammers"]["employee"].tolist() == ["Eve"]
    assert m.summary["spammers"] == 1


def test_participation_change_is_the_share_rate_not_the_number_of_stories():
    # Four participants; every story is shared by exactly one of them (share rate 25% throughout). The first
    # two weeks have four stories each (everyone active), the last two one story each (one person active).
    people = ["Ann", "Bob", "Cy", "Dee"]
    shares = [f"{people[i]},LinkedIn,2026-03-0{2 + i},W1S{i},1" for i in range(4)]
    shares += [f"{people[i]},LinkedIn,2026-03-{9 + i:02d},W2S{i},1" for i in range(4)]
    shares += ["Ann,LinkedIn,2026-03-16,W3S0,1", "Bob,LinkedIn,2026-03-23,W4S0,1"]
    m = measure(exports(shares, roster=[f"{p},2026-01-01" for p in people]))
    s = m.summary
    assert s["share_rate_first_quarter"] == approx(0.25) and s["share_rate_last_quarter"] == approx(0.25)
    assert s["participation_change"] == approx(0.0)  # the old figure said -75%
    assert m.tables["weekly"]["share_rate"].tolist() == [approx(0.25)] * 4


def test_paid_social_comparison_prices_clicks_at_the_networks_cpc():
    shares = ["Ann,LinkedIn,2026-03-02,A,100", "Ann,Twitter,2026-03-02,A,50", "Ann,Mastodon,2026-03-03,B,10"]
    m = measure(exports(shares), cpc_by_network={"LinkedIn": 5.0, "X": 2.0})
    s = m.summary
    assert s["paid_click_equivalent"] == approx(100 * 5 + 50 * 2)
    assert s["paid_click_equivalent_per_month"] == approx(600 / (2 / DAYS_PER_MONTH))
    assert s["clicks_without_cpc"] == 10
    table = m.tables["paid_social"].set_index("network")
    assert table.loc["Twitter", "cpc"] == 2.0 and pd.isna(table.loc["Mastodon", "cpc"])


def test_job_page_visits_from_advocacy_links():
    analytics = ["/careers/engineer,linkedin,advocacy,30", "/jobs,google,organic,70",
                 "/news/jobs-report,linkedin,advocacy,5", "/blog?x=1,google,organic,100"]
    s = measure(exports(analytics=analytics)).summary
    assert (s["job_page_sessions"], s["advocacy_job_page_sessions"]) == (100, 30)
    assert s["advocacy_share_of_job_page_sessions"] == approx(0.3)
    assert "jobs, careers" in DEFINITIONS["job_pages"]


def test_cli_measure_takes_a_period_and_says_which(tmp_path, capsys):
    import json

    from advocacy_calc.cli import main

    shares = tmp_path / "shares.csv"
    shares.write_text("User,Network,Shared at,Story,Clicks\n"
                      + "\n".join(f"Ann,LinkedIn,2026-03-{d:02d},S{d},1" for d in range(2, 13)))
    leads = tmp_path / "leads.csv"
    leads.write_text("Lead ID,Created,Lead source\n" + "\n".join(f"{d},2026-03-{d:02d},advocacy" for d in range(1, 21)))
    assert main(["measure", "--shares", str(shares), "--leads", str(leads), "--period", "2026-03-05:2026-03-08"]) == 0
    s = json.loads(capsys.readouterr().out)["summary"]
    assert (s["advocacy_leads"], s["shares"], s["days"]) == (4, 4, 4)
    assert s["period_basis"].startswith("2026-03-05 to 2026-03-08, the period you picked")
    assert main(["measure", "--shares", str(shares), "--period", "2026-03-08:2026-03-05"]) == 2
    assert "error: --period: '2026-03-08:2026-03-05' ends before it starts" in capsys.readouterr().err
    assert main(["measure", "--shares", str(shares), "--period", "March"]) == 2
    assert "error: --period: 'March' is not FIRST:LAST as dates" in capsys.readouterr().err


def test_the_model_document_states_these_definitions():
    """docs/model.md §12 (the Methodology page) holds the definitions the Measure page shows; regenerate it
    with advocacy_ui.docs_view.measure_markdown() when a definition changes."""
    from advocacy_ui import docs_view

    doc = docs_view.DOC.read_text(encoding="utf-8")
    assert docs_view.slot_text(doc, "measure-definitions") == docs_view.measure_markdown()
    assert "- **Shares per week**: Participants' shares ÷ active participants ÷ working weeks" in doc
