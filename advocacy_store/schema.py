"""The library's tables (SQLAlchemy Core): live scenarios, their trash flag, and every earlier version.

Portable across SQLite and PostgreSQL: JSON columns, timezone-aware timestamps, and a partial
unique index so a name is unique among the live scenarios only (a trashed "Plan A" does not
block a new one). Names are compared by one rule in Python and SQL: `name_key` (Unicode NFC and
casefold(), computed in Python) holds the comparable form and carries the unique index, so "Plan A"
and "plan a", "ÄPFEL" and "äpfel", "Café" typed two ways, are one name on every database (SQL
lower() folds only ASCII on SQLite). `advocacy_schema` records the schema version for migrations.
"""

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

from advocacy_calc.scenario import name_key  # the one name rule (group names use it too)

NAME_MAX = 120
AUTHOR_MAX = 120
NOTES_MAX = 5000

metadata = MetaData()

scenarios = Table(
    "advocacy_scenarios", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(NAME_MAX), nullable=False),
    # name_key(name), also when an insert leaves it out; NULL only in rows from before schema version 1.
    Column("name_key", String(NAME_MAX * 4), nullable=True,
           default=lambda ctx: name_key(ctx.get_current_parameters()["name"])),
    Column("author", String(AUTHOR_MAX), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("scenario", JSON, nullable=False),  # as written: migrated on the way out, never in place
    Column("model_version", Integer, nullable=False),
    Column("revision", Integer, nullable=False, default=1),  # +1 on every save over it
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),  # set: in the trash
)
_live = scenarios.c.deleted_at.is_(None)
live_name_index = Index("uq_advocacy_scenarios_live_name_key", scenarios.c.name_key, unique=True,
                        sqlite_where=_live, postgresql_where=_live)
OLD_NAME_INDEX = "uq_advocacy_scenarios_live_name"  # lower(name), schema version 0

SCHEMA_VERSION = 1
schema_version = Table(
    "advocacy_schema", metadata,
    Column("id", Integer, primary_key=True),  # always 1: one row
    Column("version", Integer, nullable=False),
)



history = Table(
    "advocacy_scenario_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, ForeignKey("advocacy_scenarios.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("revision", Integer, nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("author", String(AUTHOR_MAX), nullable=False),
    Column("notes", Text, nullable=False),
    Column("scenario", JSON, nullable=False),
    Column("model_version", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),     # when this version was written
    Column("replaced_at", DateTime(timezone=True), nullable=False),  # when a newer one took its place
)
