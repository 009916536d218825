"""A throwaway PostgreSQL server for the library tests: initdb in a temp dir, loopback only.

`postgres_url()` gives the server to test against: `ADVOCACY_TEST_PG_URL` when set (CI starts
one in .ci/run), else one this module starts with the machine's initdb/pg_ctl (as the
`postgres` user when running as root, since PostgreSQL refuses to run as root) and stops at
exit. Raises `PostgresUnavailable` saying why when neither is possible.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from server import free_port

URL_VAR = "ADVOCACY_TEST_PG_URL"
REQUIRE_VAR = "REQUIRE_POSTGRES"


class PostgresUnavailable(RuntimeError):
    pass


def pg_bin(tool: str) -> str:
    """The newest installed PostgreSQL's `tool` (Debian keeps them in /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return found[-1]
    path = shutil.which(tool)
    if path:
        return path
    raise PostgresUnavailable(f"PostgreSQL's {tool} is not installed (apt-get install postgresql)")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root and runuser is missing: cannot start PostgreSQL as postgres")
    try:
        import pwd
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root and there is no postgres user to run the server") from None
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL server on 127.0.0.1 in a temp dir; yield its SQLAlchemy URL; remove it all after."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="advocacy-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    started = False
    try:
        run = lambda cmd: subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=120)
        done = run([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])
        if done.returncode:
            raise PostgresUnavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
        opts = f"-h 127.0.0.1 -p {port} -k {root} -F -c fsync=off -c full_page_writes=off"
        done = run([pg_ctl, "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start"])
        if done.returncode:
            tail = log.read_text()[-500:] if log.exists() else done.stderr
            raise PostgresUnavailable(f"PostgreSQL did not start: {tail.strip()}")
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
