"""The one SQLite database of the assistant: opening it safely, and schema migrations.

Every component keeps its tables here and creates them through `migrate`. A
file that is not SQLite, is damaged, or belongs to another application is
refused with a `DataError`; it is never overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from voice.config import Config
from voice.errors import DataError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x564F4943  # "VOIC": marks a file as this assistant's database
BUSY_TIMEOUT_MS = 5000

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (component, version)
)"""


def database_path(config: Config) -> Path:
    """The database file: config `[database] path`, else `<data_dir>/voice.db`."""
    configured = config.section("database").get("path")
    if configured:
        return Path(str(configured)).expanduser()
    return config.data_dir / "voice.db"


def open_database(path: Path) -> sqlite3.Connection:
    """Open (or create) the database with WAL, foreign keys and a busy timeout.

    Raises DataError with one line when the file is not SQLite, is damaged or
    belongs to another application.
    """
    _check_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error) as exc:
        raise DataError(f"cannot open database {path}: {exc}") from exc
    try:
        _claim_or_verify(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(_MIGRATIONS_TABLE)
        conn.commit()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DataError(f"database {path} is damaged or unreadable: {exc}") from exc
    except DataError:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that does not start with the SQLite header."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DataError(f"cannot read database {path}: {exc}") from exc
    if header and header != SQLITE_HEADER:
        raise DataError(f"{path} is not a voice database (not SQLite); refusing to touch it")


def _claim_or_verify(conn: sqlite3.Connection, path: Path) -> None:
    """Mark a new, empty file as ours; refuse a damaged file or another application's."""
    check = conn.execute("PRAGMA quick_check").fetchone()
    if not check or check[0] != "ok":
        raise DataError(f"database {path} is damaged ({check[0] if check else 'no answer'})")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != 0 or tables:
        raise DataError(
            f"{path} is a SQLite database of another application; refusing to touch it"
        )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def schema_version(conn: sqlite3.Connection, component: str) -> int:
    """How many migrations of `component` have been applied."""
    row = conn.execute(
        "SELECT max(version) FROM schema_migrations WHERE component = ?", (component,)
    ).fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, component: str, migrations: Sequence[str]) -> None:
    """Apply `migrations[i]` for every i at or past the component's recorded version.

    Each migration (one or more SQL statements) runs in its own transaction
    together with the record of its version, so a crash leaves no half schema.
    """
    for index in range(schema_version(conn, component), len(migrations)):
        try:
            _apply(conn, component, index + 1, migrations[index])
        except sqlite3.Error as exc:
            conn.rollback()
            if schema_version(conn, component) > index:  # another process got there first
                continue
            raise DataError(
                f"migration {index + 1} of {component} failed: {exc}"
            ) from exc


def _apply(conn: sqlite3.Connection, component: str, version: int, sql: str) -> None:
    quoted = component.replace("'", "''")
    conn.executescript(
        f"BEGIN IMMEDIATE;\n{sql.strip().rstrip(';')};\n"
        f"INSERT INTO schema_migrations (component, version) VALUES ('{quoted}', {version});\n"
        "COMMIT;"
    )


# Depth of `transaction()` blocks per connection (by id, only while a block is open),
# so that a nested block joins the outer one.
_open_blocks: dict[int, int] = {}


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`with transaction(conn):` runs the block as one IMMEDIATE transaction (all or nothing).

    A block nested in another joins it: the outer block commits or rolls back
    everything. A transaction left open by plain statements is committed first.
    """
    depth = _open_blocks.get(id(conn), 0)
    if depth:
        _open_blocks[id(conn)] = depth + 1
        try:
            yield conn
        finally:
            _open_blocks[id(conn)] = depth
        return
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    _open_blocks[id(conn)] = 1
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()
    finally:
        _open_blocks.pop(id(conn), None)
