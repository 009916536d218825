"""The team scenario library: list, open, save (with history), rename, duplicate, trash, restore.

`ScenarioStore(engine)` works on any SQLAlchemy engine (SQLite file, PostgreSQL); it knows no
streamlit, so tests and scripts use it as is. Every write is one transaction and retried when
another session got in first, so two sessions saving at the same time lose nothing:
- saving over a name moves the version it replaces into the history, in the same transaction,
  under a row lock (PostgreSQL `SELECT ... FOR UPDATE`; SQLite `BEGIN IMMEDIATE`) and a
  revision check;
- two sessions creating the same name meet the unique index: the second one retries and, as
  any save, finds the name taken (an error unless it asked to overwrite, then history).
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, TypeVar

import unicodedata

from sqlalchemy import Connection, Engine, Row, delete, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from advocacy_calc.migrate import CURRENT_VERSION, load_scenario
from advocacy_calc.scenario import Scenario

from .schema import (AUTHOR_MAX, NAME_MAX, NOTES_MAX, OLD_NAME_INDEX, SCHEMA_VERSION, history, live_name_index,
                     metadata, name_key, scenarios, schema_version)

T = TypeVar("T")
log = logging.getLogger("advocacy.library")


class StoreError(ValueError):
    """A library operation that cannot be done, with a message for people."""


class NameTaken(StoreError):
    def __init__(self, name: str):
        super().__init__(f"a scenario named {name!r} already exists")
        self.name = name


class NotFound(StoreError):
    pass


class LibraryUnavailable(StoreError):
    """The database failed (down, read-only, full): a sentence for people; the transaction changed nothing."""


def unavailable(exc: Exception, writing: bool) -> LibraryUnavailable:
    """What a database fault means, in words (the technical detail goes to the log by the caller)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        why = "its database is read-only"
    elif "disk is full" in text or "no space" in text or "disk full" in text:
        why = "the disk of its database is full"
    elif "unable to open" in text:
        why = "its database file cannot be opened"
    else:
        why = "its database cannot be reached"
    done = "nothing was changed and nothing is lost" if writing else "nothing is lost"
    return LibraryUnavailable(f"the team library is not available: {why}; {done}. Try again in a minute, or "
                              "ask whoever runs the app")


class _Conflict(Exception):
    """Another session changed the row between our read and our write: run the transaction again."""


@dataclass(frozen=True)
class Entry:
    """One scenario of the library (live or in the trash), as stored."""

    id: int
    name: str
    author: str
    notes: str
    data: dict[str, Any]  # the scenario JSON as written, by model version `model_version`
    model_version: int
    revision: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    def scenario(self) -> Scenario:
        """The scenario, upgraded from the model version that wrote it; ScenarioError if it cannot be."""
        return load_scenario(self.data)


@dataclass(frozen=True)
class Version:
    """An earlier version of a scenario, kept when it was saved over."""

    id: int
    scenario_id: int
    revision: int
    name: str
    author: str
    notes: str
    data: dict[str, Any]
    model_version: int
    saved_at: datetime
    replaced_at: datetime

    def scenario(self) -> Scenario:
        return load_scenario(self.data)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes: every time we write is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _entry(row: Row) -> Entry:
    m = row._mapping
    return Entry(id=m["id"], name=m["name"], author=m["author"], notes=m["notes"], data=m["scenario"],
                 model_version=m["model_version"], revision=m["revision"], created_at=_utc(m["created_at"]),
                 updated_at=_utc(m["updated_at"]), deleted_at=_utc(m["deleted_at"]))


def _version(row: Row) -> Version:
    m = row._mapping
    return Version(id=m["id"], scenario_id=m["scenario_id"], revision=m["revision"], name=m["name"],
                   author=m["author"], notes=m["notes"], data=m["scenario"], model_version=m["model_version"],
                   saved_at=_utc(m["saved_at"]), replaced_at=_utc(m["replaced_at"]))


def clean_text(value: Any, what: str, limit: int, required: bool = False, one_line: bool = True) -> str:
    """Typed text checked: a string, trimmed, within `limit`, no control characters in one-line fields."""
    if not isinstance(value, str):
        raise StoreError(f"{what}: must be text")
    text = value.strip()
    if required and not text:
        raise StoreError(f"{what}: must not be empty")
    if len(text) > limit:
        raise StoreError(f"{what}: is too long ({len(text):,} characters, at most {limit:,})")
    allowed = "" if one_line else "\n\t"
    if any(not c.isprintable() and c not in allowed for c in text.replace("\r\n", "\n")):
        raise StoreError(f"{what}: must not contain control characters" + ("" if one_line else " other than line breaks"))
    return text


