"""The team scenario library against SQLite and PostgreSQL: CRUD, history, trash, concurrency,
old model versions, and imports that change all or nothing."""

import json
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect

from advocacy_calc import PRESETS, ScenarioError, compute
from advocacy_calc.migrate import CURRENT_VERSION, load_scenario, upgrade
from advocacy_store import (ImportProblems, MAX_IMPORT_BYTES, NameTaken, ScenarioStore, StoreError, engine_for,
                            export_json, parse_import)
from advocacy_store import store as store_module
from advocacy_store.config import ENV_VAR, database_url
from advocacy_store.schema import metadata, scenarios
from pg_server import REQUIRE_VAR, URL_VAR, PostgresUnavailable, throwaway_postgres

FIXTURES = Path(__file__).parent / "fixtures"
BASE = PRESETS["Worked example"]


def variant(**changes):
    return BASE.model_copy(update=changes)


# --- the two databases ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_url():
    """CI's server (ADVOCACY_TEST_PG_URL), else one started here; a skip saying why only when neither
    can be had, and a failure instead when REQUIRE_POSTGRES=1 (CI)."""
    if os.environ.get(URL_VAR):
        yield os.environ[URL_VAR]
        return
    try:
        with throwaway_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        if os.environ.get(REQUIRE_VAR) == "1":
            pytest.fail(f"PostgreSQL is required ({REQUIRE_VAR}=1) but could not start: {exc}")
        pytest.skip(f"no PostgreSQL server could be started: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    engine = engine_for(url)
    metadata.drop_all(engine)  # every test starts from an empty library
    engine.dispose()
    return url


@pytest.fixture
def store(db_url):
    engine = engine_for(db_url)
    s = ScenarioStore(engine)
    s.create_schema()
    yield s
    engine.dispose()


def names(store):
    return [e.name for e in store.live()]


# --- CRUD ----------------------------------------------------------------------------------

def test_schema_has_the_two_tables(store):
    tables = set(inspect(store.engine).get_table_names())
    assert {"advocacy_scenarios", "advocacy_scenario_history"} <= tables
    store.create_schema()  # a second process starting is harmless


def test_save_list_open(store):
    a = store.save("Plan A", variant(participants=2000), author="Ana", notes="first cut\nwith a line break")
    store.save("Baseline", BASE)
    assert names(store) == ["Baseline", "Plan A"]
    got = store.get(a.id)
    assert (got.name, got.author, got.notes, got.model_version, got.revision) == (
        "Plan A", "Ana", "first cut\nwith a line break", CURRENT_VERSION, 1)
    assert got.scenario() == variant(participants=2000, name="Plan A")
    assert compute(got.scenario()).value_per_month == pytest.approx(63000, rel=1e-9)
    assert got.created_at.tzinfo is not None and got.created_at == got.updated_at
    assert store.find("plan a").id == a.id  # names are matched without regard to case


def test_saving_over_a_name_needs_the_overwrite_flag(store):
    store.save("Plan A", BASE)
    with pytest.raises(NameTaken):
        store.save("Plan A", variant(participants=5))
    with pytest.raises(NameTaken):
        store.save("  PLAN a ", variant(participants=5))  # trimmed, any case: the same name
    assert store.find("Plan A").scenario().participants == 1000
    assert store.history(store.find("Plan A").id) == []


def test_overwrite_keeps_the_earlier_version_in_history(store):
    first = store.save("Plan A", BASE, author="Ana", notes="v1")
    second = store.save("Plan A", variant(participants=2000), author="Bo", notes="v2", overwrite=True)
    third = store.save("Plan A", variant(participants=3000), author="Cy", notes="v3", overwrite=True)
    assert first.id == second.id == third.id and third.revision == 3
    assert names(store) == ["Plan A"]
    hist = store.history(first.id)
    assert [(v.revision, v.author, v.notes, v.scenario().participants) for v in hist] == [
        (2, "Bo", "v2", 2000), (1, "Ana", "v1", 1000)]
    assert hist[1].saved_at == first.updated_at and hist[1].replaced_at <= hist[0].replaced_at
    # Restoring an old version keeps the current one in the history too: nothing is lost.
    back = store.restore_version(first.id, hist[1].id)
    assert back.scenario().participants == 1000 and back.revision == 4
    assert sorted(v.scenario().participants for v in store.history(first.id)) == [1000, 2000, 3000]


def test_rename_and_duplicate(store):
    a = store.save("Plan A", variant(participants=2000), author="Ana", notes="n")
    store.save("Plan B", BASE)
    with pytest.raises(NameTaken):
        store.rename(a.id, "plan b")
    renamed = store.rename(a.id, "Plan A2")
    assert renamed.name == "Plan A2" and renamed.scenario().name == "Plan A2"
    assert store.rename(a.id, "PLAN A2").name == "PLAN A2"  # its own name in another case is fine
    copy = store.duplicate(a.id)
    again = store.duplicate(a.id)
    named = store.duplicate(a.id, "Plan C")
    assert (copy.name, again.name, named.name) == ("PLAN A2 (copy)", "PLAN A2 (copy 2)", "Plan C")
    assert copy.id != a.id and copy.scenario().participants == 2000 and copy.author == "Ana"
    with pytest.raises(NameTaken):
        store.duplicate(a.id, "plan b")


def test_delete_moves_to_trash_and_restore_brings_it_back(store):
    a = store.save("Plan A", variant(participants=2000))
    store.save("Plan A", variant(participants=3000), overwrite=True)
    store.delete(a.id)
    assert names(store) == [] and [e.name for e in store.trash()] == ["Plan A"]
    # The name is free again among live scenarios ...
    b = store.save("Plan A", BASE)
    # ... so the trashed one cannot come back under it, but can under another name.
    with pytest.raises(NameTaken):
        store.restore(a.id)
    back = store.restore(a.id, new_name="Plan A (restored)")
    assert back.deleted_at is None and back.scenario().participants == 3000
    assert len(store.history(a.id)) == 1  # history survives the trash
    assert sorted(names(store)) == ["Plan A", "Plan A (restored)"] and store.trash() == []
    store.delete(b.id)
    with pytest.raises(StoreError):
        store.purge(a.id)  # only from the trash
    store.purge(b.id)
    assert store.trash() == [] and names(store) == ["Plan A (restored)"]


@pytest.mark.parametrize("bad", ["", "   ", "a\x00b", "tab\there", "x" * 121, 5])
def test_bad_names_are_refused(store, bad):
    with pytest.raises(StoreError, match="name"):
        store.save(bad, BASE)
    assert names(store) == []


def test_typed_text_is_stored_as_typed(store):
    text = "<script>alert(1)</script> **bold** =SUM(A1) [link](http://x)"
    e = store.save(text[:100], BASE, author="=cmd|' /C calc'!A0", notes=text)
    got = store.get(e.id)
    assert (got.name, got.author, got.notes) == (text[:100], "=cmd|' /C calc'!A0", text)


# --- concurrency ---------------------------------------------------------------------------

def _run_together(fns):
    errors, barrier = [], threading.Barrier(len(fns))

    def run(fn):
        barrier.wait()
        try:
            fn()
        except Exception as exc:  # collected and asserted on by the caller
            errors.append(exc)
    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


@pytest.mark.parametrize("engines", [1, 2], ids=["one-engine", "two-engines"])
def test_concurrent_saves_over_one_name_lose_nothing(db_url, store, engines):
    """Many sessions (threads; with two engines, as two app servers would) save over the same
    name at once: every version ends up either current or in the history."""
    other = ScenarioStore(engine_for(db_url)) if engines == 2 else store
    n = 16
    errors = _run_together([
        (lambda i=i: (store if i % 2 else other).save("Race", variant(participants=100 + i), overwrite=True))
        for i in range(n)])
    assert errors == []
    current = store.find("Race")
    kept = [current.scenario().participants] + [v.scenario().participants for v in store.history(current.id)]
    assert sorted(kept) == [100 + i for i in range(n)]
    assert current.revision == n and names(store) == ["Race"]
    if other is not store:
        other.engine.dispose()


def test_concurrent_saves_of_different_names_all_land(db_url, store):
    other = ScenarioStore(engine_for(db_url))
    errors = _run_together([(lambda i=i: (store if i % 2 else other).save(f"Plan {i:02d}", variant(participants=i)))
                            for i in range(12)])
    assert errors == []
    assert names(store) == [f"Plan {i:02d}" for i in range(12)]
    other.engine.dispose()


def test_concurrent_first_saves_of_one_name_without_overwrite_keep_one_and_refuse_the_rest(store):
    errors = _run_together([(lambda i=i: store.save("Same", variant(participants=i))) for i in range(8)])
    assert len(errors) == 7 and all(isinstance(e, NameTaken) for e in errors), errors
    assert names(store) == ["Same"] and store.history(store.find("Same").id) == []


def test_a_stale_write_is_detected_and_retried(store, monkeypatch):
    """The revision check: if the row changed between our read and our write, run again (not overwrite blind)."""
    store.save("Plan A", BASE)
    real_find, calls = store_module.ScenarioStore._find, []

    def find_then_interfere(conn, name, lock=False):
        found = real_find(conn, name, lock)
        if lock and not calls:
            calls.append(1)  # pretend another session saved in between: our revision is stale
            return found.__class__(**{**found.__dict__, "revision": found.revision - 1}) if found else found
        return found
    monkeypatch.setattr(store_module.ScenarioStore, "_find", staticmethod(find_then_interfere))
    store.save("Plan A", variant(participants=7), overwrite=True)
    current = store.find("Plan A")
    assert current.revision == 2 and current.scenario().participants == 7
    assert [v.scenario().participants for v in store.history(current.id)] == [1000]


# --- older model versions ------------------------------------------------------------------

def test_version_0_fixture_upgrades_to_the_current_model():
    data = json.loads((FIXTURES / "scenario_v0.json").read_text())
    scenario = load_scenario(data)
    assert scenario.version == CURRENT_VERSION
    assert scenario.share_rate == pytest.approx(0.25)
    assert [n.name for n in scenario.networks] == ["LinkedIn"]
    assert (scenario.demand.mode, scenario.demand.advocacy_leads_per_month, scenario.demand.cost_per_lead) == (
        "direct", 12, 40)
    r = compute(scenario)
    assert r.impressions_per_story == pytest.approx(400 * 0.25 * 500 * 0.1, rel=1e-9)
    assert r.value_per_month == pytest.approx(5000 / 1000 * 30 * 20, rel=1e-9)
    assert r.cpl_savings_per_month == pytest.approx(480, rel=1e-9)


def test_a_version_0_row_in_the_library_opens(store):
    data = json.loads((FIXTURES / "scenario_v0.json").read_text())
    with store.engine.begin() as conn:
        conn.execute(insert(scenarios).values(name="Old pilot", author="", notes="", scenario=data, model_version=0,
                                              revision=1, created_at=store_module.now(),
                                              updated_at=store_module.now()))
    entry = store.find("Old pilot")
    assert entry.model_version == 0 and entry.scenario().share_rate == pytest.approx(0.25)
    # Saving it again writes the current model version; the old one stays in the history.
    again = store.save("Old pilot", entry.scenario(), overwrite=True)
    assert again.model_version == CURRENT_VERSION and again.data["version"] == CURRENT_VERSION
    assert store.history(again.id)[0].model_version == 0


@pytest.mark.parametrize("version,words", [(3, "newer version of this app"), (99, "newer version"),
                                           ("one", "whole number"), (-1, "not a model version"),
                                           (True, "whole number")])
def test_unknown_versions_are_refused_with_a_clear_message(version, words):
    with pytest.raises(ScenarioError) as exc:
        load_scenario({"version": version, "participants": 10})
    assert exc.value.problems[0].startswith("version: ") and words in exc.value.problems[0]


def test_a_future_version_row_is_listed_but_refused_when_opened(store):
    with store.engine.begin() as conn:
        conn.execute(insert(scenarios).values(name="From the future", author="", notes="",
                                              scenario={"version": 3, "participants": 10}, model_version=3,
                                              revision=1, created_at=store_module.now(),
                                              updated_at=store_module.now()))
    entry = store.find("From the future")
    with pytest.raises(ScenarioError, match="newer version of this app"):
        entry.scenario()


def test_no_version_means_the_current_one():
    assert upgrade({"participants": 5}) == {"participants": 5}
    assert load_scenario({"participants": 2000}).participants == 2000


def test_version_0_with_bad_values_names_the_field():
    with pytest.raises(ScenarioError) as exc:
        load_scenario({"version": 0, "participation_rate_pct": 250})
    assert any(p.startswith("share_rate:") for p in exc.value.problems), exc.value.problems


# --- import and export ---------------------------------------------------------------------

def library_doc(*entries):
    return json.dumps({"format": "advocacy-scenario-library", "format_version": 1, "scenarios": list(entries)})


def entry(name, **fields):
    return {"name": name, "author": "Ana", "notes": "", "scenario": {"participants": 100, **fields}}


def test_export_then_import_round_trips(db_url, store, tmp_path):
    store.save("Plan A", variant(participants=2000), author="Ana", notes="n1")
    store.save("Plan B", variant(share_rate=0.3), author="Bo")
    raw = export_json(store.live())
    doc = json.loads(raw)
    assert doc["format"] == "advocacy-scenario-library" and len(doc["scenarios"]) == 2
    target = ScenarioStore(engine_for(f"sqlite:///{tmp_path / 'other.sqlite'}"))
    target.create_schema()
    target.import_many(parse_import(raw))
    assert [(e.name, e.author, e.notes) for e in target.live()] == [("Plan A", "Ana", "n1"), ("Plan B", "Bo", "")]
    assert [e.scenario() for e in target.live()] == [e.scenario() for e in store.live()]


def test_a_bare_scenario_file_imports_under_its_name():
    items = parse_import(json.dumps({"name": "From the CLI", "participants": 3000}))
    assert [(i.name, i.scenario.participants) for i in items] == [("From the CLI", 3000)]
    assert parse_import(b'{"participants": 3}', default_name="upload.json")[0].name == "upload.json"


def test_invalid_import_names_entry_and_field_and_changes_nothing(store):
    store.save("Keep me", BASE)
    before = [(e.name, e.revision) for e in store.live()]
    raw = library_doc(entry("Good one"), entry("Bad rate", share_rate=1.5), entry("Bad network", networks=[{"name": "X", "cpm": -1}]),
                      {"name": "", "scenario": {}}, entry("Good one"))
    with pytest.raises(ImportProblems) as exc:
        store.import_many(parse_import(raw))
    problems = exc.value.problems
    assert any(p.startswith("scenarios[1] ('Bad rate'): scenario.share_rate: 1.5 is out of range") for p in problems), problems
    assert any(p.startswith("scenarios[2] ('Bad network'): scenario.networks[0].cpm:") for p in problems), problems
    assert any(p.startswith("scenarios[3]") and "name: must not be empty" in p for p in problems), problems
    assert any(p.startswith("scenarios[4] ('Good one'): name: appears twice") for p in problems), problems
    assert [(e.name, e.revision) for e in store.live()] == before


@pytest.mark.parametrize("raw,words", [
    (b"", "file: is empty"), (b"{not json", "file: not valid JSON at line 1"), (b"[1, 2]", "neither"),
    (b'{"scenarios": {}}', "scenarios: must be a list"), (b'{"scenarios": []}', "holds no scenario"),
    (b'{"format": "something else", "scenarios": []}', "format: must be"),
    (b'{"scenarios": [{"name": "x", "scenario": {"version": 7}}]}', "newer version"),
    (b'{"scenarios": [{"name": "x"}]}', "scenario: is required"),
    (b'{"scenarios": [{"name": "x", "scenario": {"participants": 1, "bogus": 2}}]}', "scenario.bogus: is not a field"),
])
def test_malformed_import_files_say_why(raw, words):
    with pytest.raises(ImportProblems) as exc:
        parse_import(raw)
    assert any(words in p for p in exc.value.problems), exc.value.problems


def test_oversized_import_is_refused_before_parsing():
    raw = b'{"participants": 1, "name": "' + b"x" * MAX_IMPORT_BYTES + b'"}'
    with pytest.raises(ImportProblems) as exc:
        parse_import(raw)
    assert exc.value.problems == ["file: 5.0 MB is larger than the 5 MB limit for an import"]


def test_import_over_existing_names_needs_overwrite_and_keeps_history(store):
    store.save("Plan A", BASE)
    items = parse_import(library_doc(entry("New one"), entry("plan a", participants=4000)))
    with pytest.raises(StoreError, match="already in the library"):
        store.import_many(items)
    assert names(store) == ["Plan A"]
    store.import_many(items, overwrite=True)
    current = store.find("Plan A")
    assert current.scenario().participants == 4000
    assert [v.scenario().participants for v in store.history(current.id)] == [1000]
    assert names(store) == ["New one", "plan a"]


def test_a_failure_in_the_middle_of_an_import_rolls_everything_back(store, monkeypatch):
    """All or nothing at the database too: the third write fails, the first two are undone."""
    store.save("Keep me", BASE)
    items = parse_import(library_doc(entry("One"), entry("Two"), entry("Three")))
    real, seen = store_module.scenario_json, []

    def failing(scenario, name):
        seen.append(name)
        if name == "Three":
            raise RuntimeError("disk full")
        return real(scenario, name)
    monkeypatch.setattr(store_module, "scenario_json", failing)
    with pytest.raises(RuntimeError):
        store.import_many(items)
    assert seen == ["One", "Two", "Three"]
    assert names(store) == ["Keep me"]


# --- configuration -------------------------------------------------------------------------

def test_database_url_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url(None, env={}) == f"sqlite:///{tmp_path / 'data' / 'scenarios.sqlite'}"
    assert (tmp_path / "data").is_dir()  # created on demand
    assert database_url("postgresql+psycopg://s/db", env={}) == "postgresql+psycopg://s/db"
    assert database_url("postgresql+psycopg://s/db", env={ENV_VAR: "sqlite:///x"}) == "sqlite:///x"


# --- names compared by one rule in Python and SQL (issue 11) -------------------------------

CAPITALS = [("ÉTÉ Q3", "été q3"), ("ÄPFEL", "äpfel"), ("İstanbul", "i̇stanbul"), ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("STRASSE", "straße")]


@pytest.mark.parametrize("name, other_case", CAPITALS)
def test_non_ascii_capitals_are_one_name(store, name, other_case):
    store.save(name, variant(participants=2000))
    with pytest.raises(NameTaken):
        store.save(name, variant(participants=3000))  # was: 12 s of retries, then "the library is busy"
    with pytest.raises(NameTaken):
        store.save(other_case, variant(participants=3000))
    replaced = store.save(other_case, variant(participants=4000), overwrite=True)
    assert replaced.revision == 2 and replaced.name == other_case
    assert len(store.history(replaced.id)) == 1
    assert store.find(name).id == replaced.id
    assert names(store) == [other_case]


def test_a_name_typed_two_ways_is_one_name_stored_as_nfc(store):
    nfc, nfd = "Caf\u00e9", "Cafe\u0301"
    store.save(nfd, BASE)
    assert names(store) == [nfc]
    with pytest.raises(NameTaken):
        store.save(nfc, BASE)
    with pytest.raises(ImportProblems) as info:
        parse_import(json.dumps({"scenarios": [{"name": nfc, "scenario": {}}, {"name": nfd, "scenario": {}}]}).encode())
    assert "appears twice in the file" in "\n".join(info.value.problems)


def _old_library(engine) -> None:
    """The library as schema version 0 wrote it: no name_key, a unique index on lower(name)."""
    from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Text, func
    old = MetaData()
    t = Table("advocacy_scenarios", old,
              Column("id", Integer, primary_key=True, autoincrement=True), Column("name", String(120), nullable=False),
              Column("author", String(120), nullable=False), Column("notes", Text, nullable=False),
              Column("scenario", JSON, nullable=False), Column("model_version", Integer, nullable=False),
              Column("revision", Integer, nullable=False), Column("created_at", DateTime(timezone=True), nullable=False),
              Column("updated_at", DateTime(timezone=True), nullable=False),
              Column("deleted_at", DateTime(timezone=True), nullable=True))
    live = t.c.deleted_at.is_(None)
    Index("uq_advocacy_scenarios_live_name", func.lower(t.c.name), unique=True, sqlite_where=live,
          postgresql_where=live)
    old.create_all(engine)
    t0 = store_module.now()
    with engine.begin() as conn:
        for name, deleted in (("Caf\u00e9", None), ("Cafe\u0301", None), ("STRASSE", None), ("straße", None),
                              ("straße", t0), ("Plan B", None)):
            conn.execute(insert(t).values(name=name, author="", notes="", scenario={"name": name, "participants": 10},
                                          model_version=CURRENT_VERSION, revision=1, created_at=t0, updated_at=t0,
                                          deleted_at=deleted))


def test_an_old_library_is_migrated_keeping_colliding_names_renamed_visibly(db_url):
    engine = engine_for(db_url)
    try:
        _old_library(engine)
        s = ScenarioStore(engine)
        notes = s.create_schema()
        assert notes == [
            "'Cafe\u0301' was renamed 'Caf\u00e9 (2)': it and an earlier scenario are one name once capitals and accents are "
            "compared alike",
            "'straße' was renamed 'straße (2)': it and an earlier scenario are one name once capitals and accents "
            "are compared alike"]
        assert sorted(names(s)) == ["Café", "Café (2)", "Plan B", "STRASSE", "straße (2)"]
        assert s.find("straße (2)").scenario().name == "straße (2)"
        assert [e.name for e in s.trash()] == ["straße"]  # the trash keeps its name
        index_names = {i["name"] for i in inspect(engine).get_indexes("advocacy_scenarios")}
        assert "uq_advocacy_scenarios_live_name_key" in index_names
        assert "uq_advocacy_scenarios_live_name" not in index_names
        with pytest.raises(NameTaken):
            s.save("CAFÉ", BASE)
        assert s.create_schema() == []  # version 1 now: nothing to do a second time
        with engine.connect() as conn:
            from advocacy_store.schema import schema_version
            assert conn.execute(schema_version.select()).all() == [(1, 1)]
    finally:
        engine.dispose()


# --- database faults are sentences (issue 11) ------------------------------------------------

def test_a_read_only_sqlite_library_says_so_and_changes_nothing(tmp_path):
    path = tmp_path / "library.sqlite"
    writable = engine_for(f"sqlite:///{path}")
    ScenarioStore(writable).create_schema()
    ScenarioStore(writable).save("Plan A", BASE)
    writable.dispose()
    read_only = engine_for(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        s = ScenarioStore(read_only)
        assert names(s) == ["Plan A"]  # reading still works
        with pytest.raises(store_module.LibraryUnavailable) as info:
            s.save("Plan B", BASE)
        assert str(info.value) == ("the team library is not available: its database is read-only; nothing was "
                                   "changed and nothing is lost. Try again in a minute, or ask whoever runs the app")
        assert names(s) == ["Plan A"]
    finally:
        read_only.dispose()


def test_a_full_disk_says_so_and_keeps_the_earlier_version(tmp_path):
    from sqlalchemy import event
    engine = engine_for(f"sqlite:///{tmp_path / 'library.sqlite'}")
    s = ScenarioStore(engine)
    s.create_schema()
    s.save("Plan A", BASE, notes="short")

    @event.listens_for(engine, "connect")
    def full(dbapi_connection, _record):  # the file may not grow: SQLite's "database or disk is full"
        dbapi_connection.execute("PRAGMA max_page_count = 1")
    engine.dispose()
    try:
        with pytest.raises(store_module.LibraryUnavailable) as info:
            s.save("Plan A", variant(participants=9), notes="x" * 4000, overwrite=True)
        assert "the disk of its database is full; nothing was changed and nothing is lost" in str(info.value)
        assert s.find("Plan A").notes == "short" and s.find("Plan A").revision == 1
    finally:
        engine.dispose()


def test_a_database_server_that_is_down_says_so():
    engine = engine_for("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    try:
        with pytest.raises(store_module.LibraryUnavailable) as info:
            ScenarioStore(engine).create_schema()
        assert str(info.value).startswith("the team library is not available: its database cannot be reached; ")
        with pytest.raises(store_module.LibraryUnavailable):
            ScenarioStore(engine, retries=1).save("Plan A", BASE)
    finally:
        engine.dispose()


def test_postgres_killed_during_a_save_says_so_writes_nothing_and_recovers(postgres_url):
    from sqlalchemy import event, text
    engine = engine_for(postgres_url)
    metadata.drop_all(engine)
    admin = engine_for(postgres_url)
    s = ScenarioStore(engine, retries=1)
    try:
        s.create_schema()
        s.save("Plan A", BASE)
        killed = []

        @event.listens_for(engine, "before_cursor_execute")
        def kill_mid_save(conn, cursor, statement, *_):
            if statement.lstrip().upper().startswith("INSERT INTO ADVOCACY_SCENARIO_HISTORY") and not killed:
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                killed.append(pid)
        with pytest.raises(store_module.LibraryUnavailable) as info:
            s.save("Plan A", variant(participants=7), overwrite=True)
        assert killed and str(info.value).startswith("the team library is not available: its database cannot be "
                                                     "reached; nothing was changed and nothing is lost")
        event.remove(engine, "before_cursor_execute", kill_mid_save)
        entry = s.find("Plan A")  # the pool noticed the dead connection: the library works again
        assert entry.revision == 1 and s.history(entry.id) == []
        assert s.save("Plan A", variant(participants=7), overwrite=True).revision == 2
    finally:
        engine.dispose()
        admin.dispose()
