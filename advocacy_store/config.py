"""Which database the library uses: an environment variable, else the app's secrets, else a SQLite file.

- `ADVOCACY_DB_URL` (any SQLAlchemy URL, e.g. `postgresql+psycopg://user:pw@host/db`) wins;
- else `[connections.scenarios] url = "..."` in `.streamlit/secrets.toml` (read by the app);
- else `data/scenarios.sqlite` under the working directory, created on demand: no configuration.
"""

import os
from pathlib import Path
from typing import Mapping

from sqlalchemy import Engine, create_engine

ENV_VAR = "ADVOCACY_DB_URL"
DEFAULT_SQLITE_PATH = Path("data") / "scenarios.sqlite"


def default_sqlite_url(base: Path | None = None) -> str:
    path = (base or Path.cwd()) / DEFAULT_SQLITE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def database_url(secrets_url: str | None = None, env: Mapping[str, str] = os.environ) -> str:
    """The library's SQLAlchemy URL, by the order above."""
    return env.get(ENV_VAR) or secrets_url or default_sqlite_url()


def engine_options(url: str) -> dict:
    """create_engine arguments: SQLite waits for a busy writer instead of failing at once."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}


def engine_for(url: str) -> Engine:
    return create_engine(url, **engine_options(url))