def clean_name(name: Any) -> str:
    # NFC: "Café" typed with a combining accent is stored as the same characters as the precomposed one.
    return unicodedata.normalize("NFC", clean_text(name, "name", NAME_MAX, required=True))


def scenario_json(scenario: Scenario, name: str) -> dict[str, Any]:
    """What is stored: the scenario's fields, labelled with the library name, at the current version."""
    return scenario.model_copy(update={"name": name}).model_dump(mode="json")


class ScenarioStore:
    """The library on one SQLAlchemy engine."""

    def __init__(self, engine: Engine, retries: int = 30):
        self.engine = engine
        self.retries = retries
        self._sqlite = engine.dialect.name == "sqlite"

    def create_schema(self) -> list[str]:
        """Create the tables if they are missing and bring an older library to SCHEMA_VERSION (safe to
        call from every process); returns one line per change people should know of (renamed scenarios)."""
        try:
            metadata.create_all(self.engine, checkfirst=True)
        except (DBAPIError, SQLAlchemyError) as exc:
            log.warning("library schema could not be created: %s", exc)
            raise unavailable(exc, writing=False) from exc
        return self._write(self._migrate)

    def _migrate(self, conn: Connection) -> list[str]:
        if not self._sqlite:
            conn.exec_driver_sql("LOCK TABLE advocacy_schema IN EXCLUSIVE MODE")  # one process migrates
        row = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).first()
        if row is not None and row.version >= SCHEMA_VERSION:
            return []
        if row is None and not conn.execute(select(scenarios.c.id).limit(1)).first():
            conn.execute(insert(schema_version).values(id=1, version=SCHEMA_VERSION))  # a new library
            return []
        notes = self._migrate_to_name_key(conn)
        if row is None:
            conn.execute(insert(schema_version).values(id=1, version=SCHEMA_VERSION))
        else:
            conn.execute(update(schema_version).where(schema_version.c.id == 1).values(version=SCHEMA_VERSION))
        return notes

    @staticmethod
    def _migrate_to_name_key(conn: Connection) -> list[str]:
        """Version 0 -> 1: names in NFC, name_key filled and uniquely indexed among live scenarios. Live names
        that become one name (ÄPFEL and äpfel on SQLite) are all kept: the later ones get " (2)", " (3)"."""
        if "name_key" not in {c["name"] for c in inspect(conn).get_columns(scenarios.name)}:
            conn.exec_driver_sql(f"ALTER TABLE {scenarios.name} ADD COLUMN name_key VARCHAR({NAME_MAX * 4})")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_NAME_INDEX}")
        rows = conn.execute(select(scenarios.c.id, scenarios.c.name, scenarios.c.deleted_at, scenarios.c.scenario)
                            .order_by(scenarios.c.id)).all()
        live_keys = {name_key(unicodedata.normalize("NFC", r.name)) for r in rows if r.deleted_at is None}
        kept: set[str] = set()
        notes = []
        for r in rows:
            new = unicodedata.normalize("NFC", r.name)
            key = name_key(new)
            if r.deleted_at is None:
                if key in kept:
                    for n in range(2, 10_000):
                        suffix = f" ({n})"
                        candidate = new[:NAME_MAX - len(suffix)] + suffix
                        if name_key(candidate) not in live_keys:
                            break
                    notes.append(f"{r.name!r} was renamed {candidate!r}: it and an earlier scenario are one name "
                                 "once capitals and accents are compared alike")
                    new, key = candidate, name_key(candidate)
                    live_keys.add(key)
                kept.add(key)
            data = {**r.scenario, "name": new} if new != r.name and isinstance(r.scenario, dict) else r.scenario
            conn.execute(update(scenarios).where(scenarios.c.id == r.id).values(name=new, name_key=key,
                                                                                 scenario=data))
        live_name_index.create(conn, checkfirst=True)
        return notes

    # --- transactions ----------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction; run it again when another session got in first."""
        for attempt in range(self.retries):
            try:
                with self.engine.connect() as conn:
                    with conn.begin():
                        if self._sqlite:
                            # Take the write lock before reading: two deferred transactions that both
                            # read and then write would deadlock, and SQLite fails one at once.
                            conn.exec_driver_sql("BEGIN IMMEDIATE")
                        return work(conn)
            except (_Conflict, IntegrityError, OperationalError) as exc:
                if isinstance(exc, OperationalError) and not _retryable(exc):
                    log.warning("library write failed: %s", exc)
                    raise unavailable(exc, writing=True) from exc
                if attempt == self.retries - 1:
                    raise StoreError("the library is busy: another session kept changing it; try again") from exc
                time.sleep(min(0.5, 0.01 * 2 ** attempt))
            except (DBAPIError, SQLAlchemyError) as exc:
                log.warning("library write failed: %s", exc)
                raise unavailable(exc, writing=True) from exc
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect() as conn:
                return work(conn)
        except (DBAPIError, SQLAlchemyError) as exc:
            log.warning("library read failed: %s", exc)
            raise unavailable(exc, writing=False) from exc

    # --- reading ---------------------------------------------------------------------------

    def live(self) -> list[Entry]:
        """Live scenarios, by name."""
        q = select(scenarios).where(scenarios.c.deleted_at.is_(None)).order_by(scenarios.c.name_key, scenarios.c.id)
        return self._read(lambda c: [_entry(r) for r in c.execute(q)])

    def trash(self) -> list[Entry]:
        """Deleted scenarios, most recently deleted first."""
        q = select(scenarios).where(scenarios.c.deleted_at.is_not(None)).order_by(
            scenarios.c.deleted_at.desc(), scenarios.c.id.desc())
        return self._read(lambda c: [_entry(r) for r in c.execute(q)])

    def get(self, scenario_id: int) -> Entry:
        return self._read(lambda c: self._get(c, scenario_id))

    def find(self, name: str) -> Entry | None:
        """The live scenario with this name (any case), or None."""
        return self._read(lambda c: self._find(c, clean_name(name)))

    def history(self, scenario_id: int) -> list[Version]:
        """Earlier versions of a scenario, newest first."""
        q = select(history).where(history.c.scenario_id == scenario_id).order_by(
            history.c.revision.desc(), history.c.id.desc())
        return self._read(lambda c: [_version(r) for r in c.execute(q)])

    @staticmethod
    def _get(conn: Connection, scenario_id: int, lock: bool = False) -> Entry:
        q = select(scenarios).where(scenarios.c.id == scenario_id)
        row = conn.execute(q.with_for_update() if lock else q).first()
        if row is None:
            raise NotFound(f"no scenario with id {scenario_id}")
        return _entry(row)

    @staticmethod
    def _find(conn: Connection, name: str, lock: bool = False) -> Entry | None:
        q = select(scenarios).where(scenarios.c.deleted_at.is_(None), scenarios.c.name_key == name_key(name))
        row = conn.execute(q.with_for_update() if lock else q).first()
        return _entry(row) if row else None

    # --- writing ---------------------------------------------------------------------------

    def save(self, name: str, scenario: Scenario, *, author: str = "", notes: str = "",
             overwrite: bool = False) -> Entry:
        """Save under `name`. A live scenario of that name is replaced only with overwrite=True,
        and the version it had goes to its history. NameTaken otherwise."""
        name = clean_name(name)
        author = clean_text(author, "author", AUTHOR_MAX)
        notes = clean_text(notes, "notes", NOTES_MAX, one_line=False)
        data = scenario_json(scenario, name)
        return self._write(lambda c: self._save_in(c, name, data, CURRENT_VERSION, author, notes, overwrite))

    def _save_in(self, conn: Connection, name: str, data: dict, version: int, author: str, notes: str,
                 overwrite: bool) -> Entry:
        existing = self._find(conn, name, lock=True)
        if existing is None:
            t = now()
            new_id = conn.execute(insert(scenarios).values(
                name=name, name_key=name_key(name), author=author, notes=notes, scenario=data, model_version=version, revision=1,
                created_at=t, updated_at=t).returning(scenarios.c.id)).scalar_one()
            return self._get(conn, new_id)
        if not overwrite:
            raise NameTaken(existing.name)
        return self._replace(conn, existing, name=name, name_key=name_key(name), author=author, notes=notes,
                             scenario=data, model_version=version)

    def _replace(self, conn: Connection, current: Entry, **values: Any) -> Entry:
        """Keep `current` in the history and write `values` over it, if nobody changed it meanwhile."""
        t = now()
        conn.execute(insert(history).values(
            scenario_id=current.id, revision=current.revision, name=current.name, author=current.author,
            notes=current.notes, scenario=current.data, model_version=current.model_version,
            saved_at=current.updated_at, replaced_at=t))
        done = conn.execute(update(scenarios).where(
            scenarios.c.id == current.id, scenarios.c.revision == current.revision).values(
            revision=current.revision + 1, updated_at=t, **values))
        if done.rowcount != 1:
            raise _Conflict()
        return self._get(conn, current.id)

    def rename(self, scenario_id: int, new_name: str) -> Entry:
        new_name = clean_name(new_name)

        def work(conn: Connection) -> Entry:
            entry = self._get(conn, scenario_id, lock=True)
            other = self._find(conn, new_name)
            if other is not None and other.id != scenario_id:
                raise NameTaken(other.name)
            conn.execute(update(scenarios).where(scenarios.c.id == scenario_id).values(
                name=new_name, name_key=name_key(new_name), scenario={**entry.data, "name": new_name},
                updated_at=now()))
            return self._get(conn, scenario_id)
        return self._write(work)

    def duplicate(self, scenario_id: int, new_name: str | None = None) -> Entry:
        """A copy under a new name ("<name> (copy)", "(copy 2)", ... when none is given)."""
        def work(conn: Connection) -> Entry:
            entry = self._get(conn, scenario_id)
            name = clean_name(new_name) if new_name is not None else self._free_copy_name(conn, entry.name)
            data = {**entry.data, "name": name} if isinstance(entry.data, dict) else entry.data
            return self._save_in(conn, name, data, entry.model_version, entry.author, entry.notes, overwrite=False)
        return self._write(work)

    def _free_copy_name(self, conn: Connection, name: str) -> str:
        for n in range(1, 1000):
            suffix = " (copy)" if n == 1 else f" (copy {n})"
            candidate = name[:NAME_MAX - len(suffix)] + suffix
            if self._find(conn, candidate) is None:
                return candidate
        raise StoreError("name: too many copies already")

    def delete(self, scenario_id: int) -> None:
        """Move to the trash (restore brings it back)."""
        def work(conn: Connection) -> None:
            entry = self._get(conn, scenario_id, lock=True)
            if entry.deleted_at is None:
                conn.execute(update(scenarios).where(scenarios.c.id == scenario_id).values(deleted_at=now()))
        self._write(work)

    def restore(self, scenario_id: int, new_name: str | None = None) -> Entry:
        """Bring a trashed scenario back, under `new_name` if its name has been taken since."""
        def work(conn: Connection) -> Entry:
            entry = self._get(conn, scenario_id, lock=True)
            if entry.deleted_at is None:
                return entry
            name = clean_name(new_name) if new_name is not None else entry.name
            if self._find(conn, name) is not None:
                raise NameTaken(name)
            conn.execute(update(scenarios).where(scenarios.c.id == scenario_id).values(
                deleted_at=None, name=name, name_key=name_key(name), scenario={**entry.data, "name": name} if name != entry.name
                else entry.data))
            return self._get(conn, scenario_id)
        return self._write(work)

    def purge(self, scenario_id: int) -> None:
        """Delete a trashed scenario and its history for good."""
        def work(conn: Connection) -> None:
            entry = self._get(conn, scenario_id, lock=True)
            if entry.deleted_at is None:
                raise StoreError("only a scenario in the trash can be deleted for good")
            conn.execute(delete(history).where(history.c.scenario_id == scenario_id))
            conn.execute(delete(scenarios).where(scenarios.c.id == scenario_id))
        self._write(work)

    def restore_version(self, scenario_id: int, version_id: int) -> Entry:
        """Make an earlier version current again; the current one goes to the history (nothing lost)."""
        def work(conn: Connection) -> Entry:
            current = self._get(conn, scenario_id, lock=True)
            row = conn.execute(select(history).where(history.c.id == version_id,
                                                     history.c.scenario_id == scenario_id)).first()
            if row is None:
                raise NotFound(f"no version {version_id} of scenario {scenario_id}")
            old = _version(row)
            # The version keeps the scenario's current name (another live one may have taken the old name).
            data = {**old.data, "name": current.name} if isinstance(old.data, dict) else old.data
            return self._replace(conn, current, author=old.author, notes=old.notes, scenario=data,
                                 model_version=old.model_version)
        return self._write(work)

    def import_many(self, items: list["ImportItem"], overwrite: bool = False) -> list[Entry]:
        """Save every item in ONE transaction: all of them, or (any problem) none."""
        def work(conn: Connection) -> list[Entry]:
            if not overwrite:
                taken = [e.name for e in (self._find(conn, i.name) for i in items) if e is not None]
                if taken:
                    raise StoreError("these names are already in the library (choose to replace them, or "
                                     "rename them in the file): " + ", ".join(repr(n) for n in taken))
            return [self._save_in(conn, i.name, scenario_json(i.scenario, i.name), CURRENT_VERSION,
                                  i.author, i.notes, overwrite) for i in items]
        return self._write(work)


@dataclass(frozen=True)
class ImportItem:
    """One validated scenario from an import file."""

    name: str
    scenario: Scenario
    author: str = ""
    notes: str = ""


def _retryable(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    # SQLite: another writer holds the lock; PostgreSQL: deadlock / serialization failure.
    return ("locked" in text or "busy" in text or "deadlock" in text
            or getattr(exc.orig, "sqlstate", None) in ("40001", "40P01"))


__all__ = ["Entry", "ImportItem", "LibraryUnavailable", "NameTaken", "NotFound", "ScenarioStore", "StoreError",
           "Version", "clean_name", "clean_text", "scenario_json"]
