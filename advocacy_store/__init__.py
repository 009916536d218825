"""advocacy_store: the team scenario library in a SQL database (SQLAlchemy 2; SQLite or PostgreSQL).

No streamlit here: the app hands in the engine of `st.connection("scenarios", type="sql")`,
tests and scripts one of their own (`engine_for(database_url())`).
May import advocacy_calc (the scenario, its parsing and migration); the app uses only the
names below, never the modules behind them.
"""

from .config import DEFAULT_SQLITE_PATH, ENV_VAR, database_url, engine_for, engine_options
from .store import (Entry, ImportItem, LibraryUnavailable, NameTaken, NotFound, ScenarioStore, StoreError, Version,
                    unavailable)
from .transfer import MAX_IMPORT_BYTES, ImportProblems, export_document, export_json, parse_import

__all__ = [
    "DEFAULT_SQLITE_PATH", "ENV_VAR", "Entry", "ImportItem", "ImportProblems", "LibraryUnavailable",
    "MAX_IMPORT_BYTES", "NameTaken", "NotFound", "ScenarioStore", "StoreError", "Version", "database_url",
    "engine_for", "engine_options", "export_document", "export_json", "parse_import", "unavailable",
]
