"""The embedded PostgreSQL used when no DATABASE_URL is given.

`pgserver` ships real PostgreSQL binaries inside its wheel. The server's data lives under
`./var/postgres`; it listens only on a Unix socket inside that directory, so it never
collides with a PostgreSQL already running on the machine. Every process that imports the
settings registers itself with the server, and the last one to exit stops it: Ctrl-C on
`make run` or the end of `make test` leaves no stray postgres process.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

DEFAULT_DATABASE = "dialogo"

logger = logging.getLogger(__name__)


def embedded_database_url(var_dir: Path, database: str = DEFAULT_DATABASE) -> str:
    """Start (or join) the embedded server and return a URL for `database`, creating it."""
    # pgserver keeps its inter-process lock under XDG_RUNTIME_DIR; a headless machine
    # often has none, and platformdirs then warns on every import.
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    var_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(var_dir / "postgres", cleanup_mode="stop")
    _create_database_if_missing(server.get_uri("postgres"), database)
    return server.get_uri(database)


def _create_database_if_missing(admin_url: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            logger.info("creating embedded database %s", database)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
